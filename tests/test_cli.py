"""The command line: help everywhere, exit statuses, messages for bad input."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from newswire.cli import main

REPO = Path(__file__).resolve().parent.parent
COMMANDS = sorted(main.commands)


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_is_in_readme(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert main.commands[command].help
    assert f"newswire {command}" in (REPO / "README.md").read_text("utf-8")


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and result.output.startswith("newswire, version ")


def test_build_sample_site_and_quiet_rebuild(sample_site):
    first = run("--site", str(sample_site), "build", "--now", "2026-11-29T00:00:00Z")
    assert first.exit_code == 0, first.output
    assert re.search(r"4 feeds updated, 18 articles added, \d+ files written, 0 errors",
                     first.output)
    again = run("--site", str(sample_site), "build", "--quiet", "--now",
                "2026-11-29T00:00:00Z")
    assert again.exit_code == 0 and again.output == ""


def test_bad_article_is_reported_and_others_build(sample_site):
    bad = sample_site / "content" / "broken.md"
    bad.write_text("---\ntitle: [unclosed\n---\nBody\n", "utf-8")
    result = run("--site", str(sample_site), "build", "--now", "2026-11-29T00:00:00Z")
    assert result.exit_code == 1
    assert f"{sample_site}/content/broken.md:2: error: front matter is not valid YAML" in result.output
    assert "Traceback" not in result.output
    assert (sample_site / "public/feeds/main/rss.xml").is_file()
    assert "18 articles added" in result.output


def test_strict_publishes_nothing(sample_site):
    (sample_site / "content" / "empty.md").write_text("", "utf-8")
    result = run("--site", str(sample_site), "build", "--strict")
    assert result.exit_code == 1
    assert f"{sample_site}/content/empty.md:1: error:" in result.output
    assert not (sample_site / "public").exists()


def test_usage_errors_exit_2(sample_site):
    assert run("--site", str(sample_site), "build", "--now", "yesterday").exit_code == 2
    assert run("build", "--no-such-option").exit_code == 2


def test_config_error_exit_1(sample_site):
    (sample_site / "feeds" / "main.toml").write_text('titel = "x"\n', "utf-8")
    result = run("--site", str(sample_site), "build")
    assert result.exit_code == 1
    assert "feeds/main.toml:1: error: titel: unknown key" in result.output
    assert "Error:" not in result.output


def test_future_and_drafts(sample_site):
    (sample_site / "content" / "later.md").write_text(
        "---\ntitle: Later\ndate: 2030-01-01\n---\nSoon.\n", "utf-8")
    (sample_site / "content" / "draft.md").write_text(
        "---\ntitle: Draft\ndate: 2020-01-01\ndraft: true\n---\nWIP.\n", "utf-8")
    now = ("--now", "2026-11-29T00:00:00Z")
    result = run("--site", str(sample_site), "build", *now)
    assert "18 articles added" in result.output
    result = run("--site", str(sample_site), "build", "--future", "--drafts", *now)
    assert "2 articles added" in result.output


def test_new_writes_a_dated_article_with_a_permanent_id(sample_site):
    result = run("--site", str(sample_site), "new", "Kim meets Putin",
                 "--now", "2026-11-29T23:30:00Z")
    assert result.exit_code == 0
    path = sample_site / "content/2026/11/kim-meets-putin.md"
    assert result.output.strip() == str(path)
    text = path.read_text("utf-8")
    assert 'title: "Kim meets Putin"\ndate: 2026-11-30T00:30:00+01:00\nid: urn:uuid:' in text
    # the same title the same month: its file is there already (the clock
    # given again, or the site's month could differ from the first call's)
    assert run("--site", str(sample_site), "new", "Kim meets Putin",
               "--now", "2026-11-29T23:40:00Z").exit_code == 1
    assert run("--site", str(sample_site), "new", "  ").exit_code == 2
