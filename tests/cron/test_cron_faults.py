"""Faults with real processes (README "Building by cron"): builds killed with SIGKILL at random
moments and builds run side by side never leave a file that is neither the old
nor the new version, and never one a reader cannot parse."""

from __future__ import annotations

import fcntl
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import NOW, cli_env, run, run_process
from corpus import remove_article, write_article, write_site
import pytest
from lxml import etree

ARTICLES = 200
KILLS = int(os.environ.get("NEWSWIRE_TEST_KILLS", "50"))
"""SIGKILLs in the fault test; CI runs the default, a quick look can take fewer."""
TEMP = ".newswire-tmp"


def versions(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes], dict[str, bytes]]:
    """(old site, new inputs, old public files, new public files).

    The old site is built; the new inputs change every page and feed (a new
    site title), edit 40 articles, add 20 and remove 20."""
    old = tmp_path / "old"
    write_site(old, ARTICLES)
    run(old, "build", "--now", NOW, check=True)
    new = tmp_path / "new"
    shutil.copytree(old, new, symlinks=True)
    write_site_title(new, "Generated Wire, second edition")
    for number in range(0, ARTICLES, 10):
        write_article(new, number, edition=1)
    for number in range(ARTICLES, ARTICLES + 20):
        write_article(new, number)
    for number in range(5, ARTICLES, 15):
        remove_article(new, number)
    run(new, "build", "--now", NOW, check=True)
    return old, new, files_of(old / "public"), files_of(new / "public")


def write_site_title(root: Path, title: str) -> None:
    settings = root / "feeds" / "site.toml"
    settings.write_text(settings.read_text().replace('title = "Generated Wire"',
                                                     f'title = "{title}"'))


def files_of(public: Path) -> dict[str, bytes]:
    """Published files, but temporary ones and the output-folder claim
    (which names the site's folder: old/, new/ and work/ differ)."""
    return {p.relative_to(public).as_posix(): p.read_bytes()
            for p in public.rglob("*") if p.is_file() and not p.name.endswith(TEMP)
            and p.name != ".newswire-site.json"}


def prepare_run(work: Path, old: Path, new: Path) -> None:
    """``work``: the old site's output and state, the new site's inputs."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    shutil.copytree(old / "public", work / "public")
    shutil.copytree(old / ".newswire", work / ".newswire")
    shutil.copytree(new / "feeds", work / "feeds")
    shutil.copytree(new / "content", work / "content")


SLOW_DISK = """
import os, sys, time
replace, unlink = os.replace, os.unlink
def slow_replace(*args, **kwargs):
    time.sleep(0.002)
    return replace(*args, **kwargs)
def slow_unlink(*args, **kwargs):
    time.sleep(0.002)
    return unlink(*args, **kwargs)
os.replace, os.unlink = slow_replace, slow_unlink
from newswire.cli import main
sys.argv[0] = "newswire"
main()
"""


def start_build(site: Path, *args: str, slow: bool = False) -> subprocess.Popen[bytes]:
    """``newswire build --quiet`` in its own process group; stderr to a pipe.

    ``slow``: every rename and deletion takes two milliseconds more (a slow
    disk), so that random kills often land among them.
    """
    program = ["-c", SLOW_DISK] if slow else ["-m", "newswire"]
    return subprocess.Popen(
        [sys.executable, *program, "--site", str(site), "build", "--now", NOW,
         "--quiet", *args], env=cli_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        start_new_session=True)


def finish(process: subprocess.Popen[bytes], timeout: float = 300) -> tuple[int, str]:
    """Wait for a build: (exit status, stderr)."""
    _, err = process.communicate(timeout=timeout)
    return process.returncode, err.decode()


def check_whole(public: Path, old: dict[str, bytes], new: dict[str, bytes]) -> None:
    """Every file is the old or the new version and parses; none is half there."""
    now = files_of(public)
    for path, data in now.items():
        assert data == old.get(path) or data == new.get(path), f"{path} is neither version"
        if path.endswith(".xml"):
            etree.fromstring(data)
        elif path.endswith(".json"):
            json.loads(data)
    for path in set(old) & set(new):
        assert path in now, f"{path} vanished"


@pytest.mark.slow
def test_builds_killed_at_random_moments_leave_whole_files(tmp_path: Path) -> None:
    old, new, old_files, new_files = versions(tmp_path)
    changed = {p for p in set(old_files) | set(new_files) if old_files.get(p) != new_files.get(p)}
    assert len(changed) > ARTICLES
    assert set(old_files) - set(new_files) and set(new_files) - set(old_files)
    # One build without a kill at each speed: how long a build takes.
    work = tmp_path / "work"
    durations = []
    for slow in (False, True):
        prepare_run(work, old, new)
        started = time.monotonic()
        assert finish(start_build(work, slow=slow))[0] == 0
        durations.append(time.monotonic() - started)
    rng = random.Random(20190425)
    outcomes = {"old": 0, "mixed": 0, "new": 0}
    for attempt in range(KILLS):
        prepare_run(work, old, new)
        # a third at full speed, any moment; the rest on the slow disk, in the
        # later part of the build where files are written, renamed, deleted
        slow = attempt % 3 != 0
        process = start_build(work, slow=slow)
        time.sleep(rng.uniform(0.3 * durations[slow] if slow else 0.0, durations[slow]))
        os.killpg(process.pid, signal.SIGKILL)
        finish(process)
        check_whole(work / "public", old_files, new_files)
        now = files_of(work / "public")
        is_new = {now.get(p) == new_files.get(p) for p in changed}
        outcomes["mixed" if len(is_new) == 2 else "new" if True in is_new else "old"] += 1
        if attempt % 10 == 0 or attempt == KILLS - 1:
            # the next build after a kill finishes the job and cleans up
            assert finish(start_build(work)) == (0, "")
            assert files_of(work / "public") == new_files
            assert not list(work.rglob(f"*{TEMP}"))
    print(f"kills leaving public/ old, mixed, new: {outcomes}")
    assert outcomes["mixed"] > 0, "no kill landed while files were being replaced"


@pytest.mark.slow
def test_concurrent_builds_never_corrupt_anything(tmp_path: Path) -> None:
    old, new, old_files, new_files = versions(tmp_path)
    work = tmp_path / "work"
    for count, wait in ((2, "0"), (8, "0"), (8, "120")):
        prepare_run(work, old, new)
        processes = [start_build(work, "--wait", wait) for _ in range(count)]
        statuses, messages = zip(*(finish(p) for p in processes))
        assert set(statuses) <= {0, 75}, messages
        assert statuses.count(0) >= 1
        if wait != "0":
            assert statuses == (0,) * count, messages
        for status, message in zip(statuses, messages):
            if status == 75:
                assert "another build of this site is still running" in message
        assert files_of(work / "public") == new_files
        assert not list(work.rglob(f"*{TEMP}"))


def test_a_held_lock_is_exit_75_and_changes_nothing(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_site(site, 20)
    run(site, "build", "--now", NOW, check=True)
    before = files_of(site / "public")
    write_article(site, 3, edition=1)
    with open(site / ".newswire" / "build.lock", "a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        done = run_process(site, "build", "--now", NOW, "--quiet", "--wait", "0.3")
    assert done.returncode == 75
    assert done.stdout == ""
    assert "still running after waiting 0.3 s" in done.stderr
    assert files_of(site / "public") == before
    assert run(site, "build", "--now", NOW, "--quiet").returncode == 0
