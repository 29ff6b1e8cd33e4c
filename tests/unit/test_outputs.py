"""Claims and feed_claims: one owner per path below public/."""

from __future__ import annotations

from dataclasses import replace

from newswire.outputs import SITE_FILES, Claims, feed_claims

from .conftest import FEED

WORLD = replace(FEED, name="world", path="feeds/world", formats=("rss", "json"))


def test_a_feed_claims_its_documents_landing_page_and_archive_folder() -> None:
    assert feed_claims(WORLD, "feeds/world.toml") == {
        "feeds/world/rss.xml": "feeds/world.toml",
        "feeds/world/feed.json": "feeds/world.toml",
        "feeds/world/index.html": "feeds/world.toml",
        "feeds/world/archive/": "feeds/world.toml"}


def test_a_free_path_is_claimed() -> None:
    claims = Claims()
    assert claims.claim("a/b.html", "article a") is None
    assert claims.owner("a/b.html") == "article a"


def test_the_same_owner_may_claim_again() -> None:
    claims = Claims({"a.html": "me"})
    assert claims.claim("a.html", "me") is None


def test_a_taken_path_names_its_owner_and_changes_nothing() -> None:
    claims = Claims({"a.html": "first"})
    assert claims.claim("a.html", "second") == "first"
    assert claims.owners == {"a.html": "first"}


def test_a_folder_claim_owns_everything_below() -> None:
    claims = Claims({"feeds/world/archive/": "world"})
    assert claims.owner("feeds/world/archive/rss-1.xml") == "world"
    assert claims.owner("feeds/world/archive/x/y.html") == "world"
    assert claims.owner("feeds/world/rss.xml") is None


def test_a_file_cannot_become_a_folder() -> None:
    claims = Claims({"index.html": "site"})
    assert claims.owner("index.html/rss.xml") == "site"
    assert claims.owner("index.html/") == "site"


def test_a_folder_cannot_become_a_file() -> None:
    claims = Claims({"news/today/index.html": "article"})
    assert claims.owner("news/today") == "article"
    assert claims.owner("news") == "article"
    assert claims.owner("news/") == "article"
    assert claims.owner("news/other.html") is None


def test_claim_all_lists_each_conflict() -> None:
    claims = Claims({"feeds/world/rss.xml": "article x"})
    conflicts = claims.claim_all(feed_claims(WORLD, "world"))
    assert conflicts == [("feeds/world/rss.xml", "world", "article x")]
    assert claims.owner("feeds/world/feed.json") == "world"


def test_page_owner_looks_at_the_pages_index() -> None:
    claims = Claims({"feeds/world/index.html": "world"})
    assert claims.page_owner("feeds/world/") == "world"
    assert claims.page_owner("news/story/") is None


def test_the_site_claims_its_files_and_feeds_conflict_among_themselves() -> None:
    twin = replace(WORLD, name="twin")
    claims, conflicts = Claims.of_site([(WORLD, "feeds/world.toml"), (twin, "feeds/twin.toml")])
    assert claims.owner("index.html") == SITE_FILES["index.html"]
    assert claims.owner("feeds/world/rss.xml") == "feeds/world.toml"
    assert sorted(conflicts) == sorted(
        (path, "feeds/twin.toml", "feeds/world.toml") for path in feed_claims(twin, "x"))

