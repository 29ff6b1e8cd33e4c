"""The identity ledger, ``.newswire/state.json``: the one file users commit.

It holds only what never changes once decided (README "Identity"): per
article its source path, id, page path, first-publication moment and
whether its file is gone; and the feeds' recorded ids. So the file changes
only when an article is added, removed or renamed (or a feed added), never
when one is edited: a build server that pulls content from version control
and builds can commit it, or leave it to the newsroom, without conflicts.

What identity resolution also uses but what changes with every edit (the
digest of the file, its title, the signature of its body, used to recognise
a renamed file) lives in the database (:mod:`newswire.state.store`). A
ledger written by an older newswire carries those values too: they are read
(and seed the database), and the next build writes the slim form once.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import BinaryIO

from .. import jsonio
from ..errors import OutputError, StateError
from ..safeio import load_json, read_own_file
from ..model import Identity
from ..publish import write_temp

__all__ = ["STATE_VERSION", "Record", "State", "load_ledger", "write_ledger"]

STATE_VERSION = 1

_BATCH = 1000
"""Records serialized together by :meth:`State.json_chunks`."""


@dataclass(frozen=True, slots=True)
class Record:
    """What the ledger remembers of one published article.

    Attributes:
        source: its file, relative to ``content/`` (POSIX).
        id: its permanent id.
        path: its page path below the site root (``"2019/04/x/"``).
        first_published: when a build first published it (timezone-aware).
        digest: SHA-256 of its source bytes when last built ("" unknown).
        title: its title when last built (used to recognise a renamed file).
        signature: body signature (:func:`newswire.identity.body_signature`)
            when last built (used to recognise a file renamed and edited at
            once).
        removed: True when its file is gone (the record is kept so its id and
            URL are never given to another article).

    ``digest``, ``title`` and ``signature`` are kept in the database, not in
    the ledger file: they change with every edit.
    """

    source: str
    id: str
    path: str
    first_published: datetime
    digest: str = ""
    title: str = ""
    signature: str = ""
    removed: bool = False

    def identity(self) -> Identity:
        """This record as an :class:`~newswire.model.Identity`."""
        return Identity(self.id, self.path, self.first_published)


@dataclass(frozen=True)
class State:
    """The site's identity ledger: one :class:`Record` per article ever
    published, and other top-level keys (``feeds``: name → atom:id)."""

    records: tuple[Record, ...] = ()
    extra: tuple[tuple[str, object], ...] = field(default=())

    @classmethod
    def from_json(cls, data: bytes) -> State:
        """Parse the ledger (the slim form, or an older one with ``digest``,
        ``title`` and ``signature`` per article).

        Raises:
            ValueError: not a ledger of a version this newswire reads, or a
                record lacks a field or has one of the wrong type.
        """
        obj = _ledger_object(data)
        return cls(tuple(_record(r) for r in obj["articles"]), _extra(obj))

    @classmethod
    def part(cls, data: bytes, sources: set[str]) -> State:
        """The ledger ``data`` as :meth:`from_json` reads it, with the records
        of ``sources`` alone (removed ones included): the others are not
        made.

        Raises:
            ValueError, KeyError, TypeError, AttributeError: as
                :meth:`from_json`, for what is made.
        """
        obj = _ledger_object(data)
        return cls(tuple(_record(r) for r in obj["articles"]
                         if isinstance(r, dict) and r.get("source") in sources), _extra(obj))

    @classmethod
    def part_of_written(cls, data: bytes, sources: set[str]) -> State:
        """What :meth:`part` gives, for ``data`` that :meth:`to_json` wrote
        (the caller knows it: the SHA-256 of the file is the one recorded
        when a build wrote it), found without reading the whole of it.

        :meth:`to_json` sorts the records by source and indents every level,
        and JSON text holds no raw newline but the encoder's, so each record
        starts with a line ``  {`` followed by its ``source`` key: the
        records of a source are found by bisecting the file, and each is
        read with the JSON parser (as are the other keys, which come before
        ``articles``). About 20 small reads for a source among 100,000
        records, where parsing the whole file (18.5 MB) took 0.15 s.

        Raises:
            ValueError, KeyError, TypeError, AttributeError: ``data`` is not
                in the form :meth:`to_json` writes, or a record is damaged.
        """
        begin = data.find(_ARTICLES_KEY)
        if begin < 1 or data[begin - 1:begin] != b",":
            raise ValueError("not a ledger as newswire writes it")
        head = load_json(data[:begin - 1] + b"\n}")
        if not isinstance(head, dict) or head.get("version") != STATE_VERSION \
                or not isinstance(head.get("feeds", {}), dict):
            raise ValueError("unknown state file version")
        found = []
        for source in sorted(sources):
            at = _first_record_at_or_after(data, begin, source)
            while at >= 0:
                record = _record_at(data, at)
                if record.source != source:
                    break
                found.append(record)
                at = data.find(_RECORD_START, at + 1)
        return cls(tuple(found), _extra(head))

    def to_json(self) -> bytes:
        """The ledger's bytes: only what never changes, sorted, indented,
        stable across runs (an edit of an article leaves them as they are).
        Made once per state (a build compares them and writes them)."""
        return self._json

    @cached_property
    def _json(self) -> bytes:
        return b"".join(self.json_chunks())

    def json_chunks(self) -> Iterator[bytes]:
        """:meth:`to_json` in pieces, a thousand records each (joined, the
        same bytes): :func:`write_ledger` writes them as they are made, so
        that no build holds the whole ledger as JSON values and text at
        once (about 50 MB at 100,000 articles).

        Each piece of records is what :func:`newswire.jsonio.dumps` writes
        for them as the value of a top-level key, cut from the text of an
        object holding that key alone: the records are then indented as
        they are in the whole file."""
        records = sorted(self.records, key=lambda r: (r.source, r.id))
        head = jsonio.dumps({"version": STATE_VERSION, **dict(self.extra), "articles": []},
                            indent=1)
        if not records or not head.endswith(_EMPTY_TAIL):
            yield (head + "\n").encode("utf-8")
            return
        yield (head[:-len("[]\n}")] + "[\n").encode("utf-8")
        for start in range(0, len(records), _BATCH):
            text = jsonio.dumps({"articles": [
                {"source": r.source, "id": r.id, "path": r.path,
                 "first_published": r.first_published.isoformat(),
                 **({"removed": True} if r.removed else {})}
                for r in records[start:start + _BATCH]]}, indent=1)
            inner = text[len(_PIECE_HEAD):len(text) - len(_PIECE_TAIL)]
            yield ((",\n" if start else "") + inner).encode("utf-8")
        yield _PIECE_TAIL.encode("utf-8") + b"\n"

    def forget_json(self) -> None:
        """Stop holding the bytes :meth:`to_json` made (it makes them again
        if asked): once a build has written them, megabytes at 100,000
        articles held to its end for nothing."""
        self.__dict__.pop("_json", None)

    def same_ledger(self, other: State) -> bool:
        """True when both states' :meth:`to_json` are the same bytes, told
        without making them when neither has been made: the records compared
        by what the file holds of them, in the file's order, and the other
        keys by their JSON."""
        if self is other:
            return True
        if "_json" in self.__dict__ and "_json" in other.__dict__:
            return self._json == other._json
        if len(self.records) != len(other.records) or \
                jsonio.dumps(dict(self.extra), 1) != jsonio.dumps(dict(other.extra), 1):
            return False
        return _ledger_rows(self.records) == _ledger_rows(other.records)

    def with_extra(self, key: str, value: object) -> State:
        """A copy with one top-level key (``"feeds"``...) set."""
        extra = dict(self.extra)
        extra[key] = value
        return replace(self, extra=tuple(sorted(extra.items())))

    def get_extra(self, key: str, default: object = None) -> object:
        """A top-level key's value, or ``default``."""
        return dict(self.extra).get(key, default)

    def with_recognition(self, known: dict[str, tuple[str, str, str]]) -> State:
        """A copy whose records take ``digest``, ``title`` and ``signature``
        from ``known`` (source → those three, as the database keeps them);
        records ``known`` lacks keep what the ledger file held."""
        if not known:
            return self
        return replace(self, records=tuple(
            Record(r.source, r.id, r.path, r.first_published, *known[r.source], r.removed)
            if r.source in known else r for r in self.records))


_EMPTY_TAIL = '"articles": []\n}'
"""How the ledger's text ends when it has no record (``indent=1``)."""
_PIECE_HEAD = '{\n "articles": [\n'
_PIECE_TAIL = "\n ]\n}"
"""What is cut around the records of an object holding ``articles`` alone."""


def write_ledger(path: Path, state: State) -> str:
    """Write :meth:`State.to_json` of ``state`` to ``path`` atomically (a
    temporary file beside it, fsynced, renamed over it), a piece at a time
    (:meth:`State.json_chunks`); a file already holding exactly those
    bytes is left as it is (neither rewritten nor touched). Returns the
    SHA-256 of the bytes, as hexadecimal text.

    Raises:
        OutputError: the file cannot be written (disk full, permissions).
    """
    digest = hashlib.sha256()
    temp: str | None = None
    out = old = None
    kept = 0  # bytes of the file found equal to the first pieces
    try:
        if path.is_file():  # not a named pipe or folder left in its place
            try:
                old = open(path, "rb")  # noqa: SIM115 - closed below
            except FileNotFoundError:
                pass
        for chunk in state.json_chunks():
            digest.update(chunk)
            if out is None and old is not None and old.read(len(chunk)) == chunk:
                kept += len(chunk)
                continue
            if out is None:
                temp, out = _started(path, old, kept)
            out.write(chunk)
        if out is None:
            if old is not None and old.read(1) == b"":
                return digest.hexdigest()  # the same bytes: left as they are
            temp, out = _started(path, old, kept)
        out.flush()
        os.fsync(out.fileno())
        out.close()
        os.replace(temp, path)  # type: ignore[arg-type]
        temp = None
        return digest.hexdigest()
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", path) from None
    finally:
        if old is not None:
            old.close()
        if out is not None and not out.closed:
            out.close()
        if temp is not None:
            try:
                os.unlink(temp)
            except OSError:
                pass


def _started(path: Path, old: BinaryIO | None, kept: int) -> tuple[str, BinaryIO]:
    """A new temporary file beside ``path`` (made as every written file
    is), holding the first ``kept`` bytes of the open file ``old``, open
    to append to."""
    temp = write_temp(path, b"")
    out = open(temp, "ab")  # noqa: SIM115 - closed by the caller
    if kept and old is not None:
        old.seek(0)
        out.write(old.read(kept))
    return temp, out


def _ledger_rows(records: tuple[Record, ...]) -> list[tuple[str, str, str, str, bool]]:
    """What the ledger file holds of each record, in the file's order."""
    return [(r.source, r.id, r.path, r.first_published.isoformat(), r.removed)
            for r in sorted(records, key=lambda r: (r.source, r.id))]


_ARTICLES_KEY = b'\n "articles": ['
"""The line of the ``articles`` key in what :meth:`State.to_json` writes
(one space of indentation: a key of the top-level object)."""

_RECORD_START = b'\n  {\n   "source": '
"""The first two lines of a record in what :meth:`State.to_json` writes
(an object of the ``articles`` list, its first key ``source``)."""


def _first_record_at_or_after(data: bytes, begin: int, source: str) -> int:
    """The offset of the first record (:data:`_RECORD_START`) after
    ``begin`` whose source is ``source`` or sorts after it, or -1: a
    bisection of the byte range, each step one search for the next record
    and one read of its source."""
    lo, hi = begin, len(data)
    # every record starting before lo sorts before source; the first one
    # starting at or after hi (if any) does not
    while lo < hi:
        mid = (lo + hi) // 2
        at = data.find(_RECORD_START, mid)
        if at < 0 or at >= hi:
            hi = mid
        elif _source_at(data, at) < source:
            lo = at + 1
        else:
            hi = mid
    return data.find(_RECORD_START, hi)


def _source_at(data: bytes, at: int) -> str:
    """The source of the record starting at ``at`` (a JSON string ended by
    the comma and newline after it: no raw newline is inside a string)."""
    start = at + len(_RECORD_START)
    end = data.index(b",\n", start)
    source = load_json(data[start:end])
    if not isinstance(source, str):
        raise ValueError("malformed record")
    return source


def _record_at(data: bytes, at: int) -> Record:
    """The record starting at ``at``: the object up to its closing line."""
    end = data.index(b"\n  }", at + 1)
    obj = load_json(data[at + 1:end + 4])
    if not isinstance(obj, dict):
        raise ValueError("malformed record")
    return _record(obj)


def _ledger_object(data: bytes) -> dict[str, object]:
    """The ledger's JSON object, its version and the types of its
    ``articles`` and ``feeds`` checked.

    Raises:
        ValueError: not a ledger of a version this newswire reads.
    """
    obj = load_json(data.decode("utf-8"))
    if not isinstance(obj, dict) or obj.get("version") != STATE_VERSION:
        raise ValueError("unknown state file version")
    if not isinstance(obj.get("articles"), list) or not isinstance(obj.get("feeds", {}), dict):
        raise ValueError("'articles' must be a list and 'feeds' a mapping")
    return obj


def _extra(obj: dict[str, object]) -> tuple[tuple[str, object], ...]:
    """The ledger's top-level keys besides its version and articles, sorted."""
    return tuple(sorted((k, v) for k, v in obj.items() if k not in ("version", "articles")))


def _record(r: dict[str, object]) -> Record:
    """One record of the ledger's ``articles`` list.

    Raises:
        ValueError, KeyError, TypeError: a field is missing or has the wrong type.
    """
    texts = (r["source"], r["id"], r["path"], r.get("digest", ""), r.get("title", ""),
             r.get("signature", ""))
    first_published = datetime.fromisoformat(r["first_published"])  # type: ignore[arg-type]
    for text in texts:  # a loop, not a generator: 10,000 records are read by every build
        if not isinstance(text, str):
            raise ValueError(f"malformed record for {r.get('source')!r}")
    if first_published.utcoffset() is None:
        raise ValueError(f"malformed record for {r.get('source')!r}")
    return Record(texts[0], texts[1], texts[2], first_published, texts[3], texts[4],  # type: ignore[arg-type]
                  texts[5], bool(r.get("removed", False)))  # type: ignore[arg-type]


def load_ledger(file: Path, published_before: bool, restart: str) -> State:
    """The identity ledger in ``file``; empty for a new site.

    Args:
        published_before: True when the site was published before (a
            missing ledger is then an error, not a new site).
        restart: how to start a new ledger on purpose, for the messages.

    Raises:
        StateError: the file is damaged, or missing although the site was
            published before. Building on could give published articles new
            ids and URLs, so newswire stops and leaves the file as it is.
    """
    try:
        data = read_own_file(file)
    except FileNotFoundError:
        if published_before:
            raise StateError(
                "the identity ledger is missing, but this site was published before; "
                f"restore it from version control or a backup; {restart}",
                file) from None
        return State()
    except OSError as exc:
        raise StateError(f"cannot read the identity ledger: {exc.strerror}", file) from None
    try:
        return State.from_json(data)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise StateError(
            f"the identity ledger is damaged ({exc}); nothing was built or changed. "
            f"Restore it from version control or a backup; {restart}", file, 1) from None
