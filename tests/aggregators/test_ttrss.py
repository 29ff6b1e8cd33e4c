"""End to end with a real aggregator: Tiny Tiny RSS (Debian's ``tt-rss``) on
PostgreSQL imports the site's feeds.opml, its updater fetches the feeds from
nginx (docs/nginx.conf), and what it stored in its tables is checked: every
item once, with the title, link, guid, date and author newswire published,
through an edit, a renamed file, a move to a new domain and a new article.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from datetime import timezone
from pathlib import Path

import pytest

from .newsroom import FEEDS, NEW_BASE, OLD_BASE, Newsroom, Proxy, article
from .services import Account, Postgres, running_postgres, service_account, service_folder
from .ttrss import TinyTinyRSS, running_ttrss, ttrss_programs

pytestmark = pytest.mark.slow

USER_AGENT = "ua=Tiny Tiny RSS/"
TITLES = {"main": "Council Wire", "sport": "Council Wire: Sport"}  # newsroom.py
PHP_NOTICES = (2, 8, 8192)  # E_WARNING, E_NOTICE, E_DEPRECATED


@pytest.fixture(scope="module")
def account() -> Account:
    ttrss_programs()
    return service_account()


@pytest.fixture(scope="module")
def services(account: Account) -> Iterator[Path]:
    with service_folder("newswire-ttrss-") as folder:
        yield folder


@pytest.fixture(scope="module")
def postgres(services: Path, account: Account) -> Iterator[Postgres]:
    with running_postgres(services, account) as server:
        yield server


@pytest.fixture
def ttrss(request: pytest.FixtureRequest, services: Path, account: Account,
          postgres: Postgres, proxy: Proxy) -> Iterator[TinyTinyRSS]:
    name = re.sub(r"\W", "_", request.node.name)[-40:]
    with running_ttrss(services / name, account, postgres, proxy.address) as instance:
        yield instance


# reading Tiny Tiny RSS's tables -------------------------------------------

def subscribed(tt: TinyTinyRSS) -> list[dict]:
    with tt.connect() as db:
        return db.execute("SELECT id, feed_url, title, last_error FROM ttrss_feeds "
                          "ORDER BY feed_url").fetchall()


def stored_items(tt: TinyTinyRSS) -> list[dict]:
    """One row per item of a feed (ttrss_user_entries) with its article (ttrss_entries)."""
    with tt.connect() as db:
        return db.execute(
            "SELECT u.feed_id, e.id, e.guid, e.title, e.link, e.updated, e.author, "
            "e.content FROM ttrss_user_entries u JOIN ttrss_entries e ON e.id = u.ref_id "
            "ORDER BY u.feed_id, e.id").fetchall()


def guid_hash(guid: str) -> str:
    """Tiny Tiny RSS keeps ``{"ver":2,"uid":…,"hash":"SHA1:<sha1 of the guid>"}``."""
    return "SHA1:" + hashlib.sha1(guid.encode("utf-8")).hexdigest()


def as_ttrss_title(title: str) -> str:
    """Tiny Tiny RSS reads every item title as HTML and strips anything between
    ``<`` and ``>`` (PHP's strip_tags), although newswire writes them as plain
    text, as RSS 2.0 and Atom (type "text") define them: "budget <2025>" is
    stored as "budget "."""
    return re.sub(r"<[^>]*>", "", title)


def subscribe(tt: TinyTinyRSS, room: Newsroom, proxy: Proxy) -> dict[str, int]:
    """Import feeds.opml as served by nginx (twice, as a user might); check each
    feed is subscribed exactly once; return feed name -> Tiny Tiny RSS feed id."""
    opml = proxy.get(room.base_url + "feeds.opml")
    for _ in range(2):
        page = tt.import_opml(opml)
        assert "Error" not in page, page
    feeds = subscribed(tt)
    assert sorted(f["feed_url"] for f in feeds) == sorted(
        room.feed_url(name) for name in FEEDS), "every feed of feeds.opml exactly once"
    return {name: next(f["id"] for f in feeds if f["feed_url"] == room.feed_url(name))
            for name in FEEDS}


def check_items(tt: TinyTinyRSS, room: Newsroom, feed_ids: dict[str, int]) -> dict[str, int]:
    """Every article stored once with newswire's values, no feed in error; return
    article name -> its ttrss_entries id.

    Tiny Tiny RSS shows an article once per user, filed under the first of its
    feeds that brought it, and knows it by its guid in every feed: the sport
    reports, in the RSS of ``main`` and the Atom of ``sport``, must be one
    article each (same RSS guid and Atom id), filed under one of the two.
    """
    feeds = {f["id"]: f for f in subscribed(tt)}
    assert [(f["feed_url"], f["last_error"]) for f in feeds.values() if f["last_error"]] == []
    assert {name: feeds[i]["title"] for name, i in feed_ids.items()} == TITLES
    rows = stored_items(tt)
    hashes = {guid_hash(identity): name for name, identity in room.ids.items()}
    names = [hashes.get(json.loads(r["guid"])["hash"], r["guid"]) for r in rows]
    assert sorted(names) == sorted(room.articles), "every article exactly once"
    feed_of = {feed_id: feed for feed, feed_id in feed_ids.items()}
    for name, row in zip(names, rows):
        assert feed_of[row["feed_id"]] in room.articles[name].feeds, name
        value = room.expected(feed_of[row["feed_id"]])[room.ids[name]]
        published = value["published"].astimezone(timezone.utc).replace(tzinfo=None)
        assert (row["title"], row["link"], row["updated"], row["author"]) == (
            as_ttrss_title(value["title"]), value["link"], published, value["author"]), name
    with tt.connect() as db:
        count = db.execute("SELECT count(*) AS n FROM ttrss_entries").fetchone()["n"]
        updated = db.execute("SELECT count(*) AS n FROM ttrss_feeds WHERE last_updated "
                             "> '1970-01-01'").fetchone()["n"]
        # the 2021 code raises PHP 8 warnings and deprecations of its own; any
        # other error (a feed it could not parse, a failed query) is a failure
        errors = db.execute("SELECT errno, errstr, filename, lineno FROM ttrss_error_log "
                            "WHERE errno NOT IN (%s, %s, %s)", PHP_NOTICES).fetchall()
    assert count == len(room.articles), "no article stored twice"
    assert updated == len(feed_ids), "every feed read"
    assert errors == []
    return {name: row["id"] for name, row in zip(names, rows)}


# the tests ------------------------------------------------------------------

def test_ttrss_subscribes_from_opml_and_stores_every_item(
        room: Newsroom, proxy: Proxy, ttrss: TinyTinyRSS) -> None:
    with proxy.serving(room.base_url):
        feed_ids = subscribe(ttrss, room, proxy)
        ttrss.update()
        first = check_items(ttrss, room, feed_ids)
        assert {name: room.ids[name] for name in first} == room.ids
        fetched = len(proxy.requests())
        # the second update of an unchanged site: conditional requests, 304s
        ttrss.update()
        second = [line for line in proxy.requests()[fetched:] if USER_AGENT in line]
        feeds = {room.feed_url(name) for name in FEEDS}
        for url in feeds:
            asked = [line for line in second if f'"GET {url} ' in line]
            assert asked and all(line.startswith("304 ") and "ims=-" not in line
                                 for line in asked), second
        assert check_items(ttrss, room, feed_ids) == first


def test_ttrss_follows_edits_renames_a_domain_move_and_a_new_article(
        room: Newsroom, proxy: Proxy, ttrss: TinyTinyRSS) -> None:
    with proxy.serving(OLD_BASE):
        feed_ids = subscribe(ttrss, room, proxy)
        ttrss.update()
        first = check_items(ttrss, room, feed_ids)

        # an edited title and body: the same row, updated
        room.edit("stories/story-03", "Story 03, corrected: the vote is postponed",
                  "The corrected first paragraph.\n\nSecond paragraph.")
        ttrss.update()
        assert check_items(ttrss, room, feed_ids) == first
        with ttrss.connect() as db:
            content = db.execute("SELECT content FROM ttrss_entries WHERE id = %s",
                                 (first["stories/story-03"],)).fetchone()["content"]
        assert "The corrected first paragraph." in content

        # a renamed file (an article of both feeds): nothing new
        room.rename("sport/match-02", "match-02-final.md")
        ttrss.update()
        assert check_items(ttrss, room, feed_ids) == first

    # a new domain with the same ledger; nginx redirects the old one
    room.move(NEW_BASE)
    with proxy.serving(NEW_BASE, moved_from=OLD_BASE):
        ttrss.update()
        assert check_items(ttrss, room, feed_ids) == first
        for name, a in room.articles.items():
            # Tiny Tiny RSS keeps the link it first saw; that URL now redirects
            assert proxy.head(a.url(OLD_BASE)) == (301, a.url(NEW_BASE)), name
        for name in FEEDS:
            assert proxy.head(room.feed_url(name, OLD_BASE)) == (301, room.feed_url(name))
        moved = [line for line in proxy.requests() if USER_AGENT in line
                 and f'"GET {room.feed_url("main")} ' in line]
        assert moved and moved[-1].startswith("200 "), "the updater followed the redirect"

        # a new article (in both feeds): exactly one new row
        room.add("sport/match-04", article("sport", 4))
        ttrss.update()
        after = check_items(ttrss, room, feed_ids)
        assert {k: v for k, v in after.items() if k != "sport/match-04"} == first
        assert "sport/match-04" in after
