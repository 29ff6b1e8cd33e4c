"""What a record of an earlier build is valid for: newswire's code and the
build's inputs, summed without reading them.

:func:`fingerprint` is the one digest of "the code that made this": every
record in the database that depends on how newswire renders (parsed
articles, page keys, the last build) is tied to it. :func:`snapshot` sums the
stat of the site's inputs for the shortcut when nothing changed.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["RACY_NS", "Snapshot", "file_stamp", "fingerprint", "snapshot"]

RACY_NS = 2_000_000_000
"""Files changed less than this (ns) before a record of them was made may
have changed again within the same file-system clock tick, unseen by their
stat: such records are verified by content, or not trusted."""

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

    Attributes:
        digest: SHA-256 over every file below the folders given (path, size,
            mtime, ctime, inode), the files given (the same, or absence) and
            the extra text (newswire's code, the build's options).
        newest_ns: the latest mtime or ctime among those files (ns), to tell
            a file changed in the same clock tick as the snapshot.
    """

    digest: str
    newest_ns: int


def snapshot(folders: Sequence[Path], files: Sequence[Path], extra: Iterable[str]) -> Snapshot:
    """Take a :class:`Snapshot` of ``folders`` (every file, at any depth,
    symbolic links followed for files but not folders) and ``files``."""
    h = hashlib.sha256(fingerprint(extra).encode())
    newest = 0

    def add(name: str, path: str) -> None:
        nonlocal newest
        try:
            st = os.stat(path)
        except OSError:
            h.update(f"{name}\0-\n".encode("utf-8", "surrogatepass"))
            return
        newest = max(newest, st.st_mtime_ns, st.st_ctime_ns)
        h.update(f"{name}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0"
                 f"{st.st_ino}\n".encode("utf-8", "surrogatepass"))

    for folder in folders:
        top = os.fspath(folder)
        h.update(f"[{top}]\n".encode("utf-8", "surrogatepass"))
        for base, dirs, names in os.walk(top):
            dirs.sort()
            prefix = base[len(top) + 1:] + "/" if base != top else ""
            for name in sorted(names):
                add(prefix + name, os.path.join(base, name))
    for path in files:
        add(os.fspath(path), os.fspath(path))
    return Snapshot(h.hexdigest(), newest)


def file_stamp(path: Path) -> tuple[int, int, int, int] | None:
    """(size, mtime_ns, ctime_ns, inode) of a file, or None when it is missing."""
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
