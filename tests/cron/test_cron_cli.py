"""The command line for cron and for people (README "Building by cron"; README "Commands"): exit statuses,
--quiet, --verbose, the summary line, the progress bar, `new` and `list`."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from conftest import NOW, SEED, cli_env, feed_items, run, run_process
from corpus import write_site

from newswire.readers import read_article


def test_quiet_says_nothing_when_all_is_well(site: Path) -> None:
    for _ in range(2):  # a real process, as cron runs it: nothing at exit either
        done = run_process(site, "build", "--now", NOW, "--quiet")
        assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_quiet_still_reports_warnings(site: Path) -> None:
    (site / "content" / "undated.md").write_text("---\ntitle: Undated\n---\n\nWhen?\n")
    done = run(site, "build", "--now", NOW, "--quiet")
    assert done.returncode == 0 and done.stdout == ""
    assert re.search("^" + re.escape(str(site / "content" / "undated.md")) + r": warning: "
                     r"no date; published as of 2027-01-01T01:00:00\+01:00", done.stderr, re.M)
    assert done.stderr.rstrip().endswith("0 errors, 1 warning")


def test_the_summary_line(site: Path) -> None:
    done = run(site, "build", "--now", NOW)
    assert done.returncode == 0
    files = sum(1 for p in (site / "public").rglob("*")
                if p.is_file() and p.name != ".newswire-site.json")  # the claim is no output
    assert done.stdout.splitlines()[-1] == (
        f"4 feeds updated, 18 articles added, {files} files written, 0 errors")
    done = run(site, "build", "--now", NOW)
    assert done.stdout == "0 feeds updated, 0 articles added, 0 files written, 0 errors\n"
    for suffix in (".txt", ".toml"):
        (site / "content" / f"{SEED}{suffix}").unlink()
    done = run(site, "build", "--now", NOW)
    lines = done.stdout.splitlines()
    # its page goes, and so does the page of the tag only it had
    assert lines[:3] == ["removed public/000-9b5066fb76f96e2d/index.html",
                         "removed public/tags/asia/index.html",
                         f"no longer published: content/{SEED}.txt"]
    assert re.fullmatch(r"2 feeds updated, 0 articles added, 1 article removed, "
                        r"\d+ files written, 0 errors", lines[3])
    assert len(lines) == 4


def test_the_summary_line_counts_drafts_and_later_articles_left_out(site: Path) -> None:
    content = site / "content"
    (content / "embargo.md").write_text("---\ntitle: Embargo\ndate: 2026-12-01\n"
                                        "draft: true\n---\n\nNot yet.\n")
    (content / "tomorrow.md").write_text("---\ntitle: Tomorrow\ndate: 2099-01-01\n---\n\n"
                                         "Later.\n")
    (content / "next-year.md").write_text("---\ntitle: Next year\ndate: 2099-02-01\n---\n\n"
                                          "Later still.\n")
    for _ in range(2):  # the second build changes nothing and says it again
        done = run(site, "build", "--now", NOW)
        assert done.returncode == 0
        assert re.fullmatch(r"\d+ feeds updated, \d+ articles added, \d+ files written, "
                            r"1 draft left out \(--drafts\), 2 later-dated articles left out "
                            r"\(--future\), 0 errors", done.stdout.splitlines()[-1])
    done = run(site, "build", "--now", NOW, "--drafts", "--future")
    assert "left out" not in done.stdout
    assert "Embargo" in (site / "public" / "embargo" / "index.html").read_text("utf-8")


def test_verbose_lists_what_it_did(site: Path) -> None:
    done = run(site, "build", "--now", NOW, "--verbose")
    lines = done.stdout.splitlines()
    assert "read 18 article file(s), the others were unchanged" in lines
    assert "wrote public/feeds/main/rss.xml" in lines
    assert "wrote public/000-9b5066fb76f96e2d/index.html" in lines
    text = site / "content" / f"{SEED}.txt"
    text.write_bytes(text.read_bytes().replace(b"Putin", b"Mr Putin", 1))
    lines = run(site, "build", "--now", NOW, "-v").stdout.splitlines()
    assert "read 1 article file(s), the others were unchanged" in lines


@pytest.mark.parametrize("args, status, message", [
    (["build", "--now", "yesterday"], 2, "is not an ISO 8601 date-time"),
    (["build", "--quiet", "--verbose"], 2, "cannot be used together"),
    (["build", "--wait", "-1"], 2, "--wait"),
    (["build", "--no-such-option"], 2, "No such option"),
    (["new", " "], 2, "must not be empty"),
])
def test_usage_errors_are_status_2(site: Path, args: list[str], status: int,
                                   message: str) -> None:
    done = run(site, *args)
    assert done.returncode == status
    assert message in done.stderr
    assert not (site / "public").exists()


def test_input_errors_are_status_1(site: Path) -> None:
    (site / "content" / "broken.md").write_text("---\ntitle: [unclosed\n---\n\nBody\n")
    done = run_process(site, "build", "--now", NOW, "--quiet")  # the status cron sees
    assert done.returncode == 1
    assert "content/broken.md:2: error:" in done.stderr
    assert "Traceback" not in done.stderr
    assert "The handshake" in feed_items(site / "public")["rss"]
    settings = site / "feeds" / "site.toml"
    settings.write_text("base_url = 3\n")
    done = run(site, "build", "--now", NOW)
    assert done.returncode == 1 and "feeds/site.toml:1: error: base_url" in done.stderr


def test_new_writes_a_draft_with_a_permanent_id(site: Path) -> None:
    title = 'Storm: "the worst" # in 50 years'
    done = run(site, "new", title, "--now", "2026-03-01T23:30:00Z")
    assert done.returncode == 0, done.stderr
    path = site / "content" / "2026" / "03" / "storm-the-worst-in-50-years.md"
    assert done.stdout.strip() == str(path)
    article, warnings = read_article(path, site / "content", __import__("zoneinfo").ZoneInfo(
        "Europe/Rome"))
    assert warnings == []
    assert article.title == title
    assert article.draft is True
    assert article.published is not None
    assert article.published.isoformat() == "2026-03-02T00:30:00+01:00"  # the site's zone
    assert article.id is not None and uuid.UUID(article.id.removeprefix("urn:uuid:"))
    again = run(site, "new", title, "--now", "2026-03-01T23:30:00Z")
    assert again.returncode == 1 and "already exists; choose another --slug" in again.stderr
    other = run(site, "new", title, "--now", "2026-03-01T23:30:00Z", "--slug", "storm-2")
    assert other.returncode == 0
    second, _ = read_article(Path(other.stdout.strip()), site / "content",
                             __import__("zoneinfo").ZoneInfo("Europe/Rome"))
    assert second.id != article.id
    # a draft is not published; once it is not, its id is the one written
    run(site, "build", "--now", NOW, check=True)
    assert title not in feed_items(site / "public")["rss"]
    path.write_text(path.read_text().replace("draft: true", "draft: false"))
    run(site, "build", "--now", NOW, check=True)
    assert {items[title].id for items in feed_items(site / "public").values()} == {article.id}


def test_list_shows_what_a_build_at_now_would_publish(site: Path) -> None:
    run(site, "build", "--now", NOW, check=True)
    done = run(site, "list", "--now", NOW, "--format", "json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert len(rows) == 18
    assert [r["published"] for r in rows] == sorted((r["published"] for r in rows),
                                                    reverse=True)
    seed = next(r for r in rows if r["source"] == f"{SEED}.txt")
    items = feed_items(site / "public")
    assert seed["id"] == items["rss"]["The handshake"].id
    assert seed["url"] == items["json"]["The handshake"].link
    assert seed["published"] == "2019-04-25T00:00:00+02:00"
    assert seed["feeds"] == ["main", "world"]
    earlier = json.loads(run(site, "list", "--now", "2020-01-01T00:00:00Z",
                             "--format", "json").stdout)
    assert len(earlier) < len(rows)
    assert all(r["published"] < "2020" for r in earlier)
    text = run(site, "list", "--now", NOW).stdout.splitlines()
    assert text[0] == rows[0]["published"] + "  " + rows[0]["title"]
    assert text[1] == "    " + rows[0]["url"] + "  " + rows[0]["id"]
    assert text[2].startswith("    content/" + rows[0]["source"] + "  feeds: ")


def test_list_takes_now_from_the_command_line(site: Path) -> None:
    done = run(site, "list", "--format", "json",
               env={"SOURCE_DATE_EPOCH": "1577836800"})  # 2020-01-01
    assert done.returncode == 0
    assert all(r["published"] < "2020" for r in json.loads(done.stdout))
    listing = (Path(__file__).parents[2] / "src" / "newswire" / "listing.py").read_text()
    assert "datetime.now" not in listing and "time.time" not in listing


def run_on_terminal(site: Path, *args: str) -> str:
    """Run the CLI with stdout and stderr on a pseudo-terminal; all it printed."""
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "newswire", "--site", str(site), *args],
                               stdin=subprocess.DEVNULL, stdout=follower, stderr=follower,
                               env=cli_env())
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=120)
    os.close(leader)
    assert process.returncode == 0
    return b"".join(chunks).decode()


def test_a_long_build_on_a_terminal_shows_progress(tmp_path: Path) -> None:
    site = tmp_path / "big"
    write_site(site, 260)
    shown = run_on_terminal(site, "build", "--now", NOW)
    assert "reading articles" in shown and "rendering pages" in shown
    assert "100%" in shown
    assert "260 articles added" in shown
    quiet = tmp_path / "quiet"
    write_site(quiet, 260)
    assert run_on_terminal(quiet, "build", "--now", NOW, "--quiet") == ""
    piped = run(site, "build", "--now", NOW, "--verbose")
    assert "reading articles" not in piped.stdout + piped.stderr
    small = tmp_path / "small"
    write_site(small, 20)
    assert "reading articles" not in run_on_terminal(small, "build", "--now", NOW)
