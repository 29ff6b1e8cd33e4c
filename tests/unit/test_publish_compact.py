"""What the publisher holds per file (README "Performance", memory): temporary
files by their path as text, paths claimed under their own name not noted
again by their target, and its tables released once it has published; the
refusal of one file under two names holds whichever name comes first."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from newswire.errors import OutputError
from newswire.publish import TEMP_SUFFIX, FileStamp, Publisher, stage_bytes


@pytest.mark.parametrize("first,second", [
    ("a/index.html", "a/./index.html"), ("a/./index.html", "a/index.html"),
    ("a/./index.html", "./a/index.html"), ("a/index.html", "b/index.html"),
    ("b/index.html", "a/index.html"), ("b/./index.html", "a/index.html")])
def test_one_file_under_two_names_is_refused_whichever_comes_first(
        tmp_path: Path, first: str, second: str) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").symlink_to(tmp_path / "a", target_is_directory=True)  # the same folder
    publisher = Publisher(tmp_path)
    publisher.add(first, b"one", "page")
    with pytest.raises(OutputError) as caught:
        publisher.add(second, b"two", "page")
    assert caught.value.message.startswith(f"two outputs want public/{second}")
    assert list(tmp_path.rglob(f"*{TEMP_SUFFIX}")) == []


def test_distinct_files_through_a_linked_folder_are_both_published(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").symlink_to(tmp_path / "a", target_is_directory=True)
    publisher = Publisher(tmp_path)
    publisher.add("a/one.html", b"one", "page")
    publisher.add("b/two.html", b"two", "page")
    publisher.add("c/./three.html", b"three", "page")
    result = publisher.publish()
    assert (tmp_path / "a" / "one.html").read_bytes() == b"one"
    assert (tmp_path / "a" / "two.html").read_bytes() == b"two"
    assert (tmp_path / "c" / "three.html").read_bytes() == b"three"
    assert sorted(result.written) == ["a/one.html", "b/two.html", "c/./three.html"]


def test_a_page_staged_elsewhere_is_claimed_and_staged_as_text(tmp_path: Path) -> None:
    publisher = Publisher(tmp_path)
    target, previous = publisher.claim("world/a/index.html")
    assert target == os.path.join(os.path.realpath(tmp_path), "world", "a", "index.html")
    assert previous is None
    digest, stamp, temp = stage_bytes(target, b"<p>page</p>", previous)
    assert stamp is None and isinstance(temp, str) and temp.endswith(TEMP_SUFFIX)
    assert os.path.dirname(temp) == os.path.dirname(target)
    publisher.staged("world/a/index.html", "page", (digest, stamp, temp))
    result = publisher.publish()
    assert (tmp_path / "world" / "a" / "index.html").read_bytes() == b"<p>page</p>"
    assert not os.path.exists(temp)
    st = os.stat(target)
    assert result.manifest == {"world/a/index.html": FileStamp(digest, st.st_size,
                                                              st.st_mtime_ns)}


def test_the_same_bytes_are_staged_by_their_stamp_without_a_temporary_file(
        tmp_path: Path) -> None:
    (tmp_path / "x.html").write_bytes(b"same")
    st = os.stat(tmp_path / "x.html")
    digest, stamp, temp = stage_bytes(str(tmp_path / "x.html"), b"same", None)
    assert temp is None and stamp == FileStamp(digest, 4, st.st_mtime_ns)


def test_the_publisher_holds_nothing_of_its_staging_once_published(tmp_path: Path) -> None:
    publisher = Publisher(tmp_path)
    for number in range(3):
        publisher.add(f"p{number}/index.html", b"page", "page")
    result = publisher.publish()
    assert len(result.manifest) == 3
    assert publisher.paths() == [] and "p0/index.html" not in publisher
    publisher.discard()  # nothing left to delete: every file stays published
    assert all((tmp_path / f"p{n}" / "index.html").read_bytes() == b"page" for n in range(3))


def test_the_last_manifest_is_used_as_given(tmp_path: Path) -> None:
    (tmp_path / "old.html").write_bytes(b"old")
    st = os.stat(tmp_path / "old.html")
    previous = {"old.html": FileStamp(hashlib.sha256(b"old").hexdigest(), 3, st.st_mtime_ns)}
    publisher = Publisher(tmp_path, previous)
    assert publisher.keep("old.html", "page", previous["old.html"].sha256)
    result = publisher.publish()
    assert result.unchanged == ["old.html"] and result.manifest == previous
    assert previous == {"old.html": result.manifest["old.html"]}  # not changed


def test_temporary_files_go_into_folders_made_as_needed(tmp_path: Path) -> None:
    from newswire.publish import _make_folder
    _make_folder(str(tmp_path / "a" / "b" / "c"))  # every folder above missing
    _make_folder(str(tmp_path / "a" / "b" / "c"))  # there already
    _make_folder(str(tmp_path / "a" / "d"))  # only itself missing
    assert (tmp_path / "a" / "b" / "c").is_dir() and (tmp_path / "a" / "d").is_dir()
    (tmp_path / "file").write_bytes(b"x")
    with pytest.raises(FileExistsError):
        _make_folder(str(tmp_path / "file"))
    with pytest.raises(OSError):
        _make_folder(str(tmp_path / "file" / "below"))
    publisher = Publisher(tmp_path / "public")
    with pytest.raises(OutputError):
        (tmp_path / "public").mkdir(exist_ok=True)
        (tmp_path / "public" / "taken").write_bytes(b"a file where a folder goes")
        publisher.add("taken/index.html", b"page", "page")
    assert (tmp_path / "public" / "taken").read_bytes() == b"a file where a folder goes"


def test_a_temporary_file_beside_its_target_is_held_by_the_random_part_of_its_name(
        tmp_path: Path) -> None:
    """A staged file holds only the random part of its temporary file's name
    (the rest is its target's), and that file is the one renamed; a
    temporary file named otherwise is held by its whole path."""
    publisher = Publisher(tmp_path)
    target, previous = publisher.claim("world/a/index.html")
    staged = stage_bytes(target, b"<p>page</p>", previous)
    publisher.staged("world/a/index.html", "page", staged)
    held = publisher._files["world/a/index.html"].temp
    assert held is not None and "/" not in held and held in os.path.basename(staged[2])
    elsewhere = tmp_path / "elsewhere.tmp"
    elsewhere.write_bytes(b"<p>other</p>")
    other, _ = publisher.claim("world/b/index.html")
    os.makedirs(os.path.dirname(other))
    publisher.staged("world/b/index.html", "page",
                     (hashlib.sha256(b"<p>other</p>").hexdigest(), None, str(elsewhere)))
    assert publisher._files["world/b/index.html"].temp == str(elsewhere)
    result = publisher.publish()
    assert (tmp_path / "world" / "a" / "index.html").read_bytes() == b"<p>page</p>"
    assert (tmp_path / "world" / "b" / "index.html").read_bytes() == b"<p>other</p>"
    assert not os.path.exists(staged[2]) and not elsewhere.exists()
    assert result.manifest["world/a/index.html"].sha256 == staged[0]
    assert list(tmp_path.rglob(f"*{TEMP_SUFFIX}")) == []


def test_temporary_files_held_by_their_name_are_deleted_when_discarded(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "linked").symlink_to(tmp_path / "real", target_is_directory=True)
    (tmp_path / "real" / "page.html").write_bytes(b"old")
    (tmp_path / "real" / "file.html").write_bytes(b"old")
    (tmp_path / "link.html").symlink_to(tmp_path / "real" / "file.html")  # a linked file
    publisher = Publisher(tmp_path)
    for path in ("linked/page.html", "link.html", "new/deep/page.html"):
        publisher.add(path, b"new " + path.encode(), "page")
    assert "/" not in publisher._files["linked/page.html"].temp  # type: ignore[operator]
    assert len(list(tmp_path.rglob(f"*{TEMP_SUFFIX}"))) == 3
    publisher.discard()
    assert list(tmp_path.rglob(f"*{TEMP_SUFFIX}")) == []
    assert (tmp_path / "real" / "page.html").read_bytes() == b"old"
    assert (tmp_path / "real" / "file.html").read_bytes() == b"old"


def test_folders_where_their_names_say_are_not_held_twice(tmp_path: Path) -> None:
    """The publisher's resolved folders hold no second path for a folder
    that is where its name says (most of them), and files through a linked
    folder still land in the folder it points to."""
    (tmp_path / "real").mkdir()
    (tmp_path / "linked").symlink_to(tmp_path / "real", target_is_directory=True)
    publisher = Publisher(tmp_path)
    for path in ("2019/04/a/index.html", "2019/04/b/index.html", "linked/x/index.html"):
        publisher.add(path, path.encode(), "page")
    held = publisher._folders
    assert held["2019"] == held["2019/04"] == held["2019/04/a"] == ""
    assert held["linked"] == str((tmp_path / "real").resolve())
    publisher.publish()
    assert (tmp_path / "2019" / "04" / "b" / "index.html").read_bytes() == b"2019/04/b/index.html"
    assert (tmp_path / "real" / "x" / "index.html").read_bytes() == b"linked/x/index.html"
    assert list(tmp_path.rglob(f"*{TEMP_SUFFIX}")) == []
