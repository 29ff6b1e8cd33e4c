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
