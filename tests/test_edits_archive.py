"""The edit path and RFC 5005 archive feeds: an edit to an article an
archive feed holds makes again the one document holding it (the
subscription document or one archive page) and the article's page; the
output, report and records are those of the whole pipeline on a copy of the
site, and the run after it writes nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import feedparser
import pytest

import newswire.feedstage
from newswire.options import BuildOptions

from .conftest import NOW, copy_sample_site
from .test_edits import SITE, article, edit, pipeline, settled  # noqa: F401
from . import test_edits_trial as trial
from .test_edits_trial import records, same_as_whole

FORMATS = ("atom.xml", "feed.json", "rss.xml")
ATOM = "{http://www.w3.org/2005/Atom}"


def archive_site(root: Path, stories: int = 8, main: str = "", **others: str) -> Path:
    """A built site of ``stories`` stories whose main feed (``max_items =
    2``, ``archive = true``, more settings in ``main``) holds the newest two
    in its subscription document and the others in archive pages of two,
    numbered from the oldest: with eight, page 1 holds stories 1 and 2, page
    3 stories 5 and 6, page 4 is empty. ``others``: more feeds, by name."""
    (root / "feeds").mkdir(parents=True)
    (root / "feeds" / "site.toml").write_text(SITE)
    (root / "feeds" / "main.toml").write_text(
        f'title = "All"\ndescription = "All."\nmax_items = 2\narchive = true\n{main}')
    for name, settings in others.items():
        (root / "feeds" / f"{name}.toml").write_text(settings)
    news = root / "content" / "news"
    news.mkdir(parents=True)
    for n in range(1, stories + 1):
        (news / f"story-{n}.md").write_text(
            article(n, tags="[world, sport]" if n % 3 == 0 else "[world]"))
    return settled(root)


@pytest.fixture
def rendered(monkeypatch) -> list[str]:
    """The URL of every feed document rendered, in order, but by the whole
    pipeline that :func:`same_as_whole` runs on a copy."""
    urls: list[str] = []
    whole: list[int] = []
    original, whole_build = newswire.feedstage.render_feed, trial._WHOLE

    def counting(doc, fmt):
        if not whole:
            urls.append(doc.fmt_urls[fmt])
        return original(doc, fmt)

    def uncounted(*args, **kwargs):
        whole.append(1)
        try:
            return whole_build(*args, **kwargs)
        finally:
            whole.pop()
    monkeypatch.setattr(newswire.feedstage, "render_feed", counting)
    monkeypatch.setattr(trial, "_WHOLE", uncounted)
    return urls


def documents(number: int | None) -> list[str]:
    """The paths below public/ of the main feed's document ``number``."""
    if number is None:
        return [f"feeds/main/{name}" for name in FORMATS]
    return [f"feeds/main/archive/{name.replace('.', f'-{number}.')}" for name in FORMATS]


def page_record(root: Path, path: str) -> tuple[str, str, int] | None:
    with sqlite3.connect(root / ".newswire" / "derived.sqlite") as conn:
        row = conn.execute("SELECT key, sha256, size FROM pages WHERE path=?",
                           (path.encode(),)).fetchone()
    return row


def test_an_edit_to_a_story_of_the_subscription_document_rewrites_it_alone(
        tmp_path, pipeline, rendered):
    root = archive_site(tmp_path / "site")
    pipeline.clear()
    rendered.clear()
    edit(root, "story-8.md", "\nA correction to the newest story.\n")
    report = same_as_whole(root, tmp_path)
    assert pipeline == [] and report.parsed == 1
    assert sorted(report.result.written) == documents(None) + ["news/story-8/index.html"]
    assert report.feeds_changed == ["main"]
    # rendered before and after the edit, in each format; no archive page
    base = "https://edits.example.org/feeds/main/"
    assert rendered == [base + "rss.xml", base + "atom.xml", base + "feed.json"] * 2
    parsed = feedparser.parse(root / "public/feeds/main/atom.xml")
    assert parsed.bozo == 0 and parsed.entries[0].title == "Story 8"
    assert "A correction to the newest story." in parsed.entries[0].content[0].value
    links = {link.rel: link.href for link in parsed.feed.links}
    assert links["prev-archive"] == base + "archive/atom-4.xml"


