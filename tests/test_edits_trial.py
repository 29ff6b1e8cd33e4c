"""The edit path on trial: edits a cron user or an attacker can make, each
built twice, once by a run that may take the edit path and once by the whole
pipeline on a copy of the site; the output, the report and the records must
be the same (see :mod:`newswire.edits`)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newswire.options import BuildOptions, SitePaths
from newswire.run import build, inputs_snapshot
from newswire.state.lastbuild import LAST_BUILD, SAID

from .conftest import NOW
from .test_edits import (_WHOLE, SITE, _record, article, edit, eight_stories,  # noqa: F401
                         pipeline, said, settled, text_site, tree)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A built site of eight stories; its feed holds the newest two."""
    return settled(eight_stories(tmp_path / "site"))


def records(root: Path) -> dict[str, object]:
    """What a build recorded, but what depends on when and where it ran
    (file stamps, times, the snapshot's digests of paths and inodes)."""
    with sqlite3.connect(root / ".newswire" / "derived.sqlite") as conn:
        articles = sorted(conn.execute(
            "SELECT source, context, digest, article, html FROM articles"))
        manifest = sorted(conn.execute("SELECT path, sha256, size FROM manifest"))
        pages = sorted(conn.execute("SELECT path, key, sha256, size FROM pages"))
        recognition = sorted(conn.execute("SELECT * FROM recognition"))
        pings = sorted(conn.execute("SELECT hub, topic FROM pings"))
        rows = dict(conn.execute("SELECT name, value FROM records"))
    last = json.loads(rows.pop(LAST_BUILD, "null"))
    said = json.loads(rows.pop(SAID, "null"))  # the diagnostics, in a record of their own
    rows.pop("published-at", None)
    if last is not None:
        for key in ("inputs", "reference_ns", "newest_ns", "outputs", "exact_newest_ns",
                    "published_ns", "verified", "since_ns"):
            last.pop(key, None)
        last["frame"] = bool(last["frame"])
        assert said["id"] == last.pop("said")
        last["diagnostics"] = [(level, message, _relative(where), line)
                               for level, message, where, line in said["diagnostics"]]
    ledger = (root / ".newswire" / "state.json").read_bytes()
    return {"articles": articles, "manifest": manifest, "pages": pages,
            "recognition": recognition, "pings": pings, "records": rows, "last": last,
            "ledger": ledger}


def _relative(where: str | None) -> str | None:
    if where is None:
        return None
    parts = Path(where).parts
    return "/".join(parts[parts.index("content"):]) if "content" in parts else Path(where).name


def whole_pipeline(site: Path, tmp_path: Path, options: BuildOptions, name: str = "whole"):
    """A copy of ``site`` built by the whole pipeline: (public tree, report, records)."""
    copy = tmp_path / name
    shutil.copytree(site, copy, symlinks=True)
    paths = SitePaths(copy)
    report = _WHOLE(paths, options, inputs_snapshot(paths, options))
    return tree(copy / "public"), report, records(copy)


def counts(report, reads: bool = True) -> tuple:
    """What the report counts and lists besides its messages (without the
    number of article files read when ``reads`` is false)."""
    result = report.result
    return (report.articles, report.left_out, report.parsed if reads else None,
            report.feeds_changed,
            report.feed_files_changed, report.added, report.removed, report.unchanged,
            None if result is None else (sorted(result.written), sorted(result.removed),
                                         sorted(result.unchanged)))


def same_as_whole(site: Path, tmp_path: Path, options: BuildOptions | None = None,
                  name: str = "whole", reads: bool = True):
    """Build ``site`` and check it against the whole pipeline on a copy:
    output, report and records; then a run after it changes nothing.
    ``reads`` false: the number of article files read is not compared (a
    whole build also reads again the files changed within seconds of the
    build that stored them, which depends on how long each build took).
    Returns the report."""
    options = options or BuildOptions(now=NOW)
    expected, expected_report, expected_records = whole_pipeline(site, tmp_path, options, name)
    report = build(site, options)
    assert tree(site / "public") == expected
    assert said(report) == said(expected_report)
    assert counts(report, reads) == counts(expected_report, reads)
    assert records(site) == expected_records
    again = build(site, options)
    assert said(again) == said(build(tmp_path / name, options))
    assert again.result.written == [] and again.result.removed == []
    assert tree(site / "public") == expected
    return report


