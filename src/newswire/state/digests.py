"""What a record of an earlier build is valid for: newswire's code and the
build's inputs, summed without reading them (but the few just changed).

:func:`fingerprint` is the one digest of "the code that made this": every
record in the database that depends on how newswire renders (parsed
articles, page keys, the last build) is tied to it. :func:`snapshot` sums the
stat of the site's inputs for the shortcut when nothing changed, and hashes
the content of the files changed too recently for their stat to be relied on.
"""

from __future__ import annotations

import bisect
import hashlib
import importlib.util
import marshal
import os
import stat
import sys
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["CLOCK_MARGIN_NS", "RACY_NS", "VERIFY_MAX_BYTES", "Snapshot", "file_digest",
           "file_stamp", "fingerprint", "snapshot"]

RACY_NS = 2_000_000_000
"""How long (ns) after its last change a file on another file system than
``.newswire/`` may still change unseen by its stat, as judged by the clock of
``.newswire/``'s file system: that clock and the file's may disagree, or the
file's may tick coarser (two seconds on FAT). A record of such a file made
sooner than this is verified by content, or not trusted (see
:mod:`newswire.state.lastbuild`)."""

CLOCK_MARGIN_NS = 1_000_000_000
"""How far behind the system clock (``time.time_ns()``) the clock that stamps
the input files may run, for choosing which files a snapshot hashes (those
changed since ``time.time_ns() - RACY_NS - CLOCK_MARGIN_NS``). A clock
further behind (a file server's) makes files look older than they are; the
record is then not trusted (:meth:`~newswire.state.lastbuild.LastBuild.trusted`
compares with a file-system time), which costs a build, never a wrong skip."""

_LIBRARIES = ("markdown_it_pyrs", "markdown_it", "mdit_py_plugins", "yaml", "dateparser",
              "charset_normalizer", "dateutil", "slugify", "nh3", "orjson", "feedgen", "jinja2",
              "markupsafe", "lxml", "PIL", "mutagen", "tzdata", "regex")
_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def fingerprint(extra: Iterable[str] = ()) -> str:
    """SHA-256 (hex) of what shapes newswire's output besides the site's files.

    The size and mtime of every file of the installed newswire package (a
    new version, or an edited template or reader, changes them), the Python
    version, where the libraries that shape the output are installed and the
    stat of their main file (an upgrade rewrites it), and each string of
    ``extra`` (settings, options). Nothing is imported or read: the cost is
    one ``stat`` per file of the package.
    """
    h = hashlib.sha256()
    h.update(f"{sys.version}\0".encode())
    for base, dirs, names in os.walk(_PACKAGE):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            if name.endswith((".pyc", ".pyo")):
                continue
            st = os.stat(os.path.join(base, name))
            h.update(f"{os.path.relpath(base, _PACKAGE)}/{name}\0{st.st_size}\0"
                     f"{st.st_mtime_ns}\0".encode("utf-8", "surrogatepass"))
    for name in _LIBRARIES:  # where each library's code is, and its stat (not imported)
        spec = importlib.util.find_spec(name)
        where = spec.origin if spec is not None and spec.origin else ""
        stamp = os.stat(where) if where else None
        h.update(f"{name}={where}\0{stamp.st_size if stamp else ''}\0"
                 f"{stamp.st_mtime_ns if stamp else ''}\0".encode("utf-8", "surrogatepass"))
    for item in extra:
        h.update(item.encode("utf-8", "surrogatepass") + b"\0")
    return h.hexdigest()


