"""Articles added at every kind of place in a built site: the newest place,
the middle of the archive (moving items across full RFC 5005 archive pages),
a section (category) and a tag of their own, several at once in several
folders. Each incremental build writes what a first build of the same
inputs and identity ledger writes, keeps the same records (page records,
listing rows, rename recognition, the record of the last build with its
messages in their order), and the run after it writes nothing."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
from lxml import html as lxml_html

from newswire.options import BuildOptions
from newswire.run import build

from .conftest import NOW
from .test_edits_trial import records
from .test_incremental import first_build, tree

SITE = """base_url = "https://places.example.org/"
title = "Places"
description = "Stories added anywhere."
language = "en"
timezone = "UTC"
"""


def story(number: int, day: str, tags: str = "[world]", more: str = "") -> str:
    return (f"---\ntitle: \"Story {number}\"\ndate: {day}\ntags: {tags}\n"
            f"summary: \"The standfirst of story {number}.\"\n{more}---\n\n"
            f"The first paragraph of story {number}.\n")


def day_of(number: int) -> str:
    """One story a day, story 1 the oldest."""
    return f"2025-{1 + number // 28:02d}-{1 + number % 28:02d}T08:00:00Z"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A built site of 120 stories in two folders: an archived feed of ten
    items a document, a feed of one tag, sections for every fifth story, a
    lead image missing from story 7 (a warning said by every build)."""
    root = tmp_path / "site"
    (root / "feeds").mkdir(parents=True)
    (root / "feeds" / "site.toml").write_text(SITE)
    (root / "feeds" / "main.toml").write_text(
        'title = "All"\ndescription = "All."\nmax_items = 10\narchive = true\n')
    (root / "feeds" / "harbour.toml").write_text(
        'title = "Harbour"\ninclude_tags = ["harbour"]\nmax_items = 5\n')
    for n in range(1, 121):
        folder = root / "content" / ("news" if n % 2 else "wire")
        folder.mkdir(parents=True, exist_ok=True)
        more = ("category: Economy\n" if n % 5 == 0 else "") + \
            ("image: missing.jpg\n" if n == 7 else "")
        tags = "[world, harbour]" if n % 3 == 0 else "[world]"
        (folder / f"story-{n:03d}.md").write_text(story(n, day_of(n), tags, more))
    for _ in range(2):
        assert not build(root, BuildOptions(now=NOW)).errors
    return root


def said(report, root: Path) -> list[tuple[str, str, str | None, int | None]]:
    """The report's messages in their order, paths relative to ``root``."""
    return [(d.level, d.message, None if d.path is None else
             Path(d.path).relative_to(root).as_posix(), d.line) for d in report.diagnostics]


def assert_as_first_build(site: Path, tmp_path: Path, report) -> None:
    """``site``, just built (``report``), holds what a first build of its
    inputs writes, said the same messages in the same order, and has the
    same ledger and records; its next run writes nothing."""
    fresh, fresh_report = first_build(site, tmp_path)
    assert tree(site / "public") == tree(fresh / "public")
    assert said(report, site) == said(fresh_report, fresh)
    ours, theirs = records(site), records(fresh)
    for name in ("ledger", "pages", "recognition", "last"):
        assert ours[name] == theirs[name], name
    assert [row[:3] for row in ours["articles"]] == [row[:3] for row in theirs["articles"]]
    assert ours["records"].get("listing-rows") == theirs["records"].get("listing-rows")
    again = build(site, BuildOptions(now=NOW))
    assert again.unchanged or (again.result is not None and again.result.written == [])


def titles(page: Path) -> list[str]:
    doc = lxml_html.fromstring(page.read_bytes())
    return [a.text_content() for a in doc.xpath('//ol[@class="entries"]/li/a[@class="title"]')]


def archived(site: Path, number: int) -> list[str]:
    """The item titles of archive page ``number`` of the main feed."""
    parsed = feedparser.parse((site / "public" / "feeds" / "main" / "archive"
                               / f"atom-{number}.xml").read_bytes())
    return [e.title for e in parsed.entries]


