"""Share metadata of every sample article page, read back with extruct (the
library link-preview crawlers and SEO tools use): Open Graph, JSON-LD and
microdata, checked against the feeds that link to the pages."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import extruct
import pytest
from lxml import etree, html

BASE = "https://news.example.org/"
SEED_TITLE = "The handshake"


def jsonfeed(site: Path, name: str) -> dict[str, Any]:
    return json.loads((site / "public/feeds" / name / "feed.json").read_bytes())


def page_of(site: Path, url: str) -> Path:
    assert url.startswith(BASE)
    return site / "public" / url[len(BASE):] / "index.html"


def extract(path: Path, url: str) -> dict[str, Any]:
    return extruct.extract(path.read_bytes(), base_url=url,
                           syntaxes=["opengraph", "json-ld", "microdata"], uniform=False)


def og_props(data: dict[str, Any]) -> dict[str, list[str]]:
    """Open Graph properties, every value of repeated ones, in page order."""
    assert len(data["opengraph"]) == 1
    props: dict[str, list[str]] = defaultdict(list)
    for name, value in data["opengraph"][0]["properties"]:
        props[name].append(value)
    return props


def items(site: Path) -> list[dict[str, Any]]:
    return jsonfeed(site, "main")["items"]


def feeds_of(site: Path) -> dict[str, set[str]]:
    """Item id → URLs of every document of every feed holding it."""
    found: dict[str, set[str]] = defaultdict(set)
    for name in ("main", "world", "science", "podcast"):
        urls = {f"{BASE}feeds/{name}/{f}" for f in ("rss.xml", "atom.xml", "feed.json")}
        for item in jsonfeed(site, name)["items"]:
            found[item["id"]] |= urls
    return found


def test_every_article_has_a_page(site):
    root, report = site
    assert report.errors == []
    assert len(items(root)) == report.articles == 18
    for item in items(root):
        assert page_of(root, item["url"]).is_file(), item["url"]


def test_every_page_carries_open_graph_matching_its_feed_item(site):
    root, _ = site
    for item in items(root):
        canonical = item.get("external_url", item["url"])
        og = og_props(extract(page_of(root, item["url"]), item["url"]))
        assert og["og:type"] == ["article"]
        assert og["og:title"] == [item["title"]]
        assert og["og:description"] == [item["summary"]]
        assert og["og:url"] == [canonical]
        assert og["og:site_name"] == ["Example Wire"]
        assert og["article:published_time"] == [item["date_published"]]
        assert og["article:modified_time"] == [item["date_modified"]]
        assert og["article:author"], item["title"]
        section = og.get("article:section", [])
        assert section + [t for t in og["article:tag"] if t not in section] == \
            item.get("tags", [])
        lang = item.get("language", "en")
        locale = og["og:locale"][0]
        assert locale.split("_")[0] == lang.split("-")[0].lower()
        assert len(locale) == 5 and locale[2] == "_" and locale[3:].isupper(), locale
        if "image" in item:
            assert og["og:image"] == [item["image"]]
        else:
            assert "og:image" not in og


def test_every_page_has_one_news_article_json_ld(site):
    root, _ = site
    for item in items(root):
        canonical = item.get("external_url", item["url"])
        data = extract(page_of(root, item["url"]), item["url"])
        assert data["microdata"] == []
        (ld,) = data["json-ld"]
        assert ld["@context"] == "https://schema.org"
        assert ld["@type"] == "NewsArticle"
        assert ld["headline"] == item["title"]
        assert ld["datePublished"] == item["date_published"]
        assert ld["dateModified"] == item["date_modified"]
        assert ld["mainEntityOfPage"] == {"@type": "WebPage", "@id": canonical}
        assert ld["publisher"] == {"@type": "Organization", "name": "Example Wire",
                                   "url": BASE}
        assert [a["name"] for a in ld["author"]] == [a["name"] for a in item["authors"]]
        if "image" in item:
            assert ld["image"][0]["url"] == item["image"]


def test_every_page_head_has_lang_canonical_card_and_autodiscovery(site):
    root, _ = site
    holders = feeds_of(root)
    for item in items(root):
        canonical = item.get("external_url", item["url"])
        doc = html.fromstring(page_of(root, item["url"]).read_bytes())
        assert doc.get("lang") == item.get("language", "en")
        assert doc.xpath("//link[@rel='canonical']/@href") == [canonical]
        assert doc.xpath("//meta[@name='description']/@content") == [item["summary"]]
        card = {m.get("name"): m.get("content")
                for m in doc.xpath("//meta[starts-with(@name, 'twitter:')]")}
        assert card["twitter:site"] == "@examplewire"
        assert card["twitter:card"] == ("summary_large_image" if "image" in item
                                        else "summary")
        alternates = set(doc.xpath("//link[@rel='alternate']/@href"))
        assert alternates == holders[item["id"]]
        assert doc.xpath("//script[not(@type='application/ld+json')]") == []


def test_seed_article_values(site):
    root, _ = site
    rss = etree.parse(str(root / "public/feeds/world/rss.xml")).getroot()
    (item,) = [i for i in rss.iter("item") if i.findtext("title") == SEED_TITLE]
    link = item.findtext("link")
    assert link == BASE + "000-9b5066fb76f96e2d/"
    data = extract(page_of(root, link), link)
    og = og_props(data)
    assert og["og:title"] == ["The handshake"]
    assert og["og:description"] == ["Kim Jong-Un is in Vladivostok: tomorrow he meets Putin"]
    assert og["article:published_time"] == ["2019-04-25T00:00:00+02:00"]
    assert og["og:url"] == [link]
    assert og["og:locale"] == ["en_US"]
    assert og["article:section"] == ["World"]
    assert og["article:tag"] == ["world", "asia", "diplomacy"]
    (ld,) = data["json-ld"]
    assert ld["headline"] == "The handshake"
    assert ld["datePublished"] == "2019-04-25T00:00:00+02:00"
    assert ld["mainEntityOfPage"]["@id"] == link
    doc = html.fromstring(page_of(root, link).read_bytes())
    assert doc.xpath("//link[@rel='canonical']/@href") == [link]
    assert doc.xpath("//h1")[0].text_content() == "The handshake"
    body = doc.xpath("//div[@class='body']")[0].text_content()
    assert body.lstrip().startswith("First meeting and historic handshake")
    assert doc.xpath("//input[@readonly]/@value") == [link]


def test_article_living_elsewhere_names_its_original_as_canonical(site):
    root, _ = site
    (item,) = [i for i in items(root) if "external_url" in i]
    doc = html.fromstring(page_of(root, item["url"]).read_bytes())
    assert doc.xpath("//link[@rel='canonical']/@href") == [item["external_url"]]
    assert item["external_url"] in doc.xpath("//p[@class='elsewhere']/a/@href")


@pytest.mark.parametrize("lang, locale", [
    ("en", "en_US"), ("en-GB", "en_GB"), ("fr", "fr_FR"), ("de", "de_DE"),
    ("pt-BR", "pt_BR"), ("zh-Hant-TW", "zh_TW"), ("eo", "eo"), (None, None)])
def test_og_locale(lang, locale):
    from newswire.pages.metadata import og_locale
    assert og_locale(lang) == locale
