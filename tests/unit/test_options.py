"""SitePaths, BuildOptions and BuildReport: the build's inputs and report."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from newswire.errors import Diagnostic
from newswire.options import BuildOptions, BuildReport, SitePaths
from newswire.publish import PublishResult

from .conftest import APRIL

W1 = Diagnostic("warning", "one", Path("a.md"), 1)
W2 = Diagnostic("warning", "two", Path("b.md"), 2)
E1 = Diagnostic("error", "bad", Path("c.md"), 3)


def test_site_paths() -> None:
    paths = SitePaths(Path("/site"))
    assert (paths.feeds, paths.content, paths.public) == (
        Path("/site/feeds"), Path("/site/content"), Path("/site/public"))
    assert paths.state_file == Path("/site/.newswire/state.json")
    assert paths.database_file == Path("/site/.newswire/derived.sqlite")
    assert paths.lock_file == Path("/site/.newswire/build.lock")
    assert paths.journal_file == Path("/site/.newswire/writing")


def test_options_compare_without_the_progress_callback() -> None:
    options = BuildOptions(now=APRIL)
    assert replace(options, progress=print) == options
    assert replace(options, drafts=True) != options


def test_errors_and_warnings() -> None:
    report = BuildReport(diagnostics=[W1, E1, W2])
    assert report.errors == [E1] and report.warnings == [W1, W2]


def test_add_once_keeps_the_first_of_equal_diagnostics() -> None:
    report = BuildReport()
    for d in (W1, W2, W1, Diagnostic("warning", "one", Path("a.md"), 1)):
        report.add_once(d)
    assert report.diagnostics == [W1, W2]


def test_add_once_sees_what_was_appended_directly() -> None:
    report = BuildReport()
    report.add_once(W1)
    report.diagnostics.append(W2)
    report.add_once(W2)
    assert report.diagnostics == [W1, W2]


def test_add_once_after_the_list_was_shortened() -> None:
    report = BuildReport()
    report.add_once(W1)
    report.add_once(W2)
    report.diagnostics.clear()
    report.add_once(W1)
    assert report.diagnostics == [W1]


def test_add_once_after_the_list_was_replaced_by_a_longer_one() -> None:
    report = BuildReport()
    report.add_once(W1)
    report.diagnostics = [W2, E1]
    report.add_once(W1)
    report.add_once(E1)
    assert report.diagnostics == [W2, E1, W1]


def test_summary_of_a_quiet_build() -> None:
    assert BuildReport().summary() == ("0 feeds updated, 0 articles added, 0 files written, "
                                       "0 errors")


def test_summary_of_a_busy_build() -> None:
    report = BuildReport(diagnostics=[W1, E1, W2], feeds_changed=["main"], added=["a.md"],
                         removed=["b.md", "c.md"], left_out=(1, 2),
                         result=PublishResult(written=["x", "y"]))
    assert report.summary() == (
        "1 feed updated, 1 article added, 2 articles removed, 2 files written, "
        "1 draft left out (--drafts), 2 later-dated articles left out (--future), 1 error, "
        "2 warnings")
