"""What the edit path takes from the last build's records instead of reading
the whole of a file: the identity ledger's records of the edited sources
(found in the file the last build wrote, whose SHA-256 it recorded), and the
site's diagnostics, said again from the recorded rows. Each must give what
the whole pipeline gives, and a ledger changed since the last build (by hand,
by a ``git pull``) must never lend an edit a stale identity."""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from newswire.cli import main
from newswire.errors import Diagnostic, Recorded, StateError
from newswire.options import BuildOptions, BuildReport
from newswire.run import build
from newswire.state.lastbuild import LAST_BUILD, own_files
from newswire.state.ledger import Record, State

from .conftest import NOW
from .test_edits import (article, edit, eight_stories, pipeline, said, settled, tree,  # noqa: F401
                         whole_pipeline)


def ledger_of(sources: list[str], removed: set[str] = frozenset()) -> State:
    moment = datetime(2020, 5, 1, 8, 30, tzinfo=timezone(timedelta(hours=2)))
    records = [Record(s, f"urn:uuid:{n:08d}", f"p/{n}/", moment + timedelta(minutes=n),
                      removed=s in removed) for n, s in enumerate(sources)]
    return State(tuple(records), (("feeds", {"main": "urn:uuid:feed", "wörld": "x\"y"}),))


AWKWARD = ["a.md", "a.md.txt", "b/c.md", "b/c d.md", 'quote"d.md', "back\\slash.md",
           "brace}.md", "brace{.md", "comma,\n.md", "caffè.md", "日本/記事.md", "z.md",
           "\u2028sep.md", " lead.md", "~last.md", "A.md", "0.md"]


def test_records_found_in_the_written_ledger_are_those_parsing_it_whole_gives():
    rng = random.Random(7)
    sources = AWKWARD + [f"{rng.randrange(2015, 2026)}/{rng.randrange(1, 13):02d}/"
                         f"a{n:07d}.md" for n in range(3000)]
    removed = set(rng.sample(sources, 300)) | {"a.md"}
    # a source removed and published again: two records of one source
    state = ledger_of(sources + ["a.md", "caffè.md"], removed)
    data = state.to_json()
    whole = State.from_json(data)
    for wanted in [set(AWKWARD), {"a.md"}, {"0.md"}, {"~last.md"}, {"nowhere.md"}, set(),
                   {"a.mc", "a.me", "zzzz"}, set(rng.sample(sources, 40)) | {"missing"}]:
        part = State.part_of_written(data, wanted)
        assert part == State.part(data, wanted)
        assert part.records == tuple(r for r in whole.records if r.source in wanted)
        assert part.extra == whole.extra
    assert len(State.part_of_written(data, {"a.md"}).records) == 2


def test_an_empty_ledger_and_one_not_written_by_newswire():
    empty = State((), (("feeds", {}),)).to_json()
    assert State.part_of_written(empty, {"a.md"}) == State.part(empty, {"a.md"})
    data = ledger_of(["a.md", "b.md"]).to_json()
    compact = json.dumps(json.loads(data)).encode()  # the same ledger, other bytes
    with pytest.raises(ValueError):
        State.part_of_written(compact, {"a.md"})


def test_records_are_found_by_a_bounded_number_of_reads(monkeypatch):
    """About log2(records) reads of a source per source looked for, not one
    per record."""
    import newswire.state.ledger as ledger
    data = ledger_of([f"x/a{n:06d}.md" for n in range(20000)]).to_json()
    reads = []
    source_at = ledger._source_at
    monkeypatch.setattr(ledger, "_source_at", lambda d, at: reads.append(at) or source_at(d, at))
    part = State.part_of_written(data, {"x/a012345.md", "x/a000000.md"})
    assert [r.source for r in part.records] == ["x/a000000.md", "x/a012345.md"]
    assert len(reads) <= 2 * 20


def _ledger_file(site: Path) -> Path:
    return site / ".newswire" / "state.json"


