"""Errors newswire raises, each able to say where the problem is.

The tree::

    NewswireError                 anything newswire reports instead of a traceback
    ├── ConfigError               feeds/site.toml or feeds/<name>.toml is wrong
    ├── ArticleError              one article file cannot be read or is invalid
    ├── OutputError               a file cannot be rendered, validated or written
    ├── StateError                the identity ledger (.newswire/state.json) is unusable
    └── LockTimeout               another build of the site holds the lock (exit 75)

Every error carries the source ``path`` and, when known, the 1-based ``line``,
and prints as ``path:line: error: message`` (the format compilers use, so
editors can jump to it).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import overload

__all__ = [
    "ArticleError",
    "ConfigError",
    "Diagnostic",
    "LockTimeout",
    "NewswireError",
    "OutputError",
    "Recorded",
    "StateError",
    "printable",
]

_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(character: str) -> str:
    code = ord(character)
    if character in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[character]
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: object) -> str:
    """``text`` safe to print on one line of a terminal or a log.

    C0 and C1 control characters (newline, carriage return, escape...), DEL,
    the Unicode line and paragraph separators, bidirectional overrides and
    lone surrogates are written as backslash escapes (``\\n``, ``\\x1b``,
    ``\\u202e``); a byte of a file name that is not valid UTF-8 (a
    ``surrogateescape`` surrogate) is written ``\\xNN``. So a file name
    holding a newline cannot forge a second diagnostic line, and a name that
    is not UTF-8 cannot crash the output. Everything else is kept.
    """
    text = str(text)
    if text.isprintable():
        return text
    return "".join(_escape(c) if _unsafe(c) else c for c in text)


def _unsafe(character: str) -> bool:
    code = ord(character)
    return (code < 0x20 or 0x7F <= code <= 0x9F or code in (0x2028, 0x2029)
            or 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069
            or 0xD800 <= code <= 0xDFFF)


@dataclass(frozen=True)
class Diagnostic:
    """One message about one place: ``path:line: level: message``.

    Printed on one line whatever the path and message hold: control
    characters in them are escaped (see :func:`printable`).

    ``level`` is ``"error"`` or ``"warning"``; ``line`` is 1-based or None
    when the problem concerns the whole file (or no file at all).
    """

    level: str
    message: str
    path: Path | str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            path = printable(self.path)
            where = f"{path}:{self.line}: " if self.line else f"{path}: "
        return f"{where}{self.level}: {printable(self.message)}"


Row = tuple[str, str, "str | None", "int | None"]
"""A diagnostic as a build records it: level, message, path (text) or None,
line or None."""


class Recorded(Sequence[Diagnostic]):
    """The diagnostics a build recorded, said again by a build that repeats
    its report (nothing changed, or an edit that changes no message): a site
    with thousands of warnings (a missing image each) repeats them on every
    run, so they are kept as the recorded rows, a :class:`Diagnostic` (its
    path a :class:`~pathlib.Path`) made only for one asked for, and
    :meth:`text` prints them all without making any.

    Args:
        rows: ``(level, message, path, line)`` each, in the order said.
    """

    __slots__ = ("rows",)

    def __init__(self, rows: Sequence[Row]) -> None:
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, index: int) -> Diagnostic: ...

    @overload
    def __getitem__(self, index: slice) -> list[Diagnostic]: ...

    def __getitem__(self, index: int | slice) -> Diagnostic | list[Diagnostic]:
        if isinstance(index, slice):
            return [_made(row) for row in self.rows[index]]
        return _made(self.rows[index])

    def __iter__(self) -> Iterator[Diagnostic]:
        return map(_made, self.rows)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Recorded):
            return list(self.rows) == list(other.rows)
        return isinstance(other, list) and list(self) == other

    __hash__ = None  # type: ignore[assignment]

    def __add__(self, other: Sequence[Diagnostic]) -> list[Diagnostic]:
        """A list of these and ``other``'s (so ``report.diagnostics += [...]``
        works on a repeated report as on a new one)."""
        return [*self, *other]

    def append(self, diagnostic: Diagnostic) -> None:
        """Add one more at the end, kept as a row like the others."""
        where = diagnostic.path
        self.rows = [*self.rows, (diagnostic.level, diagnostic.message,
                                  None if where is None else str(where), diagnostic.line)]

    def of_level(self, level: str) -> list[Diagnostic]:
        """The diagnostics of ``level`` (``"error"``, ``"warning"``) alone."""
        return [_made(row) for row in self.rows if row[0] == level]

    def number_of(self, level: str) -> int:
        """How many are of ``level``, counted without making any."""
        return sum(1 for row in self.rows if row[0] == level)

    def text(self) -> str:
        """Each diagnostic as ``str()`` gives it, one a line (no newline
        after the last): what printing them gives, made from the rows."""
        rows = self.rows
        # one test of every message and path at once: escapes are rare
        plain = "".join([f"{message}{where or ''}" for _, message, where, _ in rows]
                        ).isprintable()
        lines = []
        add = lines.append
        for level, message, where, line in rows:
            if not plain:
                message = printable(message)
                where = printable(where) if where else where
            if not where:
                add(f"{level}: {message}")
            elif line:
                add(f"{where}:{line}: {level}: {message}")
            else:
                add(f"{where}: {level}: {message}")
        return "\n".join(lines)


def _made(row: Row) -> Diagnostic:
    level, message, where, line = row
    return Diagnostic(level, message, Path(where) if where else None, line)


class NewswireError(Exception):
    """Base of every error newswire reports to the user.

    Args:
        message: what is wrong and, where possible, how to fix it.
        path: the file concerned, if any.
        line: 1-based line in that file, if known.
    """

    exit_status = 1

    def __init__(self, message: str, path: Path | str | None = None,
                 line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def diagnostic(self, level: str = "error") -> Diagnostic:
        """This error as a :class:`Diagnostic` of the given level."""
        return Diagnostic(level, self.message, self.path, self.line)

    def __str__(self) -> str:
        return str(self.diagnostic())


class ConfigError(NewswireError):
    """``feeds/site.toml`` or a feed file is missing, malformed or has an unknown key."""


class ArticleError(NewswireError):
    """One article cannot be published; the others go on."""


class OutputError(NewswireError):
    """A file could not be rendered, failed validation, or could not be written."""


class StateError(NewswireError):
    """The identity ledger is damaged, or missing on a site published before.

    newswire stops rather than guess: building without the ledger could give
    published articles new ids and URLs (duplicates for every subscriber).
    """


class LockTimeout(NewswireError):
    """Another build of the same site still held the lock after ``--wait`` seconds.

    Exit status 75 (``EX_TEMPFAIL``): cron may simply try again later.
    """

    exit_status = 75
