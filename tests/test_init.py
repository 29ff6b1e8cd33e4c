"""``newswire init``: a working site in an empty or missing folder, never overwriting."""

from __future__ import annotations

import shutil
import subprocess

from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner

from newswire.cli import main
from newswire.config import tomllib
from newswire.scaffold import PLACEHOLDER_URL, detect_language, detect_timezone, site_title
from newswire.validate import validate_paths


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_init_in_a_missing_folder_then_build_gives_valid_feeds(tmp_path):
    site = tmp_path / "harbour-news"
    result = run("init", str(site), "--timezone", "Europe/Rome")
    assert result.exit_code == 0, result.output
    settings = tomllib.loads((site / "feeds/site.toml").read_text("utf-8"))
    assert settings["base_url"] == PLACEHOLDER_URL
    assert "PLACEHOLDER" in (site / "feeds/site.toml").read_text("utf-8").splitlines()[1]
    assert settings["title"] == "Harbour news"
    assert settings["timezone"] == "Europe/Rome"
    assert "*/5 * * * *  cd " + str(site) in result.output
    assert "build --quiet --wait 60" in result.output
    assert "base_url" in result.output  # told to replace the placeholder

    built = run("--site", str(site), "build")
    assert built.exit_code == 0, built.output
    assert "1 article added" in built.output
    # published with the placeholder: said, also by a quiet cron run
    assert f"{site}/feeds/site.toml:2: warning: base_url is still the placeholder " \
        f"{PLACEHOLDER_URL}" in built.output
    quiet = run("--site", str(site), "build", "--quiet")
    assert quiet.exit_code == 0 and "base_url is still the placeholder" in quiet.output
    findings = validate_paths([site / "public" / "feeds"])
    assert [f for f in findings if f.level == "error"] == []
    rss = feedparser.parse((site / "public/feeds/main/rss.xml").read_bytes())
    assert not rss.bozo
    assert [e.title for e in rss.entries] == ["Welcome to Harbour news"]
    assert rss.entries[0].link == PLACEHOLDER_URL + "welcome/"
    assert rss.entries[0].id.startswith("urn:uuid:")


def test_init_base_url_flag_and_empty_current_folder(tmp_path, monkeypatch):
    site = tmp_path / "Example_Wire"
    site.mkdir()
    monkeypatch.chdir(site)
    result = run("init", "--base-url", "https://news.example.net/wire")
    assert result.exit_code == 0, result.output
    text = (site / "feeds/site.toml").read_text("utf-8")
    assert tomllib.loads(text)["base_url"] == "https://news.example.net/wire/"
    assert tomllib.loads(text)["title"] == "Example Wire"
    assert "PLACEHOLDER" not in text and "Set base_url" not in result.output
    built = run("build")
    assert built.exit_code == 0 and "warning" not in built.output
    rss = feedparser.parse((site / "public/feeds/main/rss.xml").read_bytes())
    assert rss.entries[0].link == "https://news.example.net/wire/welcome/"


@pytest.mark.parametrize("existing", ["feeds/site.toml", "content/welcome.md", ".gitignore",
                                      "feeds/main.toml"])
def test_init_refuses_to_overwrite_and_writes_nothing(tmp_path, existing):
    site = tmp_path / "site"
    (site / existing).parent.mkdir(parents=True, exist_ok=True)
    (site / existing).write_text("mine\n", "utf-8")
    result = run("init", str(site))
    assert result.exit_code == 1
    assert f"{site / existing}: error: already exists" in result.output
    assert (site / existing).read_text("utf-8") == "mine\n"
    written = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert written == [existing]


def test_init_refuses_bad_base_url(tmp_path):
    result = run("init", str(tmp_path / "s"), "--base-url", "ftp://x.example/")
    assert result.exit_code == 1
    assert "--base-url: must be an absolute http(s) URL" in result.output
    assert not (tmp_path / "s").exists()


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_gitignore_keeps_the_ledger_and_ignores_derived_state(tmp_path):
    site = tmp_path / "site"
    assert run("init", str(site)).exit_code == 0
    assert run("--site", str(site), "build").exit_code == 0
    subprocess.run(["git", "init", "-q", str(site)], check=True)
    paths = ["public/index.html", ".newswire/manifest.json", ".newswire/cache/x",
             ".newswire/state.json", ".newswire/updated.json", "content/welcome.md",
             "feeds/site.toml"]
    out = subprocess.run(["git", "-C", str(site), "check-ignore", *paths],
                         capture_output=True, text=True).stdout.split()
    assert out == ["public/index.html", ".newswire/manifest.json", ".newswire/cache/x"]


def test_detect_timezone(tmp_path):
    missing = tmp_path / "none"
    assert detect_timezone({"TZ": ":America/New_York"}, missing, missing) == "America/New_York"
    link = tmp_path / "localtime"
    link.symlink_to("/usr/share/zoneinfo/Asia/Tokyo")
    assert detect_timezone({}, link, missing) == "Asia/Tokyo"
    named = tmp_path / "timezone"
    named.write_text("Europe/Berlin\n", "utf-8")
    assert detect_timezone({}, missing, named) == "Europe/Berlin"
    named.write_text("Not/AZone\n", "utf-8")
    assert detect_timezone({"TZ": "../../etc/passwd"}, missing, named) == "UTC"
    assert detect_timezone({"TZ": "Etc/UTC"}, missing, missing) == "UTC"


def test_detect_language_and_title():
    assert detect_language({"LANG": "fr_FR.UTF-8"}) == "fr-FR"
    assert detect_language({"LANG": "C.UTF-8"}) == "en"
    assert detect_language({}) == "en"
    assert site_title(Path("/x/my-wire")) == "My wire"
    assert site_title(Path("/x/Daily_Planet")) == "Daily Planet"
