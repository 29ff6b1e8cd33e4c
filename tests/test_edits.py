"""The edit path: after edits to article bodies, a build renders and publishes
only the edited articles' pages, and its output, report and records are
those of a build running the whole pipeline."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

import newswire.build
from newswire.claim import MARKER
from newswire.edits import edited_sources
from newswire.options import BuildOptions, SitePaths
from newswire.run import build, inputs_snapshot
from newswire.state.lastbuild import BY_NAME_SUFFIXES, LAST_BUILD, SAID, LastBuild

from .conftest import NOW

SITE = """base_url = "https://edits.example.org/"
title = "Edits"
description = "A site for edits."
language = "en"
timezone = "UTC"
"""


def article(number: int, body: str = "", **front: str) -> str:
    fields = {"title": f"Story {number}", "date": f"2026-01-{number:02d}T08:00:00Z",
              "tags": "[world]", "summary": f"The standfirst of story {number}.", **front}
    head = "\n".join(f"{k}: {v}" for k, v in fields.items())
    return f"---\n{head}\n---\n\nThe first paragraph of story {number}.\n\n{body}\n"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A built site of eight stories; its feed holds the newest two."""
    return settled(eight_stories(tmp_path / "site", missing_image=3))


def eight_stories(root: Path, missing_image: int | None = None) -> Path:
    """A site of eight stories in ``root`` whose main feed holds the newest
    two; story ``missing_image`` names a lead image that is not there."""
    (root / "feeds").mkdir(parents=True)
    (root / "feeds" / "site.toml").write_text(SITE)
    (root / "feeds" / "main.toml").write_text('title = "All"\ndescription = "All."\n'
                                              "max_items = 2\n")
    content = root / "content" / "news"
    content.mkdir(parents=True)
    for n in range(1, 9):
        extra = {"image": "missing.jpg"} if n == missing_image else {}
        (content / f"story-{n}.md").write_text(article(n, **extra))
    return root


def settled(root: Path) -> Path:
    """``root`` built, with a record of its last build that a later build
    may rely on: files written in the very tick a build starts are not
    (see newswire.state.lastbuild), so a second build records them again."""
    for _ in range(2):
        assert not build(root, BuildOptions(now=NOW)).errors
    return root


@pytest.fixture
def pipeline(monkeypatch) -> list[int]:
    """Counts the builds that ran the whole pipeline."""
    calls: list[int] = []
    original = newswire.build.build_locked

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)
    monkeypatch.setattr(newswire.build, "build_locked", counting)
    return calls


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file() and p.name != MARKER}


def whole_pipeline(site: Path, tmp_path: Path, name: str = "whole"):
    """A copy of ``site`` (records included) built by the whole pipeline:
    what the edit path must match. Returns (its public tree, its report)."""
    copy = tmp_path / name
    shutil.copytree(site, copy, symlinks=True)
    paths = SitePaths(copy)
    options = BuildOptions(now=NOW)
    report = _WHOLE(paths, options, inputs_snapshot(paths, options))
    return tree(copy / "public"), report


_WHOLE = newswire.build.build_locked  # as imported, before any test counts its calls


def said(report) -> list[tuple[str, str, str | None, int | None]]:
    """The report's messages, paths relative to their site."""
    out = []
    for d in report.diagnostics:
        where = None
        if d.path is not None:
            parts = Path(d.path).parts
            where = "/".join(parts[parts.index("content"):]) if "content" in parts else d.path.name
        out.append((d.level, d.message, where, d.line))
    return out


def edit(site: Path, name: str, text: str) -> None:
    path = site / "content" / "news" / name
    path.write_text(path.read_text() + text)


def test_a_body_edit_renders_its_page_alone_and_matches_the_whole_pipeline(
        site, pipeline, tmp_path):
    edit(site, "story-3.md", "\nCorrection: the figure was 12, not 21.\n")
    expected, expected_report = whole_pipeline(site, tmp_path)
    report = build(site, BuildOptions(now=NOW))
    assert pipeline == []
    assert report.result is not None and report.result.written == ["news/story-3/index.html"]
    page = (site / "public" / "news" / "story-3" / "index.html").read_text()
    assert "the figure was 12, not 21" in page
    assert tree(site / "public") == expected
    assert said(report) == said(expected_report)
    assert any("missing.jpg" in d[1] for d in said(report))  # its image warning, said again
    assert report.articles == expected_report.articles == 8
    assert expected_report.result.written == ["news/story-3/index.html"]


