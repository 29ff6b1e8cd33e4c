"""Adding articles to a built site: the incremental build (the cache giving
unchanged articles without their bodies, listing pages made from rows kept
by the last build) writes exactly what a first build of the same inputs
writes, keeps the same records, and the run after it writes nothing."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from lxml import html as lxml_html

from newswire.claim import MARKER
from newswire.listrows import RECORD
from newswire.options import BuildOptions
from newswire.pages import PageRenderer
from newswire.run import build

from .conftest import NOW

SITE = """base_url = "https://added.example.org/"
title = "Added"
description = "A site that grows."
language = "en"
timezone = "UTC"
"""
TAGS = ("world", "science", "harbour")


def story(number: int, day: str, title: str | None = None) -> str:
    tags = f"[{TAGS[number % 3]}, {TAGS[(number + 1) % 3]}]"
    return (f"---\ntitle: \"{title or f'Story {number}'}\"\ndate: {day}\ntags: {tags}\n"
            f"summary: \"The standfirst of story {number} <with> & marks.\"\n---\n\n"
            f"The first paragraph of story {number}.\n")


def day_of(number: int) -> str:
    """A date per story, one hour apart: story 1 is the oldest."""
    return f"2026-0{1 + number // 700}-{1 + (number // 24) % 28:02d}T{number % 24:02d}:00:00Z"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A built site of 130 stories (three pages of the index, pages for
    each tag and for the feed), built twice so that its records settle."""
    root = tmp_path / "site"
    (root / "feeds").mkdir(parents=True)
    (root / "feeds" / "site.toml").write_text(SITE)
    (root / "feeds" / "main.toml").write_text('title = "All"\ndescription = "All."\n'
                                              "max_items = 5\n")
    (root / "feeds" / "science.toml").write_text('title = "Science"\n'
                                                 'include_tags = ["science"]\n')
    content = root / "content" / "news"
    content.mkdir(parents=True)
    for n in range(1, 131):
        (content / f"story-{n:03d}.md").write_text(story(n, day_of(n)))
    for _ in range(2):
        assert not build(root, BuildOptions(now=NOW)).errors
    return root


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file() and p.name != MARKER}


def records(site: Path) -> dict[str, object]:
    """The derived records a later build relies on: page records, the
    manifest's digests, the kept listing rows and their record."""
    with sqlite3.connect(site / ".newswire" / "derived.sqlite") as conn:
        pages = sorted(conn.execute("SELECT path, key, sha256, size FROM pages"))
        manifest = sorted(conn.execute("SELECT path, sha256, size FROM manifest"))
        rows = sorted(conn.execute("SELECT id, key, row FROM listing_rows"))
        record = conn.execute("SELECT value FROM records WHERE name=?", (RECORD,)).fetchall()
    return {"pages": pages, "manifest": manifest, "rows": rows, "record": record}


def first_build(site: Path, tmp_path: Path) -> Path:
    """A copy of ``site``'s inputs and identity ledger, built from nothing
    (no output, no derived records): what an incremental build must match."""
    fresh = tmp_path / "fresh"
    shutil.copytree(site / "feeds", fresh / "feeds")
    shutil.copytree(site / "content", fresh / "content")
    (fresh / ".newswire").mkdir()
    shutil.copy2(site / ".newswire" / "state.json", fresh / ".newswire" / "state.json")
    assert not build(fresh, BuildOptions(now=NOW)).errors
    return fresh


def assert_as_first_build(site: Path, tmp_path: Path) -> None:
    """``site``, just built, holds what a first build of its inputs writes,
    with the same ledger and records, and its next run writes nothing."""
    fresh = first_build(site, tmp_path)
    assert tree(site / "public") == tree(fresh / "public")
    assert (site / ".newswire" / "state.json").read_bytes() == \
        (fresh / ".newswire" / "state.json").read_bytes()
    assert records(site)["pages"] == records(fresh)["pages"]
    assert records(site)["rows"] == records(fresh)["rows"]
    assert records(site)["record"] == records(fresh)["record"]
    again = build(site, BuildOptions(now=NOW))
    assert again.unchanged or (again.result is not None and again.result.written == [])


