"""Footnotes and other same-page links: every back-link resolves on the
article page, and element ids are unique within each feed document, however
many articles in it number their footnotes from 1."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from ..badinput.helpers import check_feed, feed_files, make_site, run_build

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
BASE = "https://news.example.org/"

NOTES = """---
title: {title}
date: 2024-05-0{day}
---
The council voted.[^1] The port objected.[^note] The council voted again.[^1]

<h2 id="background">Background</h2>

See [the notes](#fn1) and <a href="#background">the background</a>.

<h3 id="timeline">Timeline</h3>

[^1]: Minutes of the meeting, page {day}.
[^note]: Letter from the port authority.
"""


@pytest.fixture(scope="module")
def notes_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = {f"notes-{n}.md": NOTES.format(title=f"Vote {n}", day=n) for n in (1, 2, 3)}
    site = make_site(tmp_path_factory.mktemp("notes") / "site", files)
    result = run_build(site)
    assert result.exit_code == 0, result.output
    return site


def page(site: Path, slug: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((site / "public" / slug / "index.html").read_bytes())


@pytest.mark.parametrize("n", [1, 2, 3])
def test_every_same_page_link_resolves_on_the_page(notes_site: Path, n: int):
    doc = page(notes_site, f"notes-{n}")
    url = f"{BASE}notes-{n}/"
    ids = Counter(e.get("id") for e in doc.iter() if isinstance(e.tag, str) and e.get("id"))
    assert all(count == 1 for count in ids.values()), ids
    targets = [a.get("href")[len(url) + 1:] for a in doc.iter("a")
               if (a.get("href") or "").startswith(url + "#")]
    # 3 references, 2 notes with back-links (the first has two), 2 links in the text
    assert len(targets) == 3 + 3 + 2
    for target in targets:
        assert target in ids, (target, sorted(ids))
    # the reference marks keep their ids, so each back-link lands on its mark
    body = doc.xpath('//div[@class="body"]')[0]
    marks = body.xpath(".//sup/a")
    assert [m.get("id") is not None for m in marks] == [True] * 3
    back = [a for a in body.xpath(".//li//a") if a.get("href").startswith(url + "#")]
    assert {a.get("href").split("#")[1] for a in back} == {m.get("id") for m in marks}
    note = body.xpath('.//li[contains(., "Minutes of the meeting")]')[0]
    assert marks[0].get("href") == f"{url}#{note.get('id')}"


def test_ids_are_the_articles_own(notes_site: Path):
    first = page(notes_site, "notes-1").xpath('//div[@class="body"]//li/@id')
    second = page(notes_site, "notes-2").xpath('//div[@class="body"]//li/@id')
    assert len(first) == len(second) == 2
    assert not set(first) & set(second)
    prefix = first[0].split("-", 1)[0] + "-"
    assert all(i.startswith(prefix) for i in first)
    assert {i[len(prefix):] for i in first} == {"fn1", "fn2"}


def content_fragments(site: Path) -> dict[str, list[lxml.html.HtmlElement]]:
    out: dict[str, list[lxml.html.HtmlElement]] = {}
    for name, data in feed_files(site).items():
        if name.endswith(".json"):
            texts = [i["content_html"] for i in json.loads(data)["items"]]
        else:
            root = etree.fromstring(data)
            texts = [e.text for e in root.iter(CONTENT_ENCODED, f"{ATOM}content")]
        out[name] = [lxml.html.fragment_fromstring(t, create_parent="div") for t in texts]
    return out


def test_ids_unique_within_each_feed_document(notes_site: Path):
    documents = content_fragments(notes_site)
    assert set(documents) == {"feeds/main/rss.xml", "feeds/main/atom.xml", "feeds/main/feed.json"}
    for name, fragments in documents.items():
        assert len(fragments) == 3
        ids = Counter(e.get("id") for f in fragments for e in f.iter() if e.get("id"))
        assert len(ids) == 3 * 7, (name, ids)  # 3 marks, 2 notes, 2 headings each
        assert all(count == 1 for count in ids.values()), (name, ids)
        for fragment in fragments:
            own = {e.get("id") for e in fragment.iter() if e.get("id")}
            for a in fragment.iter("a"):
                href = a.get("href")
                if "#" in href:
                    assert href.split("#", 1)[1] in own, (name, href)


def test_feeds_valid(notes_site: Path):
    for name, data in feed_files(notes_site).items():
        check_feed(name, data)


def test_summary_has_no_note_marks(notes_site: Path):
    items = json.loads(feed_files(notes_site)["feeds/main/feed.json"])["items"]
    assert {i["summary"] for i in items} == {
        "The council voted. The port objected. The council voted again."}