def test_the_run_after_an_edit_is_skipped_and_a_second_edit_takes_the_path_again(
        site, pipeline, tmp_path):
    edit(site, "story-2.md", "\nFirst correction.\n")
    build(site, BuildOptions(now=NOW))
    again = build(site, BuildOptions(now=NOW))
    assert again.unchanged and pipeline == []
    edit(site, "story-2.md", "\nSecond correction.\n")
    expected, _ = whole_pipeline(site, tmp_path)
    report = build(site, BuildOptions(now=NOW))
    assert pipeline == [] and report.result.written == ["news/story-2/index.html"]
    assert "Second correction." in (site / "public/news/story-2/index.html").read_text()
    assert tree(site / "public") == expected
    # the records are those of a complete build: a build from them changes nothing
    database = site / ".newswire" / "derived.sqlite"
    with sqlite3.connect(database) as conn:
        conn.execute("DELETE FROM records WHERE name=?", (LAST_BUILD,))
    full = build(site, BuildOptions(now=NOW))
    assert pipeline == [1] and full.result.written == []


def test_the_cache_and_recognition_hold_the_edited_bytes(site, tmp_path):
    edit(site, "story-4.md", "\nAn added paragraph.\n")
    build(site, BuildOptions(now=NOW))
    from newswire.cache import file_digest
    digest = file_digest(site / "content/news/story-4.md")
    with sqlite3.connect(site / ".newswire" / "derived.sqlite") as conn:
        cached = conn.execute("SELECT digest FROM articles WHERE source=?",
                              (b"news/story-4.md",)).fetchone()
        known = conn.execute("SELECT digest FROM recognition WHERE source=?",
                             (b"news/story-4.md",)).fetchone()
    # recognition holds the reader's digest of the article, as a whole build's does
    from zoneinfo import ZoneInfo
    from newswire.readers import read_article
    read, _ = read_article(site / "content/news/story-4.md", site / "content", ZoneInfo("UTC"))
    assert cached == (digest,) and known == (read.digest,)


@pytest.mark.parametrize("change", [
    "title",          # a listing row and the page title
    "date",           # order, listings, sitemap
    "tags",           # tag pages, feed membership
    "error",          # the article no longer reads
    "added",          # a new file
    "removed",        # a file gone
    "data file",      # a file of content/ that is no article
    "settings",       # feeds/
    "new warning",    # a message that was not said before
])
def test_other_changes_run_the_whole_pipeline_with_the_same_output(
        site, pipeline, tmp_path, change):
    news = site / "content" / "news"
    if change == "title":
        (news / "story-2.md").write_text(article(2).replace("Story 2", "Story two"))
    elif change == "date":
        (news / "story-2.md").write_text(article(2).replace("2026-01-02", "2026-01-09"))
    elif change == "tags":
        (news / "story-2.md").write_text(article(2).replace("[world]", "[world, science]"))
    elif change == "error":
        (news / "story-2.md").write_text("---\ntitle: [unclosed\n---\n\nBody.\n")
    elif change == "added":
        (news / "story-9.md").write_text(article(9))
    elif change == "removed":
        (news / "story-2.md").unlink()
    elif change == "data file":
        edit(site, "story-2.md", "\nA correction.\n")
        (news / "figures.yaml").write_text("a: 1\n")
    elif change == "settings":
        edit(site, "story-2.md", "\nA correction.\n")
        (site / "feeds" / "main.toml").write_text('title = "Every story"\n'
                                                  'description = "All."\nmax_items = 2\n')
    elif change == "new warning":
        (news / "story-2.md").write_text(article(2, image="nowhere.jpg"))
    expected, expected_report = whole_pipeline(site, tmp_path)
    report = build(site, BuildOptions(now=NOW))
    assert pipeline == [1]
    assert tree(site / "public") == expected
    assert said(report) == said(expected_report)


def test_an_edit_to_a_story_a_feed_holds_rewrites_that_feed_and_queues_a_ping(
        site, pipeline, tmp_path):
    (site / "feeds" / "site.toml").write_text(SITE + 'hub = "https://hub.example.net/"\n')
    settled(site)
    pipeline.clear()
    edit(site, "story-8.md", "\nA correction to the newest story.\n")
    expected, expected_report = whole_pipeline(site, tmp_path)
    report = build(site, BuildOptions(now=NOW))
    assert pipeline == []
    assert report.result.written == expected_report.result.written
    assert sorted(report.result.written) == [
        "feeds/main/atom.xml", "feeds/main/feed.json", "feeds/main/rss.xml",
        "news/story-8/index.html"]
    assert report.feeds_changed == expected_report.feeds_changed == ["main"]
    assert report.feed_files_changed == expected_report.feed_files_changed
    assert tree(site / "public") == expected
    assert said(report) == said(expected_report)
    import feedparser
    parsed = feedparser.parse(site / "public/feeds/main/rss.xml")
    assert parsed.bozo == 0
    assert "A correction to the newest story." in parsed.entries[0].content[0].value
    with sqlite3.connect(site / ".newswire" / "derived.sqlite") as conn:
        pings = conn.execute("SELECT hub, topic FROM pings").fetchall()
    assert ("https://hub.example.net/", "https://edits.example.org/feeds/main/rss.xml") \
        in pings