def add(site: Path, name: str, number: int, day: str, title: str | None = None) -> None:
    (site / "content" / "news" / name).write_text(story(number, day, title))


def listed_titles(page: Path) -> list[str]:
    doc = lxml_html.fromstring(page.read_bytes())
    return [a.text_content() for a in doc.xpath('//ol[@class="entries"]/li/a[@class="title"]')]


def test_one_added_article_gives_the_first_build_s_output(site, tmp_path):
    add(site, "new.md", 500, "2026-06-01T09:00:00Z", "Brand new")
    report = build(site, BuildOptions(now=NOW))
    assert report.added == ["news/new.md"]
    assert listed_titles(site / "public" / "index.html")[0] == "Brand new"
    # every story moved one place down: the last of page 2 opens page 3
    second = listed_titles(site / "public" / "page" / "2" / "index.html")
    third = listed_titles(site / "public" / "page" / "3" / "index.html")
    assert len(second) == 50 and third[0] == "Story 31"
    assert "page/3/index.html" in report.result.written
    assert_as_first_build(site, tmp_path)


def test_two_added_articles_give_the_first_build_s_output(site, tmp_path):
    add(site, "new-a.md", 501, "2026-06-01T09:00:00Z", "First new")
    add(site, "new-b.md", 502, "2026-06-02T09:00:00Z", "Second new")
    report = build(site, BuildOptions(now=NOW))
    assert report.added == ["news/new-a.md", "news/new-b.md"]
    assert listed_titles(site / "public" / "index.html")[:2] == ["Second new", "First new"]
    assert_as_first_build(site, tmp_path)


def test_an_added_article_older_than_others_leaves_the_newer_pages_alone(site, tmp_path):
    # dated between story 20 and story 21: only the pages from its place on change
    add(site, "late-filed.md", 600, "2026-01-01T20:30:00Z", "Filed late")
    report = build(site, BuildOptions(now=NOW))
    assert "index.html" not in report.result.written  # page 1 shows stories 130-81
    assert "page/3/index.html" in report.result.written
    assert "Filed late" in listed_titles(site / "public" / "page" / "3" / "index.html")
    assert_as_first_build(site, tmp_path)


def test_an_article_added_then_removed_gives_the_first_build_s_output(site, tmp_path):
    before = tree(site / "public")
    add(site, "fleeting.md", 700, "2026-06-01T09:00:00Z", "Fleeting")
    assert not build(site, BuildOptions(now=NOW)).errors
    (site / "content" / "news" / "fleeting.md").unlink()
    report = build(site, BuildOptions(now=NOW))
    assert report.removed == ["news/fleeting.md"]
    assert listed_titles(site / "public" / "index.html")[0] == "Story 130"
    after = tree(site / "public")
    # the listings are back as they were; the removed page is gone
    assert {p: after[p] for p in after if p.endswith("index.html") and "news/" not in p} \
        == {p: before[p] for p in before if p.endswith("index.html") and "news/" not in p}
    assert "news/fleeting/index.html" not in after
    assert_as_first_build(site, tmp_path)


def test_an_added_article_renders_one_row_and_no_unchanged_page_is_written(
        site, tmp_path, monkeypatch):
    from newswire import listrows
    made: list[int] = []
    original = listrows.ListingRows._render

    def counting(self, entries):
        made.append(len(entries))
        return original(self, entries)
    monkeypatch.setattr(listrows.ListingRows, "_render", counting)
    previous = tree(site / "public")
    add(site, "new.md", 500, "2026-06-01T09:00:00Z", "Brand new")
    report = build(site, BuildOptions(now=NOW))
    assert made == [1]  # the new story's row; every other row was kept
    now = tree(site / "public")
    written = set(report.result.written)
    assert written == {p for p in now if previous.get(p) != now[p]}
    # its tags' pages changed; the page of the one tag it lacks did not
    assert "tags/science/index.html" not in written
    assert "feeds/science/index.html" not in written
    assert {"tags/world/index.html", "tags/harbour/index.html"} <= written


