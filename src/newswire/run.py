"""One run of ``newswire build``: the lock, and the shortcut when nothing changed.

Cron runs ``newswire build`` every few minutes, and most runs find nothing
new (README "Building by cron"). This module holds what such a run needs and
nothing more, so it starts in a few milliseconds: the lock, and the check
that the inputs, "now" and the published files are what the last complete
build saw and left (:class:`~newswire.state.lastbuild.LastBuild`, read from
the database with one query, and the manifest with another). When they are,
the build is not repeated: its report is. Otherwise the pipeline in
:mod:`newswire.build` (readers, feeds, pages, validation) is imported and
run, the lock still held. The dependency runs one way: this module imports
:mod:`newswire.build`, never the reverse; the types both use are in
:mod:`newswire.options`.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sqlite3
import stat
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from .claim import MARKER
from .clock import latest_now
from .errors import Diagnostic
from .options import BuildOptions, BuildReport, SitePaths
from .publish import Publisher, PublishResult
from .state import digests
from .state.digests import Snapshot, file_digest, snapshot
from .state.lastbuild import BY_NAME_SUFFIXES, LAST_BUILD, LastBuild, own_files
from .state.lock import site_lock
from .state.store import peek

__all__ = ["BuildOptions", "BuildReport", "SitePaths", "build", "inputs_snapshot",
           "trusted_record", "unchanged_build"]


def build(root: Path, options: BuildOptions, paths: SitePaths | None = None) -> BuildReport:
    """Build the site in ``root`` into ``root/public`` (or where ``paths`` say:
    ``newswire serve``'s preview has its own output and state folders).

    Holding the site's lock: after an interrupted build, its temporary files
    are deleted; when nothing changed since the last complete build, its
    report is returned and nothing is read or written; otherwise the whole
    pipeline runs (:func:`newswire.build.build_locked`).

    Args:
        root: the site folder (holding ``feeds/`` and ``content/``).
        options: see :class:`~newswire.options.BuildOptions`.

    Returns:
        The report; article problems are diagnostics, not exceptions.

    Raises:
        ConfigError: the site or a feed file is wrong (nothing is built).
        StateError: the identity ledger is damaged or missing (nothing is built).
        LockTimeout: another build held the lock for ``options.wait`` seconds.
        OutputError: an output file could not be written.
    """
    paths = paths or SitePaths(root)
    if not (paths.feeds / "site.toml").is_file():
        from .config import load_site
        load_site(paths.feeds)  # raises the error that says what is missing
    with site_lock(paths.lock_file, options.wait):
        interrupted = paths.journal_file.exists()
        if interrupted:
            Publisher(paths.public, journal=paths.journal_file).recover(paths.state_dir)
        # a time of the clock of .newswire/ before the snapshot: the edit
        # path reads only the edited files, so its record counts a change
        # made while the snapshot was taken or after as one still to read
        before_ns = None if interrupted else _clock_now(paths.lock_file)
        inputs = inputs_snapshot(paths, options)
        checked = None if interrupted else trusted_record(paths, options)
        if checked is not None:
            report = unchanged_build(paths, options, inputs, checked)
            if report is not None:
                return report
            from .edits import edited_build
            with collector_paused():
                report = edited_build(paths, options, inputs, checked, before_ns)
            if report is not None:
                return report
        from .build import build_locked
        with collector_paused():
            return build_locked(paths, options, inputs)


def _clock_now(path: Path) -> int | None:
    """The current time (ns) of the clock of the file system holding
    ``path``, read by setting its mtime to now; None when it cannot be."""
    try:
        os.utime(path)
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while the block runs, then as
    it was. A build allocates millions of objects that live until it ends
    (articles, entries, records) and makes almost no reference cycles (under
    a thousand objects at 10,000 articles, measured with ``gc.collect()``
    after a build): each full collection walked every live object for
    nothing, about a third of the time of a one-edit rebuild at 10,000
    articles. Reference counting still frees everything else at once, and
    the few cycles are collected after the block (``newswire serve`` builds
    again and again in one process)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def inputs_snapshot(paths: SitePaths, options: BuildOptions) -> Snapshot:
    """The build's inputs before anything reads them: feeds/, content/,
    newswire's code and the options that change output. (The ledger is
    checked apart, as the last build left it: builds write it.) Files of
    another file system than the state folder's changed in the last few
    seconds are hashed as well (see :mod:`newswire.state.lastbuild` for why)."""
    # The system clock only chooses which files to hash: whether a record
    # may be trusted is decided against a file-system time (LastBuild.trusted).
    recent = time.time_ns() - digests.RACY_NS - digests.CLOCK_MARGIN_NS
    return snapshot([paths.feeds, paths.content], [],
                    [f"drafts={options.drafts}", f"future={options.future}",
                     f"strict={options.strict}", f"base_url={options.base_url}"],
                    verify_since_ns=recent, same_clock=_clock_device(paths),
                    articles=(paths.content, BY_NAME_SUFFIXES))


def _clock_device(paths: SitePaths) -> int | None:
    """The device of the file system whose clock stamps the build's journal:
    the state folder's, or before the first build made it, that of the
    nearest folder above it (where it will be made); None if none is found."""
    folder = os.path.abspath(paths.state_dir)
    while True:
        try:
            return os.stat(folder).st_dev
        except OSError:
            parent = os.path.dirname(folder)
            if parent == folder:
                return None
            folder = parent


Checked = tuple[LastBuild, list[tuple[bytes, int, int]]]
"""What :func:`trusted_record` gives."""


def unchanged_build(paths: SitePaths, options: BuildOptions, inputs: Snapshot,
                    checked: Checked | None = None) -> BuildReport | None:
    """The report of the last build when a build now would change nothing:
    same inputs (by stat, and by content for those the last build's
    snapshot hashed), same articles published at this "now", the ledger and
    every file it published still as it left them (size and mtime, and not
    changed since by its ctime; the database still lists as many files as
    it published). Else None (also when the database is
    missing or damaged: the full build then deals with it). ``checked``:
    what :func:`trusted_record` gave, when the caller called it already."""
    checked = checked or trusted_record(paths, options)
    if checked is None:
        return None
    record, published = checked
    if record.inputs != inputs.digest or not _same_contents(record.verified, inputs.verified):
        return None
    report = BuildReport(articles=record.articles, unchanged=True, left_out=record.left_out)
    report.diagnostics = [Diagnostic(level, message, Path(where) if where else None, line)
                          for level, message, where, line in record.diagnostics]
    # Nothing was published: every file is unchanged, in the manifest's order
    # (no stamp is made for each, so the result's manifest stays empty).
    report.result = PublishResult(unchanged=[
        path.decode("utf-8", "surrogateescape") for path, _, _ in published])
    return report


def trusted_record(paths: SitePaths, options: BuildOptions) -> Checked | None:
    """The record of the last complete build and the stat of the files it
    published (path below ``public/`` as UTF-8 bytes, size, mtime_ns) when
    that build's view of the site still holds (its inputs are for the
    caller to compare): it publishes the same articles at this "now", the
    clock did not move back, the ledger and every file it published are as
    it left them. Else None."""
    store = peek(paths.database_file)
    if store is None:
        return None
    try:
        record = LastBuild.from_plain(store.record(LAST_BUILD))
        if record is None or not record.covers(options.now) or not record.trusted() \
                or record.outputs != own_files(paths.state_dir):
            return None
        latest = latest_now(store)
        if latest is not None and options.now < latest:
            return None  # the clock moved back: a build says so
        published = store.published_stats()
    except sqlite3.Error:
        return None
    finally:
        store.close()
    if not published or len(published) != record.files \
            or not _as_published(paths.public, published, record.published_ns) \
            or not _claim_kept(paths.public, record.published_ns):
        return None
    return record, published


def _same_contents(recorded: tuple[tuple[str, str], ...],
                   hashed_now: tuple[tuple[str, str], ...]) -> bool:
    """True when every file the last build hashed (path, SHA-256) still has
    those bytes; hashed again unless this build's snapshot just did."""
    if not recorded:
        return True
    now = dict(hashed_now)
    return all((now.get(path) or file_digest(path)) == digest for path, digest in recorded)


