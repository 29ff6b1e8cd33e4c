"""BuildReport.add_once: a warning said by many articles is reported once,
in the order first found, whatever else was appended to the list."""

from __future__ import annotations

from pathlib import Path

from newswire.errors import Diagnostic
from newswire.options import BuildReport


def test_an_equal_diagnostic_is_kept_once_in_first_found_order() -> None:
    report = BuildReport()
    a = Diagnostic("warning", "default_image missing", Path("feeds/site.toml"), 3)
    b = Diagnostic("warning", "other", Path("content/x.md"), 1)
    for d in (a, b, a, Diagnostic("warning", "default_image missing",
                                  Path("feeds/site.toml"), 3), b):
        report.add_once(d)
    assert report.diagnostics == [a, b]


def test_diagnostics_appended_directly_count_as_said() -> None:
    report = BuildReport()
    a = Diagnostic("error", "broken", Path("content/a.md"), 2)
    report.diagnostics += [a]
    report.add_once(a)
    report.diagnostics.append(Diagnostic("warning", "later"))
    report.add_once(Diagnostic("warning", "later"))
    assert [d.message for d in report.diagnostics] == ["broken", "later"]


def test_a_replaced_list_is_looked_at_afresh() -> None:
    report = BuildReport()
    a, b = Diagnostic("warning", "a"), Diagnostic("warning", "b")
    report.add_once(a)
    report.add_once(b)
    report.diagnostics = [b]
    report.add_once(a)
    report.add_once(b)
    assert report.diagnostics == [b, a]


def test_ten_thousand_distinct_warnings_are_all_kept() -> None:
    report = BuildReport()
    for n in range(10_000):
        report.add_once(Diagnostic("warning", f"image {n} missing", Path(f"content/{n}.md"), 7))
    assert len(report.diagnostics) == 10_000
