"""Feed validation: RSS 2.0, Atom 1.0 and JSON Feed 1.1, checked as bytes.

SPEC §5. The checks read the bytes of a file, never newswire's own objects,
so they work on feeds of any origin::

    for problem in validate_paths([Path("public")]):
        print(problem)      # public/feed.xml:12: error: RSS-DATE: ...

Modules: :mod:`.xml` (encoding, characters, well-formedness), :mod:`.rss`,
:mod:`.atom` (with RFC 4287's schema in ``schemas/``), :mod:`.jsonfeed`,
:mod:`.links` (relative URLs in HTML), :mod:`.values` (dates, URLs).
Every code a finding can carry is listed in :data:`CODES`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Iterable

from ..safeio import MAX_FEED_BYTES, RefusedFile, read_regular_file
from . import atom, jsonfeed, podcast, rss, xml
from .finding import CODES, Finding, finding
from .podcast import LocalFile

__all__ = ["CODES", "Finding", "sniff", "validate_bytes", "validate_paths"]

#: File name endings :func:`validate_paths` looks at inside folders.
SUFFIXES = (".atom", ".feed", ".json", ".rss", ".xml")
KINDS = ("atom", "json", "rss")

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
    ``jsonfeed.org/version`` or having ``"items"``), or None for anything else, RSS 1.0 (RDF)
    included. Looks at no more than the first 64 KiB; never raises.
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
    if name == "rss":
        return "rss"
    if name == "feed" or (name == "entry" and _ATOM_NAMESPACE in text[match.start("name"):]):
        return "atom"
    return None


def validate_bytes(data: bytes, path: str = "<bytes>", kind: str | None = None,
                   local: LocalFile | None = None, *, own: bool = False) -> list[Finding]:
    """Every problem in one feed document.

    Args:
        data: the file's bytes, exactly as published.
        path: how findings name the file.
        kind: ``"rss"``, ``"atom"`` or ``"json"``; None to :func:`sniff` it.
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
        ValueError: ``kind`` is not one of the three above.

    Follows RSS 2.0 (RSS Advisory Board) and its Best Practices Profile,
    RFC 4287 with its Appendix B schema, JSON Feed 1.1, and XML 1.0 §2.2
    (characters) and §4.3.3 (encodings); an RSS channel with ``itunes:``
    tags is also held to Apple Podcasts' requirements (:mod:`.podcast`).
    """
    if kind is not None and kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)} or None, not {kind!r}")
    kind = kind or sniff(data)
    if kind is None:
        found = [finding(path, None, "FEED-UNKNOWN",
                         "this is not an RSS 2.0, Atom 1.0 or JSON Feed 1.1 document")]
    elif kind == "json":
        found = jsonfeed.check(data, path)
    else:
        root, found = xml.parse(data, path, own)
        if root is not None:
            found.extend((rss if kind == "rss" else atom).check(root, path))
            channel = next(xml.children(root, "channel"), None) if kind == "rss" else None
            if channel is not None and root.tag == "rss" and podcast.is_podcast(channel):
                found.extend(podcast.check(channel, path, local))
    return sorted(found, key=lambda item: item.line or 0)


def validate_paths(paths: Iterable[Path]) -> list[Finding]:
    """Every problem in the feeds at ``paths``, files or folders.

    A file named directly is validated whatever its name. Folders are
    searched recursively (in name order, symbolic links to folders not
    followed) for files ending in one of :data:`SUFFIXES`; of those, files
    that :func:`sniff` does not recognise as feeds are skipped silently.

    Returns:
        Findings grouped by file in that order, each file's sorted by line.
        A path that does not exist is an ``IO-NOT-FOUND`` finding, one that
        cannot be read ``IO-UNREADABLE``, and one that is not a regular file
        (a FIFO, a device such as ``/dev/zero``, also through a symbolic
        link) or is larger than :data:`~newswire.safeio.MAX_FEED_BYTES`
        ``IO-REFUSED``, without reading it; nothing is raised for any.
    """
    found: list[Finding] = []
    for path in paths:
        if path.is_dir():
            for file in _feed_files(path):
                found.extend(_validate_file(file, explicit=False))
        elif path.exists() or path.is_symlink():
            found.extend(_validate_file(path, explicit=True))
        else:
            found.append(finding(str(path), None, "IO-NOT-FOUND",
                                 "no such file or folder; check the path"))
    return found


def _feed_files(folder: Path) -> list[Path]:
    files: list[Path] = []
    for directory, subdirectories, names in os.walk(folder):
        subdirectories.sort()
        files.extend(Path(directory, name) for name in names
                     if name.lower().endswith(SUFFIXES))
    return sorted(files)


def _validate_file(path: Path, *, explicit: bool) -> list[Finding]:
    try:
        data = read_regular_file(path, MAX_FEED_BYTES, "feed")
    except RefusedFile as error:
        return [finding(str(path), None, "IO-REFUSED", error.message)]
    except OSError as error:
        return [finding(str(path), None, "IO-UNREADABLE",
                        f"cannot read the file: {error.strerror or error}")]
    if not explicit and sniff(data) is None:
        return []
    return validate_bytes(data, str(path))