@dataclass(frozen=True)
class Snapshot:
    """The state of a build's inputs, taken before anything reads them.

    Which change times are kept, and why, is explained in
    :mod:`newswire.state.lastbuild`.

    Attributes:
        digest: SHA-256 over every file below the folders given (path, size,
            mtime, ctime, inode), the files given (the same, or absence) and
            the extra text (newswire's code, the build's options). Contents
            are not in it: two snapshots of unchanged files have the same
            digest whichever files each of them hashed.
        newest_ns: the latest mtime or ctime (ns since the epoch) among the
            files on another file system than the one given (another clock)
            that were not hashed; 0 when none.
        exact_newest_ns: the latest change among the other files: the
            ctime of those on the file system given (any change sets it
            from that clock; an mtime set into the future says nothing), the
            mtime or ctime of those hashed; 0 when none.
        verified: ``(path, SHA-256 hex of the bytes)`` of the files on
            another file system changed so recently that their stat may not
            show their next change, hashed when the snapshot was taken,
            sorted. ``path`` is the folder given joined with the file's
            relative path, as :func:`file_digest` opens it.
        frame: like ``digest``, but the files of the folder given as
            ``articles`` whose suffix is one given count by name alone:
            equal frames mean that only such files changed (edited in
            place; none added, removed or renamed). Empty when no such
            folder was given.
        articles: each such file as ``(path below that folder (POSIX),
            ctime_ns, on the clock's file system and not a symbolic link)``,
            in the order found.
        stats: ``path → (size, mtime_ns, ctime_ns, inode)`` of every file
            below the folders given that could be stat'ed (links followed),
            ``path`` as in ``verified``: the stat the snapshot took, handed
            to the build so that it does not stat each file again (see
            :meth:`newswire.cache.ArticleCache.probe`). Not part of equality.
    """

    digest: str
    newest_ns: int
    exact_newest_ns: int = 0
    verified: tuple[tuple[str, str], ...] = ()
    frame: str = ""
    articles: tuple[tuple[str, int, bool], ...] = ()
    stats: Mapping[str, tuple[int, int, int, int]] = field(
        default_factory=dict, compare=False, repr=False)

    def release_files(self) -> None:
        """Stop holding the per-file values (:attr:`stats` and
        :attr:`articles` become empty) once a build has read every file
        with them: about 0.3 KB a file, held to the end of a build that
        needs them no more (the snapshot's digests and frame stay)."""
        clear = getattr(self.stats, "clear", None)
        if clear is not None:
            clear()
        object.__setattr__(self, "articles", ())


VERIFY_MAX_BYTES = 4 << 20
"""The largest recent file whose content :func:`snapshot` hashes (bytes).
Every build skipped on the strength of a snapshot hashes these files again,
so a large file just copied in (a podcast episode) is left unhashed: its
record is not trusted, one build later runs in full and records it as old."""


def snapshot(folders: Sequence[Path], files: Sequence[Path], extra: Iterable[str],
             verify_since_ns: int | None = None, same_clock: int | None = None,
             articles: tuple[Path, tuple[str, ...]] | None = None) -> Snapshot:
    """Take a :class:`Snapshot` of ``folders`` (every file, at any depth,
    symbolic links followed for files but not folders) and ``files``.

    Args:
        verify_since_ns: regular files of at most :data:`VERIFY_MAX_BYTES`
            on another file system than ``same_clock`` whose mtime or ctime
            is this (ns since the epoch) or later have their content hashed
            (:attr:`Snapshot.verified`). None: no file is hashed.
        same_clock: the device number (``st_dev``) of the file system whose
            clock will give the reference time (the one holding
            ``.newswire/``), or None when unknown (every file counts as on
            another one).
        articles: one of ``folders`` and the suffixes (lower case, with
            the dot) of the files in it that count by name alone in
            :attr:`Snapshot.frame` and are listed in
            :attr:`Snapshot.articles`.

    The cost is one ``stat`` per file (``os.scandir``), plus reading the
    recent files of other file systems (usually none).
    """
    walk = _Walk(fingerprint(extra), verify_since_ns, same_clock)
    for folder in folders:
        if articles is not None and os.fspath(folder) == os.fspath(articles[0]):
            walk.folder(os.fspath(folder), articles[1])
        else:
            walk.folder(os.fspath(folder))
    walk.files([os.fspath(path) for path in files])
    return walk.snapshot()


_BY_FD = os.scandir in os.supports_fd and hasattr(os, "O_DIRECTORY")
"""Whether :func:`snapshot` lists a folder through an open descriptor, so
that each ``stat`` resolves the name alone, not the whole path again."""
_FOLDER_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)


_MISSING = object()


