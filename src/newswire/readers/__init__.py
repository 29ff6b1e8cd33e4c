"""Readers: one module per article format, chosen by file suffix (SPEC §2).

:data:`READERS` maps a suffix to a function returning ``Article`` keyword
arguments; :func:`read_article` does the shared part (bytes, encoding,
sidecar, digest) and returns the :class:`~newswire.model.Article`.
:func:`scan_content` lists what ``content/`` holds.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path
from typing import Any

import yaml

from ..errors import ArticleError, Diagnostic
from ..model import Article
from .markdown import _FrontMatterLoader, read_markdown, toml_front_matter
from .meta import parse_metadata
from .plaintext import read_plaintext
from .text import decode, looks_binary

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["MAX_ARTICLE_BYTES", "READERS", "ContentFiles", "read_article", "scan_content"]

Reader = Callable[..., dict[str, Any]]
READERS: dict[str, Reader] = {".md": read_markdown, ".markdown": read_markdown,
                              ".txt": read_plaintext}
SIDECAR_SUFFIXES = (".toml", ".yaml", ".yml")
MAX_ARTICLE_BYTES = 8 * 1024 * 1024
MAX_TITLE_CHARS = 200  # longer titles are cut by feed readers and share cards
_DOC_NAME = re.compile(r"^[A-Z0-9_-]+$")  # README.md, SOURCES.md, LICENSE.txt


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


def scan_content(content_dir: Path) -> ContentFiles:
    """List article files and assets below ``content_dir``, at any depth.

    Skipped: names starting with ``.`` or ``_``, documentation files with
    all-capital names (``README.md``, ``SOURCES.md``), and sidecar files of
    text articles. Symbolic links that resolve outside ``content_dir`` are
    refused with an error diagnostic, never followed. A folder that cannot
    be listed is an error diagnostic and goes in ``unlisted``.
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
            if (base / d).is_symlink():
                dirs.remove(d)
                refused.append(Diagnostic("error", "symbolic link to a folder is not "
                                          "followed; move the files into content/",
                                          base / d))
        names = set(files)
        for name in sorted(files):
            path = base / name
            if name.startswith((".", "_")):
                continue
            if path.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(root) or not target.is_file():
                    refused.append(Diagnostic("error", "symbolic link points outside "
                                              "content/ (or nowhere) and is not followed; "
                                              "copy the file into content/ instead", path))
                    continue
            suffix = path.suffix.lower()
            if suffix in SIDECAR_SUFFIXES and any(path.stem + s in names for s in (".txt",)):
                continue
            if suffix in READERS:
                if not _is_documentation(path):
                    articles.append(path)
            elif not _is_documentation(path):
                assets.append(path)

    def key(p: Path) -> str:
        return p.relative_to(content_dir).as_posix()
    return ContentFiles(tuple(sorted(articles, key=key)), tuple(sorted(assets, key=key)),
                        tuple(refused), tuple(sorted(unlisted)))


def _read_sidecar(path: Path, zone: tzinfo) -> tuple[dict[str, Any], bytes, list[Diagnostic]]:
    for suffix in SIDECAR_SUFFIXES:
        sidecar = path.with_suffix(suffix)
        if not sidecar.is_file():
            continue
        try:
            data = sidecar.read_bytes()
        except OSError as exc:
            raise ArticleError(f"cannot read: {exc.strerror}", sidecar) from None
        text = decode(data).text
        try:
            loaded = (toml_front_matter(text) if suffix == ".toml"
                      else yaml.load(text, Loader=_FrontMatterLoader))  # noqa: S506
        except (tomllib.TOMLDecodeError, yaml.YAMLError) as exc:
            mark = getattr(exc, "problem_mark", None)
            match = re.search(r"at line (\d+)", str(exc))
            line = mark.line + 1 if mark else int(match.group(1)) if match else None
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
        warnings = [Diagnostic("warning", message, sidecar, line)
                    for line, message in fields.pop("warnings", ())]
        return fields, data, warnings
    return {}, b"", []


def read_article(path: Path, content_dir: Path, zone: tzinfo,
                 language: str | None = None) -> tuple[Article, list[Diagnostic]]:
    """Read one article file (SPEC §2, §7).

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
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise ArticleError(f"file is {size / (1024 * 1024):.0f} MB; articles over "
                               f"{MAX_ARTICLE_BYTES // (1024 * 1024)} MB are refused "
                               "(is it really an article?); split it, or move it out "
                               "of content/", path)
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleError(f"cannot read: {exc.strerror}", path) from None
    if looks_binary(data):
        raise ArticleError("binary data, not text (is it an image or a document with "
                           "the wrong name?); rename it, or save it as UTF-8 text "
                           "if it is an article", path)
    decoded = decode(data)
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
    reader = READERS[path.suffix.lower()]
    sidecar, sidecar_bytes, sidecar_warnings = (
        ({}, b"", []) if reader is read_markdown else _read_sidecar(path, zone))
    fields = reader(path, decoded, source, zone, sidecar, language)
    title_line = fields.pop("title_line", None) or 1
    warnings += [Diagnostic("warning", message, path, line)
                 for line, message in fields.pop("warnings", ())]
    warnings += sidecar_warnings
    if not fields.get("title"):
        raise ArticleError("the title is empty; give the article a title", path, title_line)
    if len(fields["title"]) > MAX_TITLE_CHARS:
        warnings.append(Diagnostic(
            "warning", f"the title is {len(fields['title'])} characters long; feed "
            f"readers and share cards cut titles, keep it under {MAX_TITLE_CHARS} and "
            "put the rest in the summary", path, title_line))
    digest = hashlib.sha256(data + b"\x00" + sidecar_bytes).hexdigest()
    try:
        article = Article(source=source, digest=digest, **fields)
    except (TypeError, ValueError) as exc:  # a field newswire did not expect
        raise ArticleError(f"cannot use this article: {exc}", path) from None
    return article, warnings
