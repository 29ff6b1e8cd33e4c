"""newswire.state.lock: one build of a site at a time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from newswire.errors import LockTimeout
from newswire.state.lock import site_lock


def test_the_lock_is_made_with_its_folder_and_released_after_the_block(tmp_path: Path) -> None:
    lock_file = tmp_path / ".newswire" / "build.lock"
    with site_lock(lock_file, 0):
        assert lock_file.exists()
    with site_lock(lock_file, 0):  # released: taken again at once
        pass


def test_a_lock_held_by_another_process_times_out_naming_the_file(tmp_path: Path) -> None:
    lock_file = tmp_path / "build.lock"
    with subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time\nfrom pathlib import Path\nfrom newswire.state.lock import site_lock\n"
         f"with site_lock(Path({str(lock_file)!r}), 0):\n"
         "    print('held', flush=True)\n    sys.stdin.read()\n"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) as holder:
        assert holder.stdin is not None and holder.stdout is not None
        try:
            assert holder.stdout.readline() == "held\n"
            with pytest.raises(LockTimeout) as caught:
                with site_lock(lock_file, 0):
                    pass
            assert caught.value.path == lock_file
            assert "another build of this site is still running" in str(caught.value)
        finally:
            holder.stdin.close()  # the holder reads to the end and exits
            holder.wait(timeout=30)
    with site_lock(lock_file, 0):  # the process ended: the lock went with it
        pass