class _Stats(Mapping[str, tuple[int, int, int, int]]):
    """:attr:`Snapshot.stats`: the stat the snapshot took, kept in columns
    by folder: the names of its files (sorted, the strings the listing
    made) and their numbers in two arrays, looked up by folder then by
    name (bisection). No object per file beyond its name: a dictionary by
    path held a string, a tuple and four numbers per file (about 0.5 KB;
    a build holds the snapshot until it ends)."""

    def __init__(self) -> None:
        # folder (ending with a separator) → (names, (size, mtime, ctime) by
        # name, inode by name)
        self._folders: dict[str, tuple[list[str], array[int], array[int]]] = {}

    def add(self, base: str, rows: list[tuple[str, int, int, int, int] | tuple[str, str]],
            named: list[tuple[str, int, int, int, int]]) -> None:
        """The entries of the folder ``base`` (ending with a separator):
        ``(name, size, mtime_ns, ctime_ns, inode)`` for a file stat'ed,
        ``(name, mark)`` for an entry that was not (left out)."""
        found = [row for listing in (rows, named) for row in listing if len(row) == 5]
        if base in self._folders:  # the same folder listed twice: one listing
            found += [(name, *self[base + name]) for name in self._folders[base][0]
                      if name not in {row[0] for row in found}]
        found.sort()
        numbers: array[int] = array("q")
        inodes: array[int] = array("Q")
        for row in found:
            numbers.extend(row[1:4])  # type: ignore[arg-type]
            inodes.append(row[4])  # type: ignore[misc]
        self._folders[base] = ([row[0] for row in found], numbers,  # type: ignore[misc]
                               inodes)

    def clear(self) -> None:
        """Forget every stat (see :meth:`Snapshot.release_files`)."""
        self._folders = {}

    def get(self, path: str, default: object = None) -> object:  # type: ignore[override]
        """The stat of ``path``, or ``default`` (no exception raised and
        caught: most sidecars looked up are not there)."""
        cut = path.rfind(os.sep) + 1
        folder = self._folders.get(path[:cut])
        if folder is None:
            return default
        names, numbers, inodes = folder
        name = path[cut:]
        at = bisect.bisect_left(names, name)
        if at == len(names) or names[at] != name:
            return default
        return (numbers[3 * at], numbers[3 * at + 1], numbers[3 * at + 2], inodes[at])

    def __getitem__(self, path: str) -> tuple[int, int, int, int]:
        found = self.get(path, _MISSING)
        if found is _MISSING:
            raise KeyError(path)
        return found  # type: ignore[return-value]

    def __contains__(self, path: object) -> bool:
        return isinstance(path, str) and self.get(path, _MISSING) is not _MISSING

    def __iter__(self) -> Iterator[str]:
        for base, (names, _, _) in self._folders.items():
            for name in names:
                yield base + name

    def __len__(self) -> int:
        return sum(len(names) for names, _, _ in self._folders.values())


