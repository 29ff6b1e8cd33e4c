"""Feed validation: RSS 2.0, Atom 1.0, JSON Feed 1.1 and OPML 2.0, checked as bytes.

README "Validation". The checks read the bytes of a file, never newswire's own objects,
so they work on feeds of any origin::

    for problem in validate_paths([Path("public")]):
        print(problem)      # public/feed.xml:12: error: RSS-DATE: ...

Modules: :mod:`.xml` (encoding, characters, well-formedness), :mod:`.rss`,
:mod:`.atom` (with RFC 4287's schema in ``schemas/``), :mod:`.jsonfeed`,
:mod:`.opml` (subscription lists), :mod:`.links` (relative URLs in HTML),
:mod:`.values` (dates, URLs).
Every code a finding can carry is listed in :data:`CODES`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from ..safeio import MAX_FEED_BYTES, RefusedFile, read_regular_file
from .finding import CODES, Finding, finding

if TYPE_CHECKING:
    from .podcast import LocalFile

__all__ = ["CODES", "Checked", "Finding", "check_paths", "sniff", "validate_bytes",
           "validate_paths"]

#: File name endings :func:`validate_paths` looks at inside folders.
SUFFIXES = (".atom", ".feed", ".json", ".opml", ".rss", ".xml")
KINDS = ("atom", "json", "opml", "rss")

_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
# What may precede the root element (space, processing instructions,
# comments, a document type declaration), each item matched once and never
# backtracked into (possessive), then the root's name.
_ROOT = re.compile(
    r"(?:\s++|<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^>\[]++|\[[^\]]*+\])*+>)*+"
    r"<(?:[A-Za-z_][\w.-]*+:)?(?P<name>[A-Za-z_][\w.-]*+)",
    re.DOTALL,
)
_ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"


def sniff(data: bytes) -> str | None:
    """What kind of feed ``data`` holds, judged from its start.

    Returns ``"rss"`` (root element ``rss``), ``"atom"`` (root ``feed``, or
    ``entry`` in the Atom namespace), ``"json"`` (a JSON object naming a
    ``jsonfeed.org/version`` or having ``"items"``), ``"opml"`` (root
    ``opml``), or None for anything else, RSS 1.0 (RDF) included. Looks at no more than the first 64 KiB; never raises.
    """
    head = data[:65536]
    encoding = next((name for bom, name in _BOMS if head.startswith(bom)), None)
    if encoding is not None:
        text = head.decode(encoding, errors="ignore").lstrip("\ufeff")
    else:
        text = head.decode("latin-1")
    text = text.lstrip()
    if text.startswith("{"):
        return "json" if b"jsonfeed.org/version" in data or b'"items"' in data else None
    match = _ROOT.match(text)
    if match is None:
        return None
    name = match["name"]
    if name in ("rss", "opml"):
        return name
    if name == "feed" or (name == "entry" and _ATOM_NAMESPACE in text[match.start("name"):]):
        return "atom"
    return None


def validate_bytes(data: bytes, path: str = "<bytes>", kind: str | None = None,
                   local: LocalFile | None = None, *, own: bool = False) -> list[Finding]:
    """Every problem in one feed document.

    Args:
        data: the file's bytes, exactly as published.
        path: how findings name the file.
        kind: ``"rss"``, ``"atom"``, ``"json"`` or ``"opml"``; None to
            :func:`sniff` it.
        local: maps an absolute URL to the local file published there (or
            None), so a podcast's artwork can be checked pixel by pixel;
            None checks only what the feed itself says.
        own: True for a document newswire rendered itself: XML parser
            limits meant for untrusted input are lifted (see
            :func:`newswire.validate.xml.parse`).

    Returns:
        Findings sorted by line (whole-file findings first); empty when the
        feed is valid. Bad input never raises: malformed XML or JSON is a
        finding (``XML-MALFORMED``, ``JSON-MALFORMED``), as is a document
        that is no feed (``FEED-UNKNOWN``).

    Raises:
        ValueError: ``kind`` is not one of the four above.

    Follows RSS 2.0 (RSS Advisory Board) and its Best Practices Profile,
    RFC 4287 with its Appendix B schema, JSON Feed 1.1, and XML 1.0 §2.2
    (characters) and §4.3.3 (encodings); an RSS channel with ``itunes:``
    tags is also held to Apple Podcasts' requirements (:mod:`.podcast`).
    """
    # the checkers (lxml, the Atom schema...) are imported when a document is
    # checked: a module that needs only .values or .links does not load them
    from . import atom, jsonfeed, opml, podcast, rss, xml
    if kind is not None and kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)} or None, not {kind!r}")
    kind = kind or sniff(data)
    if kind is None:
        found = [finding(path, None, "FEED-UNKNOWN", "this is not an RSS 2.0, Atom 1.0, "
                         "JSON Feed 1.1 or OPML 2.0 document")]
    elif kind == "json":
        found = jsonfeed.check(data, path)
    else:
        root, found = xml.parse(data, path, own)
        if root is not None:
            found.extend({"rss": rss, "atom": atom, "opml": opml}[kind].check(root, path))
            channel = next(xml.children(root, "channel"), None) if kind == "rss" else None
            if channel is not None and root.tag == "rss" and podcast.is_podcast(channel):
                found.extend(podcast.check(channel, path, local))
    return sorted(found, key=lambda item: item.line or 0)


@dataclass
class Checked:
    """What :func:`check_paths` looked at and found.

    Attributes:
        kinds: each file checked (as named in findings) and what it held:
            ``"rss"``, ``"atom"``, ``"json"``, ``"opml"``, or None when a file
            named directly was none of them.
        findings: every problem, grouped by file, each file's sorted by line.
    """

    kinds: dict[str, str | None] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    @property
    def feeds(self) -> int:
        """RSS, Atom and JSON Feed files checked."""
        return sum(1 for kind in self.kinds.values() if kind in ("rss", "atom", "json"))

    @property
    def opml(self) -> int:
        """OPML files checked."""
        return sum(1 for kind in self.kinds.values() if kind == "opml")

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.level == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.level == "warning")

    def summary(self) -> str:
        """``3 feeds, 1 OPML file, 0 errors, 0 warnings`` (OPML only when any)."""
        def count(n: int, word: str) -> str:
            return f"{n} {word}{'' if n == 1 else 's'}"
        parts = [count(self.feeds, "feed")]
        if self.opml:
            parts.append(count(self.opml, "OPML file"))
        other = len(self.kinds) - self.feeds - self.opml
        if other:
            parts.append(count(other, "other file"))
        return ", ".join(parts + [count(self.errors, "error"), count(self.warnings, "warning")])


def check_paths(paths: Iterable[Path]) -> Checked:
    """Validate the feeds and OPML files at ``paths``, files or folders, and
    say what was checked.

    A file named directly is validated whatever its name. Folders are
    searched recursively (in name order, symbolic links to folders not
    followed) for files ending in one of :data:`SUFFIXES`; of those, files
    that :func:`sniff` does not recognise are skipped silently. A folder in
    which no file is recognised is an ``IO-NO-FEEDS`` finding (a mistyped
    path must not pass as "no problems"); a path that does not exist is
    ``IO-NOT-FOUND``, one that cannot be read ``IO-UNREADABLE``, one that
    is not a regular file or is too large ``IO-REFUSED`` (see
    :func:`validate_paths`). Nothing is raised for any of them.
    """
    checked = Checked()
    for path in paths:
        if path.is_dir():
            before = (len(checked.kinds), len(checked.findings))
            for file in _feed_files(path):
                _validate_file(file, checked, explicit=False)
            unread = any(f.code.startswith("IO-") for f in checked.findings[before[1]:])
            if len(checked.kinds) == before[0] and not unread:
                checked.findings.append(finding(
                    str(path), None, "IO-NO-FEEDS", "no RSS, Atom, JSON Feed or OPML file "
                    f"in this folder (files ending in {', '.join(SUFFIXES)} are looked at); "
                    "check the path"))
        elif path.exists() or path.is_symlink():
            _validate_file(path, checked, explicit=True)
        else:
            checked.findings.append(finding(str(path), None, "IO-NOT-FOUND",
                                            "no such file or folder; check the path"))
    return checked


def validate_paths(paths: Iterable[Path]) -> list[Finding]:
    """Every problem in the feeds at ``paths``: :func:`check_paths`' findings.

    Returns:
        Findings grouped by file in that order, each file's sorted by line.
        A path that does not exist is an ``IO-NOT-FOUND`` finding, one that
        cannot be read ``IO-UNREADABLE``, and one that is not a regular file
        (a FIFO, a device such as ``/dev/zero``, also through a symbolic
        link) or is larger than :data:`~newswire.safeio.MAX_FEED_BYTES`
        ``IO-REFUSED``, without reading it; nothing is raised for any.
    """
    return check_paths(paths).findings


def _feed_files(folder: Path) -> list[Path]:
    files: list[Path] = []
    for directory, subdirectories, names in os.walk(folder):
        subdirectories.sort()
        files.extend(Path(directory, name) for name in names
                     if name.lower().endswith(SUFFIXES))
    return sorted(files)


def _validate_file(path: Path, checked: Checked, *, explicit: bool) -> None:
    try:
        data = read_regular_file(path, MAX_FEED_BYTES, "feed")
    except RefusedFile as error:
        checked.findings.append(finding(str(path), None, "IO-REFUSED", error.message))
        return
    except OSError as error:
        checked.findings.append(finding(str(path), None, "IO-UNREADABLE",
                                        f"cannot read the file: {error.strerror or error}"))
        return
    kind = sniff(data)
    if not explicit and kind is None:
        return
    checked.kinds[str(path)] = kind
    checked.findings.extend(validate_bytes(data, str(path)))
