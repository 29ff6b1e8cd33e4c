"""jsonio.dumps and jsonio.loads give what json does, byte for byte."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newswire.jsonio import compact, dumps, loads

OBJECTS = [
    {"title": "Kim & Putin", "items": [1, {"nested": []}, {}], "ok": True, "none": None},
    ["é", "日本", "\u2028", "tab\tand\nnewline", "\x00"],
    {"wide": 2**64 - 1, "low": -(2**63), "wider": 2**64, "lower": -(2**63) - 1},
    [1.5, 1e16, 0.1, -0.0],
    {1: "key that is no string"},
    "\ud800",
    [[[[]]]],
    ("a", ("b",)),
    [float("nan"), float("inf")],
]


@pytest.mark.parametrize("obj", OBJECTS)
@pytest.mark.parametrize("indent", [0, 1, 2, 4])
@pytest.mark.parametrize("ensure_ascii", [False, True])
def test_dumps_writes_what_json_writes(obj: object, indent: int, ensure_ascii: bool) -> None:
    assert dumps(obj, indent, ensure_ascii) == json.dumps(obj, ensure_ascii=ensure_ascii,
                                                          indent=indent)


ESCAPED = [
    "caf\u00e9 \u65e5\u672c \U0001F600 \x7f\u00e9\x7f \u2028\u2029 \ufeff \U0010FFFF",
    {"\u00e9t\u00e9": ["\x00\x1f\x7f", "\"quoted\" and \\back\\", "\x08\x0c\n\r\t"]},
    ["\x7f", "\x7f\x7f", "a\x7fb", "\u00ff\u0100\u07ff\u0800\uffff\U00010000"],
]


@pytest.mark.parametrize("obj", OBJECTS + ESCAPED)
@pytest.mark.parametrize("ensure_ascii", [False, True])
def test_compact_writes_what_json_writes(obj: object, ensure_ascii: bool) -> None:
    assert compact(obj, ensure_ascii) == json.dumps(obj, ensure_ascii=ensure_ascii,
                                                    separators=(",", ":"))


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**64 - 1) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12)


@given(_JSON)
def test_compact_with_ensure_ascii_is_json_escaping_every_character(obj: object) -> None:
    # characters beyond ASCII, DEL, controls and lone surrogates (left to json)
    assert compact(obj, ensure_ascii=True) == json.dumps(obj, ensure_ascii=True,
                                                         separators=(",", ":"))


def test_dumps_keeps_key_order() -> None:
    assert dumps({"b": 1, "a": 2}, 1) == '{\n "b": 1,\n "a": 2\n}'


def test_dumps_refuses_what_json_refuses() -> None:
    with pytest.raises(TypeError):
        dumps({"a": object()}, 2)


def test_dumps_refuses_data_holding_itself() -> None:
    loop: list[object] = []
    loop.append({"again": loop})
    with pytest.raises(ValueError, match="Circular reference"):
        dumps(loop, 2)


def test_dumps_writes_data_shared_twice() -> None:
    shared = {"a": [1]}
    assert dumps([shared, shared], 2) == json.dumps([shared, shared], indent=2)


@pytest.mark.parametrize("text", [
    '{"a": [1, 2.5, null, true, "x"]}', "1e400", "-0.0", '"\\ud800"', "NaN", "[Infinity]",
    "18446744073709551616", "-9223372036854775809", "12345678901234567890",
    "9007199254740993", '{"a": 1, "a": 2}', '"\\u0000"', "123456789012345678.5",
])
def test_loads_reads_what_json_reads(text: str) -> None:
    expected = json.loads(text)
    for data in (text, text.encode()):
        got = loads(data)
        assert repr(got) == repr(expected) and type(got) is type(expected)


def test_loads_reads_utf16_and_a_byte_order_mark() -> None:
    assert loads('{"a": "é"}'.encode("utf-16")) == {"a": "é"}
    assert loads(b'\xef\xbb\xbf{"a": 1}') == {"a": 1}


@pytest.mark.parametrize("data", [b"", b"{", b"[1,]", b"{'a': 1}", b"\xff\xfe\x00"])
def test_loads_raises_value_error_on_what_is_not_json(data: bytes) -> None:
    with pytest.raises(ValueError):
        loads(data)
