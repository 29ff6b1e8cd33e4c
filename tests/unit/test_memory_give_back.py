"""Free heap pages handed back to the operating system (newswire.memory)."""

from __future__ import annotations

import os
import sys

import pytest

from newswire.memory import give_back


def _resident_bytes() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@pytest.mark.skipif(not sys.platform.startswith("linux") or not give_back(),
                    reason="glibc's malloc_trim only")
def test_pages_freed_between_live_values_are_given_back() -> None:
    # 64 KB blocks come from the heap (below glibc's mmap threshold); one in
    # eight stays alive, so the freed ones cannot go back by shrinking its top
    blocks = [bytearray(64 * 1024) for _ in range(1200)]
    for block in blocks:
        block[::4096] = b"x" * len(block[::4096])  # every page touched: resident
    kept = blocks[::8]
    del blocks
    before = _resident_bytes()
    assert give_back()
    after = _resident_bytes()
    assert before - after > 30 * 1024 * 1024  # most of the 66 MB freed
    assert all(block[0] == ord("x") for block in kept)  # the live ones are untouched
