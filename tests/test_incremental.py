"""Pages whose inputs did not change are not rendered again, and the output is
byte for byte what a build rendering everything writes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newswire.options import BuildReport
from newswire.run import BuildOptions, build
from newswire.claim import MARKER
from newswire.pages import PageRenderer

from .conftest import NOW, forget_last_build

WELCOME = "newsroom/welcome.md"


@pytest.fixture
def rendered(monkeypatch) -> list[str]:
    """Titles of the article pages rendered, in order."""
    titles: list[str] = []
    original = PageRenderer.article

    def counting(self, entry, in_feeds):
        titles.append(entry.title)
        return original(self, entry, in_feeds)
    monkeypatch.setattr(PageRenderer, "article", counting)
    return titles


def tree(root: Path) -> dict[str, bytes]:
    """Every file below ``root`` but the output-folder claim, which names the site."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file() and p.name != MARKER}


def first_build(site: Path, tmp_path: Path) -> tuple[Path, BuildReport]:
    """A copy of ``site``'s current inputs and identity ledger built from
    nothing: (its folder, its report)."""
    fresh = tmp_path / "fresh"
    shutil.copytree(site / "feeds", fresh / "feeds")
    shutil.copytree(site / "content", fresh / "content")
    (fresh / ".newswire").mkdir()
    shutil.copy2(site / ".newswire" / "state.json", fresh / ".newswire" / "state.json")
    report = build(fresh, BuildOptions(now=NOW))
    assert not report.errors
    return fresh, report


def from_scratch(site: Path, tmp_path: Path) -> dict[str, bytes]:
    """What a first build of ``site``'s current inputs writes."""
    fresh, _ = first_build(site, tmp_path)
    return tree(fresh / "public")


def test_nothing_changed_renders_no_article_page(sample_site, rendered):
    build(sample_site, BuildOptions(now=NOW))
    assert len(rendered) == 18
    before = tree(sample_site / "public")
    rendered.clear()
    report = build(sample_site, BuildOptions(now=NOW))
    assert rendered == []
    assert report.result is not None and report.result.written == []
    assert tree(sample_site / "public") == before


def test_an_edit_renders_that_page_only_and_matches_a_full_build(sample_site, rendered,
                                                                  tmp_path):
    build(sample_site, BuildOptions(now=NOW))
    article = sample_site / "content" / WELCOME
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more line.\n",
                       encoding="utf-8")
    rendered.clear()
    report = build(sample_site, BuildOptions(now=NOW))
    assert len(rendered) == 1
    assert f"{rendered[0]}" in (sample_site / "content" / WELCOME).read_text(encoding="utf-8")
    assert report.result is not None
    page = [p for p in report.result.written if p.endswith("index.html")
            and p.startswith("newsroom/")]
    assert len(page) == 1
    assert b"One more line." in (sample_site / "public" / page[0]).read_bytes()
    assert tree(sample_site / "public") == from_scratch(sample_site, tmp_path)


def test_a_page_changed_by_hand_is_rendered_again(sample_site, rendered, tmp_path):
    build(sample_site, BuildOptions(now=NOW))
    pages = sorted((sample_site / "public" / "newsroom").rglob("index.html"))
    pages[0].write_bytes(pages[0].read_bytes().replace(b"</body>", b"<p>defaced</p></body>"))
    pages[1].unlink()
    rendered.clear()
    build(sample_site, BuildOptions(now=NOW))
    assert len(rendered) == 2
    assert b"defaced" not in pages[0].read_bytes()
    assert pages[1].is_file()
    assert tree(sample_site / "public") == from_scratch(sample_site, tmp_path)


@pytest.mark.parametrize("edit", ["site", "feed", "records"])
def test_new_settings_or_lost_records_render_every_page(sample_site, rendered, edit,
                                                        tmp_path):
    build(sample_site, BuildOptions(now=NOW))
    if edit == "site":
        site_toml = sample_site / "feeds" / "site.toml"
        site_toml.write_text(site_toml.read_text(encoding="utf-8").replace(
            'title = "Example Wire"', 'title = "Example Wire Daily"'), encoding="utf-8")
    elif edit == "feed":
        feed = sorted(p for p in (sample_site / "feeds").glob("*.toml")
                      if p.name != "site.toml")[0]
        feed.write_text(feed.read_text(encoding="utf-8").replace(
            'title = "', 'title = "New: ', 1), encoding="utf-8")
    else:
        import sqlite3
        with sqlite3.connect(sample_site / ".newswire" / "derived.sqlite") as conn:
            conn.execute("UPDATE pages SET key = 'not a key', sha256 = 'x', size = -1")
            conn.execute("DELETE FROM records WHERE name = 'last-build'")  # not skipped
        conn.close()
    rendered.clear()
    report = build(sample_site, BuildOptions(now=NOW))
    assert not report.errors
    assert len(rendered) == 18
    assert tree(sample_site / "public") == from_scratch(sample_site, tmp_path)


def test_full_archive_documents_are_not_rendered_again(sample_site, monkeypatch, tmp_path):
    import newswire.feedstage as feedstage
    (sample_site / "feeds" / "main.toml").write_text(
        'title = "All stories"\nmax_items = 3\narchive = true\n', encoding="utf-8")
    documents: list[tuple[bool, str]] = []
    original = feedstage.render_feed

    def counting(doc, fmt):
        documents.append((doc.archive, fmt))
        return original(doc, fmt)
    monkeypatch.setattr(feedstage, "render_feed", counting)
    build(sample_site, BuildOptions(now=NOW))
    archives = sorted((sample_site / "public" / "feeds" / "main" / "archive").iterdir())
    assert len(archives) >= 9  # 16 articles, 3 a page, three formats
    assert sum(archive for archive, _ in documents) == len(archives)
    documents.clear()
    forget_last_build(sample_site)  # nothing changed: run the pipeline all the same
    build(sample_site, BuildOptions(now=NOW))
    assert [d for d in documents if d[0]] == []  # every archive document reused
    assert documents  # subscription documents are still rendered
    documents.clear()
    article = sample_site / "content" / "science" / "voa-2003-07-13-montserrat-volcano.txt"
    article.write_text(article.read_text(encoding="utf-8") + "\nA late correction.\n",
                       encoding="utf-8")
    build(sample_site, BuildOptions(now=NOW))
    assert 1 <= sum(archive for archive, _ in documents) <= 3 * 2
    assert tree(sample_site / "public") == from_scratch(sample_site, tmp_path)