def test_an_article_at_the_newest_place(site, tmp_path):
    (site / "content" / "news" / "new.md").write_text(
        story(500, "2026-01-05T08:00:00Z", "[world, harbour]"))
    report = build(site, BuildOptions(now=NOW))
    assert report.added == ["news/new.md"]
    assert titles(site / "public" / "index.html")[0] == "Story 500"
    assert feedparser.parse((site / "public" / "feeds" / "harbour" / "atom.xml")
                            .read_bytes()).entries[0].title == "Story 500"
    assert any("missing.jpg" in d.message for d in report.diagnostics)
    assert_as_first_build(site, tmp_path, report)


def test_an_article_in_the_middle_of_the_archive_moves_items_across_full_pages(
        site, tmp_path):
    # dated between stories 25 and 26: archive page 3 (stories 21-30) had
    # story 30 as its last item, which moves to page 4
    before = archived(site, 4)
    (site / "content" / "wire" / "late.md").write_text(
        story(600, "2025-01-26T20:00:00Z"))
    report = build(site, BuildOptions(now=NOW))
    assert report.added == ["wire/late.md"]
    assert "Story 600" in archived(site, 3)
    assert archived(site, 4) != before and "Story 30" in archived(site, 4)
    assert "feeds/main/archive/atom-1.xml" not in report.result.written  # before its place
    assert_as_first_build(site, tmp_path, report)


def test_an_article_of_a_section_and_a_tag_of_its_own(site, tmp_path):
    (site / "content" / "news" / "port.md").write_text(
        story(700, "2025-03-10T12:00:00Z", "[lighthouse]", "category: Economy\n"))
    report = build(site, BuildOptions(now=NOW))
    assert report.added == ["news/port.md"]
    assert titles(site / "public" / "tags" / "lighthouse" / "index.html") == ["Story 700"]
    assert "Story 700" in titles(site / "public" / "categories" / "economy" / "index.html")
    assert b"lighthouse" in (site / "public" / "tags" / "index.html").read_bytes()
    assert_as_first_build(site, tmp_path, report)


def test_several_articles_at_once_in_several_folders(site, tmp_path):
    (site / "content" / "news" / "a.md").write_text(story(801, "2026-01-02T08:00:00Z"))
    (site / "content" / "wire" / "b.md").write_text(
        story(802, "2025-02-14T09:00:00Z", "[harbour]", "image: missing.jpg\n"))
    (site / "content" / "desk").mkdir()
    (site / "content" / "desk" / "c.md").write_text(
        story(803, "2025-04-01T07:00:00Z", "[world]", "category: Economy\n"))
    report = build(site, BuildOptions(now=NOW))
    assert report.added == ["desk/c.md", "news/a.md", "wire/b.md"]
    # two images missing now, each said at its own article
    assert sorted(str(d.path.relative_to(site / "content")) for d in report.diagnostics
                  if "missing.jpg" in d.message) == ["news/story-007.md", "wire/b.md"]
    assert_as_first_build(site, tmp_path, report)


def test_an_article_whose_url_is_taken_is_refused_and_nothing_else_changes(site, tmp_path):
    """A new file wanting a published article's URL is refused (an error),
    the published one keeps it: the build publishes everything else as the
    first build would and records no last build a run may skip."""
    before = tree(site / "public")
    (site / "content" / "news" / "clash.md").write_text(
        story(900, "2026-01-06T08:00:00Z", more="slug: story-003\n").replace(
            "title: \"Story 900\"", "title: \"Clash\""))
    report = build(site, BuildOptions(now=NOW))
    assert [(Path(d.path).relative_to(site / "content").as_posix(), d.message)
            for d in report.diagnostics if d.level == "error"] == [
        ("news/clash.md", "its URL /news/story-003/ is already published by "
         "news/story-003.md; give this article another 'slug' (or file name)")]
    assert tree(site / "public") == before
    assert "Story 3" in (site / "public" / "news" / "story-003" / "index.html").read_text()
