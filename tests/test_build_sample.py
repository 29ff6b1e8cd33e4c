"""The main job end to end: the sample site builds into valid, parseable feeds
holding the seed article with the right values."""

from __future__ import annotations

import json
from email.utils import parsedate_to_datetime
from pathlib import Path

import feedparser
import pytest
from lxml import etree

from newswire.run import BuildOptions, build

from .conftest import NOW

SEED_TITLE = "The handshake"
SEED_SUMMARY = "Kim Jong-Un is in Vladivostok: tomorrow he meets Putin"
SEED_PUBLISHED = "2019-04-25T00:00:00+02:00"  # the site's zone is Europe/Rome
ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


def feed_files(public: Path) -> list[Path]:
    return sorted(p for p in (public / "feeds").rglob("*") if p.suffix in (".xml", ".json"))


def html_paragraphs(fragment: str) -> list[str]:
    root = etree.fromstring(f"<div>{fragment}</div>".encode(), etree.HTMLParser())
    return ["".join(p.itertext()) for p in root.iter("p")]


def test_build_reports_no_problems(shared_built_site):
    _, report = shared_built_site
    assert report.errors == []
    assert report.warnings == []
    assert report.articles == 18  # 16 stories and 2 podcast episodes


def test_every_feed_is_written_and_parses(shared_built_site):
    site, _ = shared_built_site
    files = feed_files(site / "public")
    names = {p.relative_to(site / "public").as_posix() for p in files}
    for feed in ("main", "world", "science"):
        for name in ("rss.xml", "atom.xml", "feed.json"):
            assert f"feeds/{feed}/{name}" in names
    for path in files:
        if path.suffix == ".json":
            assert json.loads(path.read_bytes())["version"] == "https://jsonfeed.org/version/1.1"
            continue
        etree.fromstring(path.read_bytes())  # well-formed
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
        assert parsed.version in ("rss20", "atom10")


def _rss_seed(site: Path) -> etree._Element:
    root = etree.parse(str(site / "public/feeds/main/rss.xml")).getroot()
    items = [i for i in root.iter("item") if i.findtext("title") == SEED_TITLE]
    assert len(items) == 1
    return items[0]


def test_seed_item_in_rss(shared_built_site):
    site, _ = shared_built_site
    item = _rss_seed(site)
    assert item.findtext("description") == SEED_SUMMARY
    published = parsedate_to_datetime(item.findtext("pubDate"))
    assert published.isoformat() == SEED_PUBLISHED
    assert item.findtext("pubDate") == "Thu, 25 Apr 2019 00:00:00 +0200"
    paragraphs = html_paragraphs(item.findtext(CONTENT))
    assert len(paragraphs) == 8
    assert paragraphs[0].startswith("First meeting and historic handshake")
    body = " ".join(paragraphs)
    assert "Share" not in body and "25 April 2019" not in body
    assert item.findtext("link") == "https://news.example.org/000-9b5066fb76f96e2d/"
    guid = item.find("guid")
    assert guid.get("isPermaLink") == "false" and guid.text.startswith("urn:uuid:")
    assert [c.text for c in item.findall("category")] == ["World", "world", "asia", "diplomacy"]
    assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Example Wire Desk"


def test_seed_entry_in_atom_and_feedparser(shared_built_site):
    site, _ = shared_built_site
    parsed = feedparser.parse((site / "public/feeds/main/atom.xml").read_bytes())
    entry = next(e for e in parsed.entries if e.title == SEED_TITLE)
    assert entry.summary == SEED_SUMMARY
    assert entry.published == SEED_PUBLISHED
    assert entry.content[0].type == "text/html"
    paragraphs = html_paragraphs(entry.content[0].value)
    assert len(paragraphs) == 8
    assert paragraphs[0].startswith("First meeting and historic handshake")
    root = etree.parse(str(site / "public/feeds/main/atom.xml")).getroot()
    content = [e for e in root.iter(f"{ATOM}entry")
               if e.findtext(f"{ATOM}title") == SEED_TITLE][0].find(f"{ATOM}content")
    assert content.get("type") == "html"  # never feedgen's "CDATA"


def test_seed_item_in_json_feed(shared_built_site):
    site, _ = shared_built_site
    feed = json.loads((site / "public/feeds/main/feed.json").read_text("utf-8"))
    item = next(i for i in feed["items"] if i["title"] == SEED_TITLE)
    assert item["summary"] == SEED_SUMMARY
    assert item["date_published"] == SEED_PUBLISHED
    assert len(html_paragraphs(item["content_html"])) == 8
    assert item["url"] == "https://news.example.org/000-9b5066fb76f96e2d/"