def test_a_body_edit_leaves_the_output_report_and_records_of_the_whole_pipeline(
        site, pipeline, tmp_path):
    edit(site, "story-3.md", "\nCorrection: the figure was 12, not 21.\n")
    report = same_as_whole(site, tmp_path)
    assert pipeline == [] and report.result.written == ["news/story-3/index.html"]


def test_the_report_counts_the_article_file_read(site, pipeline, tmp_path):
    # `newswire build --verbose` says "read N article file(s)"
    edit(site, "story-3.md", "\nMore.\n")
    edit(site, "story-4.md", "\nMore.\n")
    report = build(site, BuildOptions(now=NOW))
    assert pipeline == [] and report.parsed == 2


def test_an_edited_article_renamed_later_is_recognised_by_its_bytes(site, pipeline, tmp_path):
    # two stories share a title, so only their bytes tell which one moved:
    # the edit must record the digest the whole pipeline records
    news = site / "content" / "news"
    for n in (4, 5):
        (news / f"story-{n}.md").write_text(article(n).replace(f"Story {n}", "Weather"))
    settled(site)
    pipeline.clear()
    edit(site, "story-5.md", "\nMore rain.\n")
    build(site, BuildOptions(now=NOW))
    assert pipeline == []
    os.rename(news / "story-5.md", news / "weather-today.md")
    report = build(site, BuildOptions(now=NOW))
    assert any("renamed or moved (same bytes)" in d.message for d in report.diagnostics)
    assert (site / "public/news/story-5/index.html").is_file()
    assert not (site / "public/news/weather-today").exists()


@pytest.mark.parametrize("suffix", [".yaml", ".toml", ".yml"])
def test_a_data_file_beside_a_markdown_article_is_no_sidecar(site, pipeline, tmp_path, suffix):
    # only text articles have sidecars: beside a Markdown article the file
    # is an asset, copied to public/, and an edit to it must be published
    data = site / "content" / "news" / f"story-3{suffix}"
    data.write_text("figure = 1\n")
    settled(site)
    pipeline.clear()
    data.write_text("figure = 2\n")
    same_as_whole(site, tmp_path)
    assert (site / "public" / "news" / f"story-3{suffix}").read_text() == "figure = 2\n"


def test_a_warning_fixed_in_a_sidecar_is_no_longer_said(tmp_path, pipeline):
    root = text_site(tmp_path / "site", 'tags = ["world", ""]\n')
    assert any("empty item" in d.message for d in build(root, BuildOptions(now=NOW)).warnings)
    pipeline.clear()
    (root / "content" / "note-1.toml").write_text(
        'date = "2026-01-01T08:00:00Z"\nsummary = "Note 1."\ntags = ["world"]\n')
    report = same_as_whole(root, tmp_path)
    assert not any("empty item" in d.message for d in report.warnings)


def test_an_edit_made_while_the_edit_path_runs_is_published_by_a_later_build(
        site, pipeline, tmp_path, monkeypatch):
    # story-4 is saved after this build's snapshot and before it writes:
    # this build does not read it, and the next build after another edit
    # must not take it for an old file
    import newswire.run
    original = newswire.run.trusted_record  # called after the snapshot
    saved: list[int] = []

    def meanwhile(*args, **kwargs):
        if not saved:
            saved.append(1)
            edit(site, "story-4.md", "\nSaved while the build ran.\n")
            time.sleep(0.05)  # the build's writes come in a later tick of the clock
        return original(*args, **kwargs)
    monkeypatch.setattr(newswire.run, "trusted_record", meanwhile)
    edit(site, "story-3.md", "\nMore.\n")
    build(site, BuildOptions(now=NOW))
    assert pipeline == [] and saved
    edit(site, "story-5.md", "\nMore.\n")
    same_as_whole(site, tmp_path)
    assert "Saved while the build ran." in (
        site / "public/news/story-4/index.html").read_text()


