"""`newswire list` titles, marks and exit status; `--site` after the command
and `NEWSWIRE_SITE`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newswire.cli import main

NOW = ("--now", "2026-01-01T00:00:00Z")


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "feeds").mkdir(parents=True)
    (root / "content").mkdir()
    (root / "feeds/site.toml").write_text('base_url = "https://x.org/"\ntitle = "X"\n', "utf-8")
    (root / "content/now.md").write_text(
        "---\ntitle: Out today\ndate: 2025-12-01\n---\nBody.\n", "utf-8")
    (root / "content/embargo.md").write_text(
        "---\ntitle: Embargoed\ndate: 2025-11-01\ndraft: true\n---\nBody.\n", "utf-8")
    (root / "content/later.md").write_text(
        "---\ntitle: Next week\ndate: 2026-01-08\n---\nBody.\n", "utf-8")
    return root


def test_list_shows_titles_and_leaves_drafts_and_future_out(site):
    result = run("--site", str(site), "list", *NOW)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "2025-12-01T00:00:00+00:00  Out today"
    assert lines[1].startswith("    https://x.org/now/  urn:uuid:")
    assert lines[2] == "    content/now.md  feeds: main"
    assert len(lines) == 3


def test_list_marks_drafts_and_future_articles(site):
    result = run("--site", str(site), "list", "--drafts", "--future", *NOW)
    assert result.exit_code == 0
    titles = [line for line in result.stdout.splitlines() if not line.startswith("    ")]
    assert titles == ["2026-01-08T00:00:00+00:00  Next week  [future]",
                      "2025-12-01T00:00:00+00:00  Out today",
                      "2025-11-01T00:00:00+00:00  Embargoed  [draft]"]
    rows = json.loads(run("--site", str(site), "list", "--drafts", "--future", "--format",
                          "json", *NOW).output)
    assert [(r["title"], r["draft"], r["future"]) for r in rows] == [
        ("Next week", False, True), ("Out today", False, False), ("Embargoed", True, False)]


def test_list_exits_1_when_an_article_has_an_error(site):
    (site / "content/broken.md").write_text("---\ntitle: [unclosed\n---\nBody\n", "utf-8")
    result = run("--site", str(site), "list", "--format", "json", *NOW)
    assert result.exit_code == 1
    assert f"{site}/content/broken.md:2: error: front matter is not valid YAML" in result.stderr
    assert [r["title"] for r in json.loads(result.stdout)] == ["Out today"]


@pytest.mark.parametrize("command", [
    ["build", "--quiet", *NOW], ["list", *NOW], ["new", "A title", *NOW],
    ["ping", "--quiet"],
])
def test_site_after_the_command(site, command):
    name, *rest = command
    result = run(name, "--site", str(site), *rest)
    assert result.exit_code == 0, result.output
    if name == "new":  # a second article, not the same file again
        rest = ["Another title", *NOW]
    result = run(name, *rest, "--site", str(site))
    assert result.exit_code == 0, result.output


def test_site_after_the_command_builds_that_site(site):
    assert run("build", "--site", str(site), "--quiet", *NOW).exit_code == 0
    assert (site / "public/feeds/main/rss.xml").is_file()


def test_site_after_the_command_wins_over_before(site, tmp_path):
    result = run("--site", str(tmp_path / "nowhere"), "list", "--site", str(site), *NOW)
    assert result.exit_code == 0 and "Out today" in result.output


def test_newswire_site_environment_variable(site, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("build", "--quiet", *NOW, env={"NEWSWIRE_SITE": str(site)})
    assert result.exit_code == 0, result.output
    assert (site / "public/index.html").is_file()
    assert not (tmp_path / "public").exists()
    # --site wins over the environment
    other = run("list", "--site", str(site), *NOW, env={"NEWSWIRE_SITE": str(tmp_path)})
    assert "Out today" in other.output


def test_every_command_takes_site_after_it():
    for name, command in main.commands.items():
        assert any(p.name == "site" for p in command.params), name


def test_list_with_nothing_to_list_says_so(site):
    result = run("--site", str(site), "list", "--now", "2000-01-01T00:00:00Z")
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr == ("0 article(s) listed; not listed: 1 draft(s) (--drafts), "
                             "2 article(s) dated after now (--future)\n")


def test_list_says_what_it_left_out(site):
    result = run("--site", str(site), "list", *NOW)
    assert result.stderr == ("1 article(s) listed; not listed: 1 draft(s) (--drafts), "
                             "1 article(s) dated after now (--future)\n")
    result = run("--site", str(site), "list", "--drafts", "--future", *NOW)
    assert result.stderr == ""
