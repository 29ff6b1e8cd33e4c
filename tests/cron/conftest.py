"""Fixtures for the cron-safety tests: sites in temporary folders, the CLI
(in this process through click's test runner, or as a real process where
the process itself is under test), and readers of what a build published."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pytest
from lxml import etree

REPO = Path(__file__).resolve().parents[2]
NOW = "2027-01-01T00:00:00Z"
NOW_DT = datetime(2027, 1, 1, tzinfo=timezone.utc)
SEED = "000_9b5066fb76f96e2d"
ATOM = "{http://www.w3.org/2005/Atom}"


def cli_env() -> dict[str, str]:
    """The environment for ``python -m newswire``: this source tree first."""
    env = dict(os.environ)
    src = str(REPO / "src")
    env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.pop("SOURCE_DATE_EPOCH", None)
    return env


def run(site: Path, *args: str, check: bool = False,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``newswire --site SITE ARGS`` in this process with click's test
    runner: the command's exit status and its stdout and stderr as text, as
    :func:`run_process` gives them, without starting Python and importing the
    pipeline again. ``env`` adds to the environment (``SOURCE_DATE_EPOCH`` is
    unset unless given). An exception the command does not handle fails the
    test with its traceback."""
    from click.testing import CliRunner

    from newswire.cli import main

    argv = ["--site", str(site), *args]
    changes: dict[str, str | None] = {"SOURCE_DATE_EPOCH": None, **(env or {})}
    result = CliRunner(env=changes).invoke(main, argv, catch_exceptions=False)
    done = subprocess.CompletedProcess(["newswire", *argv], result.exit_code,
                                       result.stdout, result.stderr)
    if check and done.returncode != 0:
        raise AssertionError(f"exit {done.returncode}\n{done.stdout}\n{done.stderr}")
    return done


def run_process(site: Path, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
    """Run ``python -m newswire --site SITE ARGS`` as a real process, as cron
    does (what the process prints on exit, its exit status, a lock held by
    this process); output as text."""
    done = subprocess.run([sys.executable, "-m", "newswire", "--site", str(site), *args],
                          capture_output=True, text=True, env=cli_env(), timeout=300)
    if check and done.returncode != 0:
        raise AssertionError(f"exit {done.returncode}\n{done.stdout}\n{done.stderr}")
    return done


def build(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``newswire build --now NOW`` that must succeed."""
    return run(site, "build", "--now", NOW, *args, check=True)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A copy of the repository's sample site (feeds/ and content/)."""
    root = tmp_path / "site"
    shutil.copytree(REPO / "feeds", root / "feeds")
    shutil.copytree(REPO / "content", root / "content")
    return root


@dataclass(frozen=True)
class Item:
    """One article as a feed document shows it."""

    title: str
    id: str
    link: str


def rss_items(path: Path) -> dict[str, Item]:
    """RSS 2.0 items by title: guid and link."""
    root = etree.parse(str(path)).getroot()
    return {i.findtext("title"): Item(i.findtext("title"), i.findtext("guid"),
                                      i.findtext("link")) for i in root.iter("item")}


def atom_items(path: Path) -> dict[str, Item]:
    """Atom entries by title: atom:id and the alternate link."""
    root = etree.parse(str(path)).getroot()
    out = {}
    for entry in root.iter(f"{ATOM}entry"):
        links = [link.get("href") for link in entry.iter(f"{ATOM}link")
                 if link.get("rel", "alternate") == "alternate"]
        title = entry.findtext(f"{ATOM}title")
        out[title] = Item(title, entry.findtext(f"{ATOM}id"), links[0])
    return out


def json_items(path: Path) -> dict[str, Item]:
    """JSON Feed items by title: id and url."""
    feed = json.loads(path.read_bytes())
    return {i["title"]: Item(i["title"], i["id"], i["url"]) for i in feed["items"]}


def feed_items(public: Path, feed: str = "main") -> dict[str, dict[str, Item]]:
    """The items of one feed in every format: format → title → item."""
    folder = public / "feeds" / feed
    return {"rss": rss_items(folder / "rss.xml"), "atom": atom_items(folder / "atom.xml"),
            "json": json_items(folder / "feed.json")}


def public_files(public: Path) -> dict[str, bytes]:
    """Every file below ``public`` by relative path, bytes (but the
    output-folder claim, which names the site's folder)."""
    return {p.relative_to(public).as_posix(): p.read_bytes()
            for p in sorted(public.rglob("*")) if p.is_file() and p.name != ".newswire-site.json"}


def mtimes(public: Path) -> dict[str, int]:
    """mtime (ns) of every file below ``public``."""
    return {p.relative_to(public).as_posix(): p.stat().st_mtime_ns
            for p in sorted(public.rglob("*")) if p.is_file()}


def forget_last_build(site: Path) -> None:
    """Delete the record of the last complete build, so the next build cannot
    be skipped as a whole (it must ask the cache, compare bytes...)."""
    import sqlite3

    database = site / ".newswire" / "derived.sqlite"
    if database.exists():
        try:
            with sqlite3.connect(database) as conn:
                conn.execute("DELETE FROM records WHERE name = 'last-build'")
        except sqlite3.DatabaseError:
            pass  # damaged on purpose: the build moves it aside
        finally:
            conn.close()


def has_last_build(site: Path) -> bool:
    """True when the database holds a record of the last complete build."""
    import sqlite3

    conn = sqlite3.connect(site / ".newswire" / "derived.sqlite")
    try:
        return bool(conn.execute("SELECT 1 FROM records WHERE name = 'last-build'").fetchall())
    finally:
        conn.close()
