"""Every script and direction, end to end: titles, summaries, slugs, share
links, JSON-LD and all three feed formats carry Arabic, Hebrew, Persian,
Japanese, Chinese, Korean, Thai and Hindi text, emoji sequences and
combining marks whole — nothing cut inside a grapheme cluster, no character
lost (joiners and direction marks included), every page in its direction."""

from __future__ import annotations

import html
import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import feedparser
import lxml.html
import pytest
import regex
from lxml import etree

from newswire.shorten import ELLIPSIS

from .badinput.helpers import check_feed, feed_files, make_site, run_build

ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "https://news.example.org/"
LIMIT = 280


def paragraph(*sentences: str, size: int = 420) -> str:
    text = ""
    while len(text) < size:
        for sentence in sentences:
            text += sentence
    return text.strip()


# (file stem, lang, title, first paragraph); each paragraph is longer than
# the summary limit, so every summary is a cut.
SCRIPTS = [
    ("بندر", "ar", "عودة السفن إلى الميناء",
     paragraph("عادت السفن إلى الميناء صباح اليوم بعد أسبوع من العواصف، ",
               "وقال الصيادون إن البحر كان هادئاً. ", "هل ستستمر الرحلات غداً؟ ")),
    ("נמל", "he", "הספינות חזרו לנמל \u200fהיום",
     paragraph("הספינות חזרו הבוקר לנמל אחרי שבוע של סערות, ",
               "והדייגים אמרו שהים היה שקט. ", "האם ההפלגות יימשכו מחר? ")),
    ("بندرگاه", "fa", "بازگشت کشتی‌ها به بندرگاه",
     paragraph("کشتی‌ها امروز صبح پس از یک هفته طوفان به بندرگاه بازگشتند، ",
               "و ماهیگیران می‌گویند دریا آرام بود. ", "آیا سفرها فردا ادامه می‌یابد؟ ")),
    ("港", "ja", "船が港に戻った",
     paragraph("一週間続いた嵐のあと、船は今朝港に戻った。", "漁師たちは海が穏やかだったと話し、",
               "市場には久しぶりに新鮮な魚が並んだ。")),
    ("港口", "zh", "渔船回到港口",
     paragraph("经过一周的风暴之后渔船今天早上回到了港口", "渔民们说海面很平静，",
               "市场上终于又有了新鲜的鱼。")),
    ("항구", "ko", "배들이 항구로 돌아왔다",
     paragraph("일주일 동안 이어진 폭풍이 지나고 배들이 오늘 아침 항구로 돌아왔다. ",
               "어부들은 바다가 잔잔했다고 말했다. ")),
    ("ท่าเรือ", "th", "เรือกลับเข้าท่าเรือแล้ว",
     paragraph("หลังจากพายุหนึ่งสัปดาห์ เรือประมงกลับเข้าท่าเรือเมื่อเช้านี้ ",
               "ชาวประมงบอกว่าทะเลสงบ ")),
    ("बंदरगाह", "hi", "जहाज़ बंदरगाह लौटे",
     paragraph("एक सप्ताह के तूफ़ान के बाद जहाज़ आज सुबह बंदरगाह लौट आए। ",
               "मछुआरों ने कहा कि समुद्र शांत था। ")),
    ("🚢", "en", "Family day 👨\u200d👩\u200d👧\u200d👦 at the port 🇯🇵🇺🇦 👋🏽",
     paragraph("👨\u200d👩\u200d👧\u200d👦🇯🇵👋🏽🏴\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f"
               "🧑🏿\u200d🚀", size=600)),
    ("cafe\u0301", "vi", "Tiê\u0301ng Viê\u0323t co\u0301 dâ\u0301u",
     paragraph("Ca\u0301c thuyê\u0300n đa\u0303 trơ\u0309 vê\u0300 ca\u0309ng sa\u0301ng nay",
               "\u0301\u0301 ", "ngư dân no\u0301i biê\u0309n lă\u0323ng ")),
]
RTL = {"ar", "he", "fa"}


@pytest.fixture(scope="module")
def scripts_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = {f"{stem}.md": f"---\ntitle: \"{title}\"\ndate: 2024-05-0{n + 1 if n < 9 else 9}\n"
                           f"lang: {lang}\n---\n{text}\n\nSecond paragraph.\n"
             for n, (stem, lang, title, text) in enumerate(SCRIPTS)}
    site = make_site(tmp_path_factory.mktemp("scripts") / "site", files)
    toml = site / "feeds" / "site.toml"
    toml.write_text(toml.read_text("utf-8") + 'language = "en"\n', "utf-8")
    result = run_build(site)
    assert result.exit_code == 0, result.output
    return site