def test_the_same_moment_written_in_another_time_zone_is_a_changed_date(
        site, pipeline, tmp_path):
    # equal datetimes, but lists, the sitemap and feeds show the offset
    (site / "content/news/story-3.md").write_text(
        article(3).replace("2026-01-03T08:00:00Z", "2026-01-03T09:00:00+01:00") + "More.\n")
    same_as_whole(site, tmp_path)
    assert "2026-01-03T09:00:00+01:00" in (site / "public/sitemap.xml").read_text()


def rewrite(site: Path, number: int, text: str) -> None:
    (site / "content" / "news" / f"story-{number}.md").write_text(text)


@pytest.mark.parametrize("text", [
    article(3).replace("tags:", "# checked by the desk\ntags:") + "More.\n",   # a comment
    "---\ntags: [world]\ntitle: Story 3\nsummary: The standfirst of story 3.\n"  # key order
    "date: 2026-01-03T08:00:00Z\n---\n\nThe first paragraph of story 3.\n\nMore.\n",
    article(3).replace("title: Story 3", 'title: "Story 3"') + "More.\n",     # quoting
    article(3).replace("[world]", "[world, world]") + "More.\n",              # a repeated tag
    '+++\ntitle = "Story 3"\ndate = 2026-01-03T08:00:00Z\ntags = ["world"]\n'  # TOML
    'summary = "The standfirst of story 3."\n+++\n\nThe first paragraph of story 3.\n',
])
def test_front_matter_written_otherwise_with_the_same_values_takes_the_path(
        site, pipeline, tmp_path, text):
    rewrite(site, 3, text)
    same_as_whole(site, tmp_path)
    assert pipeline == []


@pytest.mark.parametrize("front", [
    {"draft": "true"}, {"slug": "other"}, {"id": "urn:example:3"},
    {"image": "https://images.example.org/3.jpg"}, {"category": "Sport"},
    {"summary": "Another standfirst."}, {"rating": "5"}, {"author": "Jo Bloggs"},
    {"updated": "2026-02-01T08:00:00Z"}, {"tags": "[World]"}, {"tags": "[world, '']"},
])
def test_a_changed_value_runs_the_whole_pipeline(site, pipeline, tmp_path, front):
    rewrite(site, 3, article(3, "More.", **front))
    same_as_whole(site, tmp_path)
    assert pipeline != []


def test_an_edit_undone_after_its_build_publishes_the_page_as_it_was(site, pipeline, tmp_path):
    page = site / "public/news/story-3/index.html"
    before, published = (site / "content/news/story-3.md").read_text(), page.read_bytes()
    edit(site, "story-3.md", "\nA sentence added by mistake.\n")
    build(site, BuildOptions(now=NOW))
    rewrite(site, 3, before)
    same_as_whole(site, tmp_path)
    assert pipeline == [] and page.read_bytes() == published


@pytest.mark.parametrize("feed", ["archive = true", "summary_only = true",
                                  'updated = "auto"', 'include_tags = ["sport"]'])
def test_feed_settings(tmp_path, pipeline, feed):
    root = tmp_path / "site"
    (root / "feeds").mkdir(parents=True)
    (root / "feeds" / "site.toml").write_text(SITE)
    (root / "feeds" / "main.toml").write_text(
        f'title = "All"\ndescription = "All."\nmax_items = 2\n{feed}\n')
    (root / "content" / "news").mkdir(parents=True)
    for n in range(1, 9):
        rewrite(root, n, article(n))
    settled(root)
    pipeline.clear()
    edit(root, "story-3.md", "\nMore.\n")
    same_as_whole(root, tmp_path)
    # "auto" dates follow the text; an archive page holding story 3 is made again
    assert (pipeline == []) == (feed != 'updated = "auto"')


