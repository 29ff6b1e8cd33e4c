"""assign_identities and the derived path and id: the rules of README "Identity"."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

from newswire.identity import Record, State, assign_identities, derived_id, derived_path

from .conftest import APRIL, article

BASE = "https://news.example.org/"
NOW = APRIL + timedelta(days=10)
BODY = "".join(f"<p>Paragraph {n} of a story long enough to be recognised again.</p>"
               for n in range(6))


def assign(articles, state=State(), now=NOW):
    return assign_identities(articles, state, BASE, now)


def test_derived_path_uses_folders_and_slug_never_the_title() -> None:
    assert derived_path(article("2019/04/Kim Meets Putin.md", "Anything")) == \
        "2019/04/kim-meets-putin/"
    assert derived_path(article("a/b.md", slug="Other Slug")) == "a/other-slug/"


def test_a_path_never_escapes_the_site() -> None:
    assert ".." not in derived_path(article("../../etc/passwd.md"))


def test_derived_id_is_a_name_based_uuid_of_the_first_url() -> None:
    assert derived_id(BASE, "a/") == derived_id(BASE, "a/")
    assert derived_id(BASE, "a/").startswith("urn:uuid:")
    assert derived_id(BASE, "a/") != derived_id(BASE, "b/")


def test_a_new_article_is_recorded_and_an_undated_one_gets_now() -> None:
    identities, state, said = assign([article("x.md", published=None)])
    assert identities["x.md"].path == "x/"
    assert identities["x.md"].first_published == NOW
    assert [r.source for r in state.records] == ["x.md"]
    assert [(d.level, "add 'date:'" in d.message) for d in said] == [("warning", True)]


def test_an_edit_keeps_the_identity() -> None:
    first, state, _ = assign([article("x.md", digest="1", body_html=BODY)])
    again, _, said = assign([article("x.md", "New title", digest="2", tags=("t",))], state,
                            NOW + timedelta(days=1))
    assert again == first and said == []


def test_an_unchanged_article_keeps_its_very_record() -> None:
    # the build holds the ledger before and after: one record each, not two
    _, state, _ = assign([article("x.md", digest="1", body_html=BODY),
                          article("y.md", digest="1", body_html=BODY)])
    unchanged = article("x.md", "".join(["Sto", "ry"]), digest="".join(["", "1"]),
                        body_html=BODY)
    edited = article("y.md", "Story, edited", digest="2", body_html=BODY)
    _, again, said = assign([unchanged, edited], state, NOW + timedelta(days=1))
    before = {r.source: r for r in state.records}
    after = {r.source: r for r in again.records}
    assert after["x.md"] is before["x.md"] and said == []
    assert after["y.md"] is not before["y.md"]
    assert (after["y.md"].title, after["y.md"].digest) == ("Story, edited", "2")
    assert after["y.md"].id == before["y.md"].id


def test_a_renamed_and_edited_file_keeps_its_identity_with_a_warning() -> None:
    first, state, _ = assign([article("old.md", "Title", digest="1", body_html=BODY)])
    moved = article("new.md", "Title, edited", digest="2",
                    body_html=BODY.replace("Paragraph 5", "Paragraph five"))
    again, new_state, said = assign([moved], state)
    assert again["new.md"] == first["old.md"]
    assert [d.level for d in said] == ["warning", "warning"]
    assert "old.md renamed" in said[0].message and "keeps its published URL" in said[1].message
    assert {r.source for r in new_state.records} == {"new.md"}


def test_a_front_matter_id_wins() -> None:
    identities, _, _ = assign([article("x.md", id="tag:news.example.org,2019:1")])
    assert identities["x.md"].id == "tag:news.example.org,2019:1"


def test_a_published_article_wins_a_url_conflict() -> None:
    _, state, _ = assign([article("a/x.md")])
    identities, _, said = assign([article("a/x.md"), article("a/x.txt")], state)
    assert set(identities) == {"a/x.md"}
    assert [(d.level, d.path) for d in said] == [("error", "a/x.txt")]


def test_two_new_articles_with_one_id_are_both_refused() -> None:
    identities, _, said = assign([article("a.md", id="urn:x"), article("b.md", id="urn:x")])
    assert identities == {}
    assert sorted(d.path for d in said if d.level == "error") == ["a.md", "b.md"]


def test_a_removed_article_keeps_its_id_and_gets_it_back() -> None:
    first, state, _ = assign([article("x.md", body_html=BODY)])
    _, state, _ = assign([], state)
    assert [r.removed for r in state.records] == [True]
    again, _, _ = assign([article("x.md", body_html=BODY)], state)
    assert again == first


def test_a_new_file_with_a_removed_articles_id_continues_it() -> None:
    first, state, _ = assign([article("x.md", id="urn:kept")])
    _, state, _ = assign([], state)
    identities, _, said = assign([article("y.md", id="urn:kept")], state)
    assert identities["y.md"] == first["x.md"]
    assert [d.level for d in said] == ["warning", "warning"]
    assert "x.md renamed" in said[0].message


def test_an_id_held_by_another_article_is_refused() -> None:
    _, state, _ = assign([article("x.md", id="urn:kept"), article("y.md")])
    identities, _, said = assign([article("x.md", id="urn:other"),
                                  article("y.md", id="urn:kept")], state)
    assert "y.md" not in identities
    assert [(d.level, d.path) for d in said if d.level == "error"] == [("error", "y.md")]


def _slim(record: Record) -> Record:
    return replace(record, digest="", title="", signature="")


def test_the_ledger_round_trips_through_json() -> None:
    _, state, _ = assign([article("x.md"), article("y.md", published=None)])
    state = state.with_extra("feeds", {"main": "urn:uuid:f"})
    again = State.from_json(state.to_json())
    assert set(again.records) == {_slim(r) for r in state.records}
    assert again.get_extra("feeds") == {"main": "urn:uuid:f"}
    assert replace(again, records=()) == replace(state, records=())


def test_the_ledger_holds_only_what_never_changes() -> None:
    _, state, _ = assign([article("x.md", digest="a" * 64)])
    record = state.records[0]
    assert record.digest and record.title  # known in memory, kept in the database
    written = json.loads(State.from_json(state.to_json()).to_json())
    assert written["articles"] == [{"source": "x.md", "id": record.id, "path": "x/",
                                   "first_published": record.first_published.isoformat()}]
    # an edit (new bytes, title, body) writes the very same ledger
    _, edited, _ = assign([article("x.md", "Another title", digest="b" * 64, tags=("new",),
                                   body_html="<p>Another body, long enough to count.</p>")],
                          state)
    assert edited.records[0].title == "Another title"
    assert edited.to_json() == state.to_json()


def test_an_old_ledger_with_recognition_values_is_read() -> None:
    old = (b'{"version": 1, "articles": [{"source": "x.md", "id": "urn:x", "path": "x/", '
           b'"first_published": "2019-04-25T10:00:00+00:00", "digest": "ab", '
           b'"title": "T", "signature": "0a1b2c3d"}]}')
    state = State.from_json(old)
    assert [(r.digest, r.title, r.signature) for r in state.records] == [("ab", "T", "0a1b2c3d")]
    assert b"digest" not in state.to_json() and b"signature" not in state.to_json()
    # the database's values win over the old file's
    fresh = state.with_recognition({"x.md": ("cd", "U", "")})
    assert [(r.digest, r.title, r.signature) for r in fresh.records] == [("cd", "U", "")]


def test_three_new_files_wanting_one_id_are_all_refused_one_error_each() -> None:
    many = [article(f"{name}.md", id="urn:uuid:same") for name in ("c", "a", "b")]
    alone = article("d.md", id="urn:uuid:other")
    identities, _, said = assign([*many, alone])
    assert sorted(identities) == ["d.md"]
    assert [(str(d.path), d.message) for d in said if d.level == "error"] == [
        ("a.md", "same id urn:uuid:same as b.md, c.md; give each article its own 'id'"),
        ("b.md", "same id urn:uuid:same as a.md, c.md; give each article its own 'id'"),
        ("c.md", "same id urn:uuid:same as a.md, b.md; give each article its own 'id'")]


def _said(diagnostics) -> list[tuple[str, str, object, object]]:
    return [(d.level, d.message, d.path, d.line) for d in diagnostics]


def _settles(before: list, after: list) -> list | None:
    """What assign_identities says it would say run again on ``after``'s
    new state, checked against running it; None when it does not know."""
    _, state, _ = assign(before)
    _, new_state, said = assign(after, state)
    if said.again is None:
        return None
    _, again_state, said_again = assign(after, new_state)
    assert _said(said.again) == _said(said_again)
    assert again_state.same_ledger(new_state)
    return _said(said.again)


def test_what_a_run_on_the_new_state_says_is_known_when_articles_are_added() -> None:
    a, b = article("news/a.md", "A", digest="a"), article("news/b.md", "B", digest="b")
    new = article("news/c.md", "C", digest="c")
    assert _settles([a, b], [a, b, new]) == []
    assert _settles([a, b], [a, b, replace(new, published=None)]) == []  # dated once
    assert _settles([a], [replace(a, id="urn:x:a"), new]) == []  # an id changed, said once
    kept = _settles([a], [replace(a, slug="moved"), new])  # said by every run
    assert kept is not None and len(kept) == 1 and "keeps its published URL" in kept[0][1]


def test_a_new_file_taking_over_a_removed_url_is_said_once() -> None:
    a, b = article("news/a.md", "A", digest="a"), article("news/b.md", "B", digest="b")
    _, state, _ = assign([a, b])
    _, state, _ = assign([a], state)  # b removed
    other = article("news/b.txt", "Another story", digest="x", body_html="<p>Other.</p>")
    _, new_state, said = assign([a, other], state)
    assert any("takes over URL" in d.message for d in said)
    assert said.again == []
    _, _, said_again = assign([a, other], new_state)
    assert _said(said_again) == []


def test_what_a_run_on_the_new_state_says_is_not_guessed_after_a_rename_or_an_error() -> None:
    a = article("news/a.md", "A", digest="a", body_html=BODY)
    assert _settles([a], [replace(a, source="news/renamed.md")]) is None
    twins = [article("news/x.md", "X", digest="x", slug="same"),
             article("news/y.md", "Y", digest="y", slug="same")]
    assert _settles([a], [a, *twins]) is None
