"""The site the aggregator end-to-end tests publish, and the life it goes
through: first publication, an edited article, a renamed file, a move to a
new domain (old URLs redirected by nginx) and a new article.

Two feeds overlap, as sections do: ``main`` holds everything (RSS, Atom,
JSON Feed; feeds.opml lists its RSS), ``sport`` holds the articles under
``content/sport/`` (Atom only, so feeds.opml lists its Atom document). The
site lives at ``http://news.example.test/`` and moves to
``http://wire.example.test/``; ``.test`` names never resolve (RFC 6761), so
clients reach nginx on 127.0.0.1 as an HTTP proxy (see ttrss.py).
"""

from __future__ import annotations

import http.client
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

from newswire.build import BuildOptions
from newswire.listing import list_articles

from .nginx import running_nginx
from .sites import NOW, build_site, free_port

OLD_BASE = "http://news.example.test/"
NEW_BASE = "http://wire.example.test/"
HUB = "https://hub.example.test/"
FIRST = datetime(2024, 3, 1, 9, 30, tzinfo=timezone.utc)
AUTHORS = ("Ada Reporter", "Bruno Desk", "Zoë Ångström")
CEST = timezone(timedelta(hours=2))
FEEDS = {"main": "feeds/main/rss.xml", "sport": "feeds/sport/atom.xml"}

REDIRECT = """
# the old domain, after the move: every URL answers 301 with its new address
server {{
    listen 127.0.0.1:{port};
    server_name {old_host};
    return 301 {new_base}$request_uri;
}}
"""


@dataclass(frozen=True)
class Article:
    """What the test wrote: an article's source and the values readers should store."""

    section: str  # "stories" or "sport"
    slug: str
    title: str
    published: datetime
    author: str
    body: str
    file: str = ""  # file name below content/<section>/, default <slug>.md

    @property
    def path(self) -> str:
        return f"{self.section}/{self.file or self.slug + '.md'}"

    def url(self, base_url: str) -> str:
        return f"{base_url}{self.section}/{self.slug}/"

    @property
    def feeds(self) -> tuple[str, ...]:
        return ("main", "sport") if self.section == "sport" else ("main",)


def article(section: str, number: int) -> Article:
    """Titles with markup characters and quotes, authors beyond ASCII, dates
    with and without an offset: what real desks write."""
    kind = "Match" if section == "sport" else "Story"
    titles = (f"{kind} {number:02d}: the council votes on item {number}",
              f"{kind} {number:02d}: rates & roads, the \"quiet\" vote",
              f"{kind} {number:02d}: l’été à Genève — budget <2025>")
    published = FIRST + timedelta(days=number * 2 + (section == "sport"), hours=number % 5)
    return Article(section, f"{kind.lower()}-{number:02d}", titles[number % len(titles)],
                   published.astimezone(CEST) if number % 2 else published,
                   AUTHORS[number % len(AUTHORS)],
                   f"First paragraph of {kind.lower()} {number}.\n\nSecond paragraph.")


