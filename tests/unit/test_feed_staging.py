"""stage_feeds and its helpers: feed documents rendered from selections,
validated and staged; findings moved to where they are fixed; feed ids."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from newswire import feedstage
from newswire.config import PodcastSettings
from newswire.feedstage import (at_settings, feed_ids, podcast_findings, referenced_urls,
                                retain_referenced, show_guids, stage_feeds)
from newswire.feeds.document import derived_feed_id
from newswire.feeds.podcast import podcast_guid
from newswire.identity import State
from newswire.options import BuildReport
from newswire.selection import select_feeds
from newswire.validate import Finding

from .conftest import FEED, SITE, entry

ENTRIES = [entry(f"s{n}.md", f"Story {n}", days=n) for n in range(5, 0, -1)]
IDS = {"main": "urn:uuid:main-feed"}


class Staged:
    """What a publisher is given: path → (bytes, kind), and what it retains."""

    def __init__(self) -> None:
        self.files: dict[str, tuple[bytes, str]] = {}
        self.retained: list[str] = []

    def add(self, path: str, data: bytes, kind: str) -> None:
        assert path not in self.files
        self.files[path] = (data, kind)

    def retain(self, path: str, kind: str) -> bool:
        self.retained.append(path)
        return False


def test_every_format_of_every_document_is_staged_as_a_feed() -> None:
    staged, report = Staged(), BuildReport()
    feed = replace(FEED, archive=True)
    selections = select_feeds([feed], SITE, ENTRIES)
    membership = stage_feeds(staged, selections, SITE, report, IDS)  # type: ignore[arg-type]
    assert sorted(staged.files) == [
        "feeds/main/archive/atom-1.xml", "feeds/main/archive/feed-1.json",
        "feeds/main/archive/rss-1.xml", "feeds/main/atom.xml", "feeds/main/feed.json",
        "feeds/main/rss.xml"]
    assert {kind for _, kind in staged.files.values()} == {"feed"}
    rss = etree.fromstring(staged.files["feeds/main/rss.xml"][0])
    assert [t.text for t in rss.iterfind("channel/item/title")] == ["Story 5", "Story 4",
                                                                     "Story 3"]
    atom = etree.fromstring(staged.files["feeds/main/atom.xml"][0])
    assert atom.findtext("{http://www.w3.org/2005/Atom}id") == "urn:uuid:main-feed"
    assert membership == {e.id: ("main",) for e in ENTRIES}
    # one tuple for every entry in the same feeds, not a list each
    assert len({id(names) for names in membership.values()}) == 1
    assert report.errors == []


def test_an_item_that_makes_a_document_invalid_is_left_out_and_reported(
        monkeypatch: pytest.MonkeyPatch) -> None:
    real = feedstage.validate_bytes

    def refusing(data: bytes, path: str, fmt: str, *more: object, **options: object):
        found = real(data, path, fmt, *more, **options)  # type: ignore[arg-type]
        if fmt == "json" and "Story 4" in data.decode("utf-8"):
            found.append(Finding(path, None, "error", "JSON-TEST", "refused by the test"))
        return found
    monkeypatch.setattr(feedstage, "validate_bytes", refusing)
    staged, report = Staged(), BuildReport()
    selections = select_feeds([FEED], SITE, ENTRIES)
    membership = stage_feeds(staged, selections, SITE, report, IDS,  # type: ignore[arg-type]
                             content=Path("/site/content"))
    items = json.loads(staged.files["feeds/main/feed.json"][0])["items"]
    assert [i["title"] for i in items] == ["Story 5", "Story 3"]
    assert [(d.level, d.path) for d in report.errors] == [
        ("error", Path("/site/content/s4.md"))]
    assert "left out of public/feeds/main/feed.json" in report.errors[0].message
    assert membership[ENTRIES[1].id] == ()  # Story 4 is in no feed now
    assert membership[ENTRIES[0].id] == ("main",)
    rss = etree.fromstring(staged.files["feeds/main/rss.xml"][0])  # other formats keep it
    assert "Story 4" in [t.text for t in rss.iterfind("channel/item/title")]


def test_podcast_findings_are_warnings_on_a_plain_http_site() -> None:
    https = Finding("public/p/rss.xml", 3, "error", "PODCAST-HTTPS", "enclosure is http")
    other = Finding("public/p/rss.xml", 4, "error", "PODCAST-CATEGORY", "no category")
    assert podcast_findings([https, other], SITE) == [https, other]
    plain = podcast_findings([https, other], replace(SITE, base_url="http://localhost/"))
    assert [(f.level, f.code) for f in plain] == [("warning", "PODCAST-HTTPS"),
                                                  ("error", "PODCAST-CATEGORY")]
    assert "published anyway" in plain[0].message


def test_at_settings_moves_show_findings_to_the_key_that_sets_them(tmp_path: Path) -> None:
    feed_file, site_file = tmp_path / "podcast.toml", tmp_path / "site.toml"
    feed_file.write_text('title = "Pod"\npodcast = true\nitunes_category = "News"\n', "utf-8")
    site_file.write_text('title = "Site"\nlanguage = "en"\n', "utf-8")
    doc = "public/feeds/podcast/rss.xml"
    found = [Finding(doc, 7, "error", "PODCAST-CATEGORY", "unknown category"),
             Finding(doc, 8, "error", "PODCAST-OWNER", "no owner"),
             Finding(doc, 2, "warning", "PODCAST-LANGUAGE", "no language"),
             Finding(doc, 9, "error", "RSS-DATE", "bad date")]
    moved = at_settings(found, feed_file, site_file)
    assert [(f.path, f.line) for f in moved] == [
        (str(feed_file), 3), (str(feed_file), 2), (str(site_file), 2), (doc, 9)]
    assert moved[0].message == f"itunes_category: unknown category ({doc}:7)"
    assert moved[3] == found[3]


def test_feed_ids_keep_recorded_ones_and_derive_new_ones() -> None:
    world = replace(FEED, name="world", path="feeds/world")
    state = State().with_extra("feeds", {"main": "urn:uuid:recorded", "gone": "urn:uuid:old"})
    assert feed_ids(state, SITE, [FEED, world]) == {
        "gone": "urn:uuid:old", "main": "urn:uuid:recorded",
        "world": derived_feed_id(SITE.base_url, "world")}


def test_show_guids_setting_then_recorded_then_derived() -> None:
    pod = replace(FEED, name="pod", path="feeds/pod", podcast=PodcastSettings())
    fixed = replace(FEED, name="fixed", path="feeds/fixed",
                    podcast=PodcastSettings(guid="917393e3-1b1e-5cef-ace4-edaa54e1f810"))
    state = State().with_extra("podcasts", {"fixed": "recorded-guid"})
    assert show_guids(state, SITE, [FEED, pod, fixed]) == {
        "fixed": "917393e3-1b1e-5cef-ace4-edaa54e1f810",
        "pod": podcast_guid("https://news.example.org/feeds/pod/rss.xml")}
    recorded = State().with_extra("podcasts", {"pod": "kept-guid"})
    assert show_guids(recorded, SITE, [pod]) == {"pod": "kept-guid"}


def test_referenced_urls_of_each_format() -> None:
    rss = (b'<rss version="2.0"><channel><item><enclosure url="https://x.example/a.mp3" '
           b'length="1" type="audio/mpeg"/></item></channel></rss>')
    atom = (b'<feed xmlns="http://www.w3.org/2005/Atom"><link href="https://x.example/"/>'
            b'</feed>')
    feed = json.dumps({"image": "https://x.example/i.png", "items": [
        {"attachments": [{"url": "https://x.example/b.mp3"}]}, "not an item"]}).encode()
    assert referenced_urls(rss) == ["https://x.example/a.mp3"]
    assert referenced_urls(atom) == ["https://x.example/"]
    assert referenced_urls(feed) == ["https://x.example/i.png", "https://x.example/b.mp3"]
    assert referenced_urls(b"not a feed") == [] and referenced_urls(b"{broken") == []


class Published(Staged):
    def __init__(self, published: list[str]) -> None:
        super().__init__()
        self._published = published

    def published(self) -> list[str]:
        return self._published


def test_files_a_kept_document_points_at_are_kept(tmp_path: Path) -> None:
    (tmp_path / "feeds/pod").mkdir(parents=True)
    (tmp_path / "feeds/pod/rss.xml").write_bytes(
        b'<rss><channel><item><enclosure url="https://news.example.org/ep%201.mp3"/>'
        b'<enclosure url="https://news.example.org/never.mp3"/>'
        b'<enclosure url="https://elsewhere.example/ep.mp3"/></item></channel></rss>')
    publisher = Published(["ep 1.mp3", "other.mp3"])
    retain_referenced(publisher, tmp_path, SITE.base_url,  # type: ignore[arg-type]
                      ["feeds/pod/rss.xml", "feeds/gone/rss.xml"])
    assert publisher.retained == ["ep 1.mp3"]
