"""Publishing makes new files durable with one syncfs, before any rename."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from newswire import publish
from newswire.errors import OutputError
from newswire.publish import Publisher

needs_syncfs = pytest.mark.skipif(publish._syncfs() is None, reason="no syncfs on this system")


def _stage(root: Path, count: int, text: str) -> Publisher:
    publisher = Publisher(root)
    for number in range(count):
        publisher.add(f"a{number}/index.html", f"{text} {number}".encode(), "page")
    publisher.add("feed.xml", text.encode(), "feed")
    return publisher


@needs_syncfs
def test_many_files_are_synced_by_one_syncfs_before_the_renames(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    events: list[str] = []
    real_syncfs, real_replace = publish._syncfs(), os.replace

    def syncfs(path: Path) -> None:
        events.append("syncfs")
        real_syncfs(path)

    def fsync(fd: int) -> None:
        events.append("fsync")

    def replace(source: object, target: object) -> None:
        events.append("rename")
        real_replace(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(publish, "_syncfs", lambda: syncfs)
    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    result = _stage(tmp_path / "public", 40, "new").publish()
    assert len(result.written) == 41
    assert events == ["syncfs"] + ["rename"] * 41
    assert (tmp_path / "public/a7/index.html").read_bytes() == b"new 7"


@needs_syncfs
def test_a_failing_syncfs_leaves_every_old_file(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "public"
    _stage(root, 5, "old").publish()

    def syncfs(path: Path) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO), str(path))

    monkeypatch.setattr(publish, "_syncfs", lambda: syncfs)
    with pytest.raises(OutputError, match="every file keeps its previous version"):
        _stage(root, 5, "new").publish()
    assert (root / "a3/index.html").read_bytes() == b"old 3"
    assert (root / "feed.xml").read_bytes() == b"old"
    assert not list(root.rglob("*.newswire-tmp"))


def test_without_syncfs_every_file_is_fsynced(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[int] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(publish, "_syncfs", lambda: None)
    monkeypatch.setattr(os, "fsync", fsync)
    _stage(tmp_path / "public", 6, "new").publish()
    assert len(synced) == 7


@needs_syncfs
def test_a_write_back_started_early_is_waited_for_and_synced_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The write-back of :meth:`Publisher.write_back` runs beside the build;
    publishing still syncs every file (in this thread) before the first
    rename, once the early one is done."""
    import threading

    real_syncfs, real_replace = publish._syncfs(), os.replace
    events: list[tuple[str, str]] = []
    root = tmp_path / "public"

    def syncfs(path: str) -> None:
        real_syncfs(path)
        events.append(("syncfs", threading.current_thread().name))

    def replace(source: object, target: object) -> None:
        events.append(("rename", ""))
        real_replace(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(publish, "_syncfs", lambda: syncfs)
    monkeypatch.setattr(os, "replace", replace)
    publisher = _stage(root, 20, "new")
    publisher.write_back(at_least=21)  # 21 files wait (and the feed)
    publisher.add("late/index.html", b"staged after the write-back began", "page")
    result = publisher.publish()
    assert len(result.written) == 22
    early = events.index(("syncfs", "newswire-write-back"))
    final = events.index(("syncfs", threading.current_thread().name))
    first_rename = events.index(("rename", ""))
    assert early < final < first_rename
    assert events.count(("rename", "")) == 22
    assert (root / "late/index.html").read_bytes() == b"staged after the write-back began"


@needs_syncfs
def test_a_write_back_that_fails_leaves_every_old_file(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """An error the early write-back meets (a disk that failed to write
    some page back) is raised by publishing, as a failed sync there is:
    nothing renamed, no temporary file left."""
    import threading

    root = tmp_path / "public"
    _stage(root, 5, "old").publish()
    real_syncfs = publish._syncfs()

    def syncfs(path: str) -> None:
        if threading.current_thread().name == "newswire-write-back":
            raise OSError(errno.EIO, os.strerror(errno.EIO), str(path))
        real_syncfs(path)

    monkeypatch.setattr(publish, "_syncfs", lambda: syncfs)
    publisher = _stage(root, 5, "new")
    publisher.write_back(at_least=1)
    with pytest.raises(OutputError, match="every file keeps its previous version"):
        publisher.publish()
    assert (root / "a3/index.html").read_bytes() == b"old 3"
    assert (root / "feed.xml").read_bytes() == b"old"
    assert not list(root.rglob("*.newswire-tmp"))


def test_nothing_is_written_back_early_for_a_few_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(publish, "_syncfs", lambda: calls.append)
    root = tmp_path / "public"
    _stage(root, 3, "same").publish()
    calls.clear()
    publisher = _stage(root, 3, "same")  # every file unchanged: no temporary file
    publisher.write_back(at_least=1)
    assert publisher.publish().written == []
    assert calls == []
    publisher = _stage(root, 3, "changed")  # 4 files wait: fewer than asked for
    publisher.write_back(at_least=5)
    assert len(publisher.publish().written) == 4
    assert len(calls) == 1  # the sync when publishing, not one before
