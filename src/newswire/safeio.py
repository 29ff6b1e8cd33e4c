"""Reading input that may be hostile: regular files only, sizes and depths bounded.

README "Bad input": no input, however large, deep or pathological, makes a build or
``validate`` hang, crash or exhaust memory. Article files and sidecars in
``content/`` and the feeds given to ``newswire validate`` are read through
:func:`read_regular_file`, which opens a file without blocking, refuses
anything that is not a regular file (a FIFO would block forever, a link to
``/dev/zero`` would never end) and refuses files above a limit before
reading them. JSON (feeds, and every file of ``.newswire/``) is parsed by
:func:`load_json`, which turns nesting too deep for Python's parser into a
``ValueError`` like any other malformed document.

The limits (documented in the README, "Bad input"): an article file 1 MiB
(:data:`MAX_ARTICLE_BYTES`), its body rendered to HTML 2 Mi characters
(:data:`MAX_BODY_CHARS`), a sidecar file 1 MiB (:data:`MAX_SIDECAR_BYTES`),
a feed given to ``newswire validate`` 32 MiB (:data:`MAX_FEED_BYTES`).
"""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path
from typing import Any

from . import jsonio

__all__ = [
    "MAX_ARTICLE_BYTES",
    "MAX_BODY_CHARS",
    "MAX_FEED_BYTES",
    "MAX_SIDECAR_BYTES",
    "MAX_STATE_BYTES",
    "RefusedFile",
    "load_json",
    "read_own_file",
    "read_regular_file",
    "regular_file_problem",
]

#: An article file (Markdown or text) in ``content/``: a long read is 100 KB.
MAX_ARTICLE_BYTES = 1024 * 1024
#: An article's body once rendered to HTML, in characters (what every feed
#: item and the page carry; Markdown tables and escaped text grow on the way).
MAX_BODY_CHARS = 2 * 1024 * 1024
#: A sidecar ``.toml`` / ``.yaml`` beside a text article.
MAX_SIDECAR_BYTES = 1024 * 1024
#: A feed given to ``newswire validate`` (larger feeds are refused, not read).
MAX_FEED_BYTES = 32 * 1024 * 1024
#: A file newswire keeps for itself (``.newswire/``, the output folder's
#: marker, a published file read back): far above any real site's (the
#: ledger takes about 350 bytes an article), but never unbounded.
MAX_STATE_BYTES = 1024 * 1024 * 1024


class RefusedFile(Exception):
    """A file that is not read: not a regular file, or larger than allowed.

    ``message`` says what it is and how to fix it, ready for a diagnostic.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _megabytes(size: int) -> str:
    mib = size / 2**20
    shown = f"{mib:.0f}" if mib >= 10 else f"{mib:.2f}".rstrip("0").rstrip(".")
    return f"{shown} MiB"


def regular_file_problem(path: Path) -> str | None:
    """Why ``path`` (its link target, when it is a symbolic link) will not be
    read as a file, or None when it is a regular file. Never opens it."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return f"cannot read: {exc.strerror}"
    if stat.S_ISREG(mode):
        return None
    return f"is {_kind(mode)}, not a regular file; only regular files are read"


def read_regular_file(path: Path, limit: int, what: str = "file") -> bytes:
    """The bytes of ``path``, a regular file of at most ``limit`` bytes.

    The file is opened without blocking (``O_NONBLOCK``, so opening a FIFO
    never waits for a writer) and checked with ``fstat`` on the open
    descriptor, so it cannot be swapped between the check and the read; at
    most ``limit + 1`` bytes are ever read (a file growing meanwhile is
    refused too).

    Args:
        path: the file; symbolic links are followed (callers check where
            they lead).
        limit: the largest size accepted, in bytes.
        what: how messages name the file ("article", "feed"...).

    Raises:
        RefusedFile: not a regular file, or larger than ``limit``.
        OSError: it cannot be opened or read (missing, permissions...).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    descriptor = os.open(path, flags)
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise RefusedFile(f"is {_kind(info.st_mode)}, not a regular file; only "
                              f"regular files are read: replace it with the {what} itself")
        if info.st_size > limit:
            raise RefusedFile(_too_big(info.st_size, limit, what))
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(descriptor, min(limit + 1 - size, max(info.st_size, 1 << 16)))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise RefusedFile(_too_big(size, limit, what))
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def read_own_file(path: Path, limit: int = MAX_STATE_BYTES) -> bytes:
    """The bytes of ``path``, a file newswire wrote itself (``.newswire/``,
    ``public/``), read like :func:`read_regular_file` so that one replaced
    by a named pipe, a link to a device or a huge file never blocks the run
    or fills memory.

    Raises:
        OSError: missing or unreadable (``FileNotFoundError`` when missing),
            not a regular file or over ``limit`` bytes (``strerror`` says
            which), so callers that treat an unreadable file as missing do
            the same with these.
    """
    try:
        return read_regular_file(path, limit, "file")
    except RefusedFile as exc:
        raise OSError(errno.EINVAL, exc.message, str(path)) from None


def _too_big(size: int, limit: int, what: str) -> str:
    return (f"the file is {_megabytes(size)}; {what}s over {_megabytes(limit)} are "
            "refused unread (is it really one?): make it smaller or split it")


def load_json(data: bytes | str, **options: Any) -> Any:
    """``json.loads(data, **options)`` (through orjson when there are no
    options, see :mod:`newswire.jsonio`), with nesting too deep for Python's
    parser (``[[[[…`` 100,000 deep) reported as ``ValueError`` like any other
    malformed JSON instead of ``RecursionError``.

    Raises:
        ValueError: not valid JSON (``json.JSONDecodeError``, a subclass),
            not UTF-8, or nested too deeply.
    """
    try:
        # orjson (``jsonio``) reads plain JSON faster, with the same result
        return json.loads(data, **options) if options else jsonio.loads(data)
    except RecursionError:
        raise ValueError("arrays and objects are nested too deeply for "
                         "newswire to read") from None
