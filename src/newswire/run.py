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
import signal
import sqlite3
import stat
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from .claim import MARKER
from .clock import latest_now
from .errors import Recorded
from .options import BuildOptions, BuildReport, SitePaths
from .publish import Publisher, PublishResult
from .state import digests
from .state.digests import Snapshot, file_digest, snapshot
from .state.lastbuild import BY_NAME_SUFFIXES, LAST_BUILD, SAID, LastBuild, own_files
from .state.lock import site_lock
from .state.store import peek

__all__ = ["BuildOptions", "BuildReport", "PendingCheck", "SitePaths", "begin_check", "build",
           "PublishedPaths", "inputs_snapshot", "published_paths", "said_again", "trusted_record",
           "unchanged_build"]


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
        # the published files are checked while the inputs are listed
        with contextlib.closing(begin_check(paths, options, interrupted)) as started:
            inputs = inputs_snapshot(paths, options)
            checked = None if interrupted else trusted_record(paths, options, started)
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


Rows = list[tuple[bytes, int, int]]
"""The manifest's stat rows: path below ``public/`` (UTF-8 bytes), size,
mtime_ns."""

Checked = tuple[LastBuild, "Rows | Callable[[], Rows]"]
"""What :func:`trusted_record` gives: the last build's record and the
manifest's stat rows, or a callable that reads them (when a child process
checked them)."""


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
    report.diagnostics = said_again(record)  # type: ignore[assignment]
    # Nothing was published: every file is unchanged, in the manifest's order
    # (no stamp is made for each, so the result's manifest stays empty).
    report.result = PublishResult(  # type: ignore[arg-type]
        unchanged=published_paths(published, files=record.files))
    return report


def said_again(record: LastBuild) -> Recorded:
    """The diagnostics of the build of ``record``, as that build reported
    them, for a build that repeats them: kept as recorded (see
    :class:`~newswire.errors.Recorded`)."""
    return Recorded(record.diagnostics)


def published_paths(published: Rows | Callable[[], Rows],
                    leaving: set[str] | None = None, files: int = -1) -> PublishedPaths:
    """The paths (below ``public/``, as text) of the manifest's rows that
    :func:`trusted_record` gives (or a callable giving them, and ``files``,
    their number), in their order, but those in ``leaving`` (each of which
    is among them)."""
    return PublishedPaths(published, leaving or set(), files)


class PublishedPaths(Sequence[str]):
    """The paths (below ``public/``, as text) of the files a build left as
    they were, for a build that repeats its report or rewrote a few files
    (:attr:`PublishResult.unchanged`): the manifest's rows (path as UTF-8
    bytes, size, mtime_ns), in their order, but the paths in ``leaving``
    (each of which is among them). A path is decoded only when asked for:
    a site has a hundred thousand files, and the report rarely lists them
    (``--verbose`` does not)."""

    __slots__ = ("_files", "_leaving", "_list", "_rows")

    def __init__(self, rows: Rows | Callable[[], Rows], leaving: set[str],
                 files: int = -1) -> None:
        self._rows, self._leaving = rows, leaving
        self._files = files if callable(rows) else len(rows)
        self._list: list[str] | None = None

    def _paths(self) -> list[str]:
        if self._list is None:
            rows = self._rows() if callable(self._rows) else self._rows
            paths = [path.decode("utf-8", "surrogateescape") for path, _, _ in rows]
            self._list = [p for p in paths if p not in self._leaving] \
                if self._leaving else paths
        return self._list

    def __len__(self) -> int:
        if self._list is None and self._files >= 0:
            return self._files - len(self._leaving)
        return len(self._paths())

    def __getitem__(self, index):  # type: ignore[no-untyped-def, override]
        return self._paths()[index]

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PublishedPaths):
            return self._paths() == other._paths()
        return isinstance(other, list) and self._paths() == other

    __hash__ = None  # type: ignore[assignment]


def trusted_record(paths: SitePaths, options: BuildOptions,
                   started: PendingCheck | None = None) -> Checked | None:
    """The record of the last complete build and the stat of the files it
    published (path below ``public/`` as UTF-8 bytes, size, mtime_ns) when
    that build's view of the site still holds (its inputs are for the
    caller to compare): it publishes the same articles at this "now", the
    clock did not move back, the ledger and every file it published are as
    it left them. Else None.

    ``started``: what :func:`begin_check` gave for the same site and
    options, when the caller began the check earlier (to do other work while
    the published files are looked at); None: all of it is done now."""
    if started is None:  # nothing to do meanwhile: no child
        with contextlib.closing(begin_check(paths, options, in_child=False)) as pending:
            return pending.result()
    return started.result()


def begin_check(paths: SitePaths, options: BuildOptions, skip: bool = False,
                in_child: bool = True) -> PendingCheck:
    """The first part of :func:`trusted_record`: the record of the last
    complete build and the manifest read from the database and checked;
    then the check that every file it published is still as it left it (one
    ``stat`` each, :func:`_as_published`) begins in a child process when
    there are many such files (and ``in_child``), and
    :meth:`PendingCheck.result` gives the answer. Close what it returns
    (:func:`contextlib.closing`). ``skip``: nothing is read (the answer is
    None)."""
    found = None if skip else _record_and_manifest(paths, options, in_child)
    if found is None:
        return PendingCheck(paths.public, None, [])
    return PendingCheck(paths.public, *found, in_child=in_child, database=paths.database_file)


