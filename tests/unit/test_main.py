"""newswire.__main__.run: --version answered alone, everything else to the CLI."""

from __future__ import annotations

import sys

import pytest

import newswire
from newswire import __main__ as entry


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
