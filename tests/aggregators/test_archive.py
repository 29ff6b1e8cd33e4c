"""RFC 5005 §4 archived feeds: from the subscription document back through
every archive page, a reader finds every article exactly once, and a full
archive page never changes again."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest
from lxml import etree

from newswire.build import BuildOptions
from newswire.listing import list_articles

from .sites import NOW, build_site, make_site, story, write_story

BASE = "https://news.example.org/"
ATOM = "{http://www.w3.org/2005/Atom}"
FH_ARCHIVE = "{http://purl.org/syndication/history/1.0}archive"
SUBSCRIPTION = {"rss": "feeds/main/rss.xml", "atom": "feeds/main/atom.xml",
                "json": "feeds/main/feed.json"}


def local(public: Path, url: str) -> Path:
    assert url.startswith(BASE), url
    return public / url[len(BASE):]


def links(root: etree._Element, fmt: str) -> dict[str, str]:
    """rel → href of the document's atom:link elements (RSS: in the channel)."""
    parent = root.find("channel") if fmt == "rss" else root
    return {link.get("rel"): link.get("href") for link in parent.findall(f"{ATOM}link")}


def read_page(path: Path, fmt: str) -> dict:
    """One document: its ids (in order), history links and archive marker."""
    data = path.read_bytes()
    if fmt == "json":
        obj = json.loads(data)
        return {"ids": [i["id"] for i in obj["items"]], "older": obj.get("next_url"),
                "links": {}, "archive": "next_url" in obj and obj.get("expired") is False
                and path.name != "feed.json", "hub": obj.get("hubs")}
    parsed = feedparser.parse(data)
    assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
    root = etree.fromstring(data)
    rel = links(root, fmt)
    items = root.iter("item") if fmt == "rss" else root.iter(f"{ATOM}entry")
    ids = [i.findtext("guid") if fmt == "rss" else i.findtext(f"{ATOM}id") for i in items]
    marker = root.find(f"channel/{FH_ARCHIVE}") if fmt == "rss" else root.find(FH_ARCHIVE)
    return {"ids": ids, "older": rel.get("prev-archive"), "links": rel,
            "archive": marker is not None, "hub": rel.get("hub")}


def walk(public: Path, fmt: str) -> list[tuple[Path, dict]]:
    """Follow prev-archive (JSON: next_url) from the subscription document."""
    pages, seen = [], set()
    path: Path | None = public / SUBSCRIPTION[fmt]
    while path is not None:
        assert path not in seen, f"{path} links back into the chain"
        seen.add(path)
        page = read_page(path, fmt)
        pages.append((path, page))
        path = local(public, page["older"]) if page["older"] else None
    return pages


def all_ids(site: Path) -> list[str]:
    """Every published article's id, as ``newswire list`` reports them."""
    return sorted(row["id"] for row in list_articles(site, BuildOptions(now=NOW)))


@pytest.fixture
def site23(tmp_path: Path) -> Path:
    make_site(tmp_path / "site", 23, hub="https://hub.example.org/")
    build_site(tmp_path / "site")
    return tmp_path / "site"


@pytest.mark.parametrize("fmt", ["rss", "atom", "json"])
def test_walk_finds_every_article_exactly_once(site23: Path, fmt: str) -> None:
    public = site23 / "public"
    pages = walk(public, fmt)
    ids = [i for _, page in pages for i in page["ids"]]
    assert len(ids) == 23
    assert sorted(ids) == all_ids(site23)
    # the subscription document holds the newest five; pages 4 (newest, 3
    # items), 3, 2, 1 (oldest) follow, each full page five items
    assert [p.name for p, _ in pages] == [
        SUBSCRIPTION[fmt].rsplit("/", 1)[1]] + [
        f"{ {'rss': 'rss', 'atom': 'atom', 'json': 'feed'}[fmt]}-{n}.{'json' if fmt == 'json' else 'xml'}"
        for n in (4, 3, 2, 1)]
    assert [len(page["ids"]) for _, page in pages] == [5, 3, 5, 5, 5]


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_history_links_and_archive_marker(site23: Path, fmt: str) -> None:
    public = site23 / "public"
    name = {"rss": "rss-{}.xml", "atom": "atom-{}.xml"}[fmt]
    page_url = BASE + "feeds/main/archive/" + name
    current = read_page(public / SUBSCRIPTION[fmt], fmt)
    assert current["archive"] is False
    assert current["links"]["prev-archive"] == page_url.format(4)
    assert current["links"]["hub"] == "https://hub.example.org/"
    assert current["links"]["self"] == BASE + SUBSCRIPTION[fmt]
    for n in (1, 2, 3, 4):
        page = read_page(public / "feeds/main/archive" / name.format(n), fmt)
        assert page["archive"] is True
        assert page["links"]["current"] == BASE + SUBSCRIPTION[fmt]
        assert page["links"]["self"] == page_url.format(n)
        assert page["links"].get("prev-archive") == (page_url.format(n - 1) if n > 1 else None)
        assert page["links"].get("next-archive") == (page_url.format(n + 1) if n < 4 else None)
        assert "hub" not in page["links"]  # nothing subscribes to an archive page


