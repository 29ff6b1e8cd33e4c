"""End to end with rss2email: it imports the site's feeds.opml, fetches the
feeds from nginx (docs/nginx.conf) and mails every new item to an SMTP
server on 127.0.0.1. Each item must arrive once, with newswire's title,
link, guid, date and author, and never again: not after an edit, a renamed
file or a move to a new domain; a new article arrives once per feed.
"""

from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
from datetime import timezone
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest

from .mailsink import smtp_sink
from .newsroom import FEEDS, NEW_BASE, OLD_BASE, Newsroom, Proxy, article

pytestmark = pytest.mark.slow

USER_AGENT = "ua=rss2email/"
CONFIG = """\
[DEFAULT]
from = desk@example.test
to = reader@example.test
name-format = {{author}}
proxy = http://{proxy}/
date-header = True
date-header-order = issued, modified
email-protocol = smtp
smtp-server = 127.0.0.1
smtp-port = {smtp_port}
smtp-ssl = False
smtp-auth = False
verbose = info
"""


def r2e_program() -> str:
    found = Path(sys.executable).with_name("r2e")
    if found.is_file():
        return str(found)
    which = shutil.which("r2e")
    if which is None:
        pytest.skip("rss2email is not installed (pip install -e '.[test]' installs it)")
    return which


class Rss2Email:
    """rss2email with its configuration and feed data (what it sent) in ``folder``."""

    def __init__(self, folder: Path, proxy: Proxy, smtp_port: int) -> None:
        self.program = r2e_program()
        folder.mkdir()
        self.config = folder / "rss2email.cfg"
        self.data = folder / "rss2email.json"
        self.config.write_text(CONFIG.format(proxy=proxy.address, smtp_port=smtp_port),
                               "utf-8")
        self.home = folder

    def __call__(self, *args: str) -> str:
        result = subprocess.run([self.program, "-c", str(self.config), "-d", str(self.data),
                                 *args], capture_output=True, text=True, timeout=300,
                                env={"PATH": "/usr/bin:/bin", "HOME": str(self.home),
                                     "LANG": "C.UTF-8"})
        output = result.stdout + result.stderr
        assert result.returncode == 0, output
        assert "ERROR" not in output and "WARNING" not in output, output
        return output

    def feeds(self) -> dict[str, str]:
        """Its subscriptions: name -> feed URL, from its configuration file."""
        parser = configparser.ConfigParser(interpolation=None)
        parser.read(self.config, "utf-8")
        return {s.removeprefix("feed."): parser[s]["url"] for s in parser.sections()
                if s.startswith("feed.")}


def check_mail(messages: list[EmailMessage], room: Newsroom,
               names: dict[str, list[str]]) -> None:
    """``messages`` are exactly one per (feed, article) of ``names`` (feed -> article
    names), each with the article's values."""
    by_url = {room.feed_url(feed, base): feed for feed in FEEDS
              for base in (OLD_BASE, NEW_BASE)}
    got = sorted((by_url[m["X-RSS-Feed"]], m["X-RSS-ID"]) for m in messages)
    assert got == sorted((feed, room.ids[n]) for feed, ns in names.items() for n in ns), \
        "one message per new item of each feed"
    ids = {identity: name for name, identity in room.ids.items()}
    for m in messages:
        feed = by_url[m["X-RSS-Feed"]]
        a = room.articles[ids[m["X-RSS-ID"]]]
        assert feed in a.feeds
        # rss2email writes the item's date in UTC with the zone "-0000" (RFC 5322
        # 3.3), which Python reads as a naive time
        date = parsedate_to_datetime(m["Date"]).replace(tzinfo=timezone.utc)
        assert (m["Subject"], m["X-RSS-URL"], date,
                m["From"].addresses[0].display_name) == (
            a.title, a.url(room.base_url), a.published, a.author)


def test_rss2email_mails_each_item_once(room: Newsroom, proxy: Proxy,
                                        tmp_path: Path) -> None:
    with smtp_sink() as (sink, smtp_port):
        r2e = Rss2Email(tmp_path / "rss2email", proxy, smtp_port)
        with proxy.serving(OLD_BASE):
            opml = tmp_path / "feeds.opml"
            opml.write_bytes(proxy.get(room.base_url + "feeds.opml"))
            r2e("opmlimport", str(opml))
            assert sorted(r2e.feeds().values()) == sorted(room.feed_url(f) for f in FEEDS), \
                "every feed of feeds.opml exactly once"

            r2e("run")
            everything = {feed: [n for n, a in room.articles.items() if feed in a.feeds]
                          for feed in FEEDS}
            check_mail(sink.take(), room, everything)

            # the second run of an unchanged site: conditional requests, 304s
            fetched = len(proxy.requests())
            r2e("run")
            assert sink.take() == []
            second = [line for line in proxy.requests()[fetched:] if USER_AGENT in line]
            assert sorted(line.split()[2] for line in second) == sorted(
                room.feed_url(f) for f in FEEDS)
            assert all(line.startswith("304 ") and "inm=-" not in line for line in second), \
                second

            room.edit("stories/story-03", "Story 03, corrected: the vote is postponed",
                      "The corrected first paragraph.\n\nSecond paragraph.")
            r2e("run")
            assert sink.take() == [], "an edited article is not mailed again"
            room.rename("sport/match-02", "match-02-final.md")
            r2e("run")
            assert sink.take() == [], "a renamed file is not mailed again"

        room.move(NEW_BASE)
        with proxy.serving(NEW_BASE, moved_from=OLD_BASE):
            fetched = len(proxy.requests())
            r2e("run")
            assert sink.take() == [], "a domain move mails nothing again"
            # it followed the redirects to the new addresses (it keeps its
            # configured URLs: rss2email saves only its data file after a run)
            moved = [line.split()[:3] for line in proxy.requests()[fetched:]
                     if USER_AGENT in line]
            for feed in FEEDS:
                assert ['301', '"GET', room.feed_url(feed, OLD_BASE)] in moved
                assert ['200', '"GET', room.feed_url(feed)] in moved

            room.add("sport/match-04", article("sport", 4))
            r2e("run")
            check_mail(sink.take(), room, {"main": ["sport/match-04"],
                                           "sport": ["sport/match-04"]})
