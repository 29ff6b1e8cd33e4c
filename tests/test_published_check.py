"""The check that every published file is as the last build left it, made by
a child process while the inputs are listed (newswire.run.begin_check): it
finds what the check in the build's own process finds, and anything but a
clean answer from the child (an error, a signal, a child the system reaped)
leads to the whole pipeline or to the check made again, never to a skipped
build. Each build runs in a process of its own, one thread, as the command
line runs it: no child is started while another thread runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import NOW
from .test_edits import edit, eight_stories, pipeline, settled, tree  # noqa: F401

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")

_BUILD = """
import json, os, signal, sys, threading, time
from pathlib import Path
from datetime import datetime
import newswire.build
import newswire.run as run
from newswire.options import BuildOptions

site, now, mode, notes = Path(sys.argv[1]), sys.argv[2], sys.argv[3], Path(sys.argv[4])
run.FORK_FROM = 1  # a child for the eight stories' few files
parent = os.getpid()
forks, whole = [], []
fork = os.fork

def counting_fork():
    pid = fork()
    if pid:
        forks.append(pid)
    return pid
os.fork = counting_fork
build_locked = newswire.build.build_locked
newswire.build.build_locked = lambda *a, **k: whole.append(1) or build_locked(*a, **k)
check = run._as_published

def as_published(*args):
    if os.getpid() != parent:  # in the child
        if mode == "raise":
            raise RuntimeError("a bug in the check")
        if mode == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        if mode == "files":
            notes.write_text(json.dumps(sorted(int(fd) for fd in os.listdir("/proc/self/fd"))))
        if mode == "slow":
            time.sleep(5)
            notes.write_text("the child was not stopped")
    return check(*args)
run._as_published = as_published
if mode == "rows":  # who reads the manifest's rows: the child, or this process
    import newswire.state.store as store
    published_stats = store.Store.published_stats

    def reading(self):
        with open(notes, "a") as note:
            note.write("parent\\n" if os.getpid() == parent else "child\\n")
        return published_stats(self)
    store.Store.published_stats = reading
if mode == "ignore-children":
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
if mode == "thread":
    stop = threading.Event()
    threading.Thread(target=stop.wait).start()
if mode == "slow":
    def failing(*args):
        time.sleep(0.2)  # the child is at work
        raise RuntimeError("the snapshot failed")
    run.inputs_snapshot = failing
try:
    report = run.build(site, BuildOptions(now=datetime.fromisoformat(now)))
except RuntimeError as error:
    for pid in forks:
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            continue
        raise AssertionError("a child was left behind")
    print(json.dumps({"error": str(error), "forks": len(forks)}))
    sys.exit(0)
finally:
    if mode == "thread":
        stop.set()
said = {"forks": len(forks), "whole": len(whole), "unchanged": report.unchanged,
        "written": report.result.written if report.result else None,
        "errors": len(report.errors)}
if mode == "kept":  # the files left as they were: counted, then listed
    said["kept"] = [len(report.result.unchanged), sorted(report.result.unchanged)]
