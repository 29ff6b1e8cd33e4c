"""Every path below public/ has one owner (README "Feeds"; README "Article pages and sharing"; README "Building by cron").

Two sites writing one folder, a feed whose ``path`` is public/ itself, a
feed over an article page, a file of content/ over a generated one: each is
refused, naming both claimants, and what was published stays.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from newswire.claim import MARKER
from newswire.outputs import Claims, feed_claims
from newswire.config import FeedConfig

from .badinput.helpers import make_site, run_build, write

GOOD = {"first.md": "---\ntitle: First\ndate: 2019-04-20\n---\nOne.\n",
        "world/second.md": "---\ntitle: Second\ndate: 2019-04-21\n---\nTwo.\n"}


def tree(site: Path) -> dict[str, bytes]:
    public = site / "public"
    return {p.relative_to(public).as_posix(): p.read_bytes()
            for p in sorted(public.rglob("*")) if p.is_file()}


def titles(site: Path, feed: str = "main") -> list[str]:
    data = json.loads((site / f"public/feeds/{feed}/feed.json").read_bytes())
    return [i["title"] for i in data["items"]]


# -- two sites, one output folder ------------------------------------------

def test_a_site_claims_its_output_folder(tmp_path):
    site = make_site(tmp_path / "a", GOOD)
    assert run_build(site).exit_code == 0
    marker = json.loads((site / "public" / MARKER).read_bytes())
    assert marker == {"format": 1, "site": str(site.resolve()),
                      "base_url": "https://news.example.org/"}


def test_a_second_site_cannot_write_into_the_first_ones_folder(tmp_path):
    a = make_site(tmp_path / "a", GOOD)
    b = make_site(tmp_path / "b", {"other.md": "---\ntitle: Other\ndate: 2019-05-01\n---\nB.\n"})
    assert run_build(a).exit_code == 0
    before = tree(a)
    (b / "public").symlink_to(a / "public")
    result = run_build(b)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{(a / 'public').resolve() / MARKER}: error: this folder is the output folder of "
        f"another site, {a.resolve()} (https://news.example.org/) ({b}/public is a link to "
        f"{(a / 'public').resolve()}); two sites writing one folder delete each other's "
        "files, so nothing was built. Give each site its own public/ folder; if that site "
        "should no longer write here, give it another public/ (or delete it) and build again")
    assert tree(a) == before
    assert not (b / ".newswire/state.json").exists()
    assert run_build(a).exit_code == 0  # the owner goes on as before
    assert tree(a) == before


def test_a_claim_of_a_site_that_no_longer_writes_there_is_taken_over(tmp_path):
    a = make_site(tmp_path / "a", GOOD)
    assert run_build(a).exit_code == 0
    moved = tmp_path / "moved"
    a.rename(moved)  # the site folder moved: its old claim names a folder now gone
    result = run_build(moved)
    assert result.exit_code == 0, result.output
    assert json.loads((moved / "public" / MARKER).read_bytes())["site"] == str(moved.resolve())
    copy = tmp_path / "copy"
    shutil.copytree(moved, copy)  # a copy with its own public/: the original keeps its own
    assert run_build(copy).exit_code == 0
    assert run_build(moved).exit_code == 0
    assert json.loads((copy / "public" / MARKER).read_bytes())["site"] == str(copy.resolve())


# -- two outputs, one path ---------------------------------------------------

@pytest.mark.parametrize("path", [".", "./", "/./", "feeds/.."])
def test_a_feed_path_that_is_public_itself_is_refused(tmp_path, path):
    site = make_site(tmp_path / "site", GOOD)
    assert run_build(site).exit_code == 0
    before = tree(site)
    write(site / "feeds/home.toml", f'title = "Home"\npath = "{path}"\n')
    result = run_build(site)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{site}/feeds/home.toml:2: error: path: ")
    assert "Traceback" not in result.output
    assert tree(site) == before


def test_two_feeds_with_one_path_are_refused(tmp_path):
    site = make_site(tmp_path / "site", GOOD)
    write(site / "feeds/zz.toml", 'title = "Again"\npath = "feeds/main"\n')
    result = run_build(site)
    assert result.exit_code == 1
    assert "feeds 'main' and 'zz' both write to public/feeds/main/" in result.stderr
    assert not (site / "public").exists()


def test_a_feed_inside_another_feeds_archive_is_refused(tmp_path):
    site = make_site(tmp_path / "site", GOOD)
    write(site / "feeds/zz.toml", 'title = "Nested"\npath = "feeds/main/archive"\n')
    result = run_build(site)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{site}/feeds/zz.toml:2: error: path: public/feeds/main/archive/rss.xml is written by "
        f"feed 'main' ({site}/feeds/main.toml) and by feed 'zz' ({site}/feeds/zz.toml); give "
        "this feed another path")


def test_a_feed_over_a_published_article_page_is_refused(tmp_path):
    site = make_site(tmp_path / "site", GOOD)
    assert run_build(site).exit_code == 0
    before = tree(site)
    write(site / "feeds/world.toml", 'title = "World"\npath = "world/second"\n')
    result = run_build(site)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{site}/feeds/world.toml:2: error: path: public/world/second/index.html is the page "
        f"of {site}/content/world/second.md, published at /world/second/ (a URL that never "
        f"changes), and feed 'world' ({site}/feeds/world.toml) writes there too; give the "
        "feed another path")
    assert tree(site) == before


def test_a_new_article_over_a_feed_page_is_left_out(tmp_path):
    site = make_site(tmp_path / "site", GOOD)
    assert run_build(site).exit_code == 0
    write(site / "content/feeds/main.md", "---\ntitle: Squatter\ndate: 2019-05-01\n---\nx\n")
    result = run_build(site)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{site}/content/feeds/main.md:1: error: its URL /feeds/main/ is already published "
        f"by feed 'main' ({site}/feeds/main.toml); give this article another 'slug' (or file "
        "name)")
    assert titles(site) == ["Second", "First"]
    page = (site / "public/feeds/main/index.html").read_text("utf-8")
    assert "Squatter" not in page
    state = json.loads((site / ".newswire/state.json").read_bytes())["articles"]
    assert "feeds/main.md" not in {r["source"] for r in state}


@pytest.mark.parametrize(("name", "owner"), [
    ("index.html", "the site's index page"),
    ("feeds.opml", "the OPML list of feeds"),
    ("feeds/main/rss.xml", "feed 'main' ({site}/feeds/main.toml)"),
    ("feeds/main/archive/rss-1.xml", "feed 'main' ({site}/feeds/main.toml)"),
    ("world/second/index.html", "the page of {site}/content/world/second.md"),
])
def test_a_content_file_over_a_generated_one_is_not_copied(tmp_path, name, owner):
    site = make_site(tmp_path / "site", GOOD)
    write(site / "content" / name, b"<p>planted</p>")
    result = run_build(site)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{site}/content/{name}: error: not copied: public/{name} is written by "
        f"{owner.format(site=site)}; rename or move this file")
    assert titles(site) == ["Second", "First"]
    if (site / "public" / name).exists():
        assert (site / "public" / name).read_bytes() != b"<p>planted</p>"


def test_a_content_stylesheet_still_replaces_the_shipped_one(tmp_path):
    site = make_site(tmp_path / "site", {**GOOD, "style.css": "body { color: red }\n"})
    result = run_build(site)
    assert result.exit_code == 0, result.output
    assert (site / "public/style.css").read_text() == "body { color: red }\n"


def test_claims_name_the_owner_of_a_folder():
    claims = Claims()
    feed = FeedConfig(name="main", title="All", path="feeds/main")
    assert claims.claim_all(feed_claims(feed, "feed main")) == []
    assert claims.owner("feeds/main/archive/atom-3.xml") == "feed main"
    assert claims.page_owner("feeds/main/") == "feed main"
    assert claims.page_owner("feeds/mainly/") is None
    assert claims.claim("feeds/main/rss.xml", "someone") == "feed main"


def test_an_output_folder_inside_another_sites_is_refused(tmp_path):
    a = make_site(tmp_path / "a", GOOD)
    b = make_site(tmp_path / "b", {"other.md": "---\ntitle: Other\ndate: 2019-05-01\n---\nB.\n"})
    assert run_build(a).exit_code == 0
    before = tree(a)
    (b / "public").symlink_to(a / "public" / "world")
    result = run_build(b)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"{(a / 'public').resolve() / MARKER}: error: this site's output folder "
        f"{(a / 'public/world').resolve()} is inside {(a / 'public').resolve()}, the output "
        f"folder of another site, {a.resolve()}")
    assert tree(a) == before


# -- an output folder over the site's own folders -----------------------------

def _listing(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != "build.lock"}


@pytest.mark.parametrize("target", ["content", "feeds", ".newswire", ".", "..",
                                    "content/sub"])
def test_an_output_folder_over_the_sites_own_folders_is_refused(tmp_path, target):
    site = make_site(tmp_path / "site", {**GOOD, "sub/third.md": "---\ntitle: T\n---\nT.\n"})
    (site / ".newswire").mkdir()
    (site / "public").symlink_to(target)
    before = _listing(tmp_path)
    result = run_build(site)
    assert result.exit_code == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{site / 'public'}: error: the output folder ")
    assert "Make public/ a folder of its own" in first
    assert _listing(tmp_path) == before  # nothing written anywhere, not even the marker


def test_content_linked_around_the_output_folder_is_refused(tmp_path):
    site = make_site(tmp_path / "site", GOOD)
    (site / "content").rename(tmp_path / "sources")
    (site / "content").symlink_to(site)  # content/ holds public/ (and itself)
    result = run_build(site)
    assert result.exit_code == 1
    assert "is inside content/" in result.stderr.splitlines()[0]
    assert not (site / "public").exists()


def test_content_inside_the_output_folder_is_refused(tmp_path):
    site = make_site(tmp_path / "site", GOOD)
    (site / "public").mkdir()
    (site / "content").rename(site / "public" / "src")
    (site / "content").symlink_to(site / "public" / "src")
    result = run_build(site)
    assert result.exit_code == 1
    assert f"holds content/ ({(site / 'public' / 'src').resolve()})" in result.stderr
    assert sorted(p.name for p in (site / "public").iterdir()) == ["src"]


def test_linked_content_and_feeds_folders_outside_the_output_build(tmp_path):
    site = make_site(tmp_path / "site", GOOD)
    (site / "content").rename(tmp_path / "sources")
    (site / "content").symlink_to(tmp_path / "sources")
    (site / "feeds").rename(tmp_path / "settings")
    (site / "feeds").symlink_to(tmp_path / "settings")
    assert run_build(site).exit_code == 0
    assert titles(site) == ["Second", "First"]


@pytest.mark.parametrize(("path", "owner"), [
    ("index.html", "the site's index page"), ("style.css", "the pages' stylesheet"),
    ("feeds.opml/x", "the OPML list of feeds")])
def test_a_feed_folder_where_a_site_file_goes_is_refused(tmp_path, path, owner):
    site = make_site(tmp_path / "a", GOOD)
    assert run_build(site).exit_code == 0
    before = tree(site)
    write(site / "feeds" / "w.toml", f'title = "W"\npath = "{path}"\n')
    result = run_build(site)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{site / 'feeds' / 'w.toml'}:2: error: path: public/{path}/rss.xml is written by "
        f"{owner} and by feed 'w' ({site / 'feeds' / 'w.toml'}); give this feed another path")
    assert tree(site) == before


def test_claims_see_a_file_where_a_folder_is_needed_and_the_other_way_round():
    claims = Claims({"index.html": "the index"})
    assert claims.claim("index.html/rss.xml", "feed w") == "the index"
    assert claims.claim("feeds/w/rss.xml", "feed w") is None
    assert claims.claim("feeds/w", "a page") == "feed w"
    assert claims.claim("feeds/w/", "feed v") == "feed w"
    assert claims.claim("feeds/v/rss.xml", "feed v") is None
