"""ledger_conflicts and body_signature: the ledger's own consistency, and the
fingerprint that recognises a renamed and edited article."""

from __future__ import annotations

from datetime import datetime, timezone

from newswire.identity import body_signature, ledger_conflicts
from newswire.state.ledger import Record, State

APRIL = datetime(2019, 4, 25, 10, 0, tzinfo=timezone.utc)
LONG = "This paragraph is long enough to count in a body signature, {}."


def record(source: str, ident: str, path: str, removed: bool = False) -> Record:
    return Record(source, ident, path, APRIL, removed=removed)


def test_a_consistent_ledger_has_no_conflict() -> None:
    assert ledger_conflicts(State((record("a.md", "urn:a", "a/"),
                                   record("b.md", "urn:b", "b/")))) == []


def test_an_id_a_source_and_a_url_twice_are_conflicts() -> None:
    a = record("a.md", "urn:a", "a/")
    same_id = record("b.md", "urn:a", "b/")
    same_source = record("a.md", "urn:c", "c/")
    same_url = record("d.md", "urn:d", "a/")
    found = ledger_conflicts(State((a, same_id, same_source, same_url)))
    assert [(c.what, c.value, c.first, c.second) for c in found] == [
        ("id", "urn:a", a, same_id), ("source", "a.md", a, same_source),
        ("URL", "a/", a, same_url)]


def test_a_removed_article_may_share_its_url() -> None:
    state = State((record("old.md", "urn:old", "a/", removed=True),
                   record("new.md", "urn:new", "a/")))
    assert ledger_conflicts(state) == []


def test_the_signature_hashes_the_first_long_paragraphs() -> None:
    body = "<p>Short.</p>" + "".join(f"<p>{LONG.format(n)}</p>" for n in range(15))
    hashes = body_signature(body).split()
    assert len(hashes) == 12 and all(len(h) == 8 for h in hashes)
    assert len(set(hashes)) == 12


def test_markup_case_and_spacing_do_not_change_the_signature() -> None:
    plain = f"<p>{LONG.format('one')}</p><p>{LONG.format('two')}</p>"
    styled = (f"<div><em>{LONG.format('one').upper()}</em></div><br>"
              f"<li>  {LONG.format('two').replace(' ', '  ')}</li>")
    assert body_signature(plain) == body_signature(styled)


def test_an_edited_paragraph_changes_only_its_hash() -> None:
    before = body_signature("".join(f"<p>{LONG.format(n)}</p>" for n in range(4))).split()
    after = body_signature("".join(f"<p>{LONG.format(n if n != 2 else 'x')}</p>"
                                   for n in range(4))).split()
    assert len(set(before) & set(after)) == 3


def test_a_body_without_long_paragraphs_has_an_empty_signature() -> None:
    assert body_signature("<p>Short.</p><p>Also short.</p>") == ""
    assert body_signature("") == ""


def test_a_repeated_paragraph_counts_once() -> None:
    assert len(body_signature(f"<p>{LONG.format(1)}</p>" * 3).split()) == 1
