"""End to end with real feed readers: newsboat and sfeed fetch the feeds from
nginx (docs/nginx.conf) over HTTP; what they stored must match the articles,
a second fetch adds nothing, and an edited title is an update, not a new item."""

from __future__ import annotations

import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from newswire.build import BuildOptions
from newswire.listing import list_articles

from .conftest import Served
from .sites import NOW, build_site, program, write_story

pytestmark = pytest.mark.slow  # real servers and readers

# the subscription documents hold stories 8-12; archive page 1 holds 1-5, page 2 6-7
RSS = ["feeds/main/rss.xml", "feeds/main/archive/rss-1.xml", "feeds/main/archive/rss-2.xml"]
ATOM = ["feeds/main/atom.xml", "feeds/main/archive/atom-1.xml",
        "feeds/main/archive/atom-2.xml"]
EDITED = {2: "Story 02, corrected: the council votes again",
          12: "Story 12, corrected: the vote is postponed"}


def need(name: str, package: str) -> str:
    found = program(name)
    if found is None:
        pytest.skip(f"{name} is not installed (Debian package '{package}'; .ci/run "
                    "installs it)")
    return found


def expected(served: Served, edited: bool = False) -> dict[str, tuple[str, str, int, str]]:
    """id → (title, link, Unix time, author) of every story, as published."""
    ids = {row["url"]: row["id"] for row in list_articles(served.root, BuildOptions(now=NOW))}
    return {ids[s.url(served.base_url)]: (
        EDITED[s.number] if edited and s.number in EDITED else s.title,
        s.url(served.base_url), int(s.published.timestamp()), s.author)
        for s in served.stories}


def edit_titles(served: Served) -> None:
    """Retitle stories 2 (archive page 1) and 12 (subscription documents), rebuild.

    HTTP dates count whole seconds, and newsboat takes an unchanged
    Last-Modified for an unchanged feed; builds are minutes apart in real
    life, here they could fall within one second, so wait for the next one.
    """
    written = max(p.stat().st_mtime for p in (served.root / "public").rglob("*"))
    while time.time() < int(written) + 1:
        time.sleep(0.05)
    stories = {s.number: s for s in served.stories}
    for number, title in EDITED.items():
        write_story(served.root / "content", stories[number], title)
    build_site(served.root)


# newsboat ---------------------------------------------------------------

