"""Small generated sites and HTTP helpers for the aggregator tests."""

from __future__ import annotations

import shutil
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from newswire.run import BuildOptions, BuildReport, build

NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)
FIRST = datetime(2024, 3, 1, 9, 30, tzinfo=timezone.utc)
AUTHORS = ("Ada Reporter", "Bruno Desk", "Chiara Field")


@dataclass(frozen=True)
class Story:
    """What a test article says, to compare with what readers stored."""

    number: int
    title: str
    slug: str
    published: datetime
    author: str

    def url(self, base_url: str) -> str:
        return f"{base_url}stories/{self.slug}/"


def story(number: int) -> Story:
    return Story(number, f"Story {number:02d}: the council votes on item {number}",
                 f"story-{number:02d}", FIRST + timedelta(days=number, hours=number % 5),
                 AUTHORS[number % len(AUTHORS)])


def write_story(content: Path, s: Story, title: str | None = None) -> None:
    path = content / "stories" / f"{s.slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "---\n"
        f'title: "{title or s.title}"\n'
        f"date: {s.published.isoformat()}\n"
        f'author: "{s.author}"\n'
        f"tags: [council, n{s.number}]\n"
        "---\n\n"
        f"Paragraph one of story {s.number}.\n\nParagraph two.\n", "utf-8")


def make_site(root: Path, count: int, *, base_url: str = "https://news.example.org/",
              hub: str | None = None, max_items: int = 5, archive: bool = True,
              formats: tuple[str, ...] = ("rss", "atom", "json")) -> list[Story]:
    """Write a site with ``count`` stories and one feed, ``main``; return the stories."""
    (root / "feeds").mkdir(parents=True)
    site = [f'base_url = "{base_url}"', 'title = "Council Wire"', 'timezone = "UTC"',
            'language = "en"']
    if hub:
        site.append(f'hub = "{hub}"')
    (root / "feeds" / "site.toml").write_text("\n".join(site) + "\n", "utf-8")
    fmts = ", ".join(f'"{f}"' for f in formats)
    (root / "feeds" / "main.toml").write_text(
        f'title = "Council Wire"\nmax_items = {max_items}\narchive = {str(archive).lower()}\n'
        f"formats = [{fmts}]\n", "utf-8")
    stories = [story(n) for n in range(1, count + 1)]
    for s in stories:
        write_story(root / "content", s)
    return stories


def build_site(root: Path) -> BuildReport:
    report = build(root, BuildOptions(now=NOW))
    assert report.errors == [], report.errors
    return report


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def program(name: str) -> str | None:
    return shutil.which(name) or next(
        (str(p) for d in ("/usr/sbin", "/sbin", "/usr/bin") if (p := Path(d) / name).is_file()),
        None)


def http_get(url: str, headers: dict[str, str] | None = None):
    """GET without proxies; returns (status, headers, body) for any status."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, exc.headers, exc.read()