@pytest.mark.parametrize("story, page", [(1, 1), (5, 3), (4, 2)])
def test_an_edit_to_a_story_of_an_old_archive_page_rewrites_that_page_alone(
        tmp_path, pipeline, rendered, story, page):
    root = archive_site(tmp_path / "site")
    before = {path: page_record(root, path) for path in documents(page)}
    pipeline.clear()
    rendered.clear()
    edit(root, f"story-{story}.md", "\nA correction made years later.\n")
    report = same_as_whole(root, tmp_path)
    assert pipeline == [] and report.parsed == 1
    assert sorted(report.result.written) == sorted(documents(page)
                                                   + [f"news/story-{story}/index.html"])
    assert report.feeds_changed == []  # no subscription document changed: no ping
    base = "https://edits.example.org/feeds/main/archive/"
    assert rendered == [f"{base}rss-{page}.xml", f"{base}atom-{page}.xml",
                        f"{base}feed-{page}.json"] * 2
    # the page keeps its RFC 5005 links and dates; its record has its new key
    atom = (root / "public" / documents(page)[0]).read_bytes()
    parsed = feedparser.parse(atom)
    assert parsed.bozo == 0
    assert [e.title for e in parsed.entries] == [f"Story {n}" for n in
                                                 (2 * page, 2 * page - 1)]
    edited = next(e for e in parsed.entries if e.title == f"Story {story}")
    assert "A correction made years later." in edited.content[0].value
    links = {link.rel: link.href for link in parsed.feed.links}
    assert links["current"] == "https://edits.example.org/feeds/main/atom.xml"
    assert links["next-archive"] == f"{base}atom-{page + 1}.xml"
    assert links.get("prev-archive") == (f"{base}atom-{page - 1}.xml" if page > 1 else None)
    assert b"<fh:archive" in atom or b"archive/>" in atom
    for path in documents(page):
        key, sha256, size = page_record(root, path)
        assert key != before[path][0] and size == (root / "public" / path).stat().st_size


def test_two_stories_of_two_archive_pages_edited_at_once(tmp_path, pipeline):
    root = archive_site(tmp_path / "site")
    pipeline.clear()
    edit(root, "story-2.md", "\nOne correction.\n")
    edit(root, "story-6.md", "\nAnother correction.\n")
    report = same_as_whole(root, tmp_path)
    assert pipeline == [] and report.parsed == 2
    assert sorted(report.result.written) == sorted(
        documents(1) + documents(3) + ["news/story-2/index.html", "news/story-6/index.html"])


def test_a_summary_only_archive_writes_the_page_alone_and_keeps_the_records_new(
        tmp_path, pipeline):
    # the archive page shows no body: its bytes stay, and are not written,
    # but its key counts the article's bytes, so its record changes as the
    # whole pipeline changes it (which renders the page again and finds the
    # same bytes)
    root = archive_site(tmp_path / "site", main="summary_only = true\n")
    path = documents(3)[0]
    published, (key, _, _) = (root / "public" / path).read_bytes(), page_record(root, path)
    pipeline.clear()
    edit(root, "story-5.md", "\nA correction.\n")
    report = same_as_whole(root, tmp_path)
    assert pipeline == [] and report.result.written == ["news/story-5/index.html"]
    assert (root / "public" / path).read_bytes() == published
    assert page_record(root, path)[0] != key


def test_a_story_held_by_an_archive_page_and_a_plain_feed(tmp_path, pipeline):
    # story 3 (tagged sport) is on page 2 of the main feed and in the
    # subscription document of the sport feed, which has no archive
    root = archive_site(tmp_path / "site", sport='title = "Sport"\ndescription = "Sport."\n'
                        'max_items = 3\ninclude_tags = ["sport"]\nformats = ["rss"]\n')
    pipeline.clear()
    edit(root, "story-3.md", "\nA correction.\n")
    report = same_as_whole(root, tmp_path)
    assert pipeline == []
    assert sorted(report.result.written) == sorted(
        documents(2) + ["feeds/sport/rss.xml", "news/story-3/index.html"])
    assert report.feeds_changed == ["sport"]
    assert records(root)["pings"] == []  # no hub: nothing queued
    parsed = feedparser.parse(root / "public/feeds/sport/rss.xml")
    assert "A correction." in next(e for e in parsed.entries
                                   if e.title == "Story 3").content[0].value


def test_a_story_in_a_podcast_is_left_to_the_whole_pipeline(sample_site, pipeline, tmp_path):
    settled(sample_site)
    pipeline.clear()
    path = sample_site / "content" / "podcast" / "morning-briefing.md"
    path.write_text(path.read_text() + "\nA correction.\n")
    same_as_whole(sample_site, tmp_path)
    assert pipeline == [1]


@pytest.mark.parametrize("name", ["world/wikinews-2004-12-10-nobel-maathai.txt",
                                  "newsroom/welcome.md"])
