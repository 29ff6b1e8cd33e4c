"""decode_references and plain_field: front-matter text as the writer meant it."""

from __future__ import annotations

import pytest

from newswire.readers.fields import LoneSurrogate, decode_references, plain_field


@pytest.mark.parametrize(("text", "decoded"), [
    ("no references", "no references"),
    ("Q&amp;A &mdash; it&#8217;s", "Q&A — it’s"),
    ("&amp;amp;", "&amp;"),
    ("&#147;quoted&#148;", "“quoted”"),
    ("&#55357;&#56832;", "\U0001f600"),
    ("&#xD83D;&#xDE00;!", "\U0001f600!"),
    ("a&#11;b", "a b"),
    ("a&#0;b", "a\x00b"),
    ("a&#1;b", "a\x01b"),
    ("&#x110000;", "\x00"),
    ("&#" + "9" * 5000 + ";", "\x00"),
    ("&#000000065;", "A"),
])
def test_decode_references(text: str, decoded: str) -> None:
    assert decode_references(text) == decoded


@pytest.mark.parametrize("text", ["&#55357;", "&#55357;x&#56832;", "&#56832;", "&#xDC00;a"])
def test_a_lone_surrogate_reference_is_refused(text: str) -> None:
    with pytest.raises(LoneSurrogate) as caught:
        decode_references(text)
    assert caught.value.reference.startswith("&#")
    assert "half of a UTF-16 surrogate pair" in str(caught.value)


@pytest.mark.parametrize(("value", "expected"), [
    ("  Kim   meets\n\tPutin ", ("Kim meets Putin", 0)),
    ("5&nbsp;km  away", ("5\u00a0km away", 0)),
    ("Q&amp;A", ("Q&A", 0)),
    ("bad &#0; ref", ("bad ref", 1)),
    ("   ", ("", 0)),
    ("\x00", ("", 1)),
])
def test_plain_field(value: str, expected: tuple[str, int]) -> None:
    assert plain_field(value) == expected


def test_plain_field_without_references_keeps_them() -> None:
    assert plain_field("Q&amp;A", references=False) == ("Q&amp;A", 0)