def _with_id(site: Path, source: str, new_id: str) -> None:
    """The ledger written again by hand, ``source`` given ``new_id``."""
    data = json.loads(_ledger_file(site).read_text())
    for record in data["articles"]:
        if record["source"] == source:
            record["id"] = new_id
    _ledger_file(site).write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return settled(eight_stories(tmp_path / "site", missing_image=3))


def test_an_edit_after_the_ledger_was_changed_by_hand_runs_the_whole_pipeline(
        site, pipeline, tmp_path):
    # a newer story (held by the feed) and a pull that brought another id for it
    _with_id(site, "news/story-8.md", "urn:uuid:0b7c5e8e-5e1f-4a52-9d5f-6a0e4d2c1b11")
    edit(site, "story-8.md", "\nA correction.\n")
    expected, expected_report = whole_pipeline(site, tmp_path)
    report = build(site, BuildOptions(now=NOW))
    assert pipeline == [1]
    assert tree(site / "public") == expected
    assert said(report) == said(expected_report)
    assert "urn:uuid:0b7c5e8e-5e1f-4a52-9d5f-6a0e4d2c1b11" in \
        (site / "public/feeds/main/atom.xml").read_text()


def _pretend_unchanged(site: Path) -> None:
    """The last build's record made to hold the ledger's stat as it is now:
    a change its stat cannot show (written again in the tick the build
    wrote it, with the same size)."""
    database = site / ".newswire" / "derived.sqlite"
    with sqlite3.connect(database) as conn:
        (value,) = conn.execute("SELECT value FROM records WHERE name=?",
                                (LAST_BUILD,)).fetchone()
        record = json.loads(value)
        record["outputs"] = [list(s) if s else None for s in own_files(site / ".newswire")]
        conn.execute("UPDATE records SET value=? WHERE name=?",
                     (json.dumps(record), LAST_BUILD))


def test_an_edit_after_a_change_to_the_ledger_its_stat_hides_runs_the_whole_pipeline(
        site, pipeline, tmp_path):
    """A second record of the edited article appended by a bad merge, the
    file's stat as the last build left it: read in the form the last build
    wrote, the file would still show the article's own record where it is
    sorted; its digest sends the edit to the whole pipeline, which finds
    the contradiction and builds nothing."""
    data = json.loads(_ledger_file(site).read_text())
    mine = next(r for r in data["articles"] if r["source"] == "news/story-2.md")
    data["articles"].append({**mine, "id": "urn:uuid:1b7c5e8e-5e1f-4a52-9d5f-6a0e4d2c1b11"})
    _ledger_file(site).write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    _pretend_unchanged(site)
    edit(site, "story-2.md", "\nA correction.\n")
    page = (site / "public/news/story-2/index.html").read_bytes()
    with pytest.raises(StateError, match="contradicts itself"):
        build(site, BuildOptions(now=NOW))
    assert pipeline == [1]
    assert (site / "public/news/story-2/index.html").read_bytes() == page


def test_an_edit_with_the_ledger_as_the_last_build_wrote_it_takes_the_edit_path(
        site, pipeline, tmp_path):
    """The converse of the two above: the ledger written again with the
    same bytes (a checkout of the committed file) changes its stat only,
    and an edit, once a build recorded that, takes the edit path."""
    data = _ledger_file(site).read_bytes()
    _ledger_file(site).unlink()
    _ledger_file(site).write_bytes(data)
    settled(site)
    pipeline.clear()
    edit(site, "story-8.md", "\nA correction.\n")
    expected, _ = whole_pipeline(site, tmp_path)
    report = build(site, BuildOptions(now=NOW))
    assert pipeline == []
    assert sorted(report.result.written) == ["feeds/main/atom.xml", "feeds/main/feed.json",
                                             "feeds/main/rss.xml", "news/story-8/index.html"]
    assert tree(site / "public") == expected


