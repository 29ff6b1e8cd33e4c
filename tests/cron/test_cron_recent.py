"""Nothing changed right after a change (README "Building by cron"): inputs
changed in the last seconds are hashed before the build reads them, so the
next run with nothing new is skipped when they still hold those bytes, and
is a real build when they do not, whatever their stat says."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from pathlib import Path

import pytest
from conftest import NOW_DT, SEED

from newswire import build as build_module
from newswire import run as run_module
from newswire.build import BuildOptions, SitePaths
from newswire.state import digests
from newswire.state.lastbuild import LAST_BUILD, SAID, LastBuild

TEXT = f"content/{SEED}.txt"


def build_here(site: Path) -> run_module.BuildReport:
    return run_module.build(site, BuildOptions(now=NOW_DT))


def last_build(site: Path) -> LastBuild:
    conn = sqlite3.connect(site / ".newswire" / "derived.sqlite")
    try:
        (value,), = conn.execute("SELECT value FROM records WHERE name = ?", (LAST_BUILD,))
        (said,), = conn.execute("SELECT value FROM records WHERE name = ?", (SAID,))
    finally:
        conn.close()
    record = LastBuild.from_plain(json.loads(value), json.loads(said))
    assert record is not None
    return record


def set_last_build(site: Path, record: LastBuild) -> None:
    conn = sqlite3.connect(site / ".newswire" / "derived.sqlite")
    try:
        with conn:
            conn.execute("UPDATE records SET value = ? WHERE name = ?",
                         (json.dumps(record.to_plain()), LAST_BUILD))
    finally:
        conn.close()


def after_a_tick(site: Path) -> None:
    """Wait until the file-system clock is past every input's last change
    (a few milliseconds on the file systems tests run on), so that the next
    build's reference time is in a later tick; the inputs stay recent."""
    newest = max(max(p.stat().st_mtime_ns, p.stat().st_ctime_ns)
                 for folder in ("content", "feeds") for p in (site / folder).rglob("*"))
    probe = site.parent / "tick"
    for _ in range(10_000):
        probe.write_bytes(b"")
        if probe.stat().st_mtime_ns > newest:
            return
        time.sleep(0.001)
    raise AssertionError("the file-system clock does not move")


def no_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the whole pipeline ran")
    monkeypatch.setattr(build_module, "build_locked", refuse)