def _claim_kept(public: Path, published_ns: int) -> bool:
    """True when the output folder's claim (:data:`newswire.claim.MARKER`,
    not in the manifest) is still the regular file the last build left,
    changed last no later than ``published_ns``; a claim deleted or replaced
    since is written again by a full build (:func:`newswire.claim.claim_output`)."""
    try:
        st = os.stat(os.path.join(public, MARKER))
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and st.st_ctime_ns <= published_ns


def _as_published(public: Path, published: list[tuple[bytes, int, int]],
                  published_ns: int) -> bool:
    """True when each file (path relative to ``public`` as UTF-8 bytes, size,
    mtime_ns) is there with that size and mtime, and changed last no later
    than ``published_ns`` (its ctime: writing it by hand and putting its
    mtime back shows there): one ``stat`` each, nothing built per file but
    the path."""
    stat = os.stat
    try:
        prefix = os.fsencode(os.fspath(public) + "/")
        if sys.getfilesystemencoding() != "utf-8":  # the rows hold UTF-8
            published = [(os.fsencode(path.decode("utf-8", "surrogateescape")), size, mtime)
                         for path, size, mtime in published]
        for path, size, mtime_ns in published:
            st = stat(prefix + path)
            if st.st_mtime_ns != mtime_ns or st.st_size != size \
                    or st.st_ctime_ns > published_ns:
                return False
    except (OSError, UnicodeError):
        return False
    return True
