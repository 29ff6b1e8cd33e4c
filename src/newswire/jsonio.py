"""Indented JSON at the speed of orjson, byte for byte what :mod:`json` writes.

``json.dumps(..., indent=n)`` cannot use the C encoder and costs about 40
times what orjson does; feeds, JSON-LD blocks and state files are written
with an indent, and their bytes must not change from one newswire version to
the next (readers and ``git`` see every changed byte). :func:`dumps` writes
with orjson and re-indents its two-space output to ``indent`` spaces, which
gives exactly ``json.dumps(obj, ensure_ascii=..., indent=indent)``: the
same separators (``", "`` is never used with an indent, ``": "`` always),
the same escapes, the same empty ``[]`` and ``{}``. Lines are only ever
indented by the encoder: a string's own newlines are escaped as ``\\n``.

Whatever orjson does not write the way :mod:`json` does is handed to
:mod:`json`: floats (their shortest forms differ: ``1e+16`` against
``1e16``), integers beyond 64 bits, keys that are not strings, lone
surrogates, and non-ASCII text when ``ensure_ascii`` is asked for.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

__all__ = ["compact", "dumps", "loads"]


def _plain(obj: Any) -> bool:
    """True when ``obj`` holds only str keys, str, int (64 bits), bool, None,
    lists, tuples and dicts (orjson writes these as :mod:`json` does), each
    container once: one met again (a list holding itself) is left to
    :mod:`json`, which refuses a cycle with ``ValueError``."""
    stack = [obj]
    seen = {id(obj)}
    while stack:
        value = stack.pop()
        kind = type(value)
        if kind is dict:
            if not all(type(key) is str for key in value):
                return False
            items = value.values()
        elif kind is list or kind is tuple:
            items = value
        else:
            items = (value,)
        for item in items:
            kind = type(item)
            if kind is str or kind is bool or item is None:
                continue
            if kind is int:
                if not -(1 << 63) <= item < (1 << 64):
                    return False
            elif kind is dict or kind is list or kind is tuple:
                if id(item) in seen:
                    return False
                seen.add(id(item))
                stack.append(item)
            else:
                return False
    return True


def dumps(obj: Any, indent: int, ensure_ascii: bool = False) -> str:
    """``json.dumps(obj, ensure_ascii=ensure_ascii, indent=indent)``, faster.

    Args:
        obj: JSON data (dicts keep their order; keys are not sorted).
        indent: spaces per level (0: a newline before each item, no spaces).
        ensure_ascii: escape every non-ASCII character as ``\\uXXXX``.

    Raises:
        TypeError, ValueError: as :func:`json.dumps` does for data it cannot write.
    """
    if _plain(obj):
        try:
            text = orjson.dumps(obj, option=orjson.OPT_INDENT_2).decode("utf-8")
        except orjson.JSONEncodeError:  # a lone surrogate: json writes it as it is
            pass
        else:
            if not (ensure_ascii and not _ascii_as_json(text)):
                return text if indent == 2 else _reindent(text, indent)
    return json.dumps(obj, ensure_ascii=ensure_ascii, indent=indent)


def _ascii_as_json(text: str) -> bool:
    """True when ``text`` (orjson's) is what :mod:`json` writes with
    ``ensure_ascii``: ASCII, and without DEL, which json escapes
    (``\\u007f``) and orjson does not."""
    return text.isascii() and "\x7f" not in text


def compact(obj: Any, ensure_ascii: bool = False) -> str:
    """``json.dumps(obj, ensure_ascii=ensure_ascii, separators=(",", ":"))``,
    faster: orjson's own output, which has those separators.

    Raises:
        TypeError, ValueError: as :func:`json.dumps` does for data it cannot write.
    """
    if _plain(obj):
        try:
            text = orjson.dumps(obj).decode("utf-8")
        except orjson.JSONEncodeError:  # a lone surrogate: json writes it as it is
            pass
        else:
            if not (ensure_ascii and not _ascii_as_json(text)):
                return text
    return json.dumps(obj, ensure_ascii=ensure_ascii, separators=(",", ":"))


def _reindent(text: str, indent: int) -> str:
    """orjson's two-space indentation made ``indent`` spaces per level.

    Deepest level first, each level's indentation becomes NUL characters
    (which JSON text never holds raw: orjson writes them ``\\u0000``), so a
    shallower level's replacement cannot touch a deeper line; then the NULs
    become spaces. A handful of C-speed passes over the text, whatever its size.
    """
    depth = 0
    while "\n" + "  " * (depth + 1) in text:
        depth += 1
    for level in range(depth, 0, -1):
        text = text.replace("\n" + "  " * level, "\n" + "\0" * (level * indent))
    return text.replace("\0", " ") if indent else text


# orjson reads an integer beyond 64 bits as a float; one written with 20
# digits or more (19 after a minus sign) may be one, and such text goes to
# json. The test maps every digit to "0" and looks for those runs: C-speed
# passes (a regular expression trying a match at every digit of a long body
# was most of the time of loading the article cache).
_DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"000000000")
_WIDE_RUNS = (b"0" * 20, b"-" + b"0" * 19)


def _may_hold_wide_integer(data: bytes | str) -> bool:
    """True when ``data`` has a run of 20 digits, or of 19 after a minus
    sign: a superset of the texts holding an integer orjson cannot read
    exactly (every file-system time in nanoseconds has 19 digits, and
    passes)."""
    raw = data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")
    digits = raw.translate(_DIGITS_AS_ZERO)
    return _WIDE_RUNS[0] in digits or _WIDE_RUNS[1] in digits


def loads(data: bytes | str) -> Any:
    """Parse JSON (UTF-8 bytes or text) as :func:`json.loads` does: what
    orjson refuses or reads otherwise but :mod:`json` reads (``NaN``,
    integers beyond 64 bits, lone surrogates, UTF-16) is read by :mod:`json`.

    Raises:
        ValueError: the data is not JSON (:class:`json.JSONDecodeError`),
            or not text (:class:`UnicodeDecodeError`).
    """
    if not _may_hold_wide_integer(data):
        try:
            return orjson.loads(data)
        except orjson.JSONDecodeError:
            pass
    return json.loads(data)