_KILLED_AT_COMMIT = """
import os, signal, sys
from datetime import datetime
from pathlib import Path
import newswire.state.store
from newswire.options import BuildOptions
from newswire.run import build
newswire.state.store.Store.commit = lambda self, changes: os.kill(os.getpid(), signal.SIGKILL)
build(Path(sys.argv[1]), BuildOptions(now=datetime.fromisoformat(sys.argv[2])))
"""


def test_an_edit_path_build_killed_before_its_records_are_written(site, pipeline, tmp_path):
    edit(site, "story-3.md", "\nMore.\n")
    before = tmp_path / "before"
    shutil.copytree(site, before, symlinks=True)
    killed = subprocess.run([sys.executable, "-c", _KILLED_AT_COMMIT, str(site), NOW.isoformat()],
                            capture_output=True)
    assert killed.returncode == -signal.SIGKILL
    assert "More." in (site / "public/news/story-3/index.html").read_text()  # published
    assert (site / ".newswire" / "writing").exists()
    expected, _, expected_records = whole_pipeline(before, tmp_path, BuildOptions(now=NOW))
    report = build(site, BuildOptions(now=NOW))
    assert pipeline == [1] and report.result.written == []
    assert tree(site / "public") == expected and records(site) == expected_records
    assert build(site, BuildOptions(now=NOW)).unchanged


def test_a_preview_build_takes_the_path_with_the_preview_address(site, pipeline, tmp_path):
    from dataclasses import replace

    from newswire.preview import Preview, PreviewPaths
    preview = Preview(site, "http://127.0.0.1:8123/")
    preview.start()
    options = BuildOptions(now=NOW, drafts=True)
    for _ in range(2):
        preview.build(options)
    pipeline.clear()
    edit(site, "story-3.md", "\nMore.\n")
    copy = tmp_path / "copy"
    shutil.copytree(site, copy, symlinks=True)
    assert preview.build(options).result.written == ["news/story-3/index.html"]
    assert pipeline == []
    paths, whole = PreviewPaths(copy), replace(options, base_url=preview.base_url)
    _WHOLE(paths, whole, inputs_snapshot(paths, whole))
    assert tree(site / ".newswire/preview/public") == tree(copy / ".newswire/preview/public")


@pytest.mark.parametrize("option", [{"base_url": "https://mirror.example.org/"},
                                    {"drafts": True}, {"future": True}, {"strict": True}])
def test_an_option_that_changes_between_runs_runs_the_whole_pipeline(
        site, pipeline, tmp_path, option):
    edit(site, "story-3.md", "\nMore.\n")
    same_as_whole(site, tmp_path, BuildOptions(now=NOW, **option))
    assert pipeline == [1]
    edit(site, "story-4.md", "\nMore.\n")  # the same option again: the path
    same_as_whole(site, tmp_path, BuildOptions(now=NOW, **option), name="again")
    assert pipeline == [1]


@pytest.mark.parametrize("now, path", [
    ("2027-06-01T00:00:00+00:00", True),    # later, the same articles published
    ("2026-01-03T12:00:00+00:00", False),   # earlier: fewer articles, and the clock went back
    ("2026-11-28T00:00:00+00:00", False),   # the clock went back a day
])
def test_now_moving(site, pipeline, tmp_path, now, path):
    from datetime import datetime
    edit(site, "story-3.md", "\nMore.\n")
    same_as_whole(site, tmp_path, BuildOptions(now=datetime.fromisoformat(now)))
    assert (pipeline == []) == path