print(json.dumps(said))
"""


def build_in_a_process(site: Path, mode: str = "", notes: Path | None = None) -> dict:
    """Build ``site`` in a process of its own, where the published files are
    checked by a child whatever their number; ``mode`` says what goes wrong
    (see ``_BUILD``). Returns what the script reports of the build."""
    done = subprocess.run([sys.executable, "-c", _BUILD, str(site), NOW.isoformat(), mode,
                           str(notes or site.parent / "notes")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return settled(eight_stories(tmp_path / "site"))


def page_changed_by_hand(site: Path) -> tuple[Path, bytes]:
    """A published page rewritten with its size and mtime put back, once the
    file-system clock is past the build that published it."""
    page = site / "public" / "news" / "story-3" / "index.html"
    good = page.read_bytes()
    stamp = page.stat()
    probe = site / "tick"
    for _ in range(10_000):  # a later tick of the clock than the page's
        probe.write_bytes(b"")
        if probe.stat().st_mtime_ns > stamp.st_ctime_ns:
            break
        time.sleep(0.001)
    probe.unlink()
    page.write_bytes(good.replace(b"<html", b"<HTML", 1))
    os.utime(page, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert page.stat().st_size == stamp.st_size
    return page, good


def test_a_build_with_nothing_changed_is_skipped_after_the_child_checked(site):
    before = tree(site / "public")
    said = build_in_a_process(site)
    assert said == {"forks": 1, "whole": 0, "unchanged": True, "written": [], "errors": 0}
    assert tree(site / "public") == before


def test_a_page_changed_by_hand_is_found_by_the_child(site):
    page, good = page_changed_by_hand(site)
    said = build_in_a_process(site)
    assert said["forks"] == 1 and said["whole"] == 1 and not said["unchanged"]
    assert said["written"] == ["news/story-3/index.html"]
    assert page.read_bytes() == good
    assert build_in_a_process(site)["unchanged"]


def test_the_files_left_as_they_were_are_listed_when_the_child_read_the_manifest(site):
    """The child reads the manifest's rows itself: the report lists the
    published files left as they were from the database only if asked."""
    published = sorted(tree(site / "public"))
    said = build_in_a_process(site, "kept")
    assert said["unchanged"] and said["kept"] == [len(published), published]
    edit(site, "story-5.md", "\nA correction.\n")
    said = build_in_a_process(site, "kept")
    assert said["whole"] == 0 and said["written"] == ["news/story-5/index.html"]
    rest = [p for p in published if p != "news/story-5/index.html"]
    assert said["kept"] == [len(rest), rest]


def test_the_child_reads_the_manifest_rows_and_the_build_itself_does_not(site):
    notes = site.parent / "readers"
    said = build_in_a_process(site, "rows", notes)
    assert said["forks"] == 1 and said["unchanged"]
    assert notes.read_text().split() == ["child"]
    notes.unlink()
    edit(site, "story-5.md", "\nA correction.\n")
    said = build_in_a_process(site, "rows", notes)
    assert said["whole"] == 0 and said["written"] == ["news/story-5/index.html"]
    assert notes.read_text().split() == ["child"]


def test_an_edit_takes_the_edit_path_after_the_child_checked(site):
    edit(site, "story-5.md", "\nA correction.\n")
    said = build_in_a_process(site)
    assert said["forks"] == 1 and said["whole"] == 0
    assert said["written"] == ["news/story-5/index.html"]
    assert "A correction." in (site / "public/news/story-5/index.html").read_text()


@pytest.mark.parametrize("mode", ["raise", "kill"])
def test_a_child_that_fails_leads_to_the_whole_pipeline(site, mode):
    before = tree(site / "public")
    said = build_in_a_process(site, mode)
    assert said["forks"] == 1 and said["whole"] == 1
    assert not said["unchanged"] and said["errors"] == 0
    assert tree(site / "public") == before


def test_a_child_failing_does_not_hide_a_page_changed_by_hand(site):
    page, good = page_changed_by_hand(site)
    said = build_in_a_process(site, "raise")
    assert said["whole"] == 1 and said["written"] == ["news/story-3/index.html"]
    assert page.read_bytes() == good


def test_children_reaped_by_the_system_leave_the_check_to_the_build_itself(site):
    # SIGCHLD ignored: the child's status is lost, and the build checks the
    # files itself rather than trusting or distrusting them blindly
    assert build_in_a_process(site, "ignore-children")["unchanged"]
    page, good = page_changed_by_hand(site)
    said = build_in_a_process(site, "ignore-children")
    assert said["whole"] == 1 and said["written"] == ["news/story-3/index.html"]
    assert page.read_bytes() == good


def test_no_child_is_started_while_another_thread_runs(site):
    assert build_in_a_process(site, "thread") == {
        "forks": 0, "whole": 0, "unchanged": True, "written": [], "errors": 0}
    page, good = page_changed_by_hand(site)
    said = build_in_a_process(site, "thread")
    assert said["forks"] == 0 and said["whole"] == 1 and page.read_bytes() == good


def test_the_child_is_stopped_when_the_build_fails_meanwhile(site, tmp_path):
    notes = tmp_path / "notes"
    said = build_in_a_process(site, "slow", notes)
    assert said == {"error": "the snapshot failed", "forks": 1}  # and no child left behind
    time.sleep(0.2)
    assert not notes.exists()  # stopped, not waited for


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="no /proc/self/fd")
def test_the_child_holds_no_file_of_the_build_such_as_its_lock(site, tmp_path):
    notes = tmp_path / "notes"
    assert build_in_a_process(site, "files", notes)["unchanged"]
    assert [fd for fd in json.loads(notes.read_text()) if fd > 2] == [3]  # the listing itself


def test_trusted_record_called_alone_checks_the_files_itself(site, monkeypatch):
    import newswire.run as run
    from newswire.options import BuildOptions, SitePaths

    def no_fork():
        raise AssertionError("no child: nothing else to do meanwhile")
    monkeypatch.setattr(run, "FORK_FROM", 1)
    monkeypatch.setattr(run, "_may_fork", lambda: True)
    monkeypatch.setattr(run.os, "fork", no_fork)
    paths, options = SitePaths(site), BuildOptions(now=NOW)
    checked = run.trusted_record(paths, options)
    assert checked is not None and len(checked[1]) == checked[0].files
    page_changed_by_hand(site)
    assert run.trusted_record(paths, options) is None


def test_a_fork_that_fails_leaves_the_check_to_the_build_itself(site, pipeline, monkeypatch):
    import errno

    import newswire.run as run
    from newswire.options import BuildOptions

    def failing_fork():
        raise OSError(errno.EAGAIN, "Resource temporarily unavailable")
    monkeypatch.setattr(run, "FORK_FROM", 1)
    monkeypatch.setattr(run, "_may_fork", lambda: True)
    monkeypatch.setattr(run.os, "fork", failing_fork)
    assert run.build(site, BuildOptions(now=NOW)).unchanged and pipeline == []
    page, good = page_changed_by_hand(site)
    report = run.build(site, BuildOptions(now=NOW))
    assert pipeline == [1] and report.result.written == ["news/story-3/index.html"]
    assert page.read_bytes() == good
