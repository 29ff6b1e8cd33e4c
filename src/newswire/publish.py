"""The only writer: every byte newswire puts on disk goes through here (README "Building by cron").

* Containment: a path that would leave its root is refused
  (``Path.resolve().is_relative_to()``), and so is writing one path twice.
* Unchanged files are not written at all: their mtime stays, so HTTP
  ``ETag``/``Last-Modified`` stay stable and readers get 304s.
* Atomic replacement: every changed file is first written in full to a
  temporary file in its own folder (created like any new file, mode 0666
  less the umask); all of them are made durable (one ``syncfs`` per file
  system on Linux, else an fsync each; :meth:`Publisher.write_back` may
  start that earlier, in the background, but every file is synced again
  before the first rename), and only then are they renamed over
  the old files: assets and pages first, feeds (which link to pages) last,
  then files of removed articles are deleted. A build killed at any moment
  leaves every file either old or new, never half-written; the next build
  deletes the temporary files it left (see :meth:`Publisher.recover`).
* A write that fails (disk full) before the renames leaves every file as it
  was.
"""

from __future__ import annotations

import functools
import hashlib
import os
import stat
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import jsonio
from .safeio import load_json
from .errors import OutputError

if TYPE_CHECKING:  # imported where a write-back is started
    import threading

__all__ = ["UNKNOWN", "FileStamp", "PublishResult", "Publisher", "StagedBytes", "atomic_write",
           "manifest_from_json", "manifest_to_json", "stage_bytes", "write_temp"]

TEMP_SUFFIX = ".newswire-tmp"
_ORDER = {"asset": 0, "page": 1, "feed": 2}
_SYNCERS = 16


@dataclass(frozen=True, slots=True)
class FileStamp:
    """What the last build wrote to one path: content digest, size, mtime (ns).

    Slotted: a build holds one per published file (the last build's
    manifest, then this one's).
    """

    sha256: str
    size: int
    mtime_ns: int


UNKNOWN = FileStamp("", -1, -1)
"""The stamp of a file a build may have written but did not finish recording."""


@dataclass
class PublishResult:
    """What a publish did: paths (POSIX, relative to the root) by outcome."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    manifest: dict[str, FileStamp] = field(default_factory=dict)
    newest_ctime_ns: int = -1
    """The latest change time (ns, the output file system's clock) of the
    files as published: the ctime of those written and of those compared by
    bytes, and for those kept by their stat the ``published_ns`` given to
    the :class:`Publisher`, which their ctime is not later than. -1 when no
    file was written or checked."""


def write_temp(path: str | os.PathLike[str], data: bytes, sync: bool = False) -> str:
    """Write ``data`` to a new temporary file beside ``path``; return its path
    (text: a build holds one per changed file until it publishes).
    With ``sync`` the file is fsynced too. On any error it is deleted.

    The file is created with mode 0666 less the umask, as any new file (not
    the 0600 of ``tempfile.mkstemp``), so a web server running as another
    user can read what is published.
    """
    folder, name = os.path.split(os.fspath(path))
    _make_folder(folder)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    while True:
        temp = os.path.join(folder, f".{name}.{os.urandom(4).hex()}{TEMP_SUFFIX}")
        try:
            fd = os.open(temp, flags, 0o666)
            break
        except FileExistsError:
            continue
    try:
        try:  # os.write on the descriptor: a file object costs more than the write
            _write_all(fd, data)
            if sync:
                os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        _unlink(temp)
        raise
    return temp


def _write_all(fd: int, data: bytes) -> None:
    """Write all of ``data`` to the open descriptor ``fd`` (``os.write`` may
    write less than it is given: it is called again for the rest)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _make_folder(folder: str) -> None:
    """Create ``folder`` and any missing folder above it, as
    ``Path.mkdir(parents=True, exist_ok=True)`` does: one system call when
    only the folder itself is missing or it is there.

    Raises:
        OSError: it cannot be created, or a file is in the way.
    """
    try:
        os.mkdir(folder)
    except FileExistsError:
        if not os.path.isdir(folder):
            raise
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)


