"""The manual page (docs/newswire.1) is the command line's help, up to date;
shell completion works through ``_NEWSWIRE_COMPLETE``."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newswire import __version__
from newswire.cli import main
from newswire.manpage import render

PAGE = Path(__file__).resolve().parent.parent / "docs" / "newswire.1"


def test_committed_man_page_is_up_to_date():
    assert PAGE.read_text("utf-8") == render(main, __version__), (
        "docs/newswire.1 is out of date: run python -m newswire.manpage docs/newswire.1")


def test_man_page_has_every_command_and_option():
    text = render(main, __version__)
    assert text.startswith('.\\" Generated') and '.TH NEWSWIRE 1 "" "newswire ' in text
    for name, command in main.commands.items():
        assert f'.SS "newswire {name}"' in text
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("-"):
                    assert f"\\fB{opt.replace('-', chr(92) + '-')}" in text or \
                        opt.replace("-", "\\-") in text, (name, opt)
    assert not re.search(r"^[.'](?!TH|SH|SS|TP|PP|B |I |\\\")", text, re.M)


@pytest.mark.skipif(shutil.which("groff") is None, reason="groff is not installed")
def test_man_page_renders_without_warnings():
    result = subprocess.run(["groff", "-man", "-ww", "-z", str(PAGE)], capture_output=True,
                            text=True)
    assert result.returncode == 0 and result.stderr == ""
    out = subprocess.run(["groff", "-man", "-Tutf8", str(PAGE)], capture_output=True,
                         text=True, env={**os.environ, "MANWIDTH": "80"}).stdout
    plain = re.sub(".\b", "", out)
    assert "newswire init [OPTIONS] [DIRECTORY]" in plain
    assert "--base-url URL" in plain.replace("‐", "-")


def script() -> str | None:
    found = Path(sys.executable).parent / "newswire"
    return str(found) if found.is_file() else shutil.which("newswire")


@pytest.mark.skipif(script() is None, reason="the newswire script is not installed")
def test_shell_completion():
    env = {**os.environ, "_NEWSWIRE_COMPLETE": "bash_source"}
    source = subprocess.run([script()], env=env, capture_output=True, text=True).stdout
    assert "_newswire_completion" in source and "complete " in source
    env = {**os.environ, "_NEWSWIRE_COMPLETE": "bash_complete", "COMP_WORDS": "newswire se",
           "COMP_CWORD": "1"}
    words = subprocess.run([script()], env=env, capture_output=True, text=True).stdout
    assert words.split() == ["plain,serve"]
    env.update(COMP_WORDS="newswire serve --p", COMP_CWORD="2")
    words = subprocess.run([script()], env=env, capture_output=True, text=True).stdout
    assert sorted(words.split()) == ["plain,--port", "plain,--public"]
