"""Publisher on a temporary folder: staging, unchanged files, order, removal,
retained outputs, the journal; atomic_write and the manifest's JSON."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from newswire.errors import OutputError
from newswire.publish import (TEMP_SUFFIX, UNKNOWN, FileStamp, Publisher, atomic_write,
                              manifest_from_json, manifest_to_json)

from .blocking import without_blocking


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def first_build(root: Path) -> dict[str, FileStamp]:
    publisher = Publisher(root)
    publisher.add("index.html", b"<p>index</p>", "page")
    publisher.add("feeds/main/rss.xml", b"<rss/>", "feed")
    publisher.add("old/index.html", b"<p>old</p>", "page")
    return publisher.publish().manifest


def test_a_first_build_writes_everything_feeds_last(tmp_path: Path) -> None:
    publisher = Publisher(tmp_path / "public")
    publisher.add("feeds/main/rss.xml", b"<rss/>", "feed")
    publisher.add("style.css", b"body{}", "asset")
    publisher.add("a/index.html", b"<p>a</p>", "page")
    result = publisher.publish()
    assert result.written == ["style.css", "a/index.html", "feeds/main/rss.xml"]
    assert result.unchanged == [] and result.removed == []
    assert (tmp_path / "public/a/index.html").read_bytes() == b"<p>a</p>"
    st = (tmp_path / "public/style.css").stat()
    assert result.manifest["style.css"] == FileStamp(sha(b"body{}"), 6, st.st_mtime_ns)


def test_a_staged_change_waits_in_a_temporary_file(tmp_path: Path) -> None:
    publisher = Publisher(tmp_path)
    publisher.add("a.html", b"new", "page")
    assert not (tmp_path / "a.html").exists()
    [temp] = tmp_path.glob(f".*{TEMP_SUFFIX}")
    assert temp.read_bytes() == b"new"
    assert "a.html" in publisher and publisher.paths() == ["a.html"]


def test_unchanged_files_are_not_written_and_removed_ones_are_deleted(tmp_path: Path) -> None:
    manifest = first_build(tmp_path)
    mtime = (tmp_path / "index.html").stat().st_mtime_ns
    publisher = Publisher(tmp_path, manifest)
    assert publisher.published() == ["feeds/main/rss.xml", "index.html", "old/index.html"]
    publisher.add("index.html", b"<p>index</p>", "page")
    publisher.add("feeds/main/rss.xml", b"<rss>new</rss>", "feed")
    result = publisher.publish()
    assert result.unchanged == ["index.html"]
    assert result.written == ["feeds/main/rss.xml"]
    assert result.removed == ["old/index.html"]
    assert (tmp_path / "index.html").stat().st_mtime_ns == mtime
    assert not (tmp_path / "old").exists()  # its empty folder is pruned
    assert set(result.manifest) == {"index.html", "feeds/main/rss.xml"}


def test_identical_bytes_without_a_manifest_are_unchanged(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_bytes(b"same")
    publisher = Publisher(tmp_path)
    publisher.add("a.html", b"same", "page")
    assert publisher.publish().unchanged == ["a.html"]


def test_keep_needs_the_recorded_digest_size_and_mtime(tmp_path: Path) -> None:
    manifest = first_build(tmp_path)
    publisher = Publisher(tmp_path, manifest)
    assert publisher.keep("index.html", "page", sha(b"<p>index</p>")) is True
    assert publisher.keep("old/index.html", "page", sha(b"other")) is False
    assert publisher.keep("never.html", "page", sha(b"x")) is False
    os.utime(tmp_path / "feeds/main/rss.xml", ns=(1, 1))
    assert publisher.keep("feeds/main/rss.xml", "feed", sha(b"<rss/>")) is False
    assert publisher.paths() == ["index.html"]


def test_retain_keeps_what_this_build_could_not_make(tmp_path: Path) -> None:
    manifest = first_build(tmp_path)
    publisher = Publisher(tmp_path, manifest)
    publisher.add("index.html", b"<p>index</p>", "page")
    assert publisher.retain("old/index.html", "page") is True
    assert publisher.retain("index.html", "page") is False       # staged already
    assert publisher.retain("never.html", "page") is False       # never published
    (tmp_path / "feeds/main/rss.xml").unlink()
    assert publisher.retain("feeds/main/rss.xml", "feed") is False  # gone
    result = publisher.publish()
    assert (tmp_path / "old/index.html").read_bytes() == b"<p>old</p>"
    assert result.manifest["old/index.html"] == manifest["old/index.html"]


@pytest.mark.parametrize("path", ["", "/etc/passwd", "../x", "a/../../x", "a\\b", "a\x00b",
                                  ".", "a/.."])
def test_paths_outside_the_root_are_refused(tmp_path: Path, path: str) -> None:
    publisher = Publisher(tmp_path / "public")
    with pytest.raises(OutputError) as caught:
        publisher.add(path, b"x", "page")
    assert caught.value.message.startswith(f"refusing to write {path!r}: ")


def test_a_link_out_of_the_root_is_refused(tmp_path: Path) -> None:
    (tmp_path / "public").mkdir()
    (tmp_path / "public" / "out").symlink_to(tmp_path)
    with pytest.raises(OutputError, match="it would leave"):
        Publisher(tmp_path / "public").add("out/x.html", b"x", "page")


def test_one_path_twice_is_refused_and_discards_everything(tmp_path: Path) -> None:
    publisher = Publisher(tmp_path)
    publisher.add("a/index.html", b"one", "page")
    with pytest.raises(OutputError) as caught:
        publisher.add("a/./index.html", b"two", "page")
    assert caught.value.message.startswith("two outputs want public/a/./index.html")
    assert publisher.paths() == []
    assert list(tmp_path.rglob(f"*{TEMP_SUFFIX}")) == []


def test_intend_is_told_of_new_paths_before_any_rename(tmp_path: Path) -> None:
    manifest = first_build(tmp_path)
    told: list[dict[str, FileStamp]] = []
    publisher = Publisher(tmp_path, manifest)
    publisher.add("index.html", b"<p>index</p>", "page")
    publisher.add("new.html", b"new", "page")

    def intend(paths: object) -> None:
        assert not (tmp_path / "new.html").exists()
        told.append(dict(paths))  # type: ignore[call-overload]
    publisher.publish(intend=intend)
    assert told == [{**manifest, "new.html": UNKNOWN}]


def test_intend_is_not_called_without_new_paths(tmp_path: Path) -> None:
    manifest = first_build(tmp_path)
    publisher = Publisher(tmp_path, manifest)
    publisher.add("index.html", b"<p>changed</p>", "page")
    publisher.publish(intend=lambda paths: pytest.fail("no new path"))


def test_a_folder_in_the_way_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "a.html").mkdir()
    (tmp_path / "a.html" / "x").write_text("x")
    publisher = Publisher(tmp_path)
    publisher.add("a.html", b"page", "page")
    with pytest.raises(OutputError, match="a folder is in the way"):
        publisher.publish()
    assert list(tmp_path.rglob(f"*{TEMP_SUFFIX}")) == []


def test_a_folder_of_the_same_size_in_the_way_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "a.bin").mkdir()
    size = (tmp_path / "a.bin").stat().st_size  # so the size alone does not tell
    publisher = Publisher(tmp_path)
    publisher.add("a.bin", b"x" * size, "asset")
    with pytest.raises(OutputError, match="a folder is in the way"):
        publisher.publish()


def test_a_named_pipe_in_the_way_is_replaced_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "empty.txt")  # read, it would block forever
    publisher = Publisher(tmp_path)
    without_blocking(lambda: publisher.add("empty.txt", b"", "asset"), tmp_path / "empty.txt")
    assert publisher.publish().written == ["empty.txt"]
    assert (tmp_path / "empty.txt").is_file()


def test_the_journal_exists_while_writing(tmp_path: Path) -> None:
    journal = tmp_path / ".newswire" / "writing"
    publisher = Publisher(tmp_path / "public", journal=journal)
    assert not publisher.interrupted()
    with publisher.writing():
        assert journal.exists() and publisher.interrupted()
    assert not journal.exists()


def test_a_failed_block_keeps_the_journal_and_discards_staged_files(tmp_path: Path) -> None:
    journal = tmp_path / "writing"
    publisher = Publisher(tmp_path / "public", journal=journal)
    with pytest.raises(RuntimeError):
        with publisher.writing():
            publisher.add("a.html", b"x", "page")
            raise RuntimeError("ledger not written")
    assert journal.exists() and publisher.paths() == []
    assert list((tmp_path / "public").rglob(f"*{TEMP_SUFFIX}")) == []


def test_recover_deletes_temporary_files_after_an_interrupted_build(tmp_path: Path) -> None:
    journal = tmp_path / "writing"
    (tmp_path / "public/a").mkdir(parents=True)
    left = [tmp_path / f"public/a/.x{TEMP_SUFFIX}", tmp_path / f"state/.y{TEMP_SUFFIX}"]
    left[1].parent.mkdir()
    for temp in left:
        temp.write_bytes(b"half")
    publisher = Publisher(tmp_path / "public", journal=journal)
    assert publisher.recover(tmp_path / "state") == []  # no journal: not interrupted
    journal.touch()
    assert publisher.recover(tmp_path / "state") == sorted(left)
    assert not any(temp.exists() for temp in left)


def test_atomic_write_writes_only_changes(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    assert atomic_write(path, b"one") is True
    assert atomic_write(path, b"one") is False
    assert atomic_write(path, b"two") is True
    assert path.read_bytes() == b"two"
    assert list(tmp_path.iterdir()) == [path]


def test_atomic_write_creates_its_folder(tmp_path: Path) -> None:
    assert atomic_write(tmp_path / "new" / "x.json", b"x") is True
    assert (tmp_path / "new" / "x.json").read_bytes() == b"x"


def test_atomic_write_below_a_file_is_an_output_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError) as caught:
        atomic_write(tmp_path / "file" / "x.json", b"x")
    assert caught.value.path == tmp_path / "file" / "x.json"
    assert caught.value.message.startswith("cannot write: ")


def test_the_manifest_round_trips_through_sorted_json(tmp_path: Path) -> None:
    manifest = {"b.html": FileStamp("bb", 2, 20), "a.html": FileStamp("aa", 1, 10)}
    data = manifest_to_json(manifest)
    assert data.isascii() and data.index(b"a.html") < data.index(b"b.html")
    assert manifest_from_json(data) == manifest


@pytest.mark.parametrize("data", [b"[]", b'{"version": 2, "files": {}}', b'{"version": 1}',
                                  b'{"version": 1, "files": []}', b"not json"])
def test_what_is_not_a_manifest_raises_value_error(data: bytes) -> None:
    with pytest.raises(ValueError):
        manifest_from_json(data)


def test_keep_looks_at_a_kept_file_once(tmp_path: Path, monkeypatch) -> None:
    """One ``lstat`` tells that the file is no link and gives its size,
    mtime and ctime: a kept page costs that and the ``lstat`` of its new
    folder, nothing more; a file that is a link is followed and stat'ed."""
    publisher = Publisher(tmp_path)
    publisher.add("a/index.html", b"<p>a</p>", "page")
    publisher.add("b/index.html", b"<p>b</p>", "page")
    manifest = publisher.publish().manifest
    (tmp_path / "elsewhere.html").write_bytes(b"<p>b</p>")
    (tmp_path / "b" / "index.html").unlink()
    (tmp_path / "b" / "index.html").symlink_to(tmp_path / "elsewhere.html")
    os.utime(tmp_path / "elsewhere.html", ns=(manifest["b/index.html"].mtime_ns,) * 2)
    calls: list[tuple[str, str]] = []
    for name in ("stat", "lstat"):
        def counting(path, *args, _name=name, _original=getattr(os, name), **kwargs):
            calls.append((_name, os.fspath(path)))
            return _original(path, *args, **kwargs)
        monkeypatch.setattr(os, name, counting)
    publisher = Publisher(tmp_path, manifest)
    calls.clear()
    assert publisher.keep("a/index.html", "page", sha(b"<p>a</p>")) is True
    assert calls == [("lstat", str(tmp_path / "a")), ("lstat", str(tmp_path / "a/index.html"))]
    calls.clear()
    assert publisher.keep("b/index.html", "page", sha(b"<p>b</p>")) is True
    assert ("stat", str(tmp_path / "elsewhere.html")) in calls


@pytest.mark.parametrize("folder", ["/", "/srv", "/srv/public", "/srv/pub lic/é"])
def test_output_paths_are_joined_as_os_path_joins_them(folder: str) -> None:
    from newswire.publish import _join
    for name in ("index.html", "a b", "..x", "é.html"):
        assert _join(folder, name) == os.path.join(folder, name)