@pytest.mark.parametrize("body", [
    "\nA correction.\n",
    "\n<p>Raw <b>bold</b>, <script>x()</script> and <iframe src='https://x.example/'></iframe></p>\n",
    "\nSee [two](story-2.md), ![a picture](nowhere.png)[^a] and “quotes” 😀.\n\n[^a]: A note.\n",
])
def test_an_edit_to_a_story_feed_documents_hold(tmp_path, pipeline, body):
    # two feeds hold story 8, one with a WebSub hub: both made again, a
    # notification queued for it, as the whole pipeline does
    root = tmp_path / "site"
    (root / "feeds").mkdir(parents=True)
    (root / "feeds" / "site.toml").write_text(SITE)
    (root / "feeds" / "main.toml").write_text('title = "All"\ndescription = "All."\n'
                                              'max_items = 3\nhub = "https://hub.example.org/"\n')
    (root / "feeds" / "sport.toml").write_text('title = "Sport"\ndescription = "Sport."\n'
                                               'max_items = 2\ninclude_tags = ["sport"]\n')
    (root / "content" / "news").mkdir(parents=True)
    for n in range(1, 9):
        rewrite(root, n, article(n, tags="[world, sport]" if n % 2 == 0 else "[world]"))
    settled(root)
    pipeline.clear()
    edit(root, "story-8.md", body)
    report = same_as_whole(root, tmp_path)
    assert pipeline == [] and sorted(report.feeds_changed) == ["main", "sport"]
    assert records(root)["pings"]


def test_an_edit_in_the_tick_the_last_build_started_reading_is_read(site, pipeline, tmp_path):
    # a clock that ticks coarsely gives an edit made just after the last
    # build read the file the stamp of that build's reference time
    edit(site, "story-3.md", "\nSaved in the same tick.\n")
    ctime = (site / "content/news/story-3.md").stat().st_ctime_ns
    database = site / ".newswire" / "derived.sqlite"
    with sqlite3.connect(database) as conn:
        (value,) = conn.execute("SELECT value FROM records WHERE name=?",
                                (LAST_BUILD,)).fetchone()
        record = json.loads(value)
        assert record["exact_newest_ns"] < ctime
        record.update(reference_ns=ctime, since_ns=-1)
        conn.execute("UPDATE records SET value=? WHERE name=?",
                     (json.dumps(record), LAST_BUILD))
    same_as_whole(site, tmp_path)
    assert pipeline == []
    assert "Saved in the same tick." in (site / "public/news/story-3/index.html").read_text()


def test_an_edit_to_an_article_whose_lead_image_is_missing_records_its_line(
        site, pipeline, tmp_path):
    # the line of the image key is kept with the digest of the bytes it was
    # found in: after the edit, with the new digest, as a whole build keeps it
    rewrite(site, 3, article(3, image="missing.jpg"))
    settled(site)
    pipeline.clear()
    edit(site, "story-3.md", "\nMore.\n")
    report = same_as_whole(site, tmp_path)
    assert pipeline == [] and any("missing.jpg" in d.message for d in report.warnings)


def test_a_changed_lang_rewrites_the_lists_that_show_it(site, pipeline, tmp_path):
    # not the edit path (a changed value runs the whole pipeline): a list
    # marks an entry in another language (<li lang="fr" dir="ltr">), and the
    # whole pipeline of a site built before keeps the list as it was, where
    # one from a copy writes it
    rewrite(site, 3, article(3, "More.", lang="fr"))
    same_as_whole(site, tmp_path)


_BUILD = """
import sys
from datetime import datetime
from pathlib import Path
from newswire.options import BuildOptions
from newswire.run import build
build(Path(sys.argv[1]), BuildOptions(now=datetime.fromisoformat(sys.argv[2])))
"""


@pytest.mark.slow
def test_builds_killed_at_any_moment_leave_what_the_whole_pipeline_gives(tmp_path):
    # each round: three stories edited (the feed holds the newest three), a
    # build killed with SIGKILL after a random delay (before, during or after
    # the edit path's work), then a build; output and records as the whole
    # pipeline gives them from the same inputs
    root = tmp_path / "site"
    (root / "feeds").mkdir(parents=True)
    (root / "feeds" / "site.toml").write_text(SITE)
    (root / "feeds" / "main.toml").write_text('title = "All"\ndescription = "All."\n'
                                              "max_items = 3\n")
    (root / "content" / "news").mkdir(parents=True)
    for n in range(1, 9):
        rewrite(root, n, article(n, "A long paragraph. " * 300))
    settled(root)
    killed_rounds(root, tmp_path, __import__("random").Random(12), rounds=10, edited=3)