def test_ids_agree_across_formats(shared_built_site):
    site, _ = shared_built_site
    public = site / "public/feeds/main"
    rss = _rss_seed(site).findtext("guid")
    atom = next(e.id for e in feedparser.parse((public / "atom.xml").read_bytes()).entries
                if e.title == SEED_TITLE)
    jsonfeed = next(i["id"] for i in json.loads((public / "feed.json").read_bytes())["items"]
                    if i["title"] == SEED_TITLE)
    assert rss == atom == jsonfeed


def test_items_newest_first_and_channel_dates(shared_built_site):
    site, _ = shared_built_site
    root = etree.parse(str(site / "public/feeds/main/rss.xml")).getroot()
    dates = [parsedate_to_datetime(i.findtext("pubDate")) for i in root.iter("item")]
    assert dates == sorted(dates, reverse=True)
    channel = root.find("channel")
    assert channel.findtext("link") == "https://news.example.org/"
    self_links = channel.findall(f"{ATOM}link[@rel='self']")
    assert [link.get("href") for link in self_links] == [
        "https://news.example.org/feeds/main/rss.xml"]
    assert parsedate_to_datetime(channel.findtext("lastBuildDate")) == dates[0]
    atom = etree.parse(str(site / "public/feeds/main/atom.xml")).getroot()
    updated = [e.findtext(f"{ATOM}updated") for e in atom.iter(f"{ATOM}entry")]
    assert atom.findtext(f"{ATOM}updated") == max(updated)


def test_selection_by_tag_and_path(shared_built_site):
    site, _ = shared_built_site
    world = feedparser.parse((site / "public/feeds/world/rss.xml").read_bytes())
    science = feedparser.parse((site / "public/feeds/science/atom.xml").read_bytes())
    assert SEED_TITLE in [e.title for e in world.entries]
    assert len(world.entries) == 9
    assert len(science.entries) == 4
    assert all("content" not in e for e in science.entries)  # summary_only


@pytest.mark.parametrize("shortcut", [True, False], ids=["shortcut", "pipeline"])
def test_second_build_writes_nothing(built_site, shortcut):
    """Nothing changed: the run is skipped as a whole; and with the record
    of the last build gone, the whole pipeline renders the same bytes and
    writes none of them."""
    from .conftest import forget_last_build
    site, _ = built_site
    files = sorted(p for p in (site / "public").rglob("*") if p.is_file())
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in files}
    if not shortcut:
        forget_last_build(site)
    report = build(site, BuildOptions(now=NOW))
    assert report.errors == []
    assert report.unchanged is shortcut
    assert report.result is not None and report.result.written == []
    after = {p: (p.stat().st_mtime_ns, p.read_bytes())
             for p in sorted(q for q in (site / "public").rglob("*") if q.is_file())}
    assert after == before


def test_output_is_identical_on_another_machine(shared_built_site, tmp_path):
    """Bytes depend only on inputs: a fresh copy without state builds the same files."""
    from .conftest import copy_sample_site
    site, _ = shared_built_site
    other = copy_sample_site(tmp_path / "elsewhere")
    build(other, BuildOptions(now=NOW.replace(year=2027)))
    for path in feed_files(site / "public"):
        twin = other / "public" / path.relative_to(site / "public")
        assert twin.read_bytes() == path.read_bytes(), path


@pytest.mark.parametrize("name", ["main", "world"])
def test_markdown_articles_use_front_matter(shared_built_site, name):
    site, _ = shared_built_site
    feed = json.loads((site / f"public/feeds/{name}/feed.json").read_text("utf-8"))
    if name == "world":
        assert all("world" in [t.lower() for t in i["tags"]] for i in feed["items"])
        return
    welcome = next(i for i in feed["items"] if i["url"].endswith("/newsroom/welcome/"))
    assert welcome["id"] == "urn:uuid:2f0c7a3e-8a43-4c0e-9a53-6a1f0f0b5d41"
    assert welcome["date_published"] == "2026-11-20T09:30:00+01:00"
    assert welcome["date_modified"] == "2026-11-21T18:05:00+01:00"
    assert welcome["image"] == "https://news.example.org/newsroom/banner.png"
    assert welcome["language"] == "en-GB"
    assert welcome["authors"] == [{"name": "Example Wire Desk",
                                   "url": "https://news.example.org/"}]
    elsewhere = next(i for i in feed["items"] if "external_url" in i)
    assert elsewhere["external_url"].startswith("https://en.wikinews.org/")


