"""Markdown articles with YAML (``---``) or TOML (``+++``) front matter (README "Articles").

YAML is read the way people mean it, not the way YAML 1.1 allows: only
``true``/``false`` are booleans (``NO`` stays the text "NO"), dates stay text
until newswire reads them in the site's time zone, a key given twice is an
error rather than a silent overwrite, and text keys keep the characters typed
(``tags: [3.10, 012]`` are the tags "3.10" and "012", not numbers). The body
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
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import markdown_it_pyrs
import yaml

from ..errors import ArticleError
from .meta import parse_metadata
from .text import DecodedText, strip_illegal
from .yamlhelp import explain, key_without_space


__all__ = ["read_markdown", "render_markdown"]


# Keys whose values are text: they keep the characters the writer typed
# (``3.10`` stays "3.10", ``012`` stays "012"), whatever YAML would make of them.
_TEXT_KEYS = frozenset({"title", "summary", "author", "authors", "tags", "category",
                        "image", "image_alt", "url", "slug", "id", "lang"})
_NULL_TAG = "tag:yaml.org,2002:null"


class _SourceText:
    """Remembers the document's root node, whose text keys
    :func:`_construct_mapping` reads from their source text."""

    def construct_document(self, node: yaml.Node) -> Any:
        self._root = node
        return super().construct_document(node)  # type: ignore[misc]


class _FrontMatterLoader(_SourceText, yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans, no implicit timestamps, no duplicate
    keys, and text keys read as typed."""


_LIBYAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _FastFrontMatterLoader(_SourceText, _LIBYAML_LOADER):  # type: ignore[misc,valid-type]
    """The same rules on libyaml's parser when PyYAML has it (several times faster).

    Only used for documents it reads without error: a document it refuses is
    read again with :class:`_FrontMatterLoader`, whose messages are the ones
    shown to people (and which decides what is accepted).
    """


for _loader in (_FrontMatterLoader, _FastFrontMatterLoader):
    _loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers
                if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    _loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
        list("tTfF"))


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: dict[Any, Any] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be a word, not a list or mapping",
                key_node.start_mark) from None
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} is given twice; keep one", key_node.start_mark)
        seen[key] = True
    mapping = loader.construct_mapping(node)
    if node is getattr(loader, "_root", None):
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node)
            if key in _TEXT_KEYS:
                mapping[key] = _source_text(loader, value_node)
    return mapping


