"""The lock file that keeps builds of one site apart (flock on POSIX)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from newswire.lock import FileLock

HOLD = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
fcntl.flock(fd, fcntl.LOCK_EX)
print("held", flush=True)
time.sleep(float(sys.argv[2]))
"""


def _holder(path: Path, seconds: float) -> subprocess.Popen[str]:
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(path), str(seconds)],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    return holder


def _stop(holder: subprocess.Popen[str]) -> None:
    holder.kill()
    holder.wait()
    assert holder.stdout is not None
    holder.stdout.close()


@pytest.mark.skipif(sys.platform == "win32", reason="flock is POSIX")
def test_a_lock_held_by_another_process_times_out(tmp_path: Path) -> None:
    path = tmp_path / "build.lock"
    holder = _holder(path, 30)
    try:
        lock = FileLock(path)
        started = time.monotonic()
        with pytest.raises(TimeoutError):
            lock.acquire(timeout=0.3)
        assert time.monotonic() - started >= 0.3
    finally:
        _stop(holder)
    lock.acquire(timeout=0)  # the holder's death released it
    lock.release()


@pytest.mark.skipif(sys.platform == "win32", reason="flock is POSIX")
def test_waiting_gets_the_lock_when_the_holder_lets_go(tmp_path: Path) -> None:
    path = tmp_path / "build.lock"
    holder = _holder(path, 0.5)
    try:
        with FileLock(path) as lock:
            assert lock._fd is not None
            assert holder.poll() is not None or holder.wait(5) == 0
    finally:
        _stop(holder)


def test_a_released_lock_can_be_taken_again(tmp_path: Path) -> None:
    path = tmp_path / "build.lock"
    first = FileLock(path)
    first.acquire(timeout=0)
    second = FileLock(path)
    with pytest.raises(TimeoutError):
        second.acquire(timeout=0)
    first.release()
    second.acquire(timeout=0)
    second.release()
    assert path.exists()
