"""Right-to-left articles in a left-to-right site: pages say ``dir``, the
stylesheet follows it, and feeds say each entry's language where it is not
the feed's, so readers (feedparser here) report it."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import feedparser
import lxml.html
import pytest
from lxml import etree

from newswire.direction import differs, text_direction, written_direction

from ..badinput.helpers import check_feed, feed_files, make_site, run_build

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ARTICLES = {
    "fa": ("گزارش بندر", "کشتی‌ها امروز صبح به بندر بازگشتند. ماهیگیران خوشحال بودند."),
    "he": ("דוח הנמל", "הספינות חזרו הבוקר לנמל. הדייגים שמחו."),
    "ar": ("تقرير الميناء", "عادت السفن إلى الميناء صباح اليوم. كان الصيادون سعداء."),
    "ja": ("港の報告", "船は今朝、港に戻った。漁師たちは喜んだ。"),
    "en": ("Harbour report", "The boats came back to the harbour this morning."),
}


@pytest.fixture(scope="module")
def rtl_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = {f"{lang}.md": f"---\ntitle: {title}\ndate: 2024-05-01\nlang: {lang}\n---\n{body}\n"
             for lang, (title, body) in ARTICLES.items()}
    site = make_site(tmp_path_factory.mktemp("rtl") / "site", files)
    toml = site / "feeds" / "site.toml"
    toml.write_text(toml.read_text("utf-8") + 'language = "en"\n', "utf-8")
    result = run_build(site)
    assert result.exit_code == 0, result.output
    return site


def page(site: Path, slug: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((site / "public" / slug / "index.html").read_bytes())


@pytest.mark.parametrize("lang", list(ARTICLES))
def test_page_direction(rtl_site: Path, lang: str):
    doc = page(rtl_site, lang)
    want = "rtl" if lang in ("fa", "he", "ar") else "ltr"
    assert (doc.get("lang"), doc.get("dir")) == (lang, want)
    assert doc.body.get("dir") == want
    (article,) = doc.xpath("//article")
    assert (article.get("lang"), article.get("dir")) == (lang, want)
    assert doc.xpath('//div[@class="body"]/@dir') == [want]
    assert doc.xpath("//h1")[0].text_content() == ARTICLES[lang][0]
    # the site's own words keep the site's language and direction
    for chrome in doc.xpath('//header[@class="site"] | //footer[@class="site"] | '
                            '//section[@class="share"] | //p[@class="byline"]/time'):
        if lang == "en":
            assert chrome.get("lang") is None and chrome.get("dir") is None
        else:
            assert (chrome.get("lang"), chrome.get("dir")) == ("en", "ltr")
    assert doc.xpath('//input[@id="share-url"]/@dir') == ["ltr"]
    assert doc.xpath('//textarea[@id="share-text"]/@dir') == ["auto"]


def test_index_marks_each_entry(rtl_site: Path):
    doc = lxml.html.fromstring((rtl_site / "public/index.html").read_bytes())
    assert (doc.get("lang"), doc.get("dir")) == ("en", "ltr")
    found = {}
    for li in doc.xpath('//ol[@class="entries"]/li'):
        found[li.xpath('a[@class="title"]')[0].text] = (li.get("lang"), li.get("dir"))
    assert found == {ARTICLES["fa"][0]: ("fa", "rtl"), ARTICLES["he"][0]: ("he", "rtl"),
                     ARTICLES["ar"][0]: ("ar", "rtl"), ARTICLES["ja"][0]: ("ja", "ltr"),
                     ARTICLES["en"][0]: (None, None)}


@pytest.mark.parametrize("fmt", ["rss.xml", "atom.xml"])
def test_feedparser_reports_each_entry_language(rtl_site: Path, fmt: str):
    data = feed_files(rtl_site)[f"feeds/main/{fmt}"]
    parsed = feedparser.parse(data)
    assert parsed.bozo == 0
    by_title = {e.title: e for e in parsed.entries}
    for lang, (title, _) in ARTICLES.items():
        entry = by_title[title]
        if fmt == "atom.xml" or lang != "en":
            assert entry.title_detail.language == lang, (fmt, lang)
            assert entry.summary_detail.language == lang
            assert entry.content[0].language == lang
    root = etree.fromstring(data)
    tags = root.findall(".//item") or root.findall(".//{http://www.w3.org/2005/Atom}entry")
    assert sorted(t.get(XML_LANG) or "-" for t in tags) == ["-", "ar", "fa", "he", "ja"]
    if fmt == "atom.xml":
        assert root.get(XML_LANG) == "en"


def test_json_feed_language(rtl_site: Path):
    feed = json.loads(feed_files(rtl_site)["feeds/main/feed.json"])
    assert feed["language"] == "en"
    assert {i["title"]: i["language"] for i in feed["items"]} == {
        title: lang for lang, (title, _) in ARTICLES.items()}


def test_feeds_valid(rtl_site: Path):
    for name, data in feed_files(rtl_site).items():
        check_feed(name, data)


def test_stylesheets_use_logical_directions():
    def static(name: str) -> str:
        return resources.files("newswire.pages").joinpath("static", name).read_text("utf-8")
    for name in ("style.css", "feed.css"):
        css = static(name)
        physical = re.findall(r"(?:margin|padding|border)-(?:left|right)\b|"
                              r"text-align:\s*(?:left|right)|float:\s*(?:left|right)|"
                              r"\b(?:left|right):", css)
        assert physical == [], (name, physical)
    assert "text-align: start" in static("style.css")


@pytest.mark.parametrize(("tag", "want"), [
    ("fa", "rtl"), ("fa-IR", "rtl"), ("he", "rtl"), ("iw", "rtl"), ("ar-EG", "rtl"),
    ("ur", "rtl"), ("yi", "rtl"), ("ckb", "rtl"), ("az-Arab", "rtl"), ("pa-Arab", "rtl"),
    ("ku-Latn", "ltr"), ("en", "ltr"), ("en_US", "ltr"), ("ja", "ltr"), ("hi", "ltr"),
    ("uz-Cyrl", "ltr"), ("syr", "rtl"), ("dv", "rtl"), (None, "ltr"), ("", "ltr"),
    # deprecated Yiddish code; Dari, South Azerbaijani, Balochi, Saraiki, Rohingya
    ("ji", "rtl"), ("prs", "rtl"), ("azb", "rtl"), ("bal", "rtl"), ("skr", "rtl"),
    ("rhg", "rtl"), ("rhg-Latn", "ltr"), ("sd-Deva", "ltr"),
])
def test_text_direction(tag, want):
    assert text_direction(tag) == want


def test_differs():
    assert differs("fa", "en") and differs("en-GB", "en")
    assert not differs("en-us", "en_US") and not differs(None, "en")


def test_article_without_a_language_takes_its_text_direction(tmp_path: Path):
    # scraped Arabic and Hebrew in an English site, no sidecar saying so
    site = make_site(tmp_path / "site", {
        "ar.txt": "اجتماع في القاهرة\n\n25 أبريل 2019 - أعلنت الحكومة اليوم إجراءات جديدة.\n",
        "he.md": "---\ntitle: דוח הנמל\ndate: 2024-05-01\n---\n\"הספינות\" חזרו הבוקר לנמל.\n",
        "en.md": "---\ntitle: Harbour report\ndate: 2024-05-01\n---\n«שלום» said the captain.\n"})
    toml = site / "feeds" / "site.toml"
    toml.write_text(toml.read_text("utf-8") + 'language = "en"\n', "utf-8")
    result = run_build(site)
    assert result.exit_code == 0, result.output
    for slug, want in (("ar", "rtl"), ("he", "rtl"), ("en", "ltr")):
        doc = page(site, slug)
        # the language stays the site's: nobody said otherwise
        assert (doc.get("lang"), doc.get("dir")) == ("en", "ltr")
        assert doc.xpath('//div[@class="body"]/@dir') == [want], slug
        assert doc.xpath("//h1/@dir") == ["auto"], slug


@pytest.mark.parametrize(("text", "want"), [
    ("أعلنت الحكومة", "rtl"), ("Google أعلنت الحكومة اليوم", "rtl"),
    ("«שלום» said the captain", "ltr"), ("2019 — 12", "ltr"), ("", "ltr"),
])
def test_written_direction(text, want):
    assert written_direction(text, "ltr") == want