def test_default_image_resolves_against_the_site(sample_site):
    site_toml = sample_site / "feeds" / "site.toml"
    site_toml.write_text(site_toml.read_text("utf-8") + 'default_image = "newsroom/banner.png"\n',
                         "utf-8")
    build(sample_site, BuildOptions(now=NOW))
    feed = json.loads((sample_site / "public/feeds/main/feed.json").read_text("utf-8"))
    images = {i["url"]: i.get("image") for i in feed["items"]}
    assert images["https://news.example.org/world/wikinews-2004-12-10-nobel-maathai/"] == \
        "https://news.example.org/newsroom/banner.png"
    assert images["https://news.example.org/000-9b5066fb76f96e2d/"] == \
        "https://news.example.org/newsroom/banner.png"


def test_image_urls_are_percent_encoded_and_missing_images_warned(sample_site):
    content = sample_site / "content" / "newsroom"
    (content / "banner.png").rename(content / "my banner.png")
    welcome = content / "welcome.md"
    welcome.write_text(welcome.read_text("utf-8").replace("image: banner.png",
                                                          "image: my banner.png"), "utf-8")
    reading = content / "reading-feeds.md"
    reading.write_text(reading.read_text("utf-8").replace(
        "https://news.example.org/newsroom/banner.png", "../nowhere.png"), "utf-8")
    report = build(sample_site, BuildOptions(now=NOW))
    assert report.errors == []
    assert [(d.message.split("; the")[0], str(d.path).rsplit("/", 1)[1], d.line)
            for d in report.warnings] == [
        ("image '../nowhere.png': no file content/nowhere.png", "reading-feeds.md",
         _line_of(reading, "image ="))]
    feed = json.loads((sample_site / "public/feeds/main/feed.json").read_text("utf-8"))
    images = {i["title"]: i.get("image") for i in feed["items"]}
    assert images["Welcome to Example Wire: news you can subscribe to"] == \
        "https://news.example.org/newsroom/my%20banner.png"
    assert images["Q&A: how do feed readers know a story is new?"] is None
    rss = (sample_site / "public/feeds/main/rss.xml").read_bytes()
    assert b'url="https://news.example.org/newsroom/my%20banner.png" length="' in rss


def _line_of(path: Path, start: str) -> int:
    return next(n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
                if line.startswith(start))


def test_missing_default_image_is_one_warning_at_its_line_in_site_toml(sample_site):
    site_toml = sample_site / "feeds" / "site.toml"
    site_toml.write_text(site_toml.read_text("utf-8") + 'default_image = "logo.png"\n',
                         "utf-8")
    report = build(sample_site, BuildOptions(now=NOW))
    assert report.errors == []
    assert [str(d) for d in report.warnings] == [
        f"{site_toml}:{_line_of(site_toml, 'default_image')}: warning: default_image "
        "'logo.png': no file content/logo.png; articles without an image of their own are "
        "published without one. Put the image there, fix the path (relative to content/) "
        "or use an absolute URL"]
    feed = json.loads((sample_site / "public/feeds/main/feed.json").read_text("utf-8"))
    assert not any(i.get("image", "").endswith("/logo.png") for i in feed["items"])


@pytest.mark.parametrize(("name", "encoded"), [("50%.png", "50%25.png"),
                                               ("a#b.png", "a%23b.png"),
                                               ("a?b.png", "a%3Fb.png")])
def test_image_file_names_with_url_characters(sample_site, name, encoded):
    content = sample_site / "content" / "newsroom"
    (content / "banner.png").rename(content / name)
    welcome = content / "welcome.md"
    welcome.write_text(welcome.read_text("utf-8").replace("image: banner.png",
                                                          f'image: "{name}"'), "utf-8")
    reading = content / "reading-feeds.md"
    reading.write_text(reading.read_text("utf-8").replace(
        "https://news.example.org/newsroom/banner.png", name), "utf-8")
    report = build(sample_site, BuildOptions(now=NOW))
    assert report.errors == [] and report.warnings == []
    feed = json.loads((sample_site / "public/feeds/main/feed.json").read_text("utf-8"))
    images = {i["title"]: i.get("image") for i in feed["items"]}
    assert images["Welcome to Example Wire: news you can subscribe to"] == \
        f"https://news.example.org/newsroom/{encoded}"
    assert (sample_site / "public/newsroom" / name).is_file()
