"""Published files changed by hand, and inputs changed in ways their stat
hides (README "Building by cron"): the build that follows publishes what a
build from scratch of the same inputs would, never the hand-made version."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import tempfile
import time
from pathlib import Path

import pytest
from conftest import NOW_DT, SEED

from newswire import publish
from newswire import run as run_module
from newswire.build import BuildOptions


def build_here(site: Path) -> run_module.BuildReport:
    return run_module.build(site, BuildOptions(now=NOW_DT))


def after_a_tick(path: Path) -> None:
    """Wait until the file-system clock is past ``path``'s last change."""
    changed = path.stat().st_ctime_ns
    probe = path.parent / ".tick"
    for _ in range(10_000):
        probe.write_bytes(b"")
        if probe.stat().st_mtime_ns > changed:
            probe.unlink()
            return
        time.sleep(0.001)
    raise AssertionError("the file-system clock does not move")


def settled(site: Path) -> None:
    """Wait until the file-system clock is past every input's last change,
    so that the next build may be trusted by a run after it."""
    newest = max((p for folder in ("content", "feeds") for p in (site / folder).rglob("*")),
                 key=lambda p: p.stat().st_ctime_ns)
    after_a_tick(newest)


def rewrite_keeping_stat(path: Path, data: bytes) -> None:
    """Write ``data`` (of the file's size) and put the old mtime back."""
    stamp = path.stat()
    assert len(data) == stamp.st_size
    path.write_bytes(data)
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))


def test_a_page_edited_by_hand_with_its_stat_put_back_is_published_again(
        site: Path) -> None:
    build_here(site)
    page = site / "public" / SEED.replace("_", "-") / "index.html"
    good = page.read_bytes()
    after_a_tick(page)
    rewrite_keeping_stat(page, good.replace(b"<html", b"<HTML", 1))
    report = build_here(site)
    assert not report.unchanged
    assert page.read_bytes() == good
    assert "000-9b5066fb76f96e2d/index.html" in report.result.written
    assert build_here(site).unchanged


def test_a_feed_edited_by_hand_with_its_stat_put_back_is_published_again(
        site: Path) -> None:
    build_here(site)
    feed = next((site / "public").rglob("atom.xml"))
    good = feed.read_bytes()
    after_a_tick(feed)
    rewrite_keeping_stat(feed, good.replace(b"<feed", b"<FEED", 1))
    assert not build_here(site).unchanged
    assert feed.read_bytes() == good
    # and once more: the build after a hand edit left it as published
    after_a_tick(feed)
    rewrite_keeping_stat(feed, good.replace(b"<feed", b"<fEEd", 1))
    build_here(site)
    assert feed.read_bytes() == good


def _other_file_system(site: Path) -> Path:
    """A folder on a file system other than the site's (``/dev/shm``, a
    tmpfs on Linux), or a skip when there is none."""

    shm = Path("/dev/shm")
    if not shm.is_dir() or not os.access(shm, os.W_OK) \
            or shm.stat().st_dev == site.parent.stat().st_dev:
        pytest.skip("no other file system to put public/ on")
    return Path(tempfile.mkdtemp(dir=shm))


def test_public_on_another_file_system_edited_by_hand_means_a_real_build(
        site: Path) -> None:
    elsewhere = _other_file_system(site)
    try:
        (site / "public").symlink_to(elsewhere)
        settled(site)
        build_here(site)
        assert build_here(site).unchanged
        page = elsewhere / SEED.replace("_", "-") / "index.html"
        good = page.read_bytes()
        after_a_tick(page)
        rewrite_keeping_stat(page, good.replace(b"<html", b"<HTML", 1))
        assert not build_here(site).unchanged
        assert page.read_bytes() == good
        assert build_here(site).unchanged
    finally:
        shutil.rmtree(elsewhere)


def test_an_input_with_a_future_mtime_does_not_defeat_the_shortcut(site: Path) -> None:
    """An article copied with its mtime in the future (``touch -d``, a
    camera's or laptop's clock set wrong, ``rsync -t``) changes nothing
    after the build that read it: later runs are skipped, and a real edit
    (its ctime shows it) is still seen."""
    article = site / "content" / f"{SEED}.txt"
    future = 2_208_988_800 * 10**9  # 2040-01-01
    os.utime(article, ns=(future, future))
    settled(site)  # the build starts in a later tick than any change
    build_here(site)
    assert build_here(site).unchanged
    text = article.read_bytes()
    i = text.index(b"the ")
    after_a_tick(article)
    rewrite_keeping_stat(article, text[:i] + b"THE " + text[i + 4:])
    report = build_here(site)
    assert not report.unchanged and report.result.written


