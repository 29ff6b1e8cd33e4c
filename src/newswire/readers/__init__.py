"""Readers: one module per article format, chosen by file suffix (README "Articles").

:data:`READERS` maps a suffix to a function returning ``Article`` keyword
arguments; :func:`read_article` does the shared part (bytes, encoding,
sidecar, digest) and returns the :class:`~newswire.model.Article`.
:func:`scan_content` lists what ``content/`` holds.
"""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path
from typing import Any

import yaml

from ..errors import ArticleError, Diagnostic
from ..model import Article
from ..shorten import grapheme_boundaries
from ..safeio import (MAX_ARTICLE_BYTES, MAX_BODY_CHARS, MAX_SIDECAR_BYTES, RefusedFile,
                      read_regular_file, regular_file_problem)
from .markdown import _FrontMatterLoader, read_markdown, toml_front_matter
from .meta import parse_metadata
from .nesting import MAX_DEPTH, limit_nesting
from .plaintext import read_plaintext
from .text import DecodedText, decode, looks_binary
from .yamlhelp import explain


__all__ = ["MAX_ARTICLE_BYTES", "MAX_BODY_CHARS", "READERS", "ContentFiles", "read_article",
           "link_problem", "scan_content"]

Reader = Callable[..., dict[str, Any]]
READERS: dict[str, Reader] = {".md": read_markdown, ".markdown": read_markdown,
                              ".txt": read_plaintext}
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
        unlisted: folders that could not be listed (permissions), as POSIX
            paths relative to ``content/`` (``""`` for ``content/`` itself):
            what they hold is unknown, so nothing below them may be taken
            for removed.
    """

    articles: tuple[Path, ...]
    assets: tuple[Path, ...]
    refused: tuple[Diagnostic, ...]
    unlisted: tuple[str, ...] = ()

    def hides(self, source: str) -> bool:
        """True when ``source`` (relative to ``content/``) is below a folder
        that could not be listed."""
        return any(folder == "" or source.startswith(folder + "/") for folder in self.unlisted)


def _is_documentation(path: Path) -> bool:
    return bool(_DOC_NAME.match(path.stem))


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

    def unreadable(exc: OSError) -> None:
        folder = Path(exc.filename) if exc.filename else content_dir
        relative = folder.relative_to(content_dir).as_posix()
        unlisted.append("" if relative == "." else relative)
        refused.append(Diagnostic(
            "error", f"cannot list this folder ({exc.strerror or exc}); what was published "
            "from it stays as it is until it can be read: fix its permissions", folder))
    for folder, dirs, files in os.walk(content_dir, onerror=unreadable, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        base = Path(folder)
        for d in list(dirs):
            if _not_utf8(d):
                dirs.remove(d)
                refused.append(_name_refused(base / d))
            elif (base / d).is_symlink():
                dirs.remove(d)
                refused.append(Diagnostic("error", "symbolic link to a folder is not "
                                          "followed; move the files into content/",
                                          base / d))
        names = set(files)
        for name in sorted(files):
            path = base / name
            if name.startswith((".", "_")):
                continue
            if _not_utf8(name):
                refused.append(_name_refused(path))
                continue
            suffix = path.suffix.lower()
            if suffix in SIDECAR_SUFFIXES and any(path.stem + s in names for s in (".txt",)):
                continue
            if _is_documentation(path) and (suffix in READERS or suffix in _DOC_SUFFIXES):
                continue
            problem = link_problem(path, root)
            robots = name == "robots.txt" and base == content_dir
            if suffix in READERS and not robots and (problem is None or not path.is_symlink()):
                articles.append(path)  # read_article reports a FIFO or device
            elif problem is not None:
                refused.append(Diagnostic("error", problem, path))
            elif suffix not in READERS or robots:
                assets.append(path)

    def key(p: Path) -> str:
        return p.relative_to(content_dir).as_posix()
    return ContentFiles(tuple(sorted(articles, key=key)), tuple(sorted(assets, key=key)),
                        tuple(refused), tuple(sorted(unlisted)))


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
        text = decoded.text
        encoding_warnings = _decoding_warnings(decoded, sidecar)
        try:
            loaded = (toml_front_matter(text) if suffix == ".toml"
                      else yaml.load(text, Loader=_FrontMatterLoader))  # noqa: S506
        except yaml.YAMLError as exc:
            index, message = explain(exc, text.split("\n"))
            raise ArticleError(f"sidecar metadata is not valid YAML: {message}", sidecar,
                               index + 1 if index is not None else None) from None
        except tomllib.TOMLDecodeError as exc:
            match = re.search(r"at line (\d+)", str(exc))
            # "at end of document": the last line, as for front matter
            line = int(match.group(1)) if match else text.rstrip("\n").count("\n") + 1
            raise ArticleError(f"sidecar metadata is not valid: {exc}", sidecar, line) from None
        except (ValueError, TypeError, OverflowError, RecursionError) as exc:
            raise ArticleError(f"sidecar metadata cannot be read: {type(exc).__name__}: "
                               f"{exc}; simplify the value", sidecar) from None
        loaded = loaded or {}
        if not isinstance(loaded, dict):
            raise ArticleError("sidecar metadata must be a set of keys", sidecar, 1)
        lines = text.split("\n")

        def line_of(key: str) -> int | None:
            for index, line in enumerate(lines):
                if re.match(rf"^\s*['\"]?{re.escape(key)}['\"]?\s*[:=]", line):
                    return index + 1
            return None
        fields = parse_metadata(loaded, sidecar, line_of, zone)
        if "draft" in fields and "draft" not in loaded:
            del fields["draft"]
        warnings = encoding_warnings + [Diagnostic("warning", message, sidecar, line)
                                        for line, message in fields.pop("warnings", ())]
        return fields, data, warnings
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
    return len(grapheme_boundaries(title)) - 1


def read_article(path: Path, content_dir: Path, zone: tzinfo,
                 language: str | None = None) -> tuple[Article, list[Diagnostic]]:
    """Read one article file (README "Articles", §7).

    Args:
        path: the article file, inside ``content_dir``.
        content_dir: the site's ``content/`` folder.
        zone: the site's time zone (naive dates are read in it).
        language: the site's language (BCP 47), which datelines of scraped
            text are read in when the article names none; None: guessed from
            the script.

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
    fields = reader(path, decoded, source, zone, sidecar, language)
    title_line = fields.pop("title_line", None) or 1
    body_size = len(fields.get("body_html", ""))
    if body_size > MAX_BODY_CHARS:
        raise ArticleError(f"the body is {body_size:,} characters once rendered to HTML; "
                           f"bodies over {MAX_BODY_CHARS:,} are refused (feed readers "
                           "cannot show them either): split the article", path,
                           fields.get("body_line"))
    body_html, flattened = limit_nesting(fields.get("body_html", ""))
    if flattened:
        fields["body_html"] = body_html
        warnings.append(Diagnostic(
            "warning", f"the body's HTML nests more than {MAX_DEPTH} elements deep; the "
            f"{flattened} tag(s) below that depth were removed and their text kept: "
            "simplify the markup", path, fields.get("body_line")))
    warnings += [Diagnostic("warning", message, path, line)
                 for line, message in fields.pop("warnings", ())]
    warnings += sidecar_warnings
    if not fields.get("title"):
        raise ArticleError("the title is empty; give the article a title", path, title_line)
    length = title_length(fields["title"])
    if length > MAX_TITLE_CHARS:
        warnings.append(Diagnostic(
            "warning", f"the title is {length} characters long; feed "
            f"readers and share cards cut titles, keep it under {MAX_TITLE_CHARS} and "
            "put the rest in the summary", path, title_line))
    digest = hashlib.sha256(data + b"\x00" + sidecar_bytes).hexdigest()
    try:
        article = Article(source=source, digest=digest, **fields)
    except (TypeError, ValueError) as exc:  # a field newswire did not expect
        raise ArticleError(f"cannot use this article: {exc}", path) from None
    return article, warnings
