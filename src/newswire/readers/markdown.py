"""Markdown articles with YAML (``---``) or TOML (``+++``) front matter (README "Articles").

Front matter is read by the rules of :mod:`.frontmatter`. The body
is CommonMark with tables and footnotes (markdown-it-pyrs, and markdown-it-py
for bodies with footnotes: see :func:`render_markdown`); raw HTML is kept
here and sanitized later.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import markdown_it_pyrs

from ..errors import ArticleError
from .frontmatter import key_line, load_keys, split_front_matter
from .meta import parse_metadata
from .result import ReadResult, make_article
from .text import DecodedText, strip_illegal


__all__ = ["read_markdown", "render_markdown"]


@functools.cache
def _markdown_parser() -> markdown_it_pyrs.MarkdownIt:
    """The compiled parser of this process (CommonMark with raw HTML and
    tables). ``render`` keeps no state between calls."""
    return markdown_it_pyrs.MarkdownIt("commonmark").enable("table")


@functools.cache
def _footnote_parser() -> Any:
    """markdown-it-py with mdit-py-plugins' footnotes, for bodies that use them.

    markdown-it-pyrs has a footnote plugin too, but it numbers inline notes,
    repeated references, notes referenced from notes and twice-defined labels
    otherwise than markdown-it-py does, which would change the ids (and so
    the links) of published footnotes. Imported only when a body needs it.
    """
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    return MarkdownIt("commonmark", {"html": True}).enable("table").use(footnote_plugin)


# Every footnote reference (``[^label]``) and inline note (``^[text]``)
# holds one of these two pairs of characters; a body without them renders
# the same with or without the footnote rules.
_FOOTNOTE_SYNTAX = re.compile(r"\[\^|\^\[")


def _may_have_footnotes(text: str) -> bool:
    """True when ``text`` holds :data:`_FOOTNOTE_SYNTAX` (two substring
    searches: several times faster than the regular expression's)."""
    return "[^" in text or "^[" in text


def render_markdown(text: str) -> str:
    """CommonMark + tables + footnotes to an HTML fragment (not sanitized).

    Bodies without footnote syntax are rendered by markdown-it-pyrs, the
    compiled port of markdown-it (about five times faster); its HTML is
    markdown-it-py's, tested on every article of the sample site and of the
    benchmark corpus. The one known difference: an autolink to a punycode
    host (``<https://xn--n3h.com>``) shows the host as written, not decoded.
    Bodies with footnotes are rendered by markdown-it-py and its footnote
    plugin, whose markup and ids (``fn1``, ``fnref1:1``) pages and feeds
    already carry.
    """
    if not _may_have_footnotes(text):
        html = _compiled_render(text)
        if html is not None:
            return html
    return _footnote_parser().render(text)


def _compiled_render(text: str) -> str | None:
    """``text`` rendered by markdown-it-pyrs, or None when it fails on it.

    The compiled renderer panics on a few inputs (``[`` followed by a
    backtick, for one: an index out of bounds in markdown-it 0.6's code-span
    scanner, markdown-it-rust issue 40); the panic reaches Python as
    pyo3's ``PanicException``, a ``BaseException``. The caller then renders
    with markdown-it-py, whose HTML is the same. Rust prints a panic to the
    process's standard error itself, so that stream is pointed at the null
    device for the call (nothing else writes while it lasts).
    """
    with _STDERR_LOCK, _stderr_to_null():
        try:
            return _markdown_parser().render(text)
        except BaseException as exc:  # noqa: B036 (a Rust panic is a BaseException)
            if type(exc).__name__ != "PanicException":
                raise
            return None


_STDERR_LOCK = threading.Lock()


@contextlib.contextmanager
def _stderr_to_null() -> Iterator[None]:
    """File descriptor 2 pointed at the null device while the block runs,
    then back where it was (as it was, when it cannot be moved)."""
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    try:
        os.dup2(_null_device(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


@functools.cache
def _null_device() -> int:
    """A descriptor of the null device, opened once per process."""
    return os.open(os.devnull, os.O_WRONLY | getattr(os, "O_CLOEXEC", 0))


def _inline_text(source: str) -> str:
    """The plain text a line of inline Markdown shows (``*Q&amp;A*`` → ``Q&A``).

    Only a title taken from the body's first heading needs this, so
    markdown-it-py is imported here, when it does.
    """
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")
    parts: list[str] = []
    for token in md.parseInline(source):
        for child in token.children or ():
            if child.type in ("text", "code_inline"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append(" ")
    return " ".join(strip_illegal("".join(parts))[0].split())


def _leading_heading(body: str) -> tuple[int, int, int] | None:
    """Where the ATX heading that opens ``body`` (after blank space) is:
    ``(start, end)`` of its text, without the closing ``#`` sequence and the
    spaces around it, and the offset just past its line (and line break);
    None when ``body`` does not open with ``# text``. String operations
    only, so a long line costs linear time."""
    start = len(body) - len(body.lstrip())
    line_end = body.find("\n", start)
    line_end = len(body) if line_end < 0 else line_end
    if body[start:start + 1] != "#" or body[start + 1:start + 2] not in (" ", "\t"):
        return None
    text_start = start + 1
    while body[text_start:text_start + 1] in (" ", "\t"):
        text_start += 1
    text = body[text_start:line_end].rstrip(" \t").rstrip("#").rstrip(" \t")
    if not text:
        return None
    return text_start, text_start + len(text), min(line_end + 1, len(body))


def read_markdown(path: Path, decoded: DecodedText, source: str, zone: Any,
                  sidecar: Mapping[str, Any] | None = None,
                  language: str | None = None) -> ReadResult:
    """Read a Markdown article.

    Args:
        path: the file, for messages.
        decoded: its text (see :func:`newswire.readers.text.decode`).
        source: its path relative to ``content/``.
        zone: the site's time zone (``tzinfo``).
        sidecar: ignored for Markdown (front matter is the place).
        language: ignored (the site's language; Markdown dates are front matter).

    Returns:
        The article (title from front matter or the leading ``# heading``,
        the body rendered to HTML) and the front matter's warnings.

    Raises:
        ArticleError: broken front matter, a bad value, or no title.
    """
    if not decoded.text.strip():
        raise ArticleError("the file is empty; an article needs front matter with a "
                           "title, then its text", path, 1)
    handler, fm, body, body_line = split_front_matter(decoded.text, path)
    data = load_keys(handler, fm, path, "front matter", 2) if handler else {}
    fm_lines = fm.split("\n")

    def line_of(key: str) -> int:
        return key_line(fm_lines, key, 2) or (2 if handler else 1)

    front = parse_metadata(data, path, line_of, zone)
    fields = dict(front.fields)
    title_line = line_of("title")
    if not fields.get("title"):
        heading = _leading_heading(body)
        title = _inline_text(body[heading[0]:heading[1]]) if heading else ""
        if not title:
            raise ArticleError("no title; add 'title: …' to the front matter",
                               path, 2 if handler else 1)
        fields["title"] = title
        title_line = body_line + body.count("\n", 0, heading[0])  # type: ignore[index]
        body = body[heading[2]:]  # type: ignore[index]
    fields["body_html"] = render_markdown(body)
    fields["body_line"] = body_line
    return ReadResult(make_article(path, source, fields), title_line, front.warnings)