def _cli_build(site: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--site", str(site), "build", "--quiet", "--now",
                                       NOW.isoformat()], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_the_warnings_an_edit_prints_are_those_of_the_whole_pipeline(tmp_path, pipeline):
    """Same text, same order: the edit path prints the recorded rows."""
    root = eight_stories(tmp_path / "site", missing_image=3)
    news = root / "content" / "news"
    # messages and paths that print escaped, or with characters beyond ASCII
    (news / "story-5.md").write_text(article(5, image='"caffè\\u202e.jpg"'))
    (news / "çà\u202estory-6.md").write_text(article(6, image="nowhere.jpg"))
    (news / "story-6.md").unlink()
    settled(root)
    pipeline.clear()
    edit(root, "story-2.md", "\nA correction.\n")
    whole = tmp_path / "whole"
    shutil.copytree(root, whole, symlinks=True)
    with sqlite3.connect(whole / ".newswire" / "derived.sqlite") as conn:
        conn.execute("DELETE FROM records WHERE name=?", (LAST_BUILD,))  # the whole pipeline
    expected = _cli_build(whole)
    got = _cli_build(root)
    assert pipeline == [1]  # the copy's build alone
    assert got[0] == expected[0] == 0
    warnings = got[2].splitlines()
    # printed with the site's paths: relative to each copy
    assert got[2].replace(str(root), "SITE") == expected[2].replace(str(whole), "SITE")
    assert len(warnings) == 4  # three missing images, and the summary
    assert any("'caffè\\u202e.jpg'" in line for line in warnings)
    assert any("/çà\\u202estory-6.md:6: warning: image 'nowhere.jpg'" in line
               for line in warnings)
    assert warnings[-1].endswith("3 warnings")
    # and the edit path did take place: only its page written
    assert "A correction." in (root / "public/news/story-2/index.html").read_text()


ROWS = [("warning", "image 'a.jpg' not found", "/s/content/a.md", 3),
        ("warning", "no line", "/s/content/b.md", None),
        ("warning", "line zero", "/s/content/b.md", 0),
        ("error", "no path", None, None),
        ("warning", "an empty path", "", 4),
        ("warning", "bell\x07 and\nnewline", "/s/content/odd\tname.md", 1),
        ("warning", "lone \udcff byte", "/s/content/\udce9t\u00e9.md", 2),
        ("warning", "override \u202e here", "/s/content/日本.md", 7)]


def test_recorded_diagnostics_print_as_the_diagnostics_they_stand_for():
    recorded = Recorded(ROWS)
    made = [Diagnostic(level, message, Path(where) if where else None, line)
            for level, message, where, line in ROWS]
    assert list(recorded) == made and recorded == made and recorded[2] == made[2]
    assert recorded[1:3] == made[1:3] and len(recorded) == len(ROWS)
    assert recorded.text() == "\n".join(map(str, made))
    assert recorded.of_level("error") == [made[3]]
    assert recorded.number_of("warning") == 7 and recorded.number_of("error") == 1


def test_a_report_of_recorded_diagnostics_counts_them_without_making_them():
    report = BuildReport(diagnostics=Recorded(ROWS))  # type: ignore[arg-type]
    assert report.errors == [Diagnostic("error", "no path")]
    assert len(report.warnings) == 7
    assert report.summary().endswith("1 error, 7 warnings")


def test_the_paths_left_as_they_were_are_decoded_when_asked_for():
    from newswire.run import published_paths
    rows = [("a/index.html".encode(), 1, 2), ("caffè/index.html".encode(), 3, 4),
            (b"\xe9t\xe9.html", 5, 6), (b"feeds/main/rss.xml", 7, 8)]
    every = published_paths(rows)
    assert len(every) == 4 and every == ["a/index.html", "caffè/index.html",
                                         "\udce9t\udce9.html", "feeds/main/rss.xml"]
    left = published_paths(rows, {"caffè/index.html", "feeds/main/rss.xml"})
    assert len(left) == 2 and list(left) == ["a/index.html", "\udce9t\udce9.html"]
    assert left[1] == "\udce9t\udce9.html" and left[-1:] == ["\udce9t\udce9.html"]
    assert len(left) == 2 and sorted(left) == ["a/index.html", "\udce9t\udce9.html"]


