"""The compiled page templates kept in ``.newswire/templates/``: a cache file
is used only when it is exactly what this environment would have written,
and whatever is found there (stale, foreign, truncated, garbage, a folder
that cannot be written) the pages have the same bytes and nothing fails."""

from __future__ import annotations

import hashlib
import marshal
import os
from pathlib import Path

import jinja2
import pytest

from newswire.pages import PageRenderer
from newswire.pages.compiled import TemplateCache, compiler_settings

from .conftest import FEED, SITE, entry

FEEDS = (FEED,)


@pytest.fixture
def compiles(monkeypatch) -> list[str]:
    """The names of the templates Jinja2 compiles from source."""
    names: list[str] = []
    original = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, *args, **kwargs):
        names.append(name)
        return original(self, source, name, filename, *args, **kwargs)
    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return names


def page(folder: Path | None) -> bytes:
    """The article page of one entry, from a new renderer (a new build)."""
    return PageRenderer(SITE, FEEDS, folder).article(entry(), ("main",))


def cached(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.code"))


def test_the_second_build_loads_what_the_first_compiled(tmp_path, compiles):
    folder = tmp_path / "templates"
    plain = page(None)
    compiled_once = len(compiles)
    assert compiled_once >= 2  # article.html and what it extends or imports
    assert page(folder) == plain
    assert len(cached(folder)) == compiled_once
    del compiles[:]
    assert page(folder) == plain
    assert compiles == []


def test_no_temporary_file_is_left(tmp_path):
    folder = tmp_path / "templates"
    page(folder)
    assert sorted(folder.iterdir()) == cached(folder)


@pytest.mark.parametrize("damage", [
    "empty", "truncated", "garbage", "flipped payload byte", "flipped header byte",
    "not code", "folder"])
def test_a_damaged_file_is_compiled_again_and_the_page_is_the_same(tmp_path, compiles, damage):
    folder = tmp_path / "templates"
    plain = page(folder)
    for path in cached(folder):
        data = path.read_bytes()
        if damage == "empty":
            path.write_bytes(b"")
        elif damage == "truncated":
            path.write_bytes(data[:len(data) // 2])
        elif damage == "garbage":
            path.write_bytes(os.urandom(len(data)))
        elif damage == "flipped payload byte":
            path.write_bytes(data[:-10] + bytes([data[-10] ^ 1]) + data[-9:])
        elif damage == "flipped header byte":
            path.write_bytes(data[:40] + bytes([data[40] ^ 1]) + data[41:])
        elif damage == "not code":  # a valid digest over something else
            header = data[:data.index(b"\n", data.index(b"\n") + 1) + 1]
            payload = marshal.dumps({"not": "code"})
            path.write_bytes(header + hashlib.sha256(payload).hexdigest().encode() + b"\n"
                             + payload)
        else:
            path.unlink()
            path.mkdir()
    count = len(cached(folder))
    del compiles[:]
    assert page(folder) == plain
    assert len(compiles) == count  # none of them was trusted
    if damage != "folder":
        del compiles[:]
        assert page(folder) == plain
        assert compiles == []  # written again, good this time


def test_a_file_of_another_template_is_not_taken_for_this_one(tmp_path, compiles):
    folder = tmp_path / "templates"
    plain = page(folder)
    files = cached(folder)
    biggest = max(files, key=lambda p: p.stat().st_size)
    for path in files:
        if path != biggest:
            path.write_bytes(biggest.read_bytes())
    del compiles[:]
    assert page(folder) == plain
    assert len(compiles) == len(files) - 1


def test_a_file_written_with_other_settings_is_not_used(tmp_path):
    """The same name and source compile to other code when the environment's
    settings differ (here ``trim_blocks``): each gets its own output."""
    folder = tmp_path / "templates"
    source = "{% if x %}\n  yes\n{% endif %}\n"

    def render(trim: bool) -> str:
        env = jinja2.Environment(loader=jinja2.DictLoader({"t.html": source}),
                                 trim_blocks=trim, keep_trailing_newline=True,
                                 bytecode_cache=TemplateCache(folder))
        return env.get_template("t.html").render(x=True)

    assert render(True) == "  yes\n"
    assert render(False) == "\n  yes\n\n"
    assert render(True) == "  yes\n"
    assert len(cached(folder)) == 1  # one name, rewritten for each


def test_compiler_settings_name_filters_and_their_arguments():
    env = jinja2.Environment()
    before = compiler_settings(env)
    assert compiler_settings(jinja2.Environment()) == before  # stable across environments
    env.filters["shout"] = str.upper
    with_filter = compiler_settings(env)
    assert with_filter != before
    env.filters["shout"] = jinja2.pass_context(lambda context, value: value)
    assert compiler_settings(env) != with_filter


def test_a_folder_that_cannot_be_written_only_means_compiling(tmp_path, compiles):
    blocked = tmp_path / "templates"
    blocked.write_bytes(b"a file where the folder would be")
    plain = page(None)
    del compiles[:]
    assert page(blocked) == plain
    assert compiles  # compiled, nothing kept
    assert blocked.read_bytes() == b"a file where the folder would be"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="the superuser writes to read-only folders")
def test_a_read_only_folder_is_read_but_not_written(tmp_path, compiles):
    folder = tmp_path / "templates"
    plain = page(folder)
    (folder / next(iter(os.listdir(folder)))).unlink()
    folder.chmod(0o555)
    try:
        del compiles[:]
        assert page(folder) == plain
        assert len(compiles) == 1  # the missing one; the others were read
    finally:
        folder.chmod(0o755)


def test_a_write_refused_leaves_nothing_behind(tmp_path, compiles, monkeypatch):
    """As a read-only folder refuses it (the superuser too): no file, no
    temporary file, the page the same."""
    import newswire.pages.compiled as compiled

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(compiled.os, "replace", refused)
    folder = tmp_path / "templates"
    plain = page(None)
    assert page(folder) == plain
    assert list(folder.iterdir()) == []
