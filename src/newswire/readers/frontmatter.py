"""Front matter and sidecar files: keys written as YAML or TOML (README "Articles").

A Markdown article's front matter and a text article's sidecar file
(``<stem>.toml``, ``<stem>.yaml``) hold the same keys and are read by the
same rules, here. YAML is read the way people mean it, not the way YAML 1.1
allows: only ``true``/``false`` are booleans (``NO`` stays the text "NO"),
dates stay text until newswire reads them in the site's time zone, a key
given twice is an error rather than a silent overwrite, and text keys keep
the characters typed (``tags: [3.10, 012]`` are the tags "3.10" and "012",
not numbers). :func:`load_keys` turns every problem into an
:class:`~newswire.errors.ArticleError` with the line it is on in the
article's (or sidecar's) file, and :func:`key_line` finds a key's line.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from ..config import toml_mistake
from ..errors import ArticleError
from .yamlhelp import explain, key_without_space

__all__ = ["KeysParser", "key_line", "load_keys", "split_front_matter", "toml_front_matter",
           "yaml_front_matter"]


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


KeysParser = Callable[[str], Any]
"""A parser of keys' text: :func:`yaml_front_matter` or :func:`toml_front_matter`."""


def load_keys(parse: KeysParser, text: str, path: Path, name: str,
              first_line: int) -> dict[str, Any]:
    """The keys of ``text`` (front matter, or a whole sidecar file) as parsed
    by ``parse``; empty text gives no keys.

    Args:
        parse: :func:`yaml_front_matter` or :func:`toml_front_matter`.
        text: the keys' text.
        path: the file ``text`` is in, for messages.
        name: what the text is called in messages (``"front matter"``).
        first_line: the 1-based line of ``path`` on which ``text`` starts
            (2 below a front matter's opening ``---``).

    Raises:
        ArticleError: not valid YAML or TOML, a value Python cannot hold, or
            not a set of keys; the line is ``path``'s.
    """
    try:
        data = parse(text)
    except yaml.YAMLError as exc:
        index, message = explain(exc, text.split("\n"))
        raise ArticleError(f"{name} is not valid YAML: {message}", path,
                           index + first_line if index is not None else None) from None
    except tomllib.TOMLDecodeError as exc:
        line, message = toml_mistake(exc)
        # "at end of document": the last line (not the empty one after a final newline)
        line = line + first_line - 1 if line is not None \
            else text.rstrip("\n").count("\n") + first_line
        raise ArticleError(f"{name} is not valid TOML: {message}", path, line) from None
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        # values the parsers accept but Python cannot hold (a 5000-digit
        # number, nesting thousands deep)
        raise ArticleError(f"{name} cannot be read: {type(exc).__name__}: {exc}; "
                           "simplify the value", path, first_line) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        missing_space = key_without_space(text.split("\n"))
        if missing_space is not None:
            raise ArticleError(f"{name} is not valid YAML: {missing_space[1]}", path,
                               missing_space[0] + first_line)
        raise ArticleError(f"{name} must be a set of 'key: value' lines", path, first_line)
    return {str(k): v for k, v in data.items()}


def key_line(lines: list[str], key: str, first_line: int) -> int | None:
    """The 1-based line of the file on which ``key`` is given in ``lines``
    (the keys' text, starting on line ``first_line`` of the file), or None."""
    pattern = re.compile(rf"^\s*['\"]?{re.escape(key)}['\"]?\s*[:=]")
    for index, line in enumerate(lines):
        if pattern.match(line):
            return index + first_line
    return None


def split_front_matter(text: str, path: Path) -> tuple[KeysParser | None, str, str, int]:
    """Front matter (YAML between ``---`` lines, TOML between ``+++`` lines)
    and body of an article's text: (the parser of the front matter for
    :func:`load_keys`, the front matter, the body, the 1-based line the body
    starts on); no parser, and the whole text as body from line 1, when the
    text does not open with front matter.

    Raises:
        ArticleError: the front matter is never closed.
    """
    first = text.split("\n", 1)[0].rstrip()
    handler: KeysParser | None
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
