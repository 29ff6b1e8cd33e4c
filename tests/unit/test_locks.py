"""FileLock and site_lock: one holder at a time, released with the block.

Two FileLock objects on one file exclude each other even in one process
(flock locks belong to the open file), so no second process is needed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newswire.errors import LockTimeout
from newswire.lock import FileLock
from newswire.state.lock import site_lock


def test_a_free_lock_is_taken_and_its_file_created(tmp_path: Path) -> None:
    lock = FileLock(tmp_path / "build.lock")
    lock.acquire(timeout=0)
    assert (tmp_path / "build.lock").is_file()
    lock.release()


def test_a_held_lock_times_out_for_another_holder(tmp_path: Path) -> None:
    with FileLock(tmp_path / "build.lock"):
        with pytest.raises(TimeoutError, match="is locked by another process"):
            FileLock(tmp_path / "build.lock").acquire(timeout=0)


def test_a_released_lock_can_be_taken_again(tmp_path: Path) -> None:
    first = FileLock(tmp_path / "build.lock")
    first.acquire(timeout=0)
    first.release()
    second = FileLock(tmp_path / "build.lock")
    second.acquire(timeout=0)
    second.release()
    first.release()  # releasing twice is harmless


def test_the_lock_file_is_never_deleted(tmp_path: Path) -> None:
    with FileLock(tmp_path / "build.lock"):
        pass
    assert (tmp_path / "build.lock").exists()


def test_a_lock_in_a_missing_folder_raises_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        FileLock(tmp_path / "missing" / "build.lock").acquire(timeout=0)


def test_site_lock_creates_its_folder(tmp_path: Path) -> None:
    lock_file = tmp_path / ".newswire" / "build.lock"
    with site_lock(lock_file, 0):
        assert lock_file.is_file()
    with site_lock(lock_file, 0):  # released at the end of the block
        pass


def test_site_lock_times_out_with_a_lock_timeout(tmp_path: Path) -> None:
    lock_file = tmp_path / ".newswire" / "build.lock"
    with site_lock(lock_file, 0):
        with pytest.raises(LockTimeout) as caught:
            with site_lock(lock_file, 0.1):
                pass  # pragma: no cover
    assert caught.value.exit_status == 75
    assert caught.value.path == lock_file
    assert "after waiting 0.1 s" in caught.value.message


def test_site_lock_is_released_by_an_error_in_the_block(tmp_path: Path) -> None:
    lock_file = tmp_path / "build.lock"
    with pytest.raises(RuntimeError):
        with site_lock(lock_file, 0):
            raise RuntimeError("boom")
    with site_lock(lock_file, 0):
        pass