def text_site(root: Path, sidecar: str = "") -> Path:
    """A built site of two text articles with sidecars (``sidecar``: more
    keys for the first one's); its feed holds the newest one."""
    (root / "feeds").mkdir(parents=True)
    (root / "feeds" / "site.toml").write_text(SITE)
    (root / "feeds" / "main.toml").write_text('title = "All"\ndescription = "All."\n'
                                              "max_items = 1\n")
    (root / "content").mkdir()
    for n in (1, 2):
        (root / "content" / f"note-{n}.txt").write_text(f"Note {n}\n\nThe text of note {n}.\n")
        (root / "content" / f"note-{n}.toml").write_text(
            f'date = "2026-01-0{n}T08:00:00Z"\nsummary = "Note {n}."\n'
            + (sidecar if n == 1 else ""))
    return settled(root)


def test_an_edit_to_a_text_article_with_a_sidecar_takes_the_path(tmp_path, pipeline):
    root = text_site(tmp_path / "site")
    pipeline.clear()
    (root / "content" / "note-1.txt").write_text("Note 1\n\nThe corrected text of note 1.\n")
    expected, _ = whole_pipeline(root, tmp_path)
    report = build(root, BuildOptions(now=NOW))
    assert pipeline == [] and report.result.written == ["note-1/index.html"]
    assert tree(root / "public") == expected


def test_a_hand_edited_published_file_is_restored_by_the_whole_pipeline(site, pipeline):
    page = site / "public" / "news" / "story-5" / "index.html"
    page.write_text("defaced")
    edit(site, "story-2.md", "\nA correction.\n")
    build(site, BuildOptions(now=NOW))
    assert pipeline == [1]
    assert "Story 5" in page.read_text()


def test_a_symbolic_link_article_is_not_trusted_by_its_ctime(site, pipeline, tmp_path):
    news = site / "content" / "news"
    (site / "content" / "sources").mkdir()
    (site / "content" / "sources" / "story-5.text").write_text(article(5))
    (news / "story-5.md").unlink()
    (news / "story-5.md").symlink_to("../sources/story-5.text")
    settled(site)
    pipeline.clear()
    inputs = inputs_snapshot(SitePaths(site), BuildOptions(now=NOW))
    record = LastBuild.from_plain(_record(site))
    assert record is not None and record.frame == inputs.frame
    assert edited_sources(record, inputs) is None  # a link is never judged by its ctime


def _record(site: Path) -> object:
    """The last build's record, its diagnostics (a record of their own) in it."""
    import json
    with sqlite3.connect(site / ".newswire" / "derived.sqlite") as conn:
        (value,), (said,) = (conn.execute("SELECT value FROM records WHERE name=?",
                                          (name,)).fetchone() for name in (LAST_BUILD, SAID))
    return {**json.loads(value), "diagnostics": json.loads(said)["diagnostics"]}


def test_the_frame_counts_article_files_by_name_and_others_by_stat(site):
    paths, options = SitePaths(site), BuildOptions(now=NOW)
    first = inputs_snapshot(paths, options)
    edit(site, "story-1.md", "\nMore.\n")
    edited = inputs_snapshot(paths, options)
    assert edited.digest != first.digest and edited.frame == first.frame
    names = [name for name, _, _ in edited.articles]
    assert sorted(names) == [f"news/story-{n}.md" for n in range(1, 9)]
    (site / "content" / "news" / "photo.jpg").write_bytes(b"\xff\xd8")
    assert inputs_snapshot(paths, options).frame != edited.frame
    (site / "content" / "news" / "photo.jpg").unlink()
    os.rename(site / "content/news/story-1.md", site / "content/news/story-10.md")
    assert inputs_snapshot(paths, options).frame != edited.frame


