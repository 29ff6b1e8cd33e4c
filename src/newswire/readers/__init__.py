"""Readers: one module per article format, chosen by file suffix (README "Articles").

:data:`READERS` maps a suffix to a reader returning a
:class:`~.result.ReadResult` (the article, the title's line, warnings);
:func:`read_article` does the shared part (bytes, encoding, sidecar, the
checks every format shares, digest) and returns the
:class:`~newswire.model.Article`.
:func:`scan_content` lists what ``content/`` holds.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path
from typing import Any

from ..errors import ArticleError, Diagnostic
from ..model import Article
from ..safeio import (MAX_ARTICLE_BYTES, MAX_BODY_CHARS, MAX_SIDECAR_BYTES, RefusedFile,
                      read_regular_file, regular_file_problem)
from .frontmatter import key_line, load_keys, toml_front_matter, yaml_front_matter
from .markdown import read_markdown
from .meta import parse_metadata
from .nesting import MAX_DEPTH, limit_nesting
from .result import ReadResult
from .text import DecodedText, decode, looks_binary


__all__ = ["MAX_ARTICLE_BYTES", "MAX_BODY_CHARS", "READERS", "ContentFiles", "read_article",
           "link_problem", "scan_content"]

Reader = Callable[..., ReadResult]
"""``reader(path, decoded, source, zone, sidecar, language)``: see
:func:`~.markdown.read_markdown` and :func:`~.plaintext.read_plaintext`."""


def _read_plaintext(*args: Any, **kwargs: Any) -> ReadResult:
    """:func:`~.plaintext.read_plaintext`, imported when the first text
    article is read: a site of Markdown articles never compiles its many
    dateline patterns."""
    from .plaintext import read_plaintext
    return read_plaintext(*args, **kwargs)


READERS: dict[str, Reader] = {".md": read_markdown, ".markdown": read_markdown,
                              ".txt": _read_plaintext}
SIDECAR_SUFFIXES = (".toml", ".yaml", ".yml")
MAX_TITLE_CHARS = 200  # longer titles are cut by feed readers and share cards
_DOC_NAME = re.compile(r"^[A-Z0-9_-]+$")  # README.md, SOURCES.md, LICENSE.txt
# Extensions of documentation files besides articles' (LICENSE, NOTES.rst);
# an all-capital media or image file (EP1.MP3, IMG_0042.JPG) is an asset.
_DOC_SUFFIXES = frozenset({"", ".rst", ".adoc", ".markdown", ".org"})


@dataclass(frozen=True)
class ContentFiles:
    """What ``content/`` holds, each list sorted by POSIX relative path.

    Attributes:
        articles: article files (a reader exists for their suffix).
        assets: other files to copy to ``public/`` (images, PDFs...).
        refused: problems found while scanning (links leaving content/...).
        unlisted: folders that could not be listed (permissions) or are not
            (links to folders), as POSIX paths relative to ``content/``
            (``""`` for ``content/`` itself): what they hold is unknown, so
            nothing below them may be taken for removed.
        held: files refused (a link leaving ``content/`` or leading
            nowhere, an asset that is not a regular file), as POSIX paths
            relative to ``content/``: an error, so what was published from
            them may not be taken for removed either (README "Building by
            cron": no error removes a published file).
    """

    articles: tuple[Path, ...]
    assets: tuple[Path, ...]
    refused: tuple[Diagnostic, ...]
    unlisted: tuple[str, ...] = ()
    held: tuple[str, ...] = ()

    def hides(self, source: str) -> bool:
        """True when ``source`` (relative to ``content/``) is below a folder
        that could not be listed, or is an article file refused."""
        return source in self.held or any(
            folder == "" or source.startswith(folder + "/") for folder in self.unlisted)


def _split_name(name: str) -> tuple[str, str]:
    """(stem, suffix) of a file name not starting with a dot (those are
    skipped), as ``Path(name).stem`` and ``.suffix`` give: ``os.path.splitext``,
    but a name ending in a dot has no suffix."""
    stem, suffix = os.path.splitext(name)
    return (name, "") if suffix == "." else (stem, suffix)


def _is_dir(entry: os.DirEntry[str]) -> bool:
    """``os.walk``'s test: a folder, or a link to one (an error: not one)."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _is_regular(entry: os.DirEntry[str]) -> bool:
    """A regular file, not through a link (from the listing when it says)."""
    try:
        return entry.is_file(follow_symlinks=False)
    except OSError:
        return False


def _not_utf8(name: str) -> bool:
    """True for a file name that is not valid UTF-8 (``os`` hands its bytes
    over as lone surrogates): it can become neither a URL nor a ledger key."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _name_refused(path: Path) -> Diagnostic:
    return Diagnostic("error", "the file name is not valid UTF-8, so it cannot become a "
                      "URL; rename it (e.g. convmv -f latin1 -t utf8 --notest)", path)


def link_problem(path: Path, root: Path) -> str | None:
    """Why the file ``path`` inside the content folder ``root`` (resolved) is
    not read, or None when it may be: a symbolic link leading outside
    ``root`` or nowhere, or anything but a regular file (a FIFO, a device, a
    socket, a folder named like an article). Never opens the file."""
    if path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(root) or not target.exists():
            return ("symbolic link points outside content/ (or nowhere) and is not "
                    "followed; copy the file into content/ instead")
    return regular_file_problem(path)


# ".txt" in every case: 8 look-ups, not a pass over the folder per sidecar
_TEXT_SUFFIXES = tuple("." + "".join(c.upper() if bit & (1 << i) else c
                                      for i, c in enumerate("txt")) for bit in range(8))


def _has_text_article(stem: str, files: Mapping[str, object]) -> bool:
    """True when ``files`` (the names of one folder) hold a text article of
    ``stem``, whatever the case of its suffix (``note.txt``, ``note.TXT``):
    :func:`read_article` reads the sidecar of either, so neither's sidecar is
    an asset."""
    return any(stem + suffix in files for suffix in _TEXT_SUFFIXES)


def scan_content(content_dir: Path) -> ContentFiles:
    """List article files and assets below ``content_dir``, at any depth.

    Skipped: names starting with ``.`` or ``_``, documentation files with
    all-capital names (``README.md``, ``SOURCES.md``, ``LICENSE``; not
    ``EP1.MP3`` or ``IMG_0042.JPG``, which are assets), and sidecar files of
    text articles (:func:`read_article` checks those). ``robots.txt`` at the
    top is an asset, not an article (it replaces the one newswire writes). Refused with an error
    diagnostic, never followed or opened: symbolic links that resolve
    outside ``content_dir``, files and folders whose names are not valid
    UTF-8, and assets that are not regular files (a FIFO, a device). An
    article file that is not a regular file is listed, and
    :func:`read_article` refuses it, so it is reported like any unreadable
    article. A folder that cannot be listed is an error diagnostic and goes
    in ``unlisted``.
    """
    root = content_dir.resolve()
    articles: list[Path] = []
    assets: list[Path] = []
    refused: list[Diagnostic] = []
    unlisted: list[str] = []
    held: list[str] = []

    def unreadable(exc: OSError, folder: Path) -> None:
        relative = folder.relative_to(content_dir).as_posix()
        unlisted.append("" if relative == "." else relative)
        refused.append(Diagnostic(
            "error", f"cannot list this folder ({exc.strerror or exc}); what was published "
            "from it stays as it is until it can be read: fix its permissions", folder))

    def visit(base: Path) -> None:
        # os.scandir's entries know a file's type from the listing itself
        # (no stat for a regular file that is no link): one pass over
        # content/ costs one system call per folder, not two per file.
        try:
            with os.scandir(base) as listing:
                found = list(listing)
        except OSError as exc:
            unreadable(exc, base)
            return
        dirs = sorted(e.name for e in found if _is_dir(e) and not e.name.startswith((".", "_")))
        for d in list(dirs):
            if _not_utf8(d):
                dirs.remove(d)
                refused.append(_name_refused(base / d))
            elif (base / d).is_symlink():
                dirs.remove(d)
                unlisted.append((base / d).relative_to(content_dir).as_posix())
                refused.append(Diagnostic("error", "symbolic link to a folder is not "
                                          "followed; move the files into content/ (what "
                                          "was published from it stays until then)",
                                          base / d))
        files = {e.name: e for e in found if not _is_dir(e)}
        for name in sorted(files):
            if name.startswith((".", "_")):
                continue
            path = base / name
            if _not_utf8(name):
                refused.append(_name_refused(path))
                continue
            stem, written = _split_name(name)
            suffix = written.lower()
            if suffix in SIDECAR_SUFFIXES and _has_text_article(stem, files):
                if written != suffix:
                    refused.append(_sidecar_case_warning(path, stem + suffix))
                continue
            if _DOC_NAME.match(stem) and (suffix in READERS or suffix in _DOC_SUFFIXES):
                continue
            entry = files[name]
            link = entry.is_symlink()
            problem = None if not link and _is_regular(entry) else link_problem(path, root)
            robots = name == "robots.txt" and base == content_dir
            if suffix in READERS and not robots and (problem is None or not link):
                articles.append(path)  # read_article reports a FIFO or device
            elif problem is not None:
                held.append(path.relative_to(content_dir).as_posix())
                refused.append(Diagnostic("error", problem, path))
            elif suffix not in READERS or robots:
                assets.append(path)
        for d in dirs:
            visit(base / d)

    try:
        visit(content_dir)
    finally:
        # visit refers to itself: a reference cycle holding every list above,
        # which only the cyclic collector would free (a build pauses it)
        del visit

    def key(p: Path) -> str:
        # every path listed is content_dir joined with more: with that
        # common start, their text sorts as their part below content_dir
        return p.as_posix()
    return ContentFiles(tuple(sorted(articles, key=key)), tuple(sorted(assets, key=key)),
                        tuple(refused), tuple(sorted(unlisted)), tuple(sorted(held)))


def _sidecar_case_warning(path: Path, wanted: str) -> Diagnostic:
    """The warning for a sidecar whose suffix is not lower case
    (``note.TOML`` beside ``note.txt``): :func:`read_article` looks for
    ``note.toml``, which a case-sensitive file system (Linux) does not
    match, so its keys would be lost there and kept on macOS or Windows.
    It is never published as a data file either way."""
    return Diagnostic("warning", f"not read as a sidecar on a case-sensitive file system "
                      f"(its keys are not applied there): a sidecar's suffix is lower case; "
                      f"rename it {wanted}", path)


def _sidecar_bytes(sidecar: Path, content_dir: Path) -> bytes:
    """The bytes of a sidecar file, checked as an article file is: not a link
    leaving ``content/``, a regular file, at most :data:`MAX_SIDECAR_BYTES`,
    not binary.

    Raises:
        ArticleError: against the sidecar, when any check fails.
    """
    problem = link_problem(sidecar, content_dir.resolve())
    if problem is not None:
        raise ArticleError(f"sidecar file: {problem}; the article is left out until "
                           "it is fixed", sidecar)
    try:
        data = read_regular_file(sidecar, MAX_SIDECAR_BYTES, "sidecar file")
    except RefusedFile as exc:
        raise ArticleError(exc.message, sidecar) from None
    except OSError as exc:
        raise ArticleError(f"cannot read: {exc.strerror}", sidecar) from None
    if looks_binary(data):
        raise ArticleError("binary data, not text; a sidecar file holds front-matter keys "
                           "as TOML or YAML text, saved as UTF-8", sidecar)
    return data


def _read_sidecar(path: Path, content_dir: Path,
                  zone: tzinfo) -> tuple[dict[str, Any], bytes, list[Diagnostic]]:
    for suffix in SIDECAR_SUFFIXES:
        sidecar = path.with_suffix(suffix)
        if not (sidecar.is_symlink() or sidecar.exists()):
            continue
        data = _sidecar_bytes(sidecar, content_dir)
        decoded = decode(data)
        parse = toml_front_matter if suffix == ".toml" else yaml_front_matter
        loaded = load_keys(parse, decoded.text, sidecar, "sidecar metadata", 1)
        lines = decoded.text.split("\n")

        def line_of(key: str) -> int | None:
            return key_line(lines, key, 1)
        front = parse_metadata(loaded, sidecar, line_of, zone)
        fields = dict(front.fields)
        if "draft" in fields and "draft" not in loaded:
            del fields["draft"]
        return fields, data, _decoding_warnings(decoded, sidecar) + list(front.warnings)
    return {}, b"", []


def _decoding_warnings(decoded: DecodedText, path: Path) -> list[Diagnostic]:
    """Warnings about bytes replaced or characters removed while decoding."""
    warnings: list[Diagnostic] = []
    if decoded.undecodable:
        warnings.append(Diagnostic(
            "warning", f"{decoded.undecodable} byte(s) could not be decoded as UTF-8, "
            "cp1252 or latin-1 and were replaced by \ufffd; save the file as UTF-8",
            path, decoded.undecodable_line))
    if decoded.removed:
        warnings.append(Diagnostic(
            "warning", f"removed {decoded.removed} character(s) that XML does not allow "
            "or that stand for nothing (NUL and other control characters, DEL, C1 "
            "controls, U+FFFE/U+FFFF or lone surrogates); delete them from the file",
            path, decoded.removed_line))
    return warnings


def title_length(title: str) -> int:
    """How many characters a reader sees in ``title``: grapheme clusters
    (UAX #29), so a family emoji of seven code points or a Devanagari
    conjunct counts once."""
    from ..shorten import grapheme_boundaries
    return len(grapheme_boundaries(title)) - 1


def read_article(path: Path, content_dir: Path, zone: tzinfo,
                 language: str | None = None, data: bytes | None = None
                 ) -> tuple[Article, list[Diagnostic]]:
    """Read one article file (README "Articles").

    Args:
        path: the article file, inside ``content_dir``.
        content_dir: the site's ``content/`` folder.
        zone: the site's time zone (naive dates are read in it).
        language: the site's language (BCP 47), which datelines of scraped
            text are read in when the article names none; None: guessed from
            the script.
        data: the file's bytes, read already as :func:`~newswire.safeio.read_regular_file`
            reads them (a regular file of at most ``MAX_ARTICLE_BYTES``);
            None: the file is read here.

    Returns:
        The article and warnings about it (characters removed, bytes that
        could not be decoded, a day-first date, a very long title...).

    Raises:
        ArticleError: anything that keeps the article from being published,
            with path and line: unreadable, too big, binary, empty, broken
            front matter, no title, a bad value.
    """
    source = path.relative_to(content_dir).as_posix()
    try:
        if data is None:
            data = read_regular_file(path, MAX_ARTICLE_BYTES, "article")
    except RefusedFile as exc:
        raise ArticleError(f"{exc.message}, or move it out of content/", path) from None
    except OSError as exc:
        raise ArticleError(f"cannot read: {exc.strerror}", path) from None
    if looks_binary(data):
        raise ArticleError("binary data, not text (is it an image or a document with "
                           "the wrong name?); rename it, or save it as UTF-8 text "
                           "if it is an article", path)
    decoded = decode(data)
    warnings = _decoding_warnings(decoded, path)
    reader = READERS[path.suffix.lower()]
    sidecar, sidecar_bytes, sidecar_warnings = (
        ({}, b"", []) if reader is read_markdown else _read_sidecar(path, content_dir, zone))
    read = reader(path, decoded, source, zone, sidecar, language)
    article, title_line = read.article, read.title_line
    body_size = len(article.body_html)
    if body_size > MAX_BODY_CHARS:
        raise ArticleError(f"the body is {body_size:,} characters once rendered to HTML; "
                           f"bodies over {MAX_BODY_CHARS:,} are refused (feed readers "
                           "cannot show them either): split the article", path,
                           article.body_line)
    body_html, flattened = limit_nesting(article.body_html)
    if flattened:
        warnings.append(Diagnostic(
            "warning", f"the body's HTML nests more than {MAX_DEPTH} elements deep; the "
            f"{flattened} tag(s) below that depth were removed and their text kept: "
            "simplify the markup", path, article.body_line))
    warnings += read.warnings
    warnings += sidecar_warnings
    if not article.title:
        raise ArticleError("the title is empty; give the article a title", path, title_line)
    # (a title of no more code points than that has no more graphemes)
    length = title_length(article.title) if len(article.title) > MAX_TITLE_CHARS else 0
    if length > MAX_TITLE_CHARS:
        warnings.append(Diagnostic(
            "warning", f"the title is {length} characters long; feed "
            f"readers and share cards cut titles, keep it under {MAX_TITLE_CHARS} and "
            "put the rest in the summary", path, title_line))
    digest = hashlib.sha256(data + b"\x00" + sidecar_bytes).hexdigest()
    return dataclasses.replace(article, digest=digest, body_html=body_html), warnings