def test_edited_title_renders_its_row_again(site, tmp_path):
    add(site, "story.md", 800, "2026-06-01T09:00:00Z", "Old title")
    assert not build(site, BuildOptions(now=NOW)).errors
    add(site, "story.md", 800, "2026-06-01T09:00:00Z", "New title")
    assert not build(site, BuildOptions(now=NOW)).errors
    assert listed_titles(site / "public" / "index.html")[0] == "New title"
    assert_as_first_build(site, tmp_path)


def test_rows_kept_by_other_templates_are_not_trusted(site, tmp_path, monkeypatch):
    """A kept row that no longer matches what the templates make (a record
    left by other code under the same fingerprint) is caught by the page
    rendered whole, and every page is rendered whole."""
    with sqlite3.connect(site / ".newswire" / "derived.sqlite") as conn:
        conn.execute("UPDATE listing_rows SET row=replace(row, 'Story 1', 'Forged 1')")
    whole: list[int] = []
    original = PageRenderer.listing_page

    def counting(self, page, browse=()):
        whole.append(len(page.entries))
        return original(self, page, browse)
    monkeypatch.setattr(PageRenderer, "listing_page", counting)
    add(site, "new.md", 500, "2026-06-01T09:00:00Z", "Brand new")
    assert not build(site, BuildOptions(now=NOW)).errors
    assert all(b"Forged" not in data for data in tree(site / "public").values())
    assert any(n > 0 for n in whole)  # pages rendered whole after the check failed
    # nothing kept from a build that could not splice
    assert records(site)["rows"] == [] and records(site)["record"] == []
    fresh = first_build(site, tmp_path)
    assert tree(site / "public") == tree(fresh / "public")


def test_an_added_article_writes_its_own_row_alone(site, tmp_path):
    """The rows are kept one per entry: a build writes the rows that changed
    (REPLACE gives a row a new rowid), not the rows of the whole site."""
    def rowids() -> dict[bytes, int]:
        with sqlite3.connect(site / ".newswire" / "derived.sqlite") as conn:
            return dict(conn.execute("SELECT id, rowid FROM listing_rows"))
    before = rowids()
    assert len(before) == 130
    add(site, "new.md", 500, "2026-06-01T09:00:00Z", "Brand new")
    assert not build(site, BuildOptions(now=NOW)).errors
    after = rowids()
    assert {i: n for i, n in after.items() if i in before} == before
    assert len(after) == 131
    (site / "content" / "news" / "story-007.md").unlink()
    assert not build(site, BuildOptions(now=NOW)).errors
    gone = rowids()
    assert len(gone) == 130 and {i: n for i, n in gone.items() if i in after} == gone
    assert_as_first_build(site, tmp_path)


def test_a_database_made_before_the_rows_table_gets_it(site, tmp_path):
    """A database of the same format made without the table of listing rows
    (an older newswire) is given it, not moved aside; its pages stay."""
    with sqlite3.connect(site / ".newswire" / "derived.sqlite") as conn:
        conn.execute("DROP TABLE listing_rows")
    add(site, "new.md", 500, "2026-06-01T09:00:00Z", "Brand new")
    report = build(site, BuildOptions(now=NOW))
    assert not report.errors
    assert not (site / ".newswire" / "derived.sqlite.unusable").exists()
    assert "news/story-001/index.html" not in report.result.written  # records kept
    assert len(records(site)["rows"]) == 131
    assert_as_first_build(site, tmp_path)


