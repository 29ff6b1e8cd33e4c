"""RSS 2.0 items and Atom entries in detail: authors, categories, lead image
and enclosures, entry languages, guids. Parsed back with lxml."""

from __future__ import annotations

from dataclasses import replace

from lxml import etree

from newswire.feeds import FeedDocument, render_feed
from newswire.model import Author, Enclosure, Entry

from .conftest import FEED, SITE, entry

ATOM = "{http://www.w3.org/2005/Atom}"
NS = {"a": "http://www.w3.org/2005/Atom", "dc": "http://purl.org/dc/elements/1.1/",
      "media": "http://search.yahoo.com/mrss/"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
URLS = {"rss": "https://news.example.org/feeds/main/rss.xml",
        "atom": "https://news.example.org/feeds/main/atom.xml"}
IMAGE = "https://news.example.org/img/lead.jpg"
MP3 = Enclosure("audio", "https://news.example.org/ep.mp3", 1234, "audio/mpeg", 60)


def item(e: Entry, fmt: str = "rss") -> etree._Element:
    root = etree.fromstring(render_feed(FeedDocument(FEED, SITE, (e,), URLS), fmt))
    return root.find("channel/item") if fmt == "rss" else root.find(f"{ATOM}entry")


def test_one_author_with_an_email_is_the_rss_author() -> None:
    e = replace(entry(), authors=(Author("Ann", "ann@example.org"),))
    rss = item(e)
    assert rss.findtext("author") == "ann@example.org (Ann)"
    assert rss.xpath("dc:creator", namespaces=NS) == []


def test_other_authors_are_dc_creators_never_with_author() -> None:
    e = replace(entry(), authors=(Author("Ann", "ann@example.org"), Author("Desk")))
    rss = item(e)
    assert rss.find("author") is None
    assert rss.xpath("dc:creator/text()", namespaces=NS) == ["Ann", "Desk"]


def test_atom_authors_carry_name_email_and_uri() -> None:
    e = replace(entry(), authors=(Author("Ann", "ann@example.org", "https://ann.example/"),
                                  Author("Desk")))
    atom = item(e, "atom")
    authors = atom.findall(f"{ATOM}author")
    assert [(a.findtext(f"{ATOM}name"), a.findtext(f"{ATOM}email"), a.findtext(f"{ATOM}uri"))
            for a in authors] == [("Ann", "ann@example.org", "https://ann.example/"),
                                  ("Desk", None, None)]


def test_the_category_comes_first_and_is_not_repeated() -> None:
    e = entry(tags=("Asia", "World", "summit"), category="World")
    assert [c.text for c in item(e).findall("category")] == ["World", "Asia", "summit"]
    assert [c.get("term") for c in item(e, "atom").findall(f"{ATOM}category")] == [
        "World", "Asia", "summit"]


def test_a_lead_image_is_the_rss_enclosure_and_media_content() -> None:
    e = replace(entry(), image_url=IMAGE, image_width=1200, image_height=630,
                image_length=5000)
    rss = item(e)
    assert rss.find("enclosure").attrib == {"url": IMAGE, "length": "5000",
                                            "type": "image/jpeg"}
    assert rss.xpath("media:thumbnail/@width", namespaces=NS) == ["1200"]
    [content] = rss.xpath("media:content", namespaces=NS)
    assert (content.get("medium"), content.get("fileSize"), content.get("height")) == (
        "image", "5000", "630")


def test_an_image_elsewhere_has_length_zero() -> None:
    e = replace(entry(), image_url="https://cdn.example/lead.png")
    assert item(e).find("enclosure").get("length") == "0"


def test_audio_is_the_enclosure_and_the_image_only_a_thumbnail() -> None:
    e = replace(entry(), image_url=IMAGE, enclosures=(MP3,))
    rss = item(e)
    [enclosure] = rss.findall("enclosure")
    assert enclosure.get("url") == MP3.url and enclosure.get("type") == "audio/mpeg"
    assert rss.xpath("media:thumbnail/@url", namespaces=NS) == [IMAGE]
    assert rss.xpath("media:content", namespaces=NS) == []


def test_atom_links_alternate_then_enclosures() -> None:
    e = replace(entry(), image_url=IMAGE, enclosures=(MP3,))
    links = [(link.get("rel"), link.get("href"), link.get("type"), link.get("length"))
             for link in item(e, "atom").findall(f"{ATOM}link")]
    assert links == [("alternate", e.link, "text/html", None),
                     ("enclosure", MP3.url, "audio/mpeg", "1234")]


def test_an_entry_in_another_language_says_so() -> None:
    assert item(replace(entry(), lang="de")).get(XML_LANG) == "de"
    assert item(replace(entry(), lang="de"), "atom").get(XML_LANG) == "de"
    assert item(entry()).get(XML_LANG) is None  # the feed's own language


def test_a_guid_is_a_permalink_only_when_it_is_the_http_link() -> None:
    assert item(entry()).find("guid").get("isPermaLink") == "false"
    e = entry()
    linked = replace(e, identity=replace(e.identity, id=e.link))
    assert item(linked).find("guid").get("isPermaLink") == "true"


def test_the_description_is_the_escaped_summary_and_content_the_body() -> None:
    e = replace(entry(), summary="Kim & <Putin>")
    rss = item(e)
    assert rss.findtext("description") == "Kim &amp; &lt;Putin&gt;"
    assert rss.findtext("{http://purl.org/rss/1.0/modules/content/}encoded") == \
        "<p>Body of the story.</p>"