def _unlink(path: str) -> None:
    """Delete the file at ``path`` if it is there."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _fsync(path: str) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_all(paths: Sequence[str]) -> None:
    """Make the data of every file durable before any of them is renamed.

    Where the system has ``syncfs`` (Linux), one call per file system the
    files are on (usually one) instead of one ``fsync`` per file: syncfs(2)
    writes back every dirty page and inode of that file system and returns
    when they are on disk, so when it returns each of these files' bytes are
    as durable as an fsync of each would have made them, and the renames
    that follow still replace every old file with a whole new one, after a
    crash or power loss as after a SIGKILL. It also reports a write-back
    error of the file system that nobody has seen yet (Linux 5.8 and later),
    as fsync does for its file. Elsewhere, every file is fsynced, a few at a
    time (the file system commits fsyncs that arrive together at once).

    Raises:
        OSError: the first failure, after every sync has finished.
    """
    if len(paths) < 2:
        for path in paths:
            _fsync(path)
        return
    syncfs = _syncfs()
    if syncfs is not None:
        devices: dict[int, str] = {}
        for path in paths:
            devices.setdefault(os.stat(path).st_dev, path)
        for path in devices.values():
            syncfs(path)
        return
    from concurrent.futures import ThreadPoolExecutor, wait

    with ThreadPoolExecutor(max_workers=min(_SYNCERS, len(paths))) as pool:
        futures = [pool.submit(_fsync, path) for path in paths]
        wait(futures)
    for future in futures:
        error = future.exception()
        if error is not None:
            raise error


_RENAMERS = 8
"""Threads renaming files at once, for a kind of more than :data:`_RENAMERS`
files (see :func:`_rename_kinds`)."""
_RENAME_BATCH = 512
"""Renames handed to those threads at once (see :func:`_rename_kinds`)."""


def _rename_kinds(moves: Sequence[tuple[str, str, str]],
                  new: Callable[[str], bool] | None = None) -> dict[str, str]:
    """Rename each ``(kind, temporary file, target)``, kinds in the order
    given (every file of one kind is in place before the first of the next
    is renamed), the files of a kind several at a time: renaming over an
    existing file frees the old one's blocks, which on a file system that
    discards freed blocks (ext4 mounted with ``discard``, on a virtual
    disk: about 3 ms a file measured) waits on the device; the waits
    overlap. Each rename stays atomic, and stays ordered against the
    files of other kinds.

    Args:
        moves: the renames, kinds together.
        new: tells a target that no file is known to be at (none was
            published there): such files are renamed one after the other
            in this thread, with nothing freed to wait on, before the
            others of their kind (handing each to a thread would cost more
            than the rename; a full build renames every file so).

    Returns:
        temporary file → target, for every move.

    Raises:
        OSError: the first rename that failed, once every rename of its
            kind has been tried (the renamed files stay: each is whole).
    """
    done: dict[str, str] = {}
    groups: list[list[tuple[str, str]]] = []
    last = None
    for kind, temp, target in moves:
        if kind != last or not groups:
            groups.append([])
            last = kind
        groups[-1].append((temp, target))

    def move(pair: tuple[str, str]) -> OSError | None:
        try:
            os.replace(*pair)
        except OSError as exc:
            return exc
        return None
    for group in groups:
        failed: list[OSError] = []
        if new is not None:
            fresh: list[tuple[str, str]] = []
            rest: list[tuple[str, str]] = []
            for pair in group:
                (fresh if new(pair[1]) else rest).append(pair)
            failed += [e for e in map(move, fresh) if e is not None]
            group = rest
        if len(group) <= _RENAMERS:
            failed += [e for e in map(move, group) if e is not None]
        else:
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(_RENAMERS, thread_name_prefix="newswire-rename") as pool:
                # a batch at a time: a pending rename costs a future with its
                # own lock (about 1.5 KB), 100,000 of them at once 150 MB
                failed += [e for start in range(0, len(group), _RENAME_BATCH)
                           for e in pool.map(move, group[start:start + _RENAME_BATCH])
                           if e is not None]
        if failed:
            raise failed[0]
    for _, temp, target in moves:
        done[temp] = target
    return done


@functools.cache
def _syncfs() -> Callable[[str], None] | None:
    """``syncfs`` of the file system holding a path, or None where the C
    library has none (only Linux does)."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        function = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int]

    def syncfs(path: str) -> None:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        try:
            if function(fd) != 0:
                error = ctypes.get_errno()
                raise OSError(error, os.strerror(error), str(path))
        finally:
            os.close(fd)
    return syncfs