def _record_and_manifest(paths: SitePaths, options: BuildOptions, in_child: bool = False
                         ) -> tuple[LastBuild, list[tuple[bytes, int, int]] | None] | None:
    """The last complete build's record and its manifest's stat rows, when
    the record holds for this "now" and these state files, and the manifest
    is whole; else None. The rows are None (not read here) when a child
    process will read and check them (:class:`PendingCheck`): 108,649 rows
    cost the main process 0.1 s."""
    store = peek(paths.database_file)
    if store is None:
        return None
    try:
        record = LastBuild.from_plain(store.record(LAST_BUILD), store.record(SAID))
        if record is None or not record.covers(options.now) or not record.trusted() \
                or record.outputs != own_files(paths.state_dir):
            return None
        latest = latest_now(store)
        if latest is not None and options.now < latest:
            return None  # the clock moved back: a build says so
        if in_child and _in_child(record.files):
            return record, None
        published = _whole(store.published_stats(), record.files)
    except sqlite3.Error:
        return None
    finally:
        store.close()  # before any child process starts: a connection is not shared
    return None if published is None else (record, published)


def _whole(published: list[tuple[bytes, int, int]] | None, files: int
           ) -> list[tuple[bytes, int, int]] | None:
    """``published`` when it is the manifest of a complete build of
    ``files`` files, else None."""
    return published if published and len(published) == files else None


def _fetched(database: Path, files: int) -> list[tuple[bytes, int, int]] | None:
    """The manifest's stat rows read from ``database`` when they are those
    of a complete build of ``files`` files, else None."""
    store = peek(database)
    if store is None:
        return None
    try:
        return _whole(store.published_stats(), files)
    except sqlite3.Error:
        return None
    finally:
        store.close()


def _in_child(files: int) -> bool:
    """True when :class:`PendingCheck` checks ``files`` published files in
    a child process."""
    return files >= FORK_FROM and _may_fork()


FORK_FROM = 4096
"""The number of published files from which :func:`begin_check` checks them
in a child process: below it, their ``stat`` costs less than starting one
(about 2 ms). A thread would not do: the snapshot is Python between short
system calls, and two threads handing the interpreter lock to each other at
every ``stat`` took longer than one thread doing both (measured at 100,000
articles on 2 cores)."""


class PendingCheck:
    """The published files' check of :func:`trusted_record` under way: in a
    child process (forked, so it starts at once with the manifest already
    in memory), or to be done by :meth:`result` itself.

    The child's only answer is its exit status: 0 when every file is as
    published, anything else (a file changed, an error, a signal) leads to
    the whole pipeline, never to a skipped build. No child is started where
    the platform has no ``fork``, or while another thread runs (a thread
    holding a lock at the fork would leave it held in the child), nor for
    fewer than :data:`FORK_FROM` files, nor unless ``in_child`` is given."""

    def __init__(self, public: Path, record: LastBuild | None,
                 published: list[tuple[bytes, int, int]] | None, in_child: bool = False,
                 database: Path | None = None) -> None:
        self.public, self.record, self.database = public, record, database
        self._published = published
        self._pid: int | None = None
        if in_child and record is not None and _in_child(
                record.files if published is None else len(published)):
            self._pid = _fork_check(public, published, record, database)

    @property
    def published(self) -> list[tuple[bytes, int, int]] | None:
        """The manifest's stat rows: read now from the database when the
        child was to read them (None when they are not a complete build's)."""
        if self._published is None and self.record is not None and self.database is not None:
            self._published = _fetched(self.database, self.record.files)
        return self._published

    def result(self) -> Checked | None:
        """What :func:`trusted_record` gives: the record and the manifest's
        stat when every published file is as that build left it, else None.
        Waits for the child, if any. When the child read the rows, they are
        read again here only if they are asked for (by the report's list of
        files left as they were): a callable gives them."""
        if self.record is None:
            return None
        if not self._as_published() or not _claim_kept(self.public, self.record.published_ns):
            return None
        if self._published is None:
            return self.record, lambda: self.published or []
        return self.record, self._published

    def _as_published(self) -> bool:
        pid, self._pid = self._pid, None
        if pid is not None:
            try:
                _, status = os.waitpid(pid, 0)
            except ChildProcessError:  # reaped by another (SIGCHLD ignored): check here
                pass
            else:
                return os.waitstatus_to_exitcode(status) == 0
        assert self.record is not None
        published = self.published
        return published is not None and \
            _as_published(self.public, published, self.record.published_ns)

    def close(self) -> None:
        """Stop the child, if it still runs (the caller gave up waiting)."""
        pid, self._pid = self._pid, None
        if pid is not None:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


def _may_fork() -> bool:
    """True when this process may fork for :class:`PendingCheck`: the
    platform has ``fork`` and no other thread runs."""
    threading = sys.modules.get("threading")  # not imported: no thread was started by it
    return hasattr(os, "fork") and (threading is None or threading.active_count() == 1)


def _fork_check(public: Path, published: list[tuple[bytes, int, int]] | None,
                record: LastBuild, database: Path | None) -> int | None:
    """The id of a child process that runs :func:`_as_published` and exits
    0 when it holds, 1 when not (or on any error); None when it cannot start.
    ``published`` None: the child reads the rows from ``database`` itself
    (and exits 1 unless they are those of a complete build of
    ``record.files`` files). The child closes the files it inherits (the
    site's lock among them: were this process killed, the lock goes with
    it) and leaves by :func:`os._exit`, running no clean-up of this
    process's."""
    try:
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:  # pragma: no cover (the child: coverage does not follow it)
        status = 1
        try:
            os.closerange(3, _max_fd())
            if published is None and database is not None:
                published = _fetched(database, record.files)
            if published is not None and \
                    _as_published(public, published, record.published_ns):
                status = 0
        finally:
            os._exit(status)
    return pid


def _max_fd() -> int:
    try:
        return os.sysconf("SC_OPEN_MAX")
    except (AttributeError, ValueError, OSError):
        return 1 << 16


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