def killed_rounds(root: Path, tmp_path: Path, chance, rounds: int, edited: int) -> None:
    """Rounds of: ``edited`` of the stories 1-8 of ``root`` edited, a build
    killed with SIGKILL after a random delay, then a build, whose output and
    records must be those the whole pipeline gives from the same inputs."""
    for round_ in range(rounds):
        for n in chance.sample(range(1, 9), edited):
            edit(root, f"story-{n}.md", f"\nCorrection {round_}.\n")
        before = tmp_path / f"before-{round_}"
        shutil.copytree(root, before, symlinks=True)
        child = subprocess.Popen([sys.executable, "-c", _BUILD, str(root), NOW.isoformat()])
        time.sleep(chance.uniform(0.1, 0.8))
        child.send_signal(signal.SIGKILL)
        child.wait()
        expected, _, expected_records = whole_pipeline(before, tmp_path, BuildOptions(now=NOW),
                                                       f"whole-{round_}")
        build(root, BuildOptions(now=NOW))
        assert tree(root / "public") == expected
        assert records(root) == expected_records
        assert not list((root / "public").rglob("*.newswire-tmp"))


def test_a_sidecar_edited_beside_a_text_and_a_markdown_article_of_one_stem(tmp_path, pipeline):
    # note-1.toml is the sidecar of note-1.txt; note-1.md beside it (with a
    # slug of its own) is read again too: the cache checks the sidecar's
    # bytes with every article of that stem, as the whole pipeline finds
    root = text_site(tmp_path / "site")
    (root / "content" / "note-1.md").write_text(article(5, slug="note-one-in-markdown"))
    settled(root)
    pipeline.clear()
    (root / "content" / "note-1.toml").write_text(
        '# checked\ndate = "2026-01-01T08:00:00Z"\nsummary = "Note 1."\n')
    report = same_as_whole(root, tmp_path)
    assert pipeline == [] and report.parsed == 2


@pytest.mark.parametrize("front", [
    {"date": "2026-01-03T09:00:00+01:00"},   # an offset: the cache keeps no zone name
    {"related": "[a, b]"}, {"meta": "{x: 1, y: [1, 2.5, true, null]}"}, {"rating": "5"},
    {"authors": "[{name: Jo, email: jo@example.org}]"},
])
def test_a_body_edit_to_an_article_with_such_values_takes_the_path(site, pipeline, tmp_path,
                                                                   front):
    rewrite(site, 3, article(3, **front))
    settled(site)
    pipeline.clear()
    edit(site, "story-3.md", "\nMore.\n")
    same_as_whole(site, tmp_path)
    assert pipeline == []


def test_front_matter_nested_hundreds_deep_is_left_to_the_whole_pipeline(
        site, pipeline, tmp_path):
    # a value the reader takes (nested 950 deep) is too deep to compare
    # element by element: the edit path says so instead of failing
    rewrite(site, 3, article(3, deep="[" * 950 + "1" + "]" * 950))
    settled(site)
    pipeline.clear()
    edit(site, "story-3.md", "\nMore.\n")
    same_as_whole(site, tmp_path)
    assert pipeline == [1]


def test_a_clock_set_back_since_the_last_build_leaves_edits_to_the_whole_pipeline(
        site, pipeline, monkeypatch):
    import newswire.run
    edit(site, "story-3.md", "\nA correction.\n")
    from newswire.state.lastbuild import LastBuild
    record = LastBuild.from_plain(_record(site))
    monkeypatch.setattr(newswire.run, "_clock_now", lambda paths: record.reference_ns - 10**9)
    build(site, BuildOptions(now=NOW))
    assert pipeline == [1]
    assert "A correction." in (site / "public/news/story-3/index.html").read_text()