def atomic_write(path: Path, data: bytes) -> bool:
    """Replace ``path`` with ``data`` atomically, fsynced; skip if unchanged.

    Returns:
        True if the file was written, False if it already held ``data``.

    Raises:
        OutputError: the file cannot be written (disk full, permissions).
    """
    try:
        if path.is_file() and path.read_bytes() == data:
            return False
        os.replace(write_temp(path, data, sync=True), path)
        return True
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", path) from None


StagedBytes = tuple[str, FileStamp | None, str | None]
"""What :func:`stage_bytes` did: (SHA-256 of the bytes, hex, the stamp of the
unchanged file already there or None, the path of the temporary file
written or None). Text and numbers only: a worker sends one back per page,
and a :class:`~pathlib.Path` made again from its pickle costs the build
several objects per file."""


def stage_bytes(target: str | os.PathLike[str], data: bytes,
                previous: FileStamp | None) -> StagedBytes:
    """The half of :meth:`Publisher.add` that touches the disk, safe to run in
    another process: compare ``data`` with the file at ``target`` (its stamp
    ``previous`` in the last build's manifest, if any) and, when it differs,
    write it to a new temporary file beside ``target``.

    Raises:
        OSError: the temporary file cannot be written (none is left behind).
    """
    digest = hashlib.sha256(data).hexdigest()
    stamp = _unchanged(target, data, digest, previous)
    if stamp is not None:
        return digest, stamp, None
    return digest, None, write_temp(target, data)


def _unchanged(target: str | os.PathLike[str], data: bytes, digest: str,
               previous: FileStamp | None) -> FileStamp | None:
    try:
        st = os.stat(target)
    except OSError:  # missing, or a folder in the way: written (or refused) later
        return None
    if not stat.S_ISREG(st.st_mode):  # a folder or a named pipe where the file goes:
        return None                   # never read; the rename replaces or refuses it
    if previous and previous.sha256 == digest and previous.size == st.st_size \
            and previous.mtime_ns == st.st_mtime_ns:
        return previous
    if st.st_size != len(data):
        return None
    try:
        with open(target, "rb") as handle:
            same = handle.read() == data
    except OSError:  # unreadable (its mode changed by hand): replaced, readable
        return None
    return FileStamp(digest, st.st_size, st.st_mtime_ns) if same else None


def _join(folder: str, name: str) -> str:
    """``os.path.join(folder, name)`` for an absolute ``folder`` and a ``name``
    without a slash (one part of a path), at a fraction of its cost."""
    return folder + name if folder.endswith("/") else folder + "/" + name


@dataclass(frozen=True, slots=True)
class _Staged:
    """A staged file: unchanged (``stamp``) or waiting in ``temp`` to be
    renamed: the temporary file's path, or only the random part of its
    name when it lies beside the file's target as :func:`write_temp`
    names it (see :meth:`Publisher._temp`; about 0.1 KB less a file).
    Slotted: a build holds one per file it publishes."""

    kind: str
    digest: str
    stamp: FileStamp | None = None
    temp: str | None = None