def newsboat_reload(served: Served, env: dict[str, str], work: Path,
                    paths: list[str]) -> list[tuple]:
    """``newsboat -x reload`` of ``paths`` into ``work/cache.db``; its items, sorted."""
    binary = need("newsboat", "newsboat")
    urls = work / "urls"
    urls.write_text("".join(served.base_url + p + "\n" for p in paths), "utf-8")
    (work / "config").touch()
    result = subprocess.run([binary, "-x", "reload", "-u", str(urls), "-c",
                             str(work / "cache.db"), "-C", str(work / "config")],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    with sqlite3.connect(work / "cache.db") as db:
        return db.execute("SELECT feedurl, guid, title, url, pubDate, author FROM rss_item "
                          "WHERE deleted = 0 ORDER BY feedurl, guid").fetchall()


def check_newsboat(rows: list[tuple], served: Served, paths: list[str], edited: bool) -> None:
    want = expected(served, edited)
    assert sorted(r[1] for r in rows) == sorted(want), "every story exactly once"
    for _feed, guid, title, url, published, author in rows:
        assert (title, url, published, author) == want[guid]
    newest = {r[1] for r in rows if r[0] == served.base_url + paths[0]}
    assert newest == {guid for guid, v in want.items() if v[1].endswith(
        tuple(f"story-{n:02d}/" for n in range(8, 13)))}


# newsboat knows an item by its guid across all feeds of one cache: one
# cache per format, so that RSS and Atom are each checked on their own
@pytest.mark.parametrize("paths", [RSS, ATOM], ids=["rss", "atom"])
def test_newsboat(served: Served, client_env: dict[str, str], tmp_path: Path,
                  paths: list[str]) -> None:
    work = tmp_path / "newsboat"
    work.mkdir()
    first = newsboat_reload(served, client_env, work, paths)
    check_newsboat(first, served, paths, edited=False)
    assert newsboat_reload(served, client_env, work, paths) == first  # no duplicate
    assert newsboat_reload(served, client_env, work, paths) == first
    # newsboat keeps the validators nginx sent and revalidates: 304s, no bodies
    conditional = [line for line in served.requests()
                   if "newsboat" in line and line.startswith("304 ")]
    assert len(conditional) >= len(paths)
    edit_titles(served)
    check_newsboat(newsboat_reload(served, client_env, work, paths), served, paths,
                   edited=True)


# sfeed ------------------------------------------------------------------

SFEEDRC = """\
sfeedpath="{path}"
maxjobs=2
feeds() {{
{feeds}
}}
{merge}
"""
# sfeedrc(5): merge() may be overridden. sfeed's own merge keeps one line
# per (id, title, link), so an edited title is kept as a second line of the
# same id; keyed on the id alone (newest fetch first) an edit replaces it.
BY_ID = "merge() {\n\tsort -t '\t' -u -k6,6 \"$3\" \"$2\" 2>/dev/null\n}"


def sfeed_update(served: Served, env: dict[str, str], work: Path,
                 merge: str) -> dict[str, list[list[str]]]:
    binary = need("sfeed_update", "sfeed")
    need("curl", "curl")
    feeds = "\n".join(f'\tfeed "{name}" "{served.base_url}{path}"'
                      for name, path in zip(["rss", "rss-1", "rss-2", "atom", "atom-1",
                                             "atom-2"], RSS + ATOM))
    rc = work / "sfeedrc"
    rc.write_text(SFEEDRC.format(path=work / "feeds", feeds=feeds, merge=merge), "utf-8")
    result = subprocess.run([binary, str(rc)], env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "FAIL" not in result.stderr + result.stdout
    return {name: [line.split("\t") for line in (work / "feeds" / name).read_text(
        "utf-8").splitlines()] for name in ("rss", "rss-1", "rss-2", "atom", "atom-1", "atom-2")}


def check_sfeed(stored: dict[str, list[list[str]]], served: Served, edited: bool) -> None:
    want = expected(served, edited)
    for names in (("rss", "rss-1", "rss-2"), ("atom", "atom-1", "atom-2")):
        lines = [line for name in names for line in stored[name]]
        # fields (sfeed(5)): timestamp, title, link, content, content-type, id, author, ...
        assert sorted(line[5] for line in lines) == sorted(want), "every story exactly once"
        for line in lines:
            assert (line[1], line[2], int(line[0]), line[6]) == want[line[5]]


def test_sfeed(served: Served, client_env: dict[str, str], tmp_path: Path) -> None:
    work = tmp_path / "sfeed"
    work.mkdir()
    first = sfeed_update(served, client_env, work, BY_ID)
    check_sfeed(first, served, edited=False)
    assert sfeed_update(served, client_env, work, BY_ID) == first  # no duplicates
    edit_titles(served)
    check_sfeed(sfeed_update(served, client_env, work, BY_ID), served, edited=True)


def test_sfeed_default_merge_keeps_the_edit_under_the_same_id(
        served: Served, client_env: dict[str, str], tmp_path: Path) -> None:
    work = tmp_path / "sfeed"
    work.mkdir()
    first = sfeed_update(served, client_env, work, "")
    assert sfeed_update(served, client_env, work, "") == first
    edit_titles(served)
    after = sfeed_update(served, client_env, work, "")
    lines = [line for name in ("rss", "rss-1", "rss-2") for line in after[name]]
    by_id: dict[str, set[str]] = {}
    for line in lines:
        by_id.setdefault(line[5], set()).add(line[1])
    want = expected(served)
    assert sorted(by_id) == sorted(want)  # no new id: the old and new title share one
    edited = {i for i, titles in by_id.items() if len(titles) > 1}
    assert {want[i][0] for i in edited} == {s.title for s in served.stories
                                            if s.number in EDITED}