def test_edited_sources_are_those_changed_since_the_last_build(site):
    paths, options = SitePaths(site), BuildOptions(now=NOW)
    record = LastBuild.from_plain(_record(site))
    assert record is not None and record.frame
    assert edited_sources(record, inputs_snapshot(paths, options)) == []
    edit(site, "story-6.md", "\nMore.\n")
    assert edited_sources(record, inputs_snapshot(paths, options)) == ["news/story-6.md"]


def test_by_name_suffixes_are_the_readers_and_sidecars():
    from newswire.readers import READERS, SIDECAR_SUFFIXES
    assert set(BY_NAME_SUFFIXES) == set(READERS) | set(SIDECAR_SUFFIXES)


def test_an_edit_to_one_page_loads_no_feed_writer_or_pipeline(site):
    """What keeps a correction cheap besides reading one file: the whole
    pipeline, the feed writers (feedgen) and the feed stage are not even
    imported when no feed document holds the article."""
    import subprocess
    import sys
    edit(site, "story-2.md", "\nA correction.\n")
    heavy = ("feedgen", "newswire.build", "newswire.feedstage", "newswire.feeds.syndication",
             "newswire.websub", "PIL", "mutagen")
    script = (
        "import sys\n"
        "from newswire.cli import main\n"
        f"sys.argv = ['newswire', '--site', {str(site)!r}, 'build', '--quiet', '--now', "
        f"{NOW.isoformat()!r}]\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
        f"print(sorted(m for m in sys.modules if m.startswith({heavy!r})))\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]", out.stdout
    assert "A correction." in (site / "public/news/story-2/index.html").read_text()


def test_a_part_of_the_ledger_is_what_the_whole_ledger_holds_for_those_sources(site):
    from newswire.state.ledger import State
    data = (site / ".newswire" / "state.json").read_bytes()
    whole = State.from_json(data)
    part = State.part(data, {"news/story-2.md", "news/story-5.md", "news/nowhere.md"})
    assert part.extra == whole.extra and part.get_extra("feeds")
    assert part.records == tuple(r for r in whole.records
                                 if r.source in ("news/story-2.md", "news/story-5.md"))
    with pytest.raises(ValueError):
        State.part(b'{"version": 99, "articles": []}', {"news/story-2.md"})


def test_edited_sources_look_at_each_file_a_bounded_number_of_times(monkeypatch):
    """Many sidecars changed at once (a checkout) cost one pass over the
    files, not one pass per sidecar."""
    import newswire.edits
    from newswire.state.digests import Snapshot
    files = []
    for n in range(2000):
        files += [(f"notes/note-{n}.txt", 5, True), (f"notes/note-{n}.toml", 5, True)]
    record = LastBuild("x", 1, 0, None, None, (), (), 0, frame="f", since_ns=1)
    inputs = Snapshot("y", 0, frame="f", articles=tuple(files))
    calls = []
    splitext = os.path.splitext
    monkeypatch.setattr(newswire.edits.os.path, "splitext",
                        lambda p: calls.append(p) or splitext(p))
    sources = edited_sources(record, inputs)
    assert sources == sorted(f"notes/note-{n}.txt" for n in range(2000))
    assert len(calls) <= 2 * len(files)


def test_edited_sources_split_only_the_names_changed_when_no_sidecar_changed(monkeypatch):
    """One article edited among thousands: only its name is looked at
    beyond its change time (the stem map is made when a sidecar changed)."""
    import newswire.edits
    from newswire.state.digests import Snapshot
    files = [(f"news/story-{n}.md", 0, True) for n in range(2000)]
    files += [(f"notes/note-{n}.txt", 0, True) for n in range(500)]
    files += [(f"notes/note-{n}.toml", 0, True) for n in range(500)]
    files[7] = ("news/story-7.md", 5, True)
    record = LastBuild("x", 1, 0, None, None, (), (), 0, frame="f", since_ns=1)
    calls = []
    splitext = os.path.splitext
    monkeypatch.setattr(newswire.edits.os.path, "splitext",
                        lambda p: calls.append(p) or splitext(p))
    inputs = Snapshot("y", 0, frame="f", articles=tuple(files))
    assert edited_sources(record, inputs) == ["news/story-7.md"]
    assert calls == ["news/story-7.md"]
    files[2900] = ("notes/note-400.toml", 5, True)  # a sidecar too: its text article
    calls.clear()
    inputs = Snapshot("y", 0, frame="f", articles=tuple(files))
    assert edited_sources(record, inputs) == ["news/story-7.md", "notes/note-400.txt"]
    files[9] = ("news/story-9.md", 0, False)  # any article not local: no edit path
    assert edited_sources(record, Snapshot("y", 0, frame="f", articles=tuple(files))) is None