class Publisher:
    """Collects the files of one build, then publishes them in one go.

    Each file is compared with what is on disk as soon as it is staged; a
    changed one goes straight to its temporary file, so a build holds no
    output in memory however large the site.

    Args:
        root: the output folder (``public/``); created if missing.
        previous: the last build's manifest (path → stamp): a file whose size
            and mtime still match it is known unchanged without reading it.
        journal: a file that exists while a build writes (see :meth:`writing`);
            when a build finds it, the last one was killed or failed and may
            have left temporary files, which :meth:`recover` deletes. None:
            always look for them.
        published_ns: a time of the output folder's file system taken after
            the last build published (ns since the epoch,
            :func:`~newswire.state.lastbuild.published_time`): a file whose
            ctime is later was written since (by hand, perhaps with its size
            and mtime put back), so its stat says nothing of its bytes and
            they are compared. None: the stat alone is trusted; -1: no
            file's stat is.
    """

    def __init__(self, root: Path, previous: Mapping[str, FileStamp] | None = None,
                 journal: Path | None = None, published_ns: int | None = None) -> None:
        self.root = root
        self.journal = journal
        self._published_ns = (1 << 63) - 1 if published_ns is None else published_ns
        # the latest ctime of the files claimed, and published_ns once a file
        # is kept by its stat (its ctime is no later)
        self._newest_ctime = -1
        self._resolved_root = root.resolve()
        self._root_text = str(self._resolved_root)
        self._root_prefix = self._root_text.rstrip("/") + "/"
        # folder → the folder it resolves to, "" when that is root/folder
        self._folders: dict[str, str] = {}
        # not copied (at 100,000 articles a copy is megabytes): never changed here
        self._previous: Mapping[str, FileStamp] = previous if previous is not None else {}
        self._files: dict[str, _Staged] = {}
        # target → path, for the paths claimed whose target is not root/path
        self._targets: dict[str, str] = {}
        # the write-back started early (see write_back), and what it raised
        self._writeback: threading.Thread | None = None
        self._writeback_error: OSError | None = None

    def __contains__(self, path: str) -> bool:
        return path in self._files

    def target(self, path: str) -> Path:
        """Absolute target of a relative POSIX path.

        Raises:
            OutputError: the path is absolute, empty or leaves the root.
        """
        return Path(self._target(path))

    def _target(self, path: str) -> str:
        """:meth:`target` as text (paths are joined and compared as strings:
        a site has one folder per article page, and pathlib's objects cost
        more than the system calls here)."""
        return self._checked(path)[0]

    def _checked(self, path: str) -> tuple[str, os.stat_result | None]:
        """:meth:`_target`, with the ``lstat`` of the file taken on the way
        when it is there and is no symbolic link (else None)."""
        if not path or path.startswith("/") or "\\" in path or "\x00" in path:
            raise OutputError(f"refusing to write {path!r}: not a relative path", self.root)
        target, st = self._resolve(path)
        if target == self._root_text or not target.startswith(self._root_prefix):
            raise OutputError(f"refusing to write {path!r}: it would leave {self.root}/",
                              self.root)
        return target, st

    def _resolve(self, path: str) -> tuple[str, os.stat_result | None]:
        """``root/path`` with every symbolic link followed, like
        ``os.path.realpath``, and the ``lstat`` of the file when it exists and
        is no link (the one system call that tells whether it is a link says
        what a ``stat`` of it would: callers need not stat it again).

        Folders are resolved once per publisher, each from its resolved parent
        plus one ``lstat`` (a site has a folder per article page); the file
        itself is followed only when it is a link.
        """
        folder, _, name = path.rpartition("/")
        if name in ("", ".", ".."):
            return os.path.realpath(os.path.join(self._root_text, path)), None
        target = _join(self._folder(folder), name)
        try:
            st = os.lstat(target)
        except OSError:  # missing (or unreachable): nothing to follow
            return target, None
        if stat.S_ISLNK(st.st_mode):
            return os.path.realpath(target), None
        return target, st

    def _folder(self, folder: str) -> str:
        if not folder:
            return self._root_text
        resolved = self._folders.get(folder)
        if resolved is None:
            parent, _, name = folder.rpartition("/")
            if name in ("", ".", ".."):
                resolved = os.path.realpath(os.path.join(self._root_text, folder))
            else:
                resolved = _join(self._folder(parent), name)
                if os.path.islink(resolved):
                    resolved = os.path.realpath(resolved)
            # "": the folder is where its name says, below the root (nearly
            # every one: a folder per article page, its path held once)
            self._folders[folder] = "" if resolved == self._root_prefix + folder else resolved
            return resolved
        return resolved or self._root_prefix + folder

    def keep(self, path: str, kind: str, sha256: str) -> bool:
        """Stage ``path`` as unchanged without its bytes, when the last build
        wrote exactly bytes of digest ``sha256`` there and the file still has
        the size and mtime it recorded, with no change since by its ctime
        (the test :meth:`add` applies to bytes it is given). Returns False, staging nothing, otherwise.

        Raises:
            OutputError: as :meth:`add`.
        """
        previous = self._previous.get(path)
        if previous is None or previous.sha256 != sha256:
            return False
        target, st = self._claim(path)
        if st is None:  # a link (followed), or missing
            try:
                st = os.stat(target)
            except OSError:
                return False
        if (st.st_size, st.st_mtime_ns) != (previous.size, previous.mtime_ns) \
                or st.st_ctime_ns > self._published_ns:
            return False
        self._files[path] = _Staged(kind, sha256, stamp=previous)
        self._newest_ctime = max(self._newest_ctime, self._published_ns)
        return True

    def retain(self, path: str, kind: str) -> bool:
        """Keep the file the last build published at ``path`` as it is.

        For an output this build could not make (a feed document that
        failed validation, the page of an article that cannot be read now):
        a path the last build published and this one does not stage is
        removed by :meth:`publish`, so such a path is staged here as
        unchanged, with the last build's stamp, and stays in the manifest.
        Call it after everything else is staged; a path staged already is
        left alone. README "Building by cron": no error removes a published file.

        Returns:
            True when a file is kept; False when the last build published
            nothing there, the file is gone, or the path is staged already.

        Raises:
            OutputError: as :meth:`add`.
        """
        previous = self._previous.get(path)
        if previous is None or path in self._files:
            return False
        target, _ = self._claim(path)
        if not os.path.isfile(target):
            return False
        self._files[path] = _Staged(kind, previous.sha256, stamp=previous)
        return True

    def published(self) -> list[str]:
        """Every path the last build published (its manifest), sorted."""
        return sorted(self._previous)

    def _claim(self, path: str) -> tuple[str, os.stat_result | None]:
        """The target of ``path``, not staged yet, and the ``lstat`` of the
        file there when it is no link (see :meth:`_resolve`).

        Raises:
            OutputError: the path leaves the root or was already staged; every
                file staged so far is discarded (the build stops here, leaving
                public/ as it was).
        """
        try:
            target, st = self._checked(path)
            # One file under two names ("feeds/./index.html", "index.html") is
            # one path. A path whose target is root/path (nearly every one) is
            # found under its own name in self._files; only the others are
            # noted by their target (a string and an entry per file saved).
            canonical = target[len(self._root_prefix):]
            same = self._targets.get(target)
            if path in self._files or canonical in self._files \
                    or (same is not None and same in self._files):
                raise OutputError(f"two outputs want public/{path}; rename one of the "
                                  "articles, feeds or files", self.root / path)
            if canonical != path:
                self._targets[target] = path
        except OutputError:
            self.discard()
            raise
        return target, st

    def add(self, path: str, data: bytes, kind: str) -> None:
        """Stage ``data`` for ``path`` (relative POSIX path below the root).

        Args:
            kind: ``"page"``, ``"asset"`` or ``"feed"`` (feeds are published last).

        Raises:
            OutputError: the path leaves the root, or was already staged, or
                the file cannot be written; every file staged so far is then
                discarded (see :meth:`discard`).
        """
        target, st = self._claim(path)
        try:
            staged = stage_bytes(target, data, self._previous_stamp(path, target, st))
        except OSError as exc:
            raise self.failed(exc, target) from None
        self.staged(path, kind, staged)

    def claim(self, path: str) -> tuple[str, FileStamp | None]:
        """Reserve ``path`` for a file staged elsewhere (:func:`stage_bytes`,
        in a worker process): its absolute target (text: a build holds one
        per page job) and the last build's stamp for it. Record the outcome
        with :meth:`staged`.

        Raises:
            OutputError: as :meth:`add`.
        """
        target, st = self._claim(path)
        return target, self._previous_stamp(path, target, st)

    def _previous_stamp(self, path: str, target: str, st: os.stat_result | None = None
                        ) -> FileStamp | None:
        """The last build's stamp of ``path``, for :func:`stage_bytes` to
        take the file at ``target`` as unchanged by its size and mtime; None
        (its bytes are compared) when its ctime shows a change since that
        build published (by hand, perhaps with its size and mtime put back).
        ``st``: the file's stat when the caller has it (else it is taken)."""
        previous = self._previous.get(path)
        try:
            changed = (st if st is not None else os.stat(target)).st_ctime_ns
        except OSError:
            return previous  # missing, or a folder in the way: written (or refused) later
        self._newest_ctime = max(self._newest_ctime, changed)
        return previous if changed <= self._published_ns else None

    def staged(self, path: str, kind: str, staged: StagedBytes) -> None:
        """Record the outcome of :func:`stage_bytes` for a path :meth:`claim`
        reserved (a temporary file written for it is now this publisher's)."""
        digest, stamp, temp = staged
        self._files[path] = _Staged(kind, digest, stamp=stamp) if temp is None \
            else _Staged(kind, digest, temp=self._held_temp(path, temp))

    def _temp_prefix(self, path: str) -> str | None:
        """What the name of a temporary file of ``path`` written beside its
        target starts with: the target's folder, as resolved when it was
        claimed, then a dot, its name and a dot (see :func:`write_temp`);
        None for a path that does not end in a name."""
        folder, _, name = path.rpartition("/")
        if name in ("", ".", ".."):
            return None
        return _join(self._folder(folder), f".{name}.")

    def _held_temp(self, path: str, temp: str) -> str:
        """``temp`` as :class:`_Staged` holds it: the random part of its name
        alone (no slash) when :meth:`_temp` makes the path again from it,
        else the whole path."""
        prefix = self._temp_prefix(path)
        if prefix is not None and temp.startswith(prefix) and temp.endswith(TEMP_SUFFIX):
            token = temp[len(prefix):len(temp) - len(TEMP_SUFFIX)]
            if token and "/" not in token:
                return token
        return temp

    def _temp(self, path: str, staged: _Staged) -> str | None:
        """The path of the temporary file staged for ``path``, or None."""
        temp = staged.temp
        if temp is None or "/" in temp:
            return temp
        return f"{self._temp_prefix(path)}{temp}{TEMP_SUFFIX}"

    def failed(self, exc: OSError, target: str | os.PathLike[str]) -> OutputError:
        """Discard everything staged after a write to ``target`` failed with
        ``exc``, and return the error to raise."""
        self.discard()
        _prune_empty(Path(target).parent, self._resolved_root)
        return OutputError(f"cannot write: {exc.strerror or exc}; every file keeps its "
                           "previous version", exc.filename or target)

    def discard(self) -> None:
        """Forget every staged file, deleting the temporary files of changed ones
        (a build that stops before publishing leaves ``public/`` as it was)."""
        for path, staged in self._files.items():
            temp = self._temp(path, staged)
            if temp is not None:
                _unlink(temp)
                _prune_empty(Path(temp).parent, self._resolved_root)
        self._files.clear()
        self._targets.clear()

    def write_back(self, at_least: int = 256) -> None:
        """Start making the files staged so far durable in the background
        (one ``syncfs`` of the root's file system, in a thread), while the
        build renders the rest; :meth:`publish` waits for it, and still
        syncs every file it renames before the first rename, so this only
        moves the wait on the disk earlier, next to work the processor
        does. An error it meets is raised by :meth:`publish`, as a failed
        sync there is. Nothing is started where there is no ``syncfs``
        (each file is fsynced when publishing), or when fewer than
        ``at_least`` temporary files are waiting (the one sync when
        publishing is enough for a few: a ``syncfs`` writes back every
        change of the file system, not only this build's)."""
        syncfs = _syncfs()
        if syncfs is None or self._writeback is not None or sum(
                1 for s in self._files.values() if s.temp is not None) < max(1, at_least):
            return
        root = self._root_text
        import threading

        def sync() -> None:
            try:
                syncfs(root)
            except OSError as exc:
                self._writeback_error = exc
        self._writeback = threading.Thread(target=sync, name="newswire-write-back",
                                           daemon=True)
        self._writeback.start()

    def _written_back(self) -> None:
        """Wait for the write-back :meth:`write_back` started, if any.

        Raises:
            OSError: what it raised.
        """
        thread, self._writeback = self._writeback, None
        if thread is not None:
            thread.join()
        error, self._writeback_error = self._writeback_error, None
        if error is not None:
            raise error

    def paths(self) -> list[str]:
        """Every staged path, sorted."""
        return sorted(self._files)

    def publish(self, previous: Mapping[str, FileStamp] | None = None,
                intend: Callable[[Mapping[str, FileStamp]], None] | None = None
                ) -> PublishResult:
        """Put every changed staged file in place, then remove files the last
        build published that this one did not produce.

        Order: the temporary files of changed files (written when staged) are
        fsynced; then they are renamed over their targets, assets and pages
        first, feeds last; then the files of removed articles are deleted
        (after the feeds that listed them no longer do).

        Args:
            previous: the manifest of the last build (path → stamp); the one
                given to the constructor when None.
            intend: called before the first rename, when this build adds
                paths the previous manifest lacks, with the previous manifest
                plus those paths (stamp :data:`UNKNOWN`); saving it means a
                build killed after the renames still knows every file it may
                have published, and can remove it later.

        Raises:
            OutputError: a file cannot be put on disk (disk full): nothing
                was renamed, every temporary file is deleted and every file
                keeps its old version; or a rename or removal failed: files
                already renamed stay (each is whole), the rest keep their
                old version.
        """
        previous = self._previous if previous is None else previous
        result = PublishResult(newest_ctime_ns=self._newest_ctime)
        order = sorted(self._files, key=lambda p: (_ORDER[self._files[p].kind], p))
        pending = [p for p in order if self._files[p].temp is not None]
        try:
            self._written_back()
            _fsync_all([self._temp(p, self._files[p]) for p in pending])  # type: ignore[misc]
        except OSError as exc:
            self.discard()
            raise OutputError(f"cannot write: {exc.strerror or exc}; every file keeps its "
                              "previous version", exc.filename or self.root) from None
        added = [path for path in pending if path not in previous]
        if added and intend is not None:
            intend({**previous, **{path: UNKNOWN for path in added}})
        try:
            # a target is new when its path was not published (a target
            # through a link is taken as replacing a file: renamed by a thread)
            prefix = len(self._root_prefix)
            renamed = _rename_kinds([(self._files[p].kind, self._temp(p, self._files[p]),  # type: ignore[misc]
                                      self._target(p)) for p in pending],
                                    lambda target: target[prefix:] not in previous)
            for path in order:
                staged = self._files[path]
                if staged.temp is None:
                    assert staged.stamp is not None
                    result.unchanged.append(path)
                    result.manifest[path] = staged.stamp
                    continue
                target = renamed[self._temp(path, staged)]  # type: ignore[index]
                st = os.stat(target)
                result.written.append(path)
                result.manifest[path] = FileStamp(staged.digest, st.st_size, st.st_mtime_ns)
                if st.st_ctime_ns > result.newest_ctime_ns:
                    result.newest_ctime_ns = st.st_ctime_ns
        except OSError as exc:
            self.discard()
            where = exc.filename2 or exc.filename or self.root  # the target, not the temp
            if isinstance(exc, IsADirectoryError) or (
                    exc.filename2 is not None and Path(exc.filename2).is_dir()):
                raise OutputError("cannot write: a folder is in the way where this file goes; "
                                  "move the folder away and build again", where) from None
            raise OutputError(f"cannot write: {exc.strerror or exc}", where) from None
        files = self._files
        for path in sorted(p for p in previous if p not in files):
            try:
                target = self.target(path)
            except OutputError:
                continue  # a manifest entry newswire never wrote: leave it alone
            try:
                target.unlink()
                result.removed.append(path)
            except (FileNotFoundError, NotADirectoryError):
                pass
            except OSError as exc:
                raise OutputError(f"cannot remove: {exc.strerror}", target) from None
            _prune_empty(target.parent, self._resolved_root)
        # what staging needed is done with: the manifest of the result says
        # what was published (nothing is left to discard)
        self._files, self._targets, self._folders = {}, {}, {}
        return result

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Mark the time a build writes anything (``public/`` or its state).

        The journal file exists from entering the block until it ends
        without an exception; a later build finding it knows this one was
        killed or failed, and :meth:`recover` cleans up after it. A block
        that fails with an exception (the ledger could not be written: disk
        full) discards what it staged at once, so no temporary file waits in
        ``public/`` for the next build.
        """
        if self.journal is not None:
            self.journal.parent.mkdir(parents=True, exist_ok=True)
            self.journal.touch()
        try:
            yield
        except BaseException:
            self.discard()
            raise
        if self.journal is not None:
            self.journal.unlink(missing_ok=True)

    def interrupted(self) -> bool:
        """True when the last build that wrote was killed or failed mid-way."""
        return self.journal is None or self.journal.exists()

    def recover(self, *folders: Path) -> list[Path]:
        """After an interrupted build, delete the temporary files it left in
        the root and ``folders``; return them (sorted)."""
        if not self.interrupted():
            return []
        left: list[Path] = []
        for folder in (self.root, *folders):
            if folder.is_dir():
                left += folder.rglob(f".*{TEMP_SUFFIX}")
        for temp in left:
            temp.unlink(missing_ok=True)
        return sorted(left)


def _prune_empty(folder: Path, root: Path) -> None:
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def manifest_to_json(manifest: Mapping[str, FileStamp]) -> bytes:
    """Serialize a manifest (sorted, stable)."""
    obj = {p: [s.sha256, s.size, s.mtime_ns] for p, s in sorted(manifest.items())}
    return (jsonio.dumps({"version": 1, "files": obj}, indent=0, ensure_ascii=True) +
            "\n").encode()


def manifest_from_json(data: bytes) -> dict[str, FileStamp]:
    """Parse a manifest; raises ValueError when it is not one."""
    obj = load_json(data)
    if not isinstance(obj, dict) or obj.get("version") != 1:
        raise ValueError("unknown manifest version")
    files = obj.get("files")
    if not isinstance(files, dict):
        raise ValueError("'files' must be a mapping")
    return {str(p): FileStamp(str(v[0]), int(v[1]), int(v[2])) for p, v in files.items()}