def test_a_one_line_edit_to_the_sample_site_takes_the_edit_path(sample_site, pipeline,
                                                                 tmp_path, name):
    # its main feed has archive = true: before, no edit of the sample site
    # took the edit path
    settled(sample_site)
    pipeline.clear()
    path = sample_site / "content" / name
    path.write_text(path.read_text() + "\nA one-line correction.\n")
    report = same_as_whole(sample_site, tmp_path)
    assert pipeline == [] and report.parsed == 1
    slug = Path(name).with_suffix("").as_posix()
    assert any(p.endswith("index.html") and slug.split("/")[-1] in p
               for p in report.result.written)
    assert "feeds/main/rss.xml" in report.result.written
    assert "A one-line correction." in (sample_site / "public/feeds/main/feed.json").read_text()
    # the main feed holds the podcast's episodes beside it: their enclosures
    # were made again from the media files, as the last build made them
    parsed = feedparser.parse(sample_site / "public/feeds/main/rss.xml")
    assert parsed.bozo == 0 and any(e.get("enclosures") for e in parsed.entries)


def test_the_documents_of_the_last_build_round_trip_and_bad_ones_are_refused():
    import json

    from newswire.state.lastbuild import LastBuild
    record = LastBuild("d" * 64, 10, 7, None, None, (), (), 8, frame="f",
                       documents=(("main", None, ("news/b.md", "news/a.md")),
                                  ("main", 1, ("news/z.md",)), ("main", 2, ())))
    plain = json.loads(json.dumps(record.to_plain()))
    assert LastBuild.from_plain(plain) == record
    for bad in ([["main", ["news/a.md"]]],          # the layout before archive pages
                [["main", 0, ["news/a.md"]]], [["main", "1", ["news/a.md"]]],
                [["main", True, ["news/a.md"]]], [["main", None, [5]]]):
        assert LastBuild.from_plain({**plain, "documents": bad}) is None, bad


def test_a_hub_is_notified_of_the_subscription_document_alone(tmp_path, pipeline):
    # archive pages advertise no hub: an edit to an old story queues nothing,
    # one to the newest queues the feed's notification, as the whole
    # pipeline does
    root = archive_site(tmp_path / "site", main='hub = "https://hub.example.net/"\n')
    with sqlite3.connect(root / ".newswire" / "derived.sqlite") as conn:
        conn.execute("DELETE FROM pings")  # those of the first build, as if sent
    pipeline.clear()
    edit(root, "story-3.md", "\nAn old correction.\n")
    report = same_as_whole(root, tmp_path)
    assert records(root)["pings"] == [] and report.feeds_changed == []
    edit(root, "story-7.md", "\nA new correction.\n")
    report = same_as_whole(root, tmp_path, name="again")
    assert pipeline == [] and report.feeds_changed == ["main"]
    assert records(root)["pings"] == [
        ("https://hub.example.net/", "https://edits.example.org/feeds/main/atom.xml"),
        ("https://hub.example.net/", "https://edits.example.org/feeds/main/feed.json"),
        ("https://hub.example.net/", "https://edits.example.org/feeds/main/rss.xml")]


def test_an_archive_edit_killed_before_its_records_are_written(tmp_path, pipeline):
    # the page is published, its record (the page's key) is not: the next
    # build, the whole pipeline, finds the bytes it would write and records
    # them as a build from the inputs would
    import shutil
    import signal
    import subprocess
    import sys

    from newswire.run import build

    from .test_edits import tree
    from .test_edits_trial import _KILLED_AT_COMMIT, whole_pipeline
    root = archive_site(tmp_path / "site")
    edit(root, "story-5.md", "\nMore.\n")
    before = tmp_path / "before"
    shutil.copytree(root, before, symlinks=True)
    killed = subprocess.run([sys.executable, "-c", _KILLED_AT_COMMIT, str(root),
                             NOW.isoformat()], capture_output=True)
    assert killed.returncode == -signal.SIGKILL
    assert "More." in (root / "public" / documents(3)[0]).read_text()  # published
    expected, _, expected_records = whole_pipeline(before, tmp_path, BuildOptions(now=NOW))
    pipeline.clear()
    report = build(root, BuildOptions(now=NOW))
    assert pipeline == [1] and report.result.written == []
    assert tree(root / "public") == expected and records(root) == expected_records


@pytest.mark.slow
def test_archive_edits_killed_at_any_moment_leave_what_the_whole_pipeline_gives(tmp_path):
    # each round: two stories edited (on archive pages or in the
    # subscription document), a build killed with SIGKILL after a random
    # delay, then a build; output and records as the whole pipeline gives
    # them from the same inputs
    import random

    from .test_edits_trial import killed_rounds
    root = archive_site(tmp_path / "site")
    news = root / "content" / "news"
    for n in range(1, 9):
        (news / f"story-{n}.md").write_text(article(n, "A long paragraph. " * 300))
    settled(root)
    killed_rounds(root, tmp_path, random.Random(5005), rounds=8, edited=2)
