"""The publisher never writes outside its root, whatever links or dots a path holds."""

from __future__ import annotations

import os

import pytest

from newswire.errors import OutputError
from newswire.publish import Publisher


@pytest.fixture
def public(tmp_path):
    root = tmp_path / "public"
    (root / "world").mkdir(parents=True)
    (tmp_path / "outside").mkdir()
    os.symlink(tmp_path / "outside", root / "escape")
    return root


@pytest.mark.parametrize("path", ["../x.html", "world/../../x.html", "escape/x.html",
                                  "escape/deeper/x.html", "/etc/passwd", "world/..", ".", ""])
def test_paths_leaving_the_root_are_refused(public, path):
    publisher = Publisher(public)
    publisher.add("world/a.html", b"a", "page")  # a folder seen before does not matter
    with pytest.raises(OutputError):
        publisher.add(path, b"x", "page")
    assert not (public.parent / "outside" / "x.html").exists()


@pytest.mark.parametrize("path", ["world/a.html", "world/./b.html", "new/c/d.html",
                                  "world/../e.html"])
def test_paths_inside_are_written_where_they_say(public, path):
    publisher = Publisher(public)
    publisher.add(path, b"data", "page")
    result = publisher.publish({})
    assert result.written == [path]
    assert (public / path).resolve().read_bytes() == b"data"
    assert (public / path).resolve().is_relative_to(public.resolve())
