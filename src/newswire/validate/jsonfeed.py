"""JSON Feed 1.1 rules (https://www.jsonfeed.org/version/1.1/).

JSON parsers do not say where a value was, so the checks name each problem
by its place in the document (``("items", 3, "url")``) and, only when there
is something to report, one more pass over the text finds the line of each
place.
"""

from __future__ import annotations

import bisect
import json
import re
from json.decoder import scanstring
from typing import Any, Callable, Iterator

from ..safeio import load_json
from .finding import Finding, finding
from .links import relative_urls
from .values import is_absolute_iri, is_web_url, rfc3339_problem

__all__ = ["check"]

Place = tuple[str | int, ...]
Problem = tuple[Place, str, str]   # (place, code, message)

VERSIONS = ("https://jsonfeed.org/version/1.1", "https://jsonfeed.org/version/1")

_NON_SPACE = re.compile(r"\S")
_SCALAR = re.compile(r"[^\s,\]}]+")


def check(data: bytes, path: str) -> list[Finding]:
    """Findings for a JSON Feed 1.1 document given as bytes.

    Follows JSON Feed 1.1: top-level ``version``, ``title``, ``items``;
    ``items`` each with a unique string ``id`` and ``content_html`` or
    ``content_text``; absolute URLs; RFC 3339 dates; ``authors`` objects.
    RFC 8259 §8.1: the text is UTF-8 (a leading byte order mark is ignored).
    """
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        line = body.count(b"\n", 0, error.start) + 1
        return [finding(path, line, "JSON-ENCODING",
                        f"byte 0x{body[error.start]:02X} is not UTF-8; JSON Feed files are "
                        "UTF-8: re-encode the file")]
    try:
        document = load_json(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        return [finding(path, error.lineno, "JSON-MALFORMED",
                        f"{error.msg} at column {error.colno} (the file is not valid JSON)")]
    except ValueError as error:
        return [finding(path, None, "JSON-MALFORMED", f"{error} (the file is not valid JSON)")]
    problems = list(_feed(document))
    if not problems:
        return []
    lines = _lines(text)
    return [finding(path, _line_of(lines, place), code, message) for place, code, message in problems]


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def _line_of(lines: dict[Place, int], place: Place) -> int | None:
    while place not in lines and place:
        place = place[:-1]
    return lines.get(place)


def _lines(text: str) -> dict[Place, int]:
    """The line of every object key and array element, by place."""
    newlines = [match.start() for match in re.finditer("\n", text)]
    lines: dict[Place, int] = {}
    stack: list[list[Any]] = []   # [is_object, current key or index]
    expecting_key = False
    position = 0
    while (match := _NON_SPACE.search(text, position)) is not None:
        start = match.start()
        char = text[start]
        position = start + 1
        if char == ",":
            if stack[-1][0]:
                expecting_key = True
            else:
                stack[-1][1] += 1
            continue
        if char == ":":
            continue
        if char in "}]":
            stack.pop()
            continue
        line = bisect.bisect_left(newlines, start) + 1
        if stack and stack[-1][0] and expecting_key:
            stack[-1][1], position = scanstring(text, start + 1)
            lines[tuple(level[1] for level in stack)] = line
            expecting_key = False
            continue
        if not stack or not stack[-1][0]:
            lines[tuple(level[1] for level in stack)] = line
        if char == "{":
            stack.append([True, None])
            expecting_key = True
        elif char == "[":
            stack.append([False, 0])
        elif char == '"':
            position = scanstring(text, start + 1)[1]
        else:
            position = _SCALAR.match(text, start).end()
    return lines


def _is_string(value: Any) -> bool:
    return isinstance(value, str)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


Expected = tuple[tuple[str, Callable[[Any], bool], str], ...]


def _types(obj: dict[str, Any], place: Place, expected: Expected) -> Iterator[Problem]:
    for key, test, name in expected:
        if key in obj and not test(obj[key]):
            yield (*place, key), "JSON-TYPE", f"{key} is {_json_type(obj[key])}; it must be {name}"


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "an array" if isinstance(value, list) else "an object"


def _is_list(value: Any) -> bool:
    return isinstance(value, list)


def _is_strings(value: Any) -> bool:
    return isinstance(value, list) and all(map(_is_string, value))


_FEED_TYPES: Expected = (
    *((key, _is_string, "a string") for key in (
        "version", "title", "home_page_url", "feed_url", "description", "user_comment",
        "next_url", "icon", "favicon", "language")),
    ("expired", lambda value: isinstance(value, bool), "true or false"),
    ("hubs", _is_list, "an array"),
    ("items", _is_list, "an array"),
)
_ITEM_TYPES: Expected = (
    *((key, _is_string, "a string") for key in (
        "id", "url", "external_url", "title", "content_html", "content_text", "summary",
        "image", "banner_image", "date_published", "date_modified", "language")),
    ("tags", _is_strings, "an array of strings"),
    ("attachments", _is_list, "an array"),
)
_ATTACHMENT_TYPES: Expected = (
    *((key, _is_string, "a string") for key in ("url", "mime_type", "title")),
    ("size_in_bytes", _is_number, "a number"),
    ("duration_in_seconds", _is_number, "a number"),
)
_FEED_URLS = ("home_page_url", "feed_url", "next_url", "icon", "favicon")
_ITEM_URLS = ("url", "external_url", "image", "banner_image")


def _urls(obj: dict[str, Any], place: Place, keys: tuple[str, ...]) -> Iterator[Problem]:
    for key in keys:
        value = obj.get(key)
        if isinstance(value, str) and not is_web_url(value):
            yield ((*place, key), "JSON-URL",
                   f"{key} {value!r} is not an absolute http(s) URL; write it in full")


def _feed(document: Any) -> Iterator[Problem]:
    if not isinstance(document, dict):
        yield (), "JSON-TYPE", f"the document is {_json_type(document)}; a JSON Feed is an object"
        return
    version = document.get("version")
    if version is None:
        yield (), "JSON-VERSION", "no version; add \"version\": \"https://jsonfeed.org/version/1.1\""
    elif version not in VERSIONS:
        yield (("version",), "JSON-VERSION",
               f"version {version!r} is not a JSON Feed version; write "
               "\"https://jsonfeed.org/version/1.1\"")
    for key in ("title", "items"):
        if key not in document:
            yield (), "JSON-REQUIRED", f"the feed has no {key!r}; JSON Feed 1.1 requires one"
    yield from _types(document, (), _FEED_TYPES)
    yield from _urls(document, (), _FEED_URLS)
    yield from _authors(document, ())
    hubs = document.get("hubs")
    for index, hub in enumerate(hubs if isinstance(hubs, list) else []):
        if not (isinstance(hub, dict) and isinstance(hub.get("type"), str) and isinstance(hub.get("url"), str)):
            yield ("hubs", index), "JSON-TYPE", "a hub is an object with string type and url"
    items = document.get("items")
    if not isinstance(items, list):
        return
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        yield from _item(item, ("items", index), seen, index)


def _item(item: Any, place: Place, seen: dict[str, int], index: int) -> Iterator[Problem]:
    if not isinstance(item, dict):
        yield place, "JSON-TYPE", f"item {index} is {_json_type(item)}; items are objects"
        return
    if "id" not in item:
        yield place, "JSON-REQUIRED", f"item {index} has no id; give it a permanent, unique string id"
    elif isinstance(item["id"], str):
        if item["id"] in seen:
            yield ((*place, "id"), "JSON-ID-DUPLICATE",
                   f"id {item['id']!r} is already the id of item {seen[item['id']]}; "
                   "every item needs its own, permanent id")
        else:
            seen[item["id"]] = index
    if "content_html" not in item and "content_text" not in item:
        yield place, "JSON-REQUIRED", f"item {index} has neither content_html nor content_text; add one"
    yield from _types(item, place, _ITEM_TYPES)
    yield from _urls(item, place, _ITEM_URLS)
    for key in ("date_published", "date_modified"):
        value = item.get(key)
        if isinstance(value, str) and (problem := rfc3339_problem(value)) is not None:
            yield (*place, key), "JSON-DATE", f"{key} {value!r} {problem}"
    yield from _authors(item, place)
    html = item.get("content_html")
    if isinstance(html, str):
        for _, attribute, url in relative_urls(html):
            yield ((*place, "content_html"), "HTML-RELATIVE-URL",
                   f"{attribute}={url!r} in content_html is relative; readers show it away "
                   "from your site: make it an absolute URL")
    attachments = item.get("attachments")
    for number, attachment in enumerate(attachments if isinstance(attachments, list) else []):
        yield from _attachment(attachment, (*place, "attachments", number))


def _attachment(attachment: Any, place: Place) -> Iterator[Problem]:
    if not isinstance(attachment, dict):
        yield place, "JSON-TYPE", f"an attachment is {_json_type(attachment)}; it must be an object"
        return
    for key in ("url", "mime_type"):
        if key not in attachment:
            yield place, "JSON-REQUIRED", f"the attachment has no {key}; JSON Feed 1.1 requires one"
    yield from _types(attachment, place, _ATTACHMENT_TYPES)
    yield from _urls(attachment, place, ("url",))


def _authors(obj: dict[str, Any], place: Place) -> Iterator[Problem]:
    """JSON Feed 1.1 ``authors`` (and the deprecated 1.0 ``author``)."""
    candidates: list[tuple[Place, Any]] = []
    if "authors" in obj:
        authors = obj["authors"]
        if not isinstance(authors, list):
            yield ((*place, "authors"), "JSON-AUTHORS",
                   f"authors is {_json_type(authors)}; it must be an array of author objects")
        else:
            candidates.extend(((*place, "authors", index), author) for index, author in enumerate(authors))
    if "author" in obj:
        candidates.append(((*place, "author"), obj["author"]))
    for where, author in candidates:
        if not isinstance(author, dict):
            yield where, "JSON-AUTHORS", f"an author is {_json_type(author)}; it must be an object"
            continue
        if not any(isinstance(author.get(key), str) and author[key] for key in ("name", "url", "avatar")):
            yield where, "JSON-AUTHORS", "an author needs at least one of name, url or avatar"
        for key in ("name", "url", "avatar"):
            if key in author and not isinstance(author[key], str):
                yield (*where, key), "JSON-AUTHORS", f"author {key} is {_json_type(author[key])}; it must be a string"
        if isinstance(author.get("url"), str) and not is_absolute_iri(author["url"]):
            yield (*where, "url"), "JSON-URL", f"author url {author['url']!r} is not an absolute URL"
        if isinstance(author.get("avatar"), str) and not is_web_url(author["avatar"]):
            yield (*where, "avatar"), "JSON-URL", f"avatar {author['avatar']!r} is not an absolute http(s) URL"