def test_the_image_lines_are_read_only_for_an_edited_article_whose_image_is_missing(
        site, pipeline, monkeypatch, tmp_path):
    from newswire.images import IMAGE_LINES
    from newswire.state.store import Store
    asked: list[str] = []
    record = Store.record
    monkeypatch.setattr(Store, "record", lambda self, name: asked.append(name)
                        or record(self, name))
    edit(site, "story-2.md", "\nA correction.\n")
    build(site, BuildOptions(now=NOW))
    assert pipeline == [] and IMAGE_LINES not in asked
    edit(site, "story-3.md", "\nA correction.\n")  # its image is missing
    expected, expected_report = whole_pipeline(site, tmp_path)
    asked.clear()
    report = build(site, BuildOptions(now=NOW))
    assert pipeline == [] and IMAGE_LINES in asked
    assert tree(site / "public") == expected and said(report) == said(expected_report)


def test_the_diagnostics_are_a_record_of_their_own_that_an_edit_does_not_write_again(
        monkeypatch):
    from dataclasses import replace

    import newswire.state.lastbuild as lastbuild
    from newswire.state.lastbuild import LastBuild
    record = LastBuild("d", 5, 0, None, None, (), tuple(ROWS), 8)
    plain = json.loads(json.dumps(record.stored()))
    said = json.loads(json.dumps(record.said_plain()))
    assert "diagnostics" not in plain and plain["said"] == said["id"]
    assert said["diagnostics"] == [list(row) for row in ROWS]
    read = LastBuild.from_plain(plain, said)
    assert read == record and read.diagnostics == tuple(ROWS)
    assert LastBuild.from_plain(plain) is None  # without its diagnostics
    assert LastBuild.from_plain(plain, {**said, "id": "other"}) is None

    def refused(*args, **kwargs):
        raise AssertionError("made again")
    monkeypatch.setattr(lastbuild.jsonio, "compact", refused)
    again = replace(read, inputs="e", reference_ns=9)  # what the edit path records
    assert again.stored()["said"] == said["id"]
    monkeypatch.undo()
    other = replace(read, diagnostics=tuple(ROWS[:2]))  # other diagnostics, another id
    assert other.stored()["said"] != said["id"]
    assert LastBuild.from_plain(json.loads(json.dumps(other.to_plain()))) == other
    assert other.said_plain()["diagnostics"] == [list(row) for row in ROWS[:2]]
    for rows in ([["warning", "x", None]], [["warning", "x", None, 1.5]],
                 [["warning", "x", None, True]], [["warning", 3, None, 3]]):
        assert LastBuild.from_plain(plain, {**said, "diagnostics": rows}) is None


def test_an_edit_writes_the_last_build_record_and_leaves_its_diagnostics_record(
        site, pipeline, monkeypatch):
    from newswire.state.lastbuild import SAID
    from newswire.state.store import Store
    written: list[str] = []
    commit = Store.commit
    monkeypatch.setattr(Store, "commit", lambda self, changes: written.extend(
        changes.records) or commit(self, changes))
    edit(site, "story-2.md", "\nA correction.\n")
    report = build(site, BuildOptions(now=NOW))
    assert pipeline == [] and LAST_BUILD in written and SAID not in written
    assert any("missing.jpg" in d.message for d in report.warnings)
    assert build(site, BuildOptions(now=NOW)).unchanged  # the records still hold


def test_a_repeated_report_takes_more_diagnostics_as_a_new_one_does():
    made = [Diagnostic(level, message, Path(where) if where else None, line)
            for level, message, where, line in ROWS]
    extra = Diagnostic("warning", "hub did not answer", Path("/s/feeds/main.toml"), 2)
    report = BuildReport(diagnostics=Recorded(ROWS))  # type: ignore[arg-type]
    report.diagnostics += [extra]
    assert report.diagnostics == [*made, extra]
    recorded = Recorded(ROWS)
    recorded.append(extra)
    recorded.append(Diagnostic("error", "no path at all"))
    assert list(recorded) == [*made, extra, Diagnostic("error", "no path at all")]
    assert recorded.text().endswith("\n/s/feeds/main.toml:2: warning: hub did not answer"
                                    "\nerror: no path at all")
