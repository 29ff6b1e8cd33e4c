"""Small helpers shared by the bad-input tests: a site in a temp folder,
a build through the command line, and the feeds and pages it wrote."""

from __future__ import annotations

import json
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import feedparser
import lxml.html
from click.testing import CliRunner, Result

from newswire.cli import main
from newswire.validate import validate_bytes

NOW = "2030-01-01T00:00:00Z"
BASE_URL = "https://news.example.org/"
FEED_KINDS = {"rss.xml": "rss", "atom.xml": "atom", "feed.json": "json"}


def make_site(root: Path, files: dict[str, bytes | str] | None = None,
              max_items: int = 50) -> Path:
    """A site folder with one feed, ``main``, holding everything, and the given
    content files (names relative to ``content/``)."""
    (root / "feeds").mkdir(parents=True)
    (root / "content").mkdir()
    (root / "feeds" / "site.toml").write_text(
        f'base_url = "{BASE_URL}"\ntitle = "Wire"\ntimezone = "Europe/Rome"\n',
        encoding="utf-8")
    (root / "feeds" / "main.toml").write_text(
        f'title = "Everything"\nmax_items = {max_items}\n', encoding="utf-8")
    for name, data in (files or {}).items():
        write(root / "content" / name, data)
    return root


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data)
    return path


def run_build(site: Path, *options: str) -> Result:
    """``newswire --site SITE build --now NOW OPTIONS`` through click's runner."""
    return CliRunner().invoke(main, ["--site", str(site), "build", "--now", NOW, *options],
                              catch_exceptions=False)


def diagnostics(result: Result) -> list[str]:
    """The ``path:line: level: message`` lines a build printed."""
    return [line for line in result.stderr.splitlines()
            if ": error: " in line or ": warning: " in line]


def feed_files(site: Path) -> dict[str, bytes]:
    """Every feed document below ``public/feeds/``, by file name relative to public/."""
    public = site / "public"
    return {p.relative_to(public).as_posix(): p.read_bytes()
            for p in sorted((public / "feeds").rglob("*"))
            if p.is_file() and p.suffix in (".xml", ".json")}


def feed_kind(name: str) -> str:
    """``rss``, ``atom`` or ``json`` from a feed file's name (archives too)."""
    base = name.rsplit("/", 1)[-1]
    if base in FEED_KINDS:
        return FEED_KINDS[base]
    return "json" if base.endswith(".json") else base.split("-")[0]


def check_feed(name: str, data: bytes) -> None:
    """Assert a feed passes validation (no errors) and parses cleanly."""
    kind = feed_kind(name)
    errors = [f for f in validate_bytes(data, name, kind) if f.level == "error"]
    assert errors == [], errors
    if kind == "json":
        json.loads(data)
    else:
        parsed = feedparser.parse(data)
        assert parsed.bozo == 0, (name, parsed.get("bozo_exception"))


def pages(site: Path) -> dict[str, lxml.html.HtmlElement]:
    """Every article page below ``public/`` (not the home page, not the
    feeds' own pages), parsed, by its URL path."""
    public = site / "public"
    found = {}
    for path in sorted(public.rglob("index.html")):
        url_path = path.parent.relative_to(public).as_posix() + "/"
        if path.parent != public and not url_path.startswith("feeds/"):
            found[url_path] = lxml.html.fromstring(path.read_bytes())
    return found


def json_items(site: Path) -> list[dict]:
    return json.loads((site / "public" / "feeds" / "main" / "feed.json").read_bytes())["items"]


class TooSlow(Exception):
    """Raised by :func:`alarm` when its time is up."""


@contextmanager
def alarm(seconds: float) -> Iterator[None]:
    """Raise :class:`TooSlow` in the main thread after ``seconds`` (Python's
    regular expression engine checks for signals while it backtracks)."""
    def ring(_signum: int, _frame: object) -> None:
        raise TooSlow
    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