def test_what_the_next_build_would_say_is_recorded_as_running_the_identity_stage_again_says(
        site, tmp_path, monkeypatch):
    """The record of what the build says (the next run repeats it) is the
    same whether the identity stage's second run is known from the first
    (newswire.identity.IdentityDiagnostics.again) or run."""
    import newswire.build
    from newswire.state.lastbuild import SAID
    path = site / "content" / "news" / "story-010.md"
    path.write_text(path.read_text().replace("title:", "slug: elsewhere\ntitle:", 1))
    add(site, "undated.md", 600, "2026-06-01T09:00:00Z", "Undated")
    undated = site / "content" / "news" / "undated.md"
    undated.write_text(undated.read_text().replace("date: 2026-06-01T09:00:00Z\n", ""))
    add(site, "new.md", 500, "2026-06-01T09:00:00Z", "Brand new")
    new = site / "content" / "news" / "new.md"  # with a lead image that is not there
    new.write_text(new.read_text().replace("title:", "image: missing.jpg\ntitle:", 1))
    ran = tmp_path / "ran"
    shutil.copytree(site, ran, symlinks=True)

    def said_record(root: Path) -> object:
        """The diagnostics recorded, the site's folder left out of their paths."""
        with sqlite3.connect(root / ".newswire" / "derived.sqlite") as conn:
            value = conn.execute("SELECT value FROM records WHERE name=?", (SAID,)).fetchone()[0]
        return json.loads(value.replace(str(root), "SITE"))["diagnostics"]
    report = build(site, BuildOptions(now=NOW))
    original = newswire.build.assign_identities

    def unknown(*args, **kwargs):
        identities, state, said = original(*args, **kwargs)
        said.again = None  # as if it could not be known: run again
        return identities, state, said
    monkeypatch.setattr(newswire.build, "assign_identities", unknown)
    report_ran = build(ran, BuildOptions(now=NOW))
    monkeypatch.undo()
    assert report.added == report_ran.added == ["news/new.md", "news/undated.md"]
    record = said_record(site)
    assert record == said_record(ran)
    assert any("keeps its published URL" in d[1] for d in record)
    assert any("missing.jpg" in d[1] for d in record)
    assert not any("add 'date:'" in d[1] for d in record)
    assert any("add 'date:'" in d.message for d in report.diagnostics)  # said once
    again = build(site, BuildOptions(now=NOW))
    assert again.unchanged
    assert [d.message for d in again.diagnostics] == [
        d.message for d in report.diagnostics if "add 'date:'" not in d.message]


@pytest.mark.parametrize("damage", [
    "UPDATE records SET value = '[[[[[[' || replace(hex(zeroblob(100000)), '00', '[') "
    "WHERE name = 'listing-rows'",  # JSON nested too deeply to read
    "UPDATE records SET value = '{\"fingerprint\": 7}' WHERE name = 'listing-rows'",
    "UPDATE listing_rows SET row = '<p>not a row</p>'",
    "UPDATE listing_rows SET key = 'another key'",
    "DROP TABLE listing_rows",
])
def test_damaged_listing_rows_are_made_again_and_the_build_goes_on(site, tmp_path, damage):
    with sqlite3.connect(site / ".newswire" / "derived.sqlite") as conn:
        conn.execute(damage)
    conn.close()
    add(site, "new.md", 500, "2026-06-01T09:00:00Z", "Brand new")
    report = build(site, BuildOptions(now=NOW))
    assert not report.errors
    assert not (site / ".newswire" / "derived.sqlite.unusable").exists()
    assert listed_titles(site / "public" / "index.html")[0] == "Brand new"
    assert len(records(site)["rows"]) == 131
    assert_as_first_build(site, tmp_path)


