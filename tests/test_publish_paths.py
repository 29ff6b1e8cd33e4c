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


def temporaries(root):
    return sorted(p.name for p in root.rglob("*.newswire-tmp"))


def test_staged_changes_wait_on_disk_and_discard_removes_them(public):
    (public / "world" / "same.html").write_bytes(b"same")
    publisher = Publisher(public)
    publisher.add("world/same.html", b"same", "page")
    publisher.add("world/new.html", b"new", "page")
    assert len(temporaries(public)) == 1  # only the changed file, held on disk not in memory
    assert not (public / "world" / "new.html").exists()
    publisher.discard()
    assert temporaries(public) == []
    assert publisher.publish({}).written == []
    assert not (public / "world" / "new.html").exists()


def test_a_refused_path_discards_what_was_staged(public):
    publisher = Publisher(public)
    publisher.add("world/new.html", b"new", "page")
    with pytest.raises(OutputError):
        publisher.add("world/new.html", b"again", "page")
    assert temporaries(public) == []


def test_a_strict_build_that_fails_leaves_public_as_it_was(sample_site):
    from newswire.run import BuildOptions, build

    from .conftest import NOW
    build(sample_site, BuildOptions(now=NOW))
    before = {p: p.read_bytes() for p in (sample_site / "public").rglob("*") if p.is_file()}
    welcome = sample_site / "content" / "newsroom" / "welcome.md"
    welcome.write_text(welcome.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    (sample_site / "content" / "broken.md").write_text("---\ntitle: [x\n---\n", encoding="utf-8")
    report = build(sample_site, BuildOptions(now=NOW, strict=True))
    assert report.errors and report.result is None
    after = {p: p.read_bytes() for p in (sample_site / "public").rglob("*") if p.is_file()}
    assert after == before


def test_keep_stages_a_file_unchanged_only_when_its_stamp_still_matches(public):
    first = Publisher(public)
    first.add("world/a.html", b"page a", "page")
    first.add("world/b.html", b"page b", "page")
    manifest = first.publish({}).manifest
    (public / "world" / "b.html").write_bytes(b"page B")  # same size, new mtime
    second = Publisher(public, manifest)
    assert second.keep("world/a.html", "page", manifest["world/a.html"].sha256)
    assert not second.keep("world/b.html", "page", manifest["world/b.html"].sha256)
    assert not second.keep("world/new.html", "page", manifest["world/a.html"].sha256)
    second.add("world/b.html", b"page b", "page")
    result = second.publish()
    assert result.unchanged == ["world/a.html"]
    assert result.written == ["world/b.html"]
    assert (public / "world" / "b.html").read_bytes() == b"page b"
    assert set(result.manifest) == {"world/a.html", "world/b.html"}