def test_json_archive_pages_chain_by_next_url(site23: Path) -> None:
    public = site23 / "public"
    current = json.loads((public / SUBSCRIPTION["json"]).read_bytes())
    assert current["hubs"] == [{"type": "WebSub", "url": "https://hub.example.org/"}]
    assert current["next_url"] == BASE + "feeds/main/archive/feed-4.json"
    for n in (1, 2, 3, 4):
        page = json.loads((public / f"feeds/main/archive/feed-{n}.json").read_bytes())
        assert page["feed_url"] == BASE + f"feeds/main/archive/feed-{n}.json"
        assert page.get("next_url") == (BASE + f"feeds/main/archive/feed-{n - 1}.json"
                                        if n > 1 else None)
        assert "hubs" not in page


def test_full_archive_pages_never_change_as_articles_arrive(tmp_path: Path) -> None:
    site = tmp_path / "site"
    make_site(site, 23)
    build_site(site)
    archive = site / "public/feeds/main/archive"
    frozen: dict[str, bytes] = {}
    for number in range(24, 36):  # crosses two page boundaries
        pages = walk(site / "public", "rss")
        for path, page in pages[1:]:
            if len(page["ids"]) == 5:  # full: every format of it is frozen from now on
                n = path.stem.split("-")[1]
                for name in (f"rss-{n}.xml", f"atom-{n}.xml", f"feed-{n}.json"):
                    frozen.setdefault(name, (archive / name).read_bytes())
        write_story(site / "content", story(number))
        build_site(site)
        for name, data in frozen.items():
            assert (archive / name).read_bytes() == data, f"{name} changed"
        for fmt in ("rss", "atom", "json"):
            ids = [i for _, page in walk(site / "public", fmt) for i in page["ids"]]
            assert len(ids) == number and sorted(ids) == all_ids(site)
    # pages 1-3 were full from the start, 4 and 5 were filled by the builds above
    assert sorted(frozen) == sorted(f"{k}-{n}.{e}" for n in range(1, 6)
                                    for k, e in (("rss", "xml"), ("atom", "xml"),
                                                 ("feed", "json")))


def test_newest_page_is_empty_when_the_older_items_fill_whole_pages(tmp_path: Path) -> None:
    site = tmp_path / "site"
    make_site(site, 15)  # 5 in the subscription document, 10 = two full pages
    build_site(site)
    public = site / "public"
    pages = walk(public, "atom")
    assert [len(p["ids"]) for _, p in pages] == [5, 0, 5, 5]
    empty = etree.parse(str(public / "feeds/main/archive/atom-3.xml")).getroot()
    full = etree.parse(str(public / "feeds/main/archive/atom-2.xml")).getroot()
    # an empty page is dated like the page before it, not 1970
    assert empty.findtext(f"{ATOM}updated") == full.findtext(f"{ATOM}updated")
    assert walk(public, "rss")[1][1]["ids"] == [] and walk(public, "json")[1][1]["ids"] == []


def test_without_archive_the_feed_just_keeps_the_newest(tmp_path: Path) -> None:
    site = tmp_path / "site"
    make_site(site, 8, archive=False)
    build_site(site)
    pages = walk(site / "public", "rss")
    assert len(pages) == 1 and len(pages[0][1]["ids"]) == 5
    assert not (site / "public/feeds/main/archive").exists()