def _source_text(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """A value as the writer typed it: every scalar as its text (None for an
    empty or null one), lists and mappings (an author's name/email/uri) kept."""
    if isinstance(node, yaml.ScalarNode):
        return None if node.tag == _NULL_TAG else node.value
    if isinstance(node, yaml.SequenceNode):
        return [_source_text(loader, item) for item in node.value]
    if isinstance(node, yaml.MappingNode):
        _construct_mapping(loader, node)  # the same checks (duplicate keys...)
        return {loader.construct_object(k): _source_text(loader, v) for k, v in node.value}
    return loader.construct_object(node)


for _loader in (_FrontMatterLoader, _FastFrontMatterLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def yaml_front_matter(text: str) -> Any:
    """YAML front matter by the rules above: libyaml's parser when it reads
    the text, else the pure-Python one, whose messages are the ones shown.

    Raises:
        yaml.YAMLError: not valid YAML, or a key given twice.
    """
    try:
        return yaml.load(text, Loader=_FastFrontMatterLoader)  # noqa: S506 (safe loader)
    except yaml.YAMLError:
        return yaml.load(text, Loader=_FrontMatterLoader)  # noqa: S506 (SafeLoader subclass)


def toml_front_matter(text: str) -> dict[str, Any]:
    """TOML front matter, its text keys keeping the characters typed where
    TOML allows: a float (``tags = [3.10]``) keeps its source text.

    Raises:
        tomllib.TOMLDecodeError: not valid TOML.
    """
    data = tomllib.loads(text)
    if any(isinstance(data.get(key), (float, list, dict)) for key in _TEXT_KEYS):
        typed = tomllib.loads(text, parse_float=str)
        data.update((key, typed[key]) for key in _TEXT_KEYS if key in typed)
    return data


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
    if _FOOTNOTE_SYNTAX.search(text) is None:
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


FrontMatterParser = Callable[[str], Any]


def _split(text: str, path: Path) -> tuple[FrontMatterParser | None, str, str, int]:
    """(parser of the front matter, front matter, body, 1-based line of the
    front matter's first line); no parser when the file has no front matter."""
    first = text.split("\n", 1)[0].rstrip()
    handler: FrontMatterParser | None
    if re.fullmatch(r"-{3,}", first):
        handler = yaml_front_matter
    elif re.fullmatch(r"\+{3,}", first):
        handler = toml_front_matter
    else:
        return None, "", text, 1
    lines = text.split("\n")
    closer = re.compile(r"-{3,}|\.{3}" if handler is yaml_front_matter else r"\+{3,}")
    for index in range(1, len(lines)):
        if closer.fullmatch(lines[index].rstrip()):
            return handler, "\n".join(lines[1:index]), "\n".join(lines[index + 1:]), index + 2
    raise ArticleError(f"front matter opened on line 1 with {first!r} is never closed; "
                       f"end it with a line holding only {first[:3]!r}", path, 1)


def _load(handler: FrontMatterParser, fm: str, path: Path) -> dict[str, Any]:
    try:
        data = handler(fm)
    except yaml.YAMLError as exc:
        index, message = explain(exc, fm.split("\n"))
        raise ArticleError(f"front matter is not valid YAML: {message}", path,
                           index + 2 if index is not None else None) from None
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"at line (\d+)", str(exc))
        line = int(match.group(1)) + 1 if match else fm.count("\n") + 2
        message = re.sub(r"(?<!\s)\s*+\(at line \d+, column \d+\)", "", str(exc))
        raise ArticleError(f"front matter is not valid TOML: {message}", path, line) from None
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        # values the parsers accept but Python cannot hold (a 5000-digit
        # number, nesting thousands deep)
        raise ArticleError(f"front matter cannot be read: {type(exc).__name__}: {exc}; "
                           "simplify the value", path, 2) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        missing_space = key_without_space(fm.split("\n"))
        if missing_space is not None:
            raise ArticleError(f"front matter is not valid YAML: {missing_space[1]}", path,
                               missing_space[0] + 2)
        raise ArticleError("front matter must be a set of 'key: value' lines", path, 2)
    return {str(k): v for k, v in data.items()}


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
                  sidecar: dict[str, Any] | None = None,
                  language: str | None = None) -> dict[str, Any]:
    """Read a Markdown article into ``Article`` keyword arguments.

    Args:
        path: the file, for messages.
        decoded: its text (see :func:`newswire.readers.text.decode`).
        source: its path relative to ``content/``.
        zone: the site's time zone (``tzinfo``).
        sidecar: ignored for Markdown (front matter is the place).
        language: ignored (the site's language; Markdown dates are front matter).

    Raises:
        ArticleError: broken front matter, a bad value, or no title.
    """
    if not decoded.text.strip():
        raise ArticleError("the file is empty; an article needs front matter with a "
                           "title, then its text", path, 1)
    handler, fm, body, body_line = _split(decoded.text, path)
    data = _load(handler, fm, path) if handler else {}
    fm_lines = fm.split("\n")

    def line_of(key: str) -> int | None:
        pattern = re.compile(rf"^\s*['\"]?{re.escape(key)}['\"]?\s*[:=]")
        for index, line in enumerate(fm_lines):
            if pattern.match(line):
                return index + 2
        return 2 if handler else 1

    fields = parse_metadata(data, path, line_of, zone)
    fields["title_line"] = line_of("title")
    if not fields.get("title"):
        heading = _leading_heading(body)
        title = _inline_text(body[heading[0]:heading[1]]) if heading else ""
        if not title:
            raise ArticleError("no title; add 'title: …' to the front matter",
                               path, 2 if handler else 1)
        fields["title"] = title
        fields["title_line"] = body_line + body.count("\n", 0, heading[0])  # type: ignore[index]
        body = body[heading[2]:]  # type: ignore[index]
    fields["body_html"] = render_markdown(body)
    fields["body_line"] = body_line
    return fields