@pytest.fixture(scope="module")
def outputs(scripts_site: Path) -> dict[str, dict[str, object]]:
    """Per title: the item of each feed format, and the page."""
    feeds = feed_files(scripts_site)
    out: dict[str, dict[str, object]] = {}
    for item in json.loads(feeds["feeds/main/feed.json"])["items"]:
        out.setdefault(item["title"], {})["json"] = item
    for item in etree.fromstring(feeds["feeds/main/rss.xml"]).iter("item"):
        out.setdefault(item.findtext("title"), {})["rss"] = item
    for entry in etree.fromstring(feeds["feeds/main/atom.xml"]).iter(f"{ATOM}entry"):
        out.setdefault(entry.findtext(f"{ATOM}title"), {})["atom"] = entry
    for parsed in (feedparser.parse(feeds["feeds/main/rss.xml"]),
                   feedparser.parse(feeds["feeds/main/atom.xml"])):
        for entry in parsed.entries:
            out[entry.title].setdefault("parsed", []).append(entry)  # type: ignore[union-attr]
    for title, values in out.items():
        url = values["json"]["url"]  # type: ignore[index]
        path = scripts_site / "public" / urlsplit(url).path.lstrip("/") / "index.html"
        values["page"] = lxml.html.fromstring(path.read_bytes())
        values["url"] = url
    return out


def graphemes(text: str) -> list[str]:
    return regex.findall(r"\X", text)


def assert_whole_prefix(summary: str, text: str) -> None:
    """``summary`` is ``text`` cut at a grapheme boundary, at least half the limit."""
    body = summary[:-1] if summary.endswith(ELLIPSIS) else summary
    assert text.startswith(body), (summary, text)
    boundaries = {0}
    for cluster in graphemes(text):
        boundaries.add(max(boundaries) + len(cluster))
    assert len(body) in boundaries, summary
    assert LIMIT // 2 <= len(body) <= LIMIT, len(body)


@pytest.mark.parametrize(("stem", "lang", "title", "text"), SCRIPTS, ids=[s[1] for s in SCRIPTS])
def test_title_summary_direction_everywhere(outputs, stem, lang, title, text):
    values = outputs[title]
    item, rss, atom, page = values["json"], values["rss"], values["atom"], values["page"]
    # titles: exact in every format, on the page, in share metadata
    assert item["title"] == rss.findtext("title") == atom.findtext(f"{ATOM}title") == title
    for parsed in values["parsed"]:
        assert parsed.title == title
    assert page.xpath("//h1")[0].text_content() == title
    metas = {m.get("property") or m.get("name"): m.get("content") for m in page.xpath("//meta")}
    assert metas["og:title"] == metas["twitter:title"] == title
    (ld_text,) = page.xpath('//script[@type="application/ld+json"]/text()')
    ld = json.loads(ld_text)
    assert ld["headline"] == title and ld["inLanguage"] == lang
    # summaries: one cut, the same everywhere, never inside a grapheme
    summary = item["summary"]
    assert_whole_prefix(summary, text)
    assert html.unescape(rss.findtext("description")) == summary
    assert atom.findtext(f"{ATOM}summary") == summary
    assert metas["og:description"] == metas["twitter:description"] == metas["description"]
    assert metas["og:description"] == ld["description"] == summary
    # direction and language
    want = "rtl" if lang in RTL else "ltr"
    assert (page.get("lang"), page.get("dir")) == (lang, want)
    assert page.xpath('//div[@class="body"]/@dir') == [want]
    assert item["language"] == lang
    if lang != "en":
        for parsed in values["parsed"]:
            assert parsed.title_detail.language == lang


@pytest.mark.parametrize(("stem", "lang", "title", "text"), SCRIPTS, ids=[s[1] for s in SCRIPTS])
def test_share_links_carry_the_whole_title(outputs, stem, lang, title, text):
    values = outputs[title]
    page, url = values["page"], values["url"]
    links = {a.text: a.get("href") for a in page.xpath('//ul[@class="share-links"]//a')}
    assert parse_qs(urlsplit(links["X"]).query) == {"text": [title], "url": [url]}
    assert parse_qs(urlsplit(links["Telegram"]).query) == {"url": [url], "text": [title]}
    assert parse_qs(urlsplit(links["Bluesky"]).query) == {"text": [f"{title} {url}"]}
    assert parse_qs(urlsplit(links["E-mail"]).query)["subject"] == [title]
    assert page.xpath('//textarea[@id="share-text"]')[0].text == f"{title} {url}"


@pytest.mark.parametrize(("stem", "lang", "title", "text"), SCRIPTS, ids=[s[1] for s in SCRIPTS])
def test_slugs_are_usable_urls(outputs, stem, lang, title, text):
    path = urlsplit(outputs[title]["url"]).path
    assert path.startswith("/") and path.endswith("/")
    slug = path.strip("/")
    assert slug and slug.isascii() and "%" not in slug, slug
    assert regex.fullmatch(r"[a-z0-9][a-z0-9-]*", slug), slug


def test_body_keeps_every_character(outputs):
    for stem, lang, title, text in SCRIPTS:
        for fmt in ("json", "rss", "atom"):
            values = outputs[title]
            if fmt == "json":
                content = values["json"]["content_html"]
            elif fmt == "rss":
                content = values["rss"].findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
            else:
                content = values["atom"].findtext(f"{ATOM}content")
            fragment = lxml.html.fragment_fromstring(content, create_parent="div")
            assert fragment.xpath("p")[0].text == text, (lang, fmt)


def test_feeds_valid(scripts_site: Path):
    for name, data in feed_files(scripts_site).items():
        check_feed(name, data)
