"""read_one and read_many in this process: one outcome per file, in order,
every problem a diagnostic (the worker processes: tests/test_parallel.py)."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newswire import parallel
from newswire.parallel import default_workers, read_many, read_one

ROME = ZoneInfo("Europe/Rome")


def site(tmp_path: Path) -> list[Path]:
    (tmp_path / "good.md").write_text("---\ntitle: Good\n---\nBody\n")
    (tmp_path / "bad.md").write_text("---\ntitle: [unclosed\n---\nBody\n")
    (tmp_path / "odd.md").write_text("---\ntitle: Odd\ndate: 04/05/2019\n---\nBody\n")
    return [tmp_path / "good.md", tmp_path / "bad.md", tmp_path / "odd.md"]


def test_a_good_file_gives_its_article(tmp_path: Path) -> None:
    good, _, odd = site(tmp_path)
    outcome = read_one(good, tmp_path, ROME)
    assert outcome.path == good and outcome.article is not None
    assert outcome.article.title == "Good" and outcome.error is None
    warned = read_one(odd, tmp_path, ROME)
    assert warned.article is not None and len(warned.warnings) == 1


def test_a_bad_file_gives_its_error_at_its_line(tmp_path: Path) -> None:
    _, bad, _ = site(tmp_path)
    outcome = read_one(bad, tmp_path, ROME)
    assert outcome.article is None and outcome.error is not None
    assert (outcome.error.level, outcome.error.path, outcome.error.line) == ("error", bad, 2)


def test_an_unexpected_exception_is_an_error_not_a_traceback(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good, _, _ = site(tmp_path)

    def broken(*args: object) -> None:
        raise RuntimeError("reader bug")
    monkeypatch.setattr(parallel, "read_article", broken)
    outcome = read_one(good, tmp_path, ROME)
    assert outcome.article is None and outcome.error is not None
    assert outcome.error.message.startswith("unexpected RuntimeError: reader bug; ")
    assert outcome.error.path == good


def test_read_many_keeps_the_order_and_reports_progress(tmp_path: Path) -> None:
    paths = site(tmp_path)
    seen: list[tuple[int, int]] = []
    outcomes = read_many(paths, tmp_path, ROME, workers=1,
                         progress=lambda done, total: seen.append((done, total)))
    assert [o.path for o in outcomes] == paths
    assert [o.article is not None for o in outcomes] == [True, False, True]
    assert outcomes == [read_one(p, tmp_path, ROME) for p in paths]
    assert seen[-1] == (3, 3)


def test_default_workers_is_at_least_one() -> None:
    assert default_workers() >= 1
