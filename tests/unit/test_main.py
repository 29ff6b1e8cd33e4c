"""newswire.__main__.run: --version answered alone, everything else to the CLI."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator

import pytest

import newswire
from newswire import __main__ as entry


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    """The cyclic collector as it was before the test (a command run turns
    it off for the rest of its process, this test's process here)."""
    was_enabled = gc.isenabled()
    yield
    gc.unfreeze()
    if was_enabled:
        gc.enable()


def test_version_is_answered_without_the_command_line_parser(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "argv", ["newswire", "--version"])
    monkeypatch.delitem(sys.modules, "newswire.cli", raising=False)
    entry.run()
    assert capsys.readouterr().out == f"newswire, version {newswire.__version__}\n"
    assert "newswire.cli" not in sys.modules


def test_other_arguments_go_to_the_command_line(monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "argv", ["newswire", "--help"])
    with pytest.raises(SystemExit) as caught:
        entry.run()
    assert caught.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("Usage: ") and "Publish a folder of articles" in out


def test_a_command_runs_without_the_cyclic_collector(monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """One command, one process: the collector is off from the start (the
    objects of imports and of a build live until the process ends) and what
    is left at the end is not walked again (frozen)."""
    gc.enable()
    seen: list[bool] = []
    real_main = __import__("newswire.cli", fromlist=["main"]).main

    def main() -> None:
        seen.append(gc.isenabled())
        real_main()
    monkeypatch.setattr("newswire.cli.main", main)
    monkeypatch.setattr(sys, "argv", ["newswire", "--help"])
    with pytest.raises(SystemExit):
        entry.run()
    assert seen == [False]
    assert not gc.isenabled() and gc.get_freeze_count() > 0


def test_version_leaves_the_collector_alone(monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    gc.enable()
    monkeypatch.setattr(sys, "argv", ["newswire", "--version"])
    entry.run()
    assert gc.isenabled()
