"""What a rebuild does for each article it did not change: the work it
skips is checked by what it reads, stats and decodes, never by seconds."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from newswire import cache as cache_module
from newswire.images import IMAGE_LINES, ImageLines, front_matter_line, front_matter_line_in
from newswire.run import BuildOptions, build

from .conftest import NOW

ADDED = """---
title: A story added later
date: 2026-11-28T09:00:00Z
tags: [world]
---

Added.
"""


def add_article(site: Path) -> Path:
    path = site / "content" / "world" / "added-later.md"
    path.write_text(ADDED, encoding="utf-8")
    return path


def test_a_rebuild_stats_no_article_file_the_snapshot_stat_ed(built_site, monkeypatch):
    site, _ = built_site
    add_article(site)
    probed: list[Path] = []
    original = cache_module.ArticleCache.probe

    def probe(self, path, source):  # type: ignore[no-untyped-def]
        probed.append(path)
        return original(self, path, source)

    def stat(path: Path) -> None:
        raise AssertionError(f"{path} stat'ed again")
    monkeypatch.setattr(cache_module.ArticleCache, "probe", probe)
    monkeypatch.setattr(cache_module, "_stat", stat)
    monkeypatch.setattr(cache_module.os, "listdir", stat)
    report = build(site, BuildOptions(now=NOW))
    assert not report.errors and report.added == ["world/added-later.md"]
    assert len(probed) == 19  # every article of the sample site and the new one


MISSING = """---
title: {title}
date: 2026-11-2{day}T09:00:00Z
{before}image: /images/missing-{day}.jpg
tags: [world]
---

Body {day}.
"""


def with_missing_images(site: Path, count: int = 3) -> list[Path]:
    paths = []
    for day in range(1, count + 1):
        path = site / "content" / "world" / f"missing-{day}.md"
        path.write_text(MISSING.format(title=f"Missing {day}", day=day, before=""),
                        encoding="utf-8")
        paths.append(path)
    return paths


def image_warnings(report) -> list[tuple[str, int | None, str]]:  # type: ignore[no-untyped-def]
    return sorted((str(d.path), d.line, d.message) for d in report.diagnostics
                  if "no file" in d.message)


@pytest.fixture
def front_matter_reads(monkeypatch) -> list[Path]:
    """The article files read again for the line of their image key."""
    from newswire import images
    reads: list[Path] = []
    original = images.front_matter_line

    def counting(path: Path, key: str) -> int | None:
        reads.append(path)
        return original(path, key)
    monkeypatch.setattr(images, "front_matter_line", counting)
    return reads


def test_missing_image_warnings_of_unchanged_articles_are_not_looked_up_again(
        sample_site, front_matter_reads):
    site = sample_site
    missing = with_missing_images(site)
    first = build(site, BuildOptions(now=NOW))
    said = image_warnings(first)
    assert [line for _, line, _ in said] == [4, 4, 4]
    assert [Path(path) for path, _, _ in said] == sorted(missing)
    # the lines were found in the bytes read for the articles, not read again
    assert front_matter_reads == []
    forget = sqlite3.connect(site / ".newswire" / "derived.sqlite")
    with forget:
        kept = json.loads(forget.execute("SELECT value FROM records WHERE name=?",
                                         (IMAGE_LINES,)).fetchone()[0])
    forget.close()
    assert sorted(kept) == [f"world/missing-{day}.md" for day in (1, 2, 3)]
    add_article(site)
    again = build(site, BuildOptions(now=NOW))
    assert again.added == ["world/added-later.md"]
    assert front_matter_reads == []  # every line kept with the bytes it was found in
    assert image_warnings(again) == said


def test_a_missing_image_warning_follows_the_articles_bytes_and_files(sample_site,
                                                                        front_matter_reads):
    site = sample_site
    missing = with_missing_images(site)
    build(site, BuildOptions(now=NOW))
    # the key moves two lines down: the line is found again in the new bytes
    missing[0].write_text(MISSING.format(title="Missing 1", day=1, before="summary: S\nlang: en\n"),
                          encoding="utf-8")
    # the image is added: no warning, whatever was kept
    (site / "content" / "images").mkdir()
    (site / "content" / "images" / "missing-2.jpg").write_bytes(b"not really a jpeg")
    front_matter_reads.clear()
    report = build(site, BuildOptions(now=NOW))
    assert front_matter_reads == []  # found in the new bytes where they were read
    assert [(Path(path).name, line) for path, line, _ in image_warnings(report)] == \
        [("missing-1.md", 6), ("missing-3.md", 4)]
    # the image removed again: its warning comes back, at its line
    (site / "content" / "images" / "missing-2.jpg").unlink()
    report = build(site, BuildOptions(now=NOW))
    assert [(Path(path).name, line) for path, line, _ in image_warnings(report)] == \
        [("missing-1.md", 6), ("missing-2.md", 4), ("missing-3.md", 4)]


def test_a_line_found_where_an_article_was_read_serves_those_bytes_only(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: A\nimage: x.jpg\n---\nbody\n", encoding="utf-8")
    data = path.read_bytes()
    assert front_matter_line_in(data, ".md", "image") == front_matter_line(path, "image") == 3
    assert front_matter_line_in(data, ".txt", "image") is None  # no front matter there
    lines = ImageLines()
    lines.found("a.md", "d" * 64, 9)
    lines.found("b.md", "f" * 64, 5)
    assert lines.line(path, "a.md", "d" * 64) == 9  # the bytes it was found in
    assert lines.line(path, "a.md", "e" * 64) == 3  # other bytes: the file is read
    # kept for the next build: only the lines asked for, as found last
    assert lines.to_plain() == {"a.md": ["e" * 64, 3]}


@pytest.mark.parametrize("root", [".", "site", "/srv/site/", "../up/site"])
def test_article_files_are_named_in_messages_as_pathlib_joins_them(root):
    from newswire.build import _shown_sources
    from newswire.options import SitePaths
    from tests.unit.conftest import article
    paths = SitePaths(Path(root))
    articles = [article(source) for source in ("a.md", "2019/04/dépêche.md", "x/y/z.txt")]
    assert _shown_sources(paths, articles) == {
        a.source: str(paths.content / a.source) for a in articles}


@pytest.mark.parametrize("root", [".", "site", "/srv/site/", "../up/site"])
def test_sources_are_cut_from_paths_as_pathlib_would(root):
    from newswire.build import _sources
    content = Path(root) / "content"
    files = [content / "a.md", content / "2019" / "04" / "dépêche.md", Path("content/b.md"),
             content / "x" / "..." / "y.txt"]
    assert _sources(content, files[:2] + files[3:]) == [
        f.relative_to(content).as_posix() for f in files[:2] + files[3:]]
    if root != ".":
        with pytest.raises(ValueError):  # not below content/: refused as pathlib does
            _sources(content, files[2:3])