@dataclass
class Newsroom:
    """A site on disk, its articles, and the ids newswire gave them."""

    root: Path
    base_url: str
    articles: dict[str, Article]  # by a name that never changes: "stories/story-03"
    ids: dict[str, str] = field(default_factory=dict)  # name -> id
    first_url: dict[str, str] = field(default_factory=dict)  # name -> first link

    def write(self, name: str) -> None:
        a = self.articles[name]
        path = self.root / "content" / a.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            "---\n"
            f"title: {json.dumps(a.title, ensure_ascii=False)}\n"
            f"date: {a.published.isoformat()}\n"
            f"author: {json.dumps(a.author, ensure_ascii=False)}\n"
            f"tags: [council, {a.section}]\n"
            "---\n\n"
            f"{a.body}\n", "utf-8")

    def write_settings(self) -> None:
        feeds = self.root / "feeds"
        feeds.mkdir(parents=True, exist_ok=True)
        (feeds / "site.toml").write_text(
            f'base_url = "{self.base_url}"\ntitle = "Council Wire"\ntimezone = "UTC"\n'
            f'language = "en"\nhub = "{HUB}"\n', "utf-8")
        (feeds / "main.toml").write_text(
            'title = "Council Wire"\nmax_items = 50\nformats = ["rss", "atom", "json"]\n',
            "utf-8")
        (feeds / "sport.toml").write_text(
            'title = "Council Wire: Sport"\nmax_items = 50\ninclude_paths = ["sport/*"]\n'
            'formats = ["atom"]\n', "utf-8")

    def build(self) -> None:
        """Build, one second after the previous build's files at least.

        HTTP dates count whole seconds and a client that sent
        If-Modified-Since gets a 304 for a file rewritten within that second;
        builds are minutes apart in real life, here they could share one.
        """
        public = self.root / "public"
        if public.exists():
            written = max(p.stat().st_mtime for p in public.rglob("*"))
            while time.time() < int(written) + 1:
                time.sleep(0.05)
        build_site(self.root)
        listed = {row["url"]: row["id"] for row in list_articles(self.root,
                                                                 BuildOptions(now=NOW))}
        for name, a in self.articles.items():
            identity = listed[a.url(self.base_url)]
            assert self.ids.setdefault(name, identity) == identity, "newswire kept the id"
            self.first_url.setdefault(name, a.url(self.base_url))

    # the changes a site goes through ------------------------------------

    def edit(self, name: str, title: str, body: str) -> None:
        self.articles[name] = replace(self.articles[name], title=title, body=body)
        self.write(name)
        self.build()

    def rename(self, name: str, file: str) -> None:
        before = self.root / "content" / self.articles[name].path
        self.articles[name] = replace(self.articles[name], file=file)
        before.rename(self.root / "content" / self.articles[name].path)
        self.build()

    def move(self, base_url: str) -> None:
        self.base_url = base_url
        self.write_settings()
        self.build()

    def add(self, name: str, new: Article) -> None:
        self.articles[name] = new
        self.write(name)
        self.build()

    # what readers should store -------------------------------------------

    def expected(self, feed: str) -> dict[str, dict]:
        """id -> title, link (the first one readers saw), published, author."""
        return {self.ids[name]: {"title": a.title, "link": self.first_url[name],
                                 "published": a.published, "author": a.author}
                for name, a in self.articles.items() if feed in a.feeds}

    def feed_url(self, feed: str, base_url: str | None = None) -> str:
        return (base_url or self.base_url) + FEEDS[feed]


def make_newsroom(root: Path) -> Newsroom:
    """Six stories and three sport reports at OLD_BASE, built."""
    articles = {f"stories/story-{n:02d}": article("stories", n) for n in range(1, 7)}
    articles |= {f"sport/match-{n:02d}": article("sport", n) for n in range(1, 4)}
    room = Newsroom(root, OLD_BASE, articles)
    room.write_settings()
    for name in articles:
        room.write(name)
    room.build()
    return room


@dataclass
class Proxy:
    """nginx serving the site on 127.0.0.1:``port``, reached as an HTTP proxy."""

    port: int
    folder: Path
    public: Path

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def access_log(self) -> Path:
        return self.folder / "access.log"

    def requests(self) -> list[str]:
        """``status "GET http://host/path HTTP/1.1" inm=... ims=... ua=...`` lines."""
        if not self.access_log.exists():
            return []
        return self.access_log.read_text("utf-8").splitlines()

    @contextmanager
    def serving(self, base_url: str, moved_from: str | None = None) -> Iterator[None]:
        """nginx with docs/nginx.conf for ``base_url``, plus a 301 from every URL of
        ``moved_from`` to the same path at ``base_url``."""
        extra = ""
        if moved_from:
            extra = REDIRECT.format(port=self.port, new_base=base_url.rstrip("/"),
                                      old_host=moved_from.split("/")[2])
        with running_nginx(self.folder, self.public, self.port, base_url, HUB, extra):
            yield

    def head(self, url: str) -> tuple[int, str | None]:
        """HEAD ``url`` through the proxy without following redirects: status, Location."""
        status, headers, _ = self._request("HEAD", url)
        return status, headers.get("Location")

    def get(self, url: str) -> bytes:
        """The body of ``url`` fetched through the proxy; fails unless 200."""
        status, _, body = self._request("GET", url)
        assert status == 200, (url, status)
        return body

    def _request(self, method: str, url: str):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request(method, url)
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()


def make_proxy(folder: Path, public: Path) -> Proxy:
    return Proxy(free_port(), folder, public)
