"""Lead images: sizes and byte lengths read from local files reach the page
(og:image:width/height), RSS (enclosure length, media:content) and Atom
(link rel="enclosure" length); remote images keep them unknown."""

from __future__ import annotations

import json
from pathlib import Path

from lxml import etree, html
from PIL import Image

from newswire.run import BuildOptions, build

from ..conftest import NOW

BASE = "https://news.example.org/"
MEDIA = "{http://search.yahoo.com/mrss/}"
ATOM = "{http://www.w3.org/2005/Atom}"


def rss_item(site: Path, feed: str, title: str) -> etree._Element:
    root = etree.parse(str(site / f"public/feeds/{feed}/rss.xml")).getroot()
    (item,) = [i for i in root.iter("item") if i.findtext("title") == title]
    return item


def atom_entry(site: Path, feed: str, title: str) -> etree._Element:
    root = etree.parse(str(site / f"public/feeds/{feed}/atom.xml")).getroot()
    (entry,) = [e for e in root.iter(f"{ATOM}entry") if e.findtext(f"{ATOM}title") == title]
    return entry


def og(site: Path, path: str) -> dict[str, str]:
    doc = html.fromstring((site / "public" / path / "index.html").read_bytes())
    return {m.get("property"): m.get("content") for m in doc.xpath("//meta[@property]")}


def test_local_image_sizes_reach_page_and_feeds(site):
    root, _ = site
    banner = root / "content/newsroom/banner.png"
    with Image.open(banner) as image:
        assert image.size == (1200, 630)
    length = str(banner.stat().st_size)
    assert (root / "public/newsroom/banner.png").read_bytes() == banner.read_bytes()
    url = BASE + "newsroom/banner.png"
    title = "Welcome to Example Wire: news you can subscribe to"

    meta = og(root, "newsroom/welcome")
    assert (meta["og:image"], meta["og:image:width"], meta["og:image:height"]) == (
        url, "1200", "630")
    assert meta["og:image:alt"] == "Red and cream chequered banner of Example Wire"
    assert meta["og:image:type"] == "image/png"

    item = rss_item(root, "main", title)
    enclosure = item.find("enclosure")
    assert enclosure.attrib == {"url": url, "length": length, "type": "image/png"}
    content = item.find(f"{MEDIA}content")
    assert (content.get("url"), content.get("fileSize"), content.get("width"),
            content.get("height"), content.get("medium")) == (url, length, "1200", "630",
                                                              "image")
    thumb = item.find(f"{MEDIA}thumbnail")
    assert (thumb.get("url"), thumb.get("width"), thumb.get("height")) == (url, "1200", "630")

    entry = atom_entry(root, "main", title)
    links = [dict(link.attrib) for link in entry.iter(f"{ATOM}link")]
    assert links == [
        {"href": BASE + "newsroom/welcome/", "rel": "alternate", "type": "text/html"},
        {"href": url, "rel": "enclosure", "type": "image/png", "length": length}]

    items = json.loads((root / "public/feeds/main/feed.json").read_bytes())["items"]
    (jitem,) = [i for i in items if i["title"] == title]
    assert jitem["image"] == url


def test_absolute_url_into_the_site_is_a_local_image_too(site):
    root, _ = site
    meta = og(root, "newsroom/reading-feeds")
    assert meta["og:image:width"] == "1200"
    item = rss_item(root, "main", "Q&A: how do feed readers know a story is new?")
    assert item.find("enclosure").get("length") == str((root / "content/newsroom/banner.png").stat().st_size)


def test_remote_and_unreadable_images(tmp_path):
    root = tmp_path / "site"
    (root / "feeds").mkdir(parents=True)
    (root / "content/pics").mkdir(parents=True)
    (root / "feeds/site.toml").write_text(f'base_url = "{BASE}"\ntitle = "Images"\n', "utf-8")
    (root / "content/pics/broken.png").write_bytes(b"not a png at all")
    (root / "content/remote.md").write_text(
        "---\ntitle: Remote\ndate: 2024-01-01\nimage: https://cdn.example.com/a.jpg\n---\n\nx\n",
        "utf-8")
    (root / "content/broken.md").write_text(
        "---\ntitle: Broken\ndate: 2024-01-02\nimage: pics/broken.png\n---\n\nx\n", "utf-8")
    report = build(root, BuildOptions(now=NOW))
    assert report.errors == []

    remote = og(root, "remote")
    assert remote["og:image"] == "https://cdn.example.com/a.jpg"
    assert "og:image:width" not in remote
    enclosure = rss_item(root, "main", "Remote").find("enclosure")
    assert enclosure.get("length") == "0" and enclosure.get("type") == "image/jpeg"
    assert rss_item(root, "main", "Remote").find(f"{MEDIA}content").get("fileSize") is None

    broken = og(root, "broken")
    assert broken["og:image"] == BASE + "pics/broken.png"
    assert "og:image:width" not in broken
    item = rss_item(root, "main", "Broken")
    assert item.find("enclosure").get("length") == "16"
    assert item.find(f"{MEDIA}content").get("width") is None


def test_content_file_replaces_a_shipped_static_file(tmp_path):
    root = tmp_path / "site"
    (root / "feeds").mkdir(parents=True)
    (root / "content").mkdir()
    (root / "feeds/site.toml").write_text(f'base_url = "{BASE}"\ntitle = "Images"\n', "utf-8")
    (root / "content/style.css").write_text("body { color: teal; }\n", "utf-8")
    (root / "content/a.md").write_text("---\ntitle: A\ndate: 2024-01-01\n---\n\nx\n", "utf-8")
    report = build(root, BuildOptions(now=NOW))
    assert report.errors == []
    assert (root / "public/style.css").read_text("utf-8") == "body { color: teal; }\n"
    assert (root / "public/feed.css").stat().st_size > 200
    assert (root / "public/favicon.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