def test_the_rows_are_in_the_database_and_let_go_before_the_files_are_published(
        site, tmp_path, monkeypatch):
    """The listing rows are written once the listing pages are made, not
    held to the build's last transaction: when the files are published the
    database already has them (another connection sees them), and the
    build holds none."""
    import newswire.listrows as listrows
    from newswire.publish import Publisher
    released: list[object] = []
    original_release = listrows.ListingRows.release

    def release(self):
        released.append(self)
        original_release(self)
    monkeypatch.setattr(listrows.ListingRows, "release", release)
    seen: dict[str, object] = {}
    original_publish = Publisher.publish

    def publish(self, *args, **kwargs):
        seen.update(records(site))
        seen["held"] = [(len(r._rows), len(r._held), len(r.keyed)) for r in released]
        return original_publish(self, *args, **kwargs)
    monkeypatch.setattr(Publisher, "publish", publish)
    add(site, "new.md", 500, "2026-06-01T09:00:00Z", "Brand new")
    assert not build(site, BuildOptions(now=NOW)).errors
    assert seen["held"] == [(0, 0, 0)]
    assert len(seen["rows"]) == 131
    assert any("Brand new" in row for _, _, row in seen["rows"])
    assert seen["rows"] == records(site)["rows"] and seen["record"] == records(site)["record"]
    assert_as_first_build(site, tmp_path)


class _Killed(BaseException):
    """A build stopped where it stands (as by SIGKILL: nothing after runs)."""


def test_rows_written_by_a_build_killed_before_publishing_serve_the_next_build(
        site, tmp_path, monkeypatch):
    """The rows a killed build wrote are true of their entries: the next
    build uses them (renders no row again) and publishes what a first
    build does."""
    import newswire.listrows as listrows
    from newswire.publish import Publisher
    add(site, "new.md", 500, "2026-06-01T09:00:00Z", "Brand new")

    def killed(self, *args, **kwargs):
        raise _Killed
    with monkeypatch.context() as patch:
        patch.setattr(Publisher, "publish", killed)
        with pytest.raises(_Killed):
            build(site, BuildOptions(now=NOW))
    assert len(records(site)["rows"]) == 131
    rendered: list[int] = []
    original = listrows.ListingRows._render

    def counting(self, entries):
        rendered.append(len(entries))
        return original(self, entries)
    monkeypatch.setattr(listrows.ListingRows, "_render", counting)
    assert not build(site, BuildOptions(now=NOW)).errors
    assert rendered == []
    assert_as_first_build(site, tmp_path)


def test_rows_made_under_other_settings_are_all_replaced(site, tmp_path):
    """Settings that change how every page looks (the site's title) change
    the rows' record: every kept row is replaced, none is left from before."""
    settings = site / "feeds" / "site.toml"
    settings.write_text(settings.read_text().replace('title = "Added"', 'title = "Grown"'))
    before = records(site)
    assert not build(site, BuildOptions(now=NOW)).errors
    after = records(site)
    assert after["record"] != before["record"] and len(after["rows"]) == 130
    assert_as_first_build(site, tmp_path)


def test_rows_the_database_cannot_take_early_are_written_with_the_build(
        site, tmp_path, monkeypatch):
    """When the database cannot take the rows once the listing pages are
    made, the build keeps them and its last transaction writes them."""
    from newswire.state.store import Store

    def busy(self, *args, **kwargs):
        raise sqlite3.OperationalError("database is locked")
    monkeypatch.setattr(Store, "write_listing_rows", busy)
    add(site, "new.md", 500, "2026-06-01T09:00:00Z", "Brand new")
    assert not build(site, BuildOptions(now=NOW)).errors
    assert len(records(site)["rows"]) == 131
    monkeypatch.undo()
    assert_as_first_build(site, tmp_path)


def test_each_page_job_is_let_go_once_its_page_is_recorded(site, monkeypatch):
    """A page job holds its page's absolute target: the build lets each go
    once the page is staged and recorded, not at the end of staging."""
    import newswire.build
    original = newswire.build.stage_pages
    checked: list[int] = []

    def watched(renderer, jobs, *args, **kwargs):
        for index, outcome in original(renderer, jobs, *args, **kwargs):
            assert all(job is None for job in jobs[:index])
            assert jobs[index] is not None
            checked.append(index)
            yield index, outcome
        assert all(job is None for job in jobs)
    monkeypatch.setattr(newswire.build, "stage_pages", watched)
    shutil.rmtree(site / "public")
    (site / ".newswire" / "derived.sqlite").unlink()
    assert not build(site, BuildOptions(now=NOW)).errors
    assert len(checked) > 130  # every article page, and the listing pages