@pytest.fixture
def recent(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file changed in the last 1,000 s counts as recent: the copied
    sample site stays recent however slow the machine (the two seconds of
    RACY_NS stay as they are)."""
    monkeypatch.setattr(digests, "CLOCK_MARGIN_NS", 10**12)


@pytest.fixture
def other_clock(recent: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """As if .newswire/ were on another file system than the inputs (another
    clock): recent inputs are then hashed."""
    monkeypatch.setattr(run_module, "_clock_device", lambda paths: None)


def inputs(site: Path) -> set[str]:
    return {os.fspath(p) for folder in ("content", "feeds")
            for p in (site / folder).rglob("*") if p.is_file()}


def test_right_after_the_inputs_were_written_the_next_build_is_skipped(
        site: Path, recent: None, monkeypatch: pytest.MonkeyPatch) -> None:
    after_a_tick(site)
    first = build_here(site)
    assert not first.unchanged and first.articles > 0
    record = last_build(site)
    # one file system: changed before the reference tick, the stat is enough
    assert record.verified == () and record.newest_ns == 0
    newest = max(max(os.stat(p).st_mtime_ns, os.stat(p).st_ctime_ns) for p in inputs(site))
    assert record.exact_newest_ns == newest < record.reference_ns
    assert newest + digests.RACY_NS > record.reference_ns  # recent indeed
    no_pipeline(monkeypatch)
    second = build_here(site)
    assert second.unchanged
    assert [str(d) for d in second.diagnostics] == [str(d) for d in first.diagnostics]
    assert second.result is not None and second.result.written == []


def test_recent_inputs_on_another_file_system_are_hashed(
        site: Path, other_clock: None, monkeypatch: pytest.MonkeyPatch) -> None:
    after_a_tick(site)
    build_here(site)
    record = last_build(site)
    assert {path for path, _ in record.verified} == inputs(site)
    text = site / TEXT
    assert dict(record.verified)[os.fspath(text)] == hashlib.sha256(
        text.read_bytes()).hexdigest()
    assert record.newest_ns == 0 and record.trusted()
    no_pipeline(monkeypatch)
    assert build_here(site).unchanged


def test_a_recent_file_is_checked_by_content(
        site: Path, other_clock: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """A change the stat cannot show (made in the clock tick of the file's
    previous change) shows in the content: here the record says the build
    hashed other bytes than the file holds."""
    after_a_tick(site)
    build_here(site)
    record = last_build(site)
    text = os.fspath(site / TEXT)
    other = hashlib.sha256(b"other bytes").hexdigest()
    set_last_build(site, LastBuild(**{**vars(record), "verified": tuple(
        (path, other if path == text else digest) for path, digest in record.verified)}))
    assert not build_here(site).unchanged
    no_pipeline(monkeypatch)
    assert build_here(site).unchanged  # that build recorded the bytes as they are


@pytest.mark.parametrize("clock", ["same", "other"])
def test_a_recent_file_changed_with_the_same_size_and_mtime_is_rebuilt(
        site: Path, recent: None, monkeypatch: pytest.MonkeyPatch, clock: str) -> None:
    if clock == "other":
        monkeypatch.setattr(run_module, "_clock_device", lambda paths: None)
    after_a_tick(site)
    build_here(site)
    text = site / TEXT
    before = text.stat()
    data = text.read_bytes()
    assert b"Kim thanked Putin" in data
    text.write_bytes(data.replace(b"Kim thanked Putin", b"Kim thanked Putyn"))
    os.utime(text, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (text.stat().st_size, text.stat().st_mtime_ns) == (before.st_size,
                                                              before.st_mtime_ns)
    report = build_here(site)
    assert not report.unchanged
    page = site / "public" / "000-9b5066fb76f96e2d" / "index.html"
    assert "Kim thanked Putyn" in page.read_text()


@pytest.mark.parametrize("clock", ["same", "other"])
def test_recent_files_changed_in_the_reference_tick_are_not_trusted(
        site: Path, recent: None, monkeypatch: pytest.MonkeyPatch, clock: str) -> None:
    """When the last change of an input is not strictly before the build's
    reference time (the same tick of the file-system clock), a change after
    the build read it could look like no change at all."""
    if clock == "other":
        monkeypatch.setattr(run_module, "_clock_device", lambda paths: None)
    after_a_tick(site)
    build_here(site)
    record = last_build(site)
    assert record.trusted() and build_here(site).unchanged
    set_last_build(site, LastBuild(**{**vars(record),
                                      "exact_newest_ns": record.reference_ns}))
    assert not build_here(site).unchanged


def test_a_published_file_deleted_or_edited_means_a_real_build(
        site: Path, recent: None) -> None:
    after_a_tick(site)
    build_here(site)
    assert build_here(site).unchanged
    page = site / "public" / "000-9b5066fb76f96e2d" / "index.html"
    good = page.read_bytes()
    page.unlink()
    assert not build_here(site).unchanged
    assert page.read_bytes() == good
    assert build_here(site).unchanged
    page.write_bytes(good.replace(b"<html", b"<HTML", 1))  # same size
    assert not build_here(site).unchanged
    assert page.read_bytes() == good
    assert build_here(site).unchanged
    # written again by hand, size and mtime put back: its ctime tells
    stamp = page.stat()
    probe = site.parent / "tick"
    while probe.write_bytes(b"") is not None and \
            probe.stat().st_mtime_ns <= last_build(site).published_ns:
        time.sleep(0.001)
    page.write_bytes(good.replace(b"<html", b"<HTML", 1))
    os.utime(page, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert (page.stat().st_size, page.stat().st_mtime_ns) == (stamp.st_size,
                                                              stamp.st_mtime_ns)
    assert not build_here(site).unchanged  # not skipped: the publisher decides


def test_an_interrupted_build_row_means_a_real_build(site: Path, recent: None) -> None:
    """A manifest row without a digest (a file an interrupted build may have
    written) is never taken for published."""
    after_a_tick(site)
    build_here(site)
    conn = sqlite3.connect(site / ".newswire" / "derived.sqlite")
    try:
        with conn:
            conn.execute("UPDATE manifest SET sha256 = '' WHERE path = ?", (b"index.html",))
    finally:
        conn.close()
    assert not build_here(site).unchanged
    assert build_here(site).unchanged


def test_snapshot_hashes_only_recent_regular_files_of_another_clock(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    old, new = folder / "old.md", folder / "sub" / "new.md"
    old.write_bytes(b"old")
    new.write_bytes(b"new")
    os.utime(old, ns=(10**18, 10**18))  # mtime in 2001; its ctime is now
    os.mkfifo(folder / "pipe.md")  # never opened (it would block)
    since = new.stat().st_ctime_ns
    snap = digests.snapshot([folder], [], [], verify_since_ns=since)
    assert dict(snap.verified) == {os.fspath(old): hashlib.sha256(b"old").hexdigest(),
                                   os.fspath(new): hashlib.sha256(b"new").hexdigest()}
    assert snap.exact_newest_ns >= since
    assert snap.newest_ns == (folder / "pipe.md").stat().st_ctime_ns
    later = digests.snapshot([folder], [], [], verify_since_ns=since + 10**12)
    assert later.verified == () and later.digest == snap.digest
    assert later.exact_newest_ns == 0 and later.newest_ns >= snap.exact_newest_ns
    # on the file system whose clock gives the reference time: nothing to hash
    local = digests.snapshot([folder], [], [], verify_since_ns=since,
                             same_clock=folder.stat().st_dev)
    assert local.verified == () and local.newest_ns == 0 and local.digest == snap.digest
    assert local.exact_newest_ns == later.newest_ns


def test_snapshot_sees_what_the_stat_shows(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "a").mkdir(parents=True)
    (folder / "a" / "x.md").write_bytes(b"x")
    (folder / "b.md").write_bytes(b"b")
    seen = {digests.snapshot([folder], [], []).digest}

    def changed() -> bool:
        digest = digests.snapshot([folder], [], []).digest
        new = digest not in seen
        seen.add(digest)
        return new
    (folder / "c").mkdir()
    (folder / "target").mkdir()
    (folder / "c" / "y.md").write_bytes(b"")
    assert changed()
    (folder / "c" / "y.md").rename(folder / "a" / "y.md")  # moved to another folder
    assert changed()
    (folder / "link").symlink_to(folder / "target")  # a link to a folder, not followed
    assert changed()
    (folder / "dangling.md").symlink_to(folder / "nowhere.md")
    assert changed()
    os.utime(folder / "b.md", ns=(10**18, 10**18))
    assert changed()
    assert not changed()
    assert digests.snapshot([folder], [], ["drafts=True"]).digest not in seen


def test_a_build_with_one_edit_imports_only_what_it_uses(site: Path) -> None:
    """Pillow is imported to measure an image, charset_normalizer to guess
    the encoding of text that is not UTF-8: a build where one Markdown
    article changed, on a site without images, needs neither."""
    import shutil
    import subprocess
    import sys

    from conftest import build, cli_env

    (site / "feeds" / "podcast.toml").unlink()  # its artwork is an image
    shutil.rmtree(site / "content" / "podcast")
    for image in [*site.rglob("*.png"), *site.rglob("*.jpg")]:
        image.unlink()
    build(site)
    article = site / "content" / "newsroom" / "welcome.md"
    article.write_text(article.read_text("utf-8") + "\nOne more line.\n", "utf-8")
    unused = ("PIL", "charset_normalizer", "dateparser")
    script = (
        "import sys\n"
        "from newswire.cli import main\n"
        f"sys.argv = ['newswire', '--site', {str(site)!r}, 'build', '-v', '--now', "
        "'2027-01-01T00:00:00Z']\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
        f"print(sorted(m for m in sys.modules if m.startswith({unused!r})))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=cli_env(), check=True)
    assert "read 1 article file(s)" in done.stdout
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout


def test_the_first_build_of_a_site_just_written_is_skipped_next_time(
        site: Path, recent: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """No .newswire/ yet: it will be made in the site's folder, whose clock
    then stamps the journal, so nothing needs hashing."""
    assert not (site / ".newswire").exists()
    assert run_module._clock_device(SitePaths(site)) == site.stat().st_dev
    after_a_tick(site)
    build_here(site)
    record = last_build(site)
    assert record.verified == () and record.trusted()
    no_pipeline(monkeypatch)
    assert build_here(site).unchanged