class _Walk:
    """The running state of :func:`snapshot`: one digest updated one folder
    at a time, and the newest change times."""

    def __init__(self, code: str, verify_since_ns: int | None, same_clock: int | None
                 ) -> None:
        self.h = hashlib.sha256(code.encode())
        self.frame = hashlib.sha256(code.encode())
        self.framed = False
        self.articles: list[tuple[str, int, bool]] = []
        # a time no file has: hash nothing
        self.since = verify_since_ns if verify_since_ns is not None else 1 << 80
        self.device = same_clock if same_clock is not None else -1
        self.newest = 0
        self.exact_newest = 0
        self.verified: list[tuple[str, str]] = []
        self.stats = _Stats()

    def snapshot(self) -> Snapshot:
        return Snapshot(self.h.hexdigest(), self.newest, self.exact_newest,
                        tuple(sorted(self.verified)),
                        self.frame.hexdigest() if self.framed else "", tuple(self.articles),
                        self.stats)

    def _update(self, text: str, frame: str | None = None) -> None:
        data = text.encode("utf-8", "surrogatepass")
        self.h.update(data)
        self.frame.update(data if frame is None else frame.encode("utf-8", "surrogatepass"))

    def folder(self, top: str, by_name: tuple[str, ...] = ()) -> None:
        """Every file below ``top``, folder by folder: for each folder that
        holds anything, its path below ``top`` and its entries sorted by
        name, ``(name, size, mtime, ctime, inode)`` for a file, ``(name,
        "-")`` for one that cannot be stat'ed (a dangling link), ``(name,
        "@")`` for a link to a folder (not followed); ``!`` for a folder
        that cannot be listed. Files whose suffix is in ``by_name`` (lower
        case, one dot each: compared as :func:`os.path.splitext` and
        :meth:`str.lower` would) are listed apart, and count by name alone
        in the frame digest (see :attr:`Snapshot.articles`).

        The per-file work is the least Python can do: one ``stat`` (relative
        to the open folder where the platform allows), one tuple, one
        suffix test; the tuples are serialized for the digests with
        :func:`marshal.dumps` (version 2, which writes every value the
        same way whatever object holds it: no back-references, no mark
        for interned strings, so equal listings give equal bytes)."""
        self.framed = self.framed or bool(by_name)
        self._update(f"[{top}]\n")
        stack = [("", top)]
        while stack:
            prefix, where = stack.pop()
            base = os.path.join(where, "")
            fd = -1
            try:
                if _BY_FD:  # entries stat'ed relative to the open folder
                    fd = os.open(where, _FOLDER_FLAGS)
                with os.scandir(fd if fd >= 0 else where) as listing:
                    entries = list(listing)
            except OSError:
                if fd >= 0:
                    os.close(fd)
                self._update(f"{prefix}\0!\n")
                continue
            try:
                folders = self._entries(prefix, base, entries, by_name)
            finally:
                if fd >= 0:
                    os.close(fd)
            folders.sort(reverse=True)
            stack.extend(folders)

    def _entries(self, prefix: str, base: str, entries: list[os.DirEntry[str]],
                 by_name: tuple[str, ...]) -> list[tuple[str, str]]:
        """Add the entries of one folder (``base``: its path, ending with a
        separator) to the digests; return its subfolders to walk (their
        prefix, their path)."""
        rows: list[tuple[str, int, int, int, int] | tuple[str, str]] = []
        named: list[tuple[str, int, int, int, int]] = []
        folders = []
        device, exact = self.device, 0  # the common case, kept in locals
        articles, splitext = self.articles, os.path.splitext
        for entry in entries:
            name = entry.name
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if entry.is_symlink():
                    rows.append((name, "@"))
                else:
                    folders.append((f"{prefix}{name}/", base + name))
                continue
            try:
                st = entry.stat()
            except OSError:
                rows.append((name, "-"))
                continue
            row = (name, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
            local = st.st_dev == device
            # the suffix as splitext gives it: from the last dot, unless
            # only dots come before it (".md" has no suffix)
            if (name.endswith(by_name) or name.lower().endswith(by_name)) \
                    and (name[0] != "." or splitext(name)[1].lower() in by_name):
                named.append(row)
                articles.append((prefix + name, row[3], local and not entry.is_symlink()))
            else:
                rows.append(row)
            if local:
                # its ctime alone: every change sets it from this clock,
                # while an mtime is anything utime gave (a future one
                # would leave every record untrusted until that date)
                if row[3] > exact:
                    exact = row[3]
            else:
                self._changed(base + name, st)
        if exact > self.exact_newest:
            self.exact_newest = exact
        if rows or named:
            rows.sort()  # by name: names differ within a folder
            named.sort()
            self.stats.add(base, rows, named)
            head = prefix.encode("utf-8", "surrogatepass")
            self.h.update(marshal.dumps((head, rows, named), 2))
            self.frame.update(marshal.dumps((head, rows, [r[0] for r in named]), 2))
        return folders

    def files(self, paths: Sequence[str]) -> None:
        """Each of ``paths`` (the same line as in a folder, by its path)."""
        for path in paths:
            try:
                st = os.stat(path)
            except OSError:
                self._update(f"{path}\0-\n")
                continue
            self._update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0"
                         f"{st.st_ino}\n")
            self._changed(path, st)

    def _changed(self, path: str, st: os.stat_result) -> None:
        """Note when the file at ``path`` last changed, with the files judged
        alike (see :class:`Snapshot`); hash it when that is needed."""
        changed = st.st_ctime_ns if st.st_ctime_ns > st.st_mtime_ns else st.st_mtime_ns
        if st.st_dev != self.device:  # (files of self.device are noted by folder())
            if changed < self.since or st.st_size > VERIFY_MAX_BYTES:
                if changed > self.newest:
                    self.newest = changed
                return
            digest = file_digest(path)
            if digest is None:
                if changed > self.newest:
                    self.newest = changed
                return
            self.verified.append((path, digest))
        if changed > self.exact_newest:
            self.exact_newest = changed


def file_digest(path: str) -> str | None:
    """SHA-256 (hex) of the bytes of the regular file at ``path``, or None
    when it is not one (a FIFO is never waited on) or cannot be read."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        h = hashlib.sha256()
        while chunk := os.read(fd, 1 << 20):
            h.update(chunk)
        return h.hexdigest()
    except OSError:
        return None
    finally:
        os.close(fd)


def file_stamp(path: Path) -> tuple[int, int, int, int] | None:
    """(size, mtime_ns, ctime_ns, inode) of a file, or None when it is missing."""
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
