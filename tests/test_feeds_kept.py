"""The all-articles feed `main` stays when feed files are added; a build that
stops publishing a feed says so, even with --quiet."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner

from newswire.cli import main
from newswire.config import load_feeds
from newswire.errors import ConfigError

NOW = ("--now", "2026-01-01T00:00:00Z")


def run(site: Path, *args: str):
    return CliRunner().invoke(main, ["--site", str(site), *args], catch_exceptions=False)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A site with no feed file: two articles, one tagged world."""
    root = tmp_path / "site"
    (root / "feeds").mkdir(parents=True)
    (root / "content").mkdir()
    (root / "feeds/site.toml").write_text('base_url = "https://x.org/"\ntitle = "X"\n', "utf-8")
    (root / "content/w.md").write_text(
        "---\ntitle: World story\ndate: 2020-01-01\ntags: [world]\n---\nBody.\n", "utf-8")
    (root / "content/o.md").write_text(
        "---\ntitle: Other story\ndate: 2020-01-02\n---\nBody.\n", "utf-8")
    return root


def titles(path: Path) -> set[str]:
    return {e.title for e in feedparser.parse(path.read_bytes()).entries}


def test_first_feed_file_keeps_main(site):
    assert run(site, "build", "--quiet", *NOW).exit_code == 0
    (site / "feeds/world.toml").write_text('include_tags = ["world"]\n', "utf-8")
    result = run(site, "build", "--quiet", *NOW)
    assert result.exit_code == 0 and result.output == ""
    assert titles(site / "public/feeds/main/rss.xml") == {"World story", "Other story"}
    assert titles(site / "public/feeds/world/rss.xml") == {"World story"}
    assert [f.name for f in load_feeds(site / "feeds")] == ["main", "world"]


def test_main_turned_off_explicitly_warns_under_quiet(site):
    (site / "feeds/world.toml").write_text('include_tags = ["world"]\n', "utf-8")
    assert run(site, "build", "--quiet", *NOW).exit_code == 0
    (site / "feeds/main.toml").write_text("enabled = false\n", "utf-8")
    assert [f.name for f in load_feeds(site / "feeds")] == ["world"]
    result = run(site, "build", "--quiet", *NOW)
    assert result.exit_code == 0
    assert "warning: this build stops publishing the feed" in result.output
    for name in ("rss.xml", "atom.xml", "feed.json"):
        assert f"https://x.org/feeds/main/{name}" in result.output
        assert not (site / "public/feeds/main" / name).exists()
    assert "404 Not Found" in result.output
    # said once: the next build has nothing to say
    assert run(site, "build", "--quiet", *NOW).output == ""


def test_dropped_format_and_deleted_feed_file_warn(site):
    (site / "feeds/world.toml").write_text('include_tags = ["world"]\n', "utf-8")
    run(site, "build", "--quiet", *NOW)
    (site / "feeds/world.toml").write_text('include_tags = ["world"]\nformats = ["rss"]\n',
                                           "utf-8")
    result = run(site, "build", "--quiet", *NOW)
    assert "https://x.org/feeds/world/atom.xml, https://x.org/feeds/world/feed.json" \
        in result.output
    assert "feeds/world/rss.xml" not in result.output
    (site / "feeds/world.toml").unlink()
    result = run(site, "build", "--quiet", *NOW)
    assert "stops publishing the feed https://x.org/feeds/world/rss.xml," in result.output


def test_other_xml_files_removed_are_not_feeds(site):
    (site / "content/data.xml").write_text("<data/>", "utf-8")
    run(site, "build", "--quiet", *NOW)
    (site / "content/data.xml").unlink()
    assert run(site, "build", "--quiet", *NOW).output == ""


def test_feed_taking_mains_folder_is_told_how_to_turn_main_off(site):
    (site / "feeds/world.toml").write_text('path = "feeds/main"\n', "utf-8")
    with pytest.raises(ConfigError) as caught:
        load_feeds(site / "feeds")
    assert "enabled = false in feeds/main.toml" in caught.value.message
    assert str(caught.value.path).endswith("world.toml") and caught.value.line == 1


def test_enabled_must_be_a_boolean(site):
    (site / "feeds/main.toml").write_text('enabled = "no"\n', "utf-8")
    with pytest.raises(ConfigError, match="enabled: must be true or false"):
        load_feeds(site / "feeds")
