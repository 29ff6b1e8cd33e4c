"""`newswire validate` says what it checked, fails on a folder without feeds,
and accepts the feeds.opml newswire writes."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from newswire.cli import main
from newswire.validate import check_paths, validate_bytes

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "validate"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_built_site_counts_three_feeds_and_the_opml(shared_built_site):
    site, _ = shared_built_site
    main_feed = site / "public/feeds/main"
    result = run("validate", str(main_feed / "rss.xml"), str(main_feed / "atom.xml"),
                 str(main_feed / "feed.json"))
    assert result.exit_code == 0
    assert result.output == "3 feeds, 0 errors, 0 warnings\n"
    result = run("validate", str(site / "public/feeds.opml"))
    assert result.exit_code == 0 and result.output == "0 feeds, 1 OPML file, 0 errors, 0 warnings\n"


def test_own_opml_is_valid_opml_2(shared_built_site):
    site, _ = shared_built_site
    data = (site / "public/feeds.opml").read_bytes()
    assert validate_bytes(data, "feeds.opml") == []
    assert check_paths([site / "public/feeds.opml"]).kinds == {
        str(site / "public/feeds.opml"): "opml"}


def test_a_whole_public_folder(shared_built_site):
    site, _ = shared_built_site
    checked = check_paths([site / "public"])
    assert checked.opml == 1 and checked.feeds >= 9 and checked.errors == 0
    result = run("validate", str(site / "public"))
    assert result.output.endswith(f"{checked.feeds} feeds, 1 OPML file, 0 errors, 0 warnings\n")


def test_empty_folder_and_folder_without_feeds_fail(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("validate", str(empty))
    assert result.exit_code == 1
    assert result.output == (f"{empty}: error: IO-NO-FEEDS: no RSS, Atom, JSON Feed or OPML "
                             "file in this folder (files ending in .atom, .feed, .json, .opml, "
                             ".rss, .xml are looked at); check the path\n"
                             "0 feeds, 1 error, 0 warnings\n")
    other = tmp_path / "other"
    other.mkdir()
    (other / "sitemap.xml").write_text("<urlset/>", "utf-8")
    (other / "notes.txt").write_text("hello", "utf-8")
    assert run("validate", str(other)).exit_code == 1


def test_quiet_prints_only_problems(tmp_path):
    good = FIXTURES / "rss-date" / "good.xml"
    assert run("validate", "--quiet", str(good)).output == ""
    bad = FIXTURES / "rss-date" / "bad.xml"
    result = run("validate", "-q", str(bad))
    assert result.exit_code == 1 and result.output.count("\n") == 1
    assert ": error: RSS-DATE: " in result.output


def test_json_carries_the_counts():
    bad = FIXTURES / "opml-url" / "bad.opml"
    good = FIXTURES / "rss-date" / "good.xml"
    result = run("validate", "--format", "json", str(bad), str(good))
    assert result.exit_code == 1
    obj = json.loads(result.output)
    assert (obj["feeds"], obj["opml"], obj["errors"], obj["warnings"]) == (1, 1, 1, 0)
    assert obj["files"] == {str(bad): "opml", str(good): "rss"}
    (finding,) = obj["findings"]
    assert finding["code"] == "OPML-URL" and finding["line"] == 9