def test_a_lost_row_of_the_published_files_means_a_real_build(site: Path) -> None:
    """The database lost the row of a published file (damaged, edited by
    hand): that file can no longer be checked, so a run is not skipped, and
    the file deleted meanwhile comes back."""
    settled(site)
    build_here(site)
    assert build_here(site).unchanged
    page = SEED.replace("_", "-") + "/index.html"
    good = (site / "public" / page).read_bytes()
    conn = sqlite3.connect(site / ".newswire" / "derived.sqlite")
    try:
        with conn:
            assert conn.execute("DELETE FROM manifest WHERE path = ?",
                                (page.encode(),)).rowcount == 1
    finally:
        conn.close()
    (site / "public" / page).unlink()
    assert not build_here(site).unchanged
    assert (site / "public" / page).read_bytes() == good
    assert build_here(site).unchanged


def test_a_published_file_made_unreadable_is_published_again(
        site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page whose mode was changed by hand so that the build cannot read
    it back (``chmod 000``, for a build not run by root) is written again,
    readable, instead of stopping the build."""
    build_here(site)
    page = site / "public" / SEED.replace("_", "-") / "index.html"
    good = page.read_bytes()
    after_a_tick(page)
    page.chmod(0)
    real = open

    def denied(file, *args, **kwargs):  # what a build not run by root meets
        if Path(file) == page and not stat.S_IMODE(os.stat(file).st_mode) & 0o444:
            raise PermissionError(13, "Permission denied", str(file))
        return real(file, *args, **kwargs)
    monkeypatch.setattr(publish, "open", denied, raising=False)
    report = build_here(site)
    assert not report.errors
    assert stat.S_IMODE(page.stat().st_mode) & 0o444
    assert page.read_bytes() == good


def test_the_output_folders_marker_deleted_means_a_real_build(site: Path) -> None:
    """``public/.newswire-site.json`` keeps another site from building into
    this one's folder; deleted (or edited) by hand, the next run writes it
    again instead of being skipped."""
    settled(site)
    build_here(site)
    assert build_here(site).unchanged
    marker = site / "public" / ".newswire-site.json"
    good = marker.read_bytes()
    marker.unlink()
    assert not build_here(site).unchanged
    assert marker.read_bytes() == good
    assert build_here(site).unchanged
    marker.write_text('{"format": 1, "site": "/elsewhere", "base_url": ""}\n')
    assert not build_here(site).unchanged
    assert marker.read_bytes() == good


def test_a_clock_reading_behind_the_files_just_written_costs_no_build(
        site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The time read after publishing (``published_time``) may run behind the
    ctimes the file system gave the files just written (a network file
    system that stamps files with the server's clock and utime with the
    client's): those files are still taken as the build left them, so the
    run after an edit is skipped."""
    from newswire import build as build_module

    real = build_module.published_time
    monkeypatch.setattr(build_module, "published_time",
                        lambda journal, public: real(journal, public) - 60 * 10**9)
    build_here(site)
    text = site / "content" / f"{SEED}.txt"
    text.write_bytes(text.read_bytes().replace(b"Putin", b"Mr Putin", 1))
    after_a_tick(text)
    edited = build_here(site)
    assert edited.result.written
    assert build_here(site).unchanged


@pytest.mark.parametrize("name", ["empty-feeds.json", "updated.json"])
def test_a_state_file_changed_by_hand_means_a_real_build(site: Path, name: str) -> None:
    """The records beside the ledger that decide published bytes (the
    moments feeds became empty; with ``updated = "auto"``, when each
    article's text changed, a file to commit when building on more than
    one machine): deleted, edited or pulled from elsewhere, the next run
    builds with them instead of being skipped."""
    settings = site / "feeds" / "site.toml"
    settings.write_text(settings.read_text() + 'updated = "auto"\n')
    settled(site)
    build_here(site)
    record = site / ".newswire" / name
    assert record.is_file()
    assert build_here(site).unchanged
    record.write_bytes(record.read_bytes())  # the same bytes, written again
    assert not build_here(site).unchanged
    assert build_here(site).unchanged
    record.unlink()
    assert not build_here(site).unchanged
    assert record.is_file()
