"""list_articles: one row per article a build would publish, nothing written."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from newswire.errors import ConfigError
from newswire.listing import list_articles
from newswire.options import BuildOptions, BuildReport

NOW = BuildOptions(now=datetime(2026, 1, 1, tzinfo=timezone.utc))


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "feeds").mkdir()
    (tmp_path / "content" / "asia").mkdir(parents=True)
    (tmp_path / "feeds/site.toml").write_text('base_url = "https://x.org/"\ntitle = "X"\n')
    (tmp_path / "feeds/asia.toml").write_text('title = "Asia"\ninclude_tags = ["asia"]\n')
    (tmp_path / "content/asia/summit.md").write_text(
        "---\ntitle: Summit &amp; talks\ndate: 2025-12-01\ntags: [Asia]\n---\nBody.\n")
    (tmp_path / "content/draft.md").write_text(
        "---\ntitle: Embargoed\ndate: 2025-11-01\ndraft: true\n---\nBody.\n")
    (tmp_path / "content/later.md").write_text(
        "---\ntitle: Next week\ndate: 2026-01-08\n---\nBody.\n")
    return tmp_path


def test_rows_of_published_articles(site: Path) -> None:
    left_out: dict[str, int] = {}
    [row] = list_articles(site, NOW, left_out=left_out)
    assert row["published"] == "2025-12-01T00:00:00+00:00"
    assert row["title"] == "Summit & talks"
    assert row["url"] == "https://x.org/asia/summit/" and row["source"] == "asia/summit.md"
    assert row["id"].startswith("urn:uuid:")
    assert row["feeds"] == ["asia", "main"]  # feed order: by name
    assert (row["draft"], row["future"]) == (False, False)
    assert left_out == {"drafts": 1, "future": 1}
    assert not (site / "public").exists()


def test_drafts_and_future_articles_are_listed_and_marked_when_asked(site: Path) -> None:
    rows = list_articles(site, BuildOptions(now=NOW.now, drafts=True, future=True))
    assert [(r["title"], r["draft"], r["future"]) for r in rows] == [
        ("Next week", False, True), ("Summit & talks", False, False),
        ("Embargoed", True, False)]


def test_problems_go_to_the_report(site: Path) -> None:
    (site / "content/broken.md").write_text("---\ntitle: [unclosed\n---\nBody\n")
    report = BuildReport()
    rows = list_articles(site, NOW, report)
    assert len(rows) == 1
    [error] = report.errors
    assert error.path == site / "content/broken.md"


def test_broken_settings_raise(site: Path) -> None:
    (site / "feeds/site.toml").write_text("base_url = 3\n")
    with pytest.raises(ConfigError):
        list_articles(site, NOW)
