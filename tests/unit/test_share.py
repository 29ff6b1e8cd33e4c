"""Share links: every value percent-encoded, one link per service."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from newswire.pages.share import feed_reader_links, share_links, share_text

URL = "https://news.example.org/q-a/"
TITLE = "Q&A: 100% #news?"


def test_every_service_once_in_display_order() -> None:
    names = [link.name for link in share_links(URL, TITLE)]
    assert names == ["E-mail", "Bluesky", "X", "Facebook", "LinkedIn", "WhatsApp", "Telegram"]


def test_the_title_survives_every_query_string() -> None:
    links = {link.name: link.href for link in share_links(URL, TITLE)}
    x = parse_qs(urlsplit(links["X"]).query)
    assert x == {"text": [TITLE], "url": [URL]}
    assert parse_qs(urlsplit(links["Bluesky"]).query)["text"] == [share_text(URL, TITLE)]
    mail = parse_qs(links["E-mail"].split("?", 1)[1])
    assert mail == {"subject": [TITLE], "body": [URL]}


def test_feed_reader_links_carry_the_feed_url() -> None:
    hrefs = [link.href for link in feed_reader_links("https://n.example/rss.xml?a=1")]
    assert all("https%3A%2F%2Fn.example%2Frss.xml%3Fa%3D1" in h for h in hrefs)
