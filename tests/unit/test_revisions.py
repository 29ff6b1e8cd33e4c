"""text_digest, Revisions and with_updated: updated = "auto"."""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path

import pytest

from newswire.errors import StateError
from newswire.revisions import FILE_NAME, Revisions, text_digest, with_updated

from .blocking import without_blocking
from .conftest import APRIL, entry

LATER = APRIL + timedelta(days=3, microseconds=250)


def test_markup_and_spacing_do_not_change_the_text_digest() -> None:
    assert text_digest("Kim  meets\nPutin", "<p>Talks <em>began</em> today.</p>") == \
        text_digest("Kim meets Putin", "<div>Talks began <b>today.</b></div>")
    assert text_digest("T", "<p>A &amp; B</p>") == text_digest("T", "A & B")


def test_words_change_the_text_digest() -> None:
    assert text_digest("T", "<p>Talks began.</p>") != text_digest("T", "<p>Talks ended.</p>")
    assert text_digest("T", "<p>x</p>") != text_digest("U", "<p>x</p>")


def test_title_and_body_are_kept_apart_in_the_digest() -> None:
    assert text_digest("a b", "c") != text_digest("a", "b c")


def test_a_new_article_is_recorded_without_a_moment() -> None:
    seen = Revisions().observe({"urn:a": "d1"}, LATER)
    assert seen.records == {"urn:a": ("d1", None)}
    assert seen.updated("urn:a") is None


def test_a_changed_text_records_now_to_the_second() -> None:
    seen = Revisions({"urn:a": ("d1", None)}).observe({"urn:a": "d2"}, LATER)
    assert seen.records["urn:a"] == ("d2", "2019-04-28T10:00:00+00:00")
    assert seen.updated("urn:a") == LATER.replace(microsecond=0)


def test_the_same_text_keeps_its_moment() -> None:
    before = Revisions({"urn:a": ("d2", "2019-04-26T10:00:00+00:00")})
    assert before.observe({"urn:a": "d2"}, LATER) == before


def test_records_of_articles_not_seen_are_kept() -> None:
    seen = Revisions({"urn:gone": ("d", None)}).observe({"urn:a": "d1"}, LATER)
    assert set(seen.records) == {"urn:gone", "urn:a"}


def test_the_record_round_trips_through_its_file(tmp_path: Path) -> None:
    revisions = Revisions({"urn:b": ("d2", "2019-04-26T10:00:00+00:00"), "urn:a": ("d1", None)})
    assert revisions.save(tmp_path) is True
    assert revisions.save(tmp_path) is False
    data = json.loads((tmp_path / FILE_NAME).read_bytes())
    assert data == {"format": 1, "articles": {
        "urn:a": {"text": "d1"},
        "urn:b": {"text": "d2", "updated": "2019-04-26T10:00:00+00:00"}}}
    assert list(data["articles"]) == ["urn:a", "urn:b"]
    assert Revisions.load(tmp_path) == revisions


def test_no_file_is_an_empty_record(tmp_path: Path) -> None:
    assert Revisions.load(tmp_path).records == {}


@pytest.mark.parametrize("content", [
    "not json", '{"format": 2, "articles": {}}', '[1, 2]',
    '{"format": 1, "articles": {"urn:a": {"updated": null}}}',
    '{"format": 1, "articles": {"urn:a": {"text": 3}}}',
    '{"format": 1, "articles": {"urn:a": {"text": "d", "updated": "2019-04-26T10:00:00"}}}',
    '{"format": 1, "articles": {"urn:a": {"text": "d", "updated": "soon"}}}',
])
def test_a_damaged_record_stops_the_build(tmp_path: Path, content: str) -> None:
    (tmp_path / FILE_NAME).write_text(content)
    with pytest.raises(StateError) as caught:
        Revisions.load(tmp_path)
    assert caught.value.path == tmp_path / FILE_NAME
    assert "damaged" in caught.value.message


def test_a_record_that_is_no_regular_file_stops_the_build_unread(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / FILE_NAME)  # read, it would block forever
    with pytest.raises(StateError) as caught:
        without_blocking(lambda: Revisions.load(tmp_path), tmp_path / FILE_NAME)
    assert caught.value.message.startswith("cannot read: is a named pipe (FIFO)")


def test_with_updated_takes_the_later_moment() -> None:
    old, new = entry("a.md"), entry("b.md", days=9)
    revisions = Revisions({old.id: ("d", "2019-04-28T10:00:00+00:00"),
                           new.id: ("d", "2019-04-28T10:00:00+00:00")})
    out = with_updated([old, new], revisions)
    assert [e.id for e in out] == [old.id, new.id]
    assert out[0].updated == APRIL + timedelta(days=3)
    assert out[1] is new


def test_with_updated_leaves_unrecorded_entries_alone() -> None:
    e = entry("a.md")
    assert with_updated([e], Revisions())[0] is e
