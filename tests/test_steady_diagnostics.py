"""What a build that has nothing to do says again: the last build's warnings,
in their order, without those about its own changes to the identity ledger."""

from __future__ import annotations

from pathlib import Path

import pytest

from newswire.build import _replaced
from newswire.errors import Diagnostic
from newswire.run import BuildOptions, build
from newswire.state import digests

from .conftest import NOW


def site(tmp_path: Path) -> Path:
    (tmp_path / "feeds").mkdir()
    (tmp_path / "content").mkdir()
    (tmp_path / "feeds/site.toml").write_text('base_url = "https://ex.org/"\ntitle = "Ex"\n',
                                              "utf-8")
    content = tmp_path / "content"
    # said by the reader, before identities are assigned
    (content / "long.md").write_text("---\ntitle: " + "Long " * 50 + "\ndate: 2024-01-02\n"
                                     "---\nBody.\n", "utf-8")
    # said by the identity stage, once: the date it is published as is recorded
    (content / "undated.md").write_text("---\ntitle: Undated\n---\nBody.\n", "utf-8")
    # said after identities, by the lead-image check
    (content / "pictured.md").write_text("---\ntitle: Pictured\ndate: 2024-01-01\n"
                                         "image: gone.png\n---\nBody.\n", "utf-8")
    return tmp_path


def messages(report) -> list[str]:
    return [f"{Path(d.path).name}: {d.message.split(';')[0]}" for d in report.diagnostics]


def test_a_build_with_nothing_to_do_repeats_all_but_the_ledger_changes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the inputs were written just now: trust their stat all the same
    monkeypatch.setattr(digests, "RACY_NS", -10**10)
    root = site(tmp_path)
    first = build(root, BuildOptions(now=NOW))
    assert not first.unchanged
    said = messages(first)
    assert [m.split(":")[0] for m in said] == ["long.md", "undated.md", "pictured.md"]
    assert said[1].startswith("undated.md: no date")
    again = build(root, BuildOptions(now=NOW))
    assert again.unchanged
    assert messages(again) == [said[0], said[2]]


A, B, C, D = (Diagnostic("warning", m) for m in "abcd")


def test_replaced_puts_the_new_values_where_the_old_were() -> None:
    assert _replaced([A, B, C, D], [B, C], [Diagnostic("warning", "x")]) == [
        A, Diagnostic("warning", "x"), D]
    assert _replaced([A, B, C], [B], []) == [A, C]
    assert _replaced([A, B], [], []) == [A, B]


def test_replaced_goes_by_identity_not_equality() -> None:
    twin = Diagnostic("warning", "b")  # said by another stage, equal to B
    assert _replaced([twin, A, B], [B], []) == [twin, A]
    replaced = _replaced([twin, A, B], [B], [])
    assert replaced is not None and replaced[0] is twin


def test_replaced_cannot_place_new_values_without_old_ones() -> None:
    assert _replaced([A, B], [], [C]) is None
