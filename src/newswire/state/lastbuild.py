"""What the last complete build saw and said: the record behind the shortcut
when nothing changed (README "Building by cron").

When may a build be skipped because its inputs' stat is what the last one
saw? Every change to a file sets its ctime from its file system's clock, and
the ctime cannot be set back (``utime`` sets the mtime, and the ctime to
now). The snapshot is taken before the build reads anything; the build then
touches its journal in ``.newswire/``, whose mtime is the reference time
(:attr:`LastBuild.reference_ns`), and reads only after that. A change made
before the reference time is read by the build, whether the stat shows it
or not; a change made after it must show in the stat, or be seen otherwise.

* A file on the file system of ``.newswire/`` (same clock, same tick)
  whose last change is strictly before the reference time: a change after
  that time gets a ctime at or after it, so it shows. The stat is enough.
  (This is git's rule for racily clean files, the index file's mtime being
  the reference.) One changed in the reference tick is not trusted: a
  change after the build read it can carry the same stamps.
* A file on another file system (a mount, a link to a share): its clock may
  run behind or tick coarser. Changed :data:`~newswire.state.digests.RACY_NS`
  or more before the reference time: the stat is enough. Changed more
  recently: its bytes were hashed at snapshot time
  (:attr:`LastBuild.verified`); the record is trusted when the file last
  changed before the reference time and a skipped build finds the same
  bytes again, so a change after the build read it shows in the stat or in
  the bytes. What can escape is a change and its undoing (bytes A hashed,
  B written and read by the build, then A again) made within one tick of a
  clock running behind, a window of milliseconds on any local file system.
  (Not hashed, such a file would leave the record untrusted, and the next
  run would build again.)

What this relies on: clocks that do not go back (a clock set back by hand
can give a later change the stamp of an earlier one, as for ``make`` and
``git``).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path

from .. import jsonio
from . import digests as _digests
from .digests import file_stamp

__all__ = ["BY_NAME_SUFFIXES", "LAST_BUILD", "NO_TIME", "PUBLISHED_AT", "SAID", "LastBuild",
           "published_at", "STATE_FILES", "own_files", "published_time"]

LAST_BUILD = "last-build"
"""Its name in the database's ``records`` table."""

SAID = "last-build-said"
"""The name in the ``records`` table of the diagnostics of the last
complete build (:meth:`LastBuild.said_plain`), kept apart from
:data:`LAST_BUILD`, which names them by their id."""

PUBLISHED_AT = "published-at"
"""The name in the ``records`` table of the :func:`published_time` of the
last build that published (an int), kept whatever else that build recorded:
a published file whose ctime is later was changed since, by hand or by
another program, and its size and mtime say nothing of its bytes."""


@dataclass(frozen=True)
class LastBuild:
    """What the last complete build saw and reported: enough to know that a
    build now would change nothing, and to say again what it said.

    Attributes:
        inputs: the :class:`~newswire.state.digests.Snapshot` digest
            taken before that build read.
        reference_ns: a file-system time taken after the snapshot and
            before any input was read (the mtime of the journal touched
            then): see the module's docstring and :meth:`trusted`.
        newest_ns: :attr:`Snapshot.newest_ns` of that snapshot: the last
            change of the files of other file systems not hashed.
        published_from, published_until: the range of "now" over which the
            same articles are published (the newest published date; the
            earliest date left out as future), ISO 8601 or None (unbounded).
        outputs: stat of the identity ledger and the other state files as
            that build left them (:func:`own_files`).
        diagnostics: what a build with the same inputs reports, as
            ``(level, message, path, line)``. Kept in a record of their own
            (:data:`SAID`, :meth:`said_plain`), named in this one by the
            SHA-256 of their JSON: a build that records them unchanged
            (the edit path) does not write them again (tens of thousands
            of rows at 100,000 articles).
        articles: the number of articles published.
        left_out: :attr:`~newswire.options.BuildReport.left_out` of that build.
        verified: :attr:`Snapshot.verified` of that snapshot: (path, SHA-256)
            of the files of other file systems changed too recently for
            their stat to be relied on, hashed before the build read them; a
            build is skipped only when each still has those bytes.
        exact_newest_ns: :attr:`Snapshot.exact_newest_ns` of that
            snapshot: the last change of the other files.
        published_ns: a time of the output folder's file system taken after
            that build published (:func:`published_time`): a published
            file whose ctime is later was changed since (by hand, even with
            its size and mtime put back), and a build is needed.
        files: the number of files that build published (rows of its
            manifest); a manifest holding another number lost or gained
            rows since, and cannot vouch for the output folder. -1: unknown.
        frame: :attr:`Snapshot.frame` of that snapshot when a later build
            may rebuild after edits in place alone (:mod:`newswire.edits`),
            else ``""``.
        assets: the files of ``content/`` that build copied (POSIX paths
            below it), for the edit path's lead-image checks.
        items: the sources of the articles held by feed documents the edit
            path does not make again (podcasts, which read media files): an
            edit to one of them is left to the whole pipeline.
        documents: for every other feed, each of its documents as
            ``(feed name, number, sources)``: number None for the
            subscription document, ``n`` for RFC 5005 archive page ``n``
            (:func:`~newswire.feeds.document.feed_file` gives their paths),
            and the sources of the articles it holds, newest first. A feed
            with archive pages has every page listed, the last one perhaps
            empty.
        since_ns: for a build on the edit path, which reads the edited
            files alone, a time of the same clock taken before its snapshot:
            an article file changed later (its ctime at or after it) may
            not have been read. -1: :attr:`reference_ns` (a whole build
            reads every file after it). See :meth:`edits_since`.
        ledger: the SHA-256 (hex) of the identity ledger's bytes as that
            build left them (it wrote them: they are in the form
            :meth:`~newswire.state.ledger.State.to_json` writes), ``""``
            unknown: the edit path reads the records it needs from the file
            without parsing the whole of it when the file still has those
            bytes (:meth:`~newswire.state.ledger.State.part_of_written`).
    """

    inputs: str
    reference_ns: int
    newest_ns: int
    published_from: str | None
    published_until: str | None
    outputs: tuple[tuple[int, int, int, int] | None, ...]
    diagnostics: tuple[tuple[str, str, str | None, int | None], ...]
    articles: int
    left_out: tuple[int, int] = (0, 0)
    verified: tuple[tuple[str, str], ...] = ()
    exact_newest_ns: int = 0
    published_ns: int = -1
    files: int = -1
    frame: str = ""
    assets: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    documents: tuple[tuple[str, int | None, tuple[str, ...]], ...] = ()
    since_ns: int = -1
    ledger: str = ""
    _said: tuple[object, str] | None = field(default=None, compare=False, repr=False)
    """(:attr:`diagnostics` as read, the id of the :data:`SAID` record
    holding them) for a record read back: while the diagnostics are that
    very tuple, their id is that one (see :meth:`said_id`)."""

    def to_plain(self) -> dict[str, object]:
        """The record as JSON-ready values, :attr:`diagnostics` included
        (:meth:`from_plain` reads it back alone)."""
        return {**self.stored(), "diagnostics": [list(d) for d in self.diagnostics]}

    def stored(self) -> dict[str, object]:
        """The :data:`LAST_BUILD` record as the database keeps it: as
        :meth:`to_plain`, but :attr:`diagnostics` named by their id only,
        kept in the :data:`SAID` record (:meth:`said_plain`)."""
        plain: dict[str, object] = {
            "inputs": self.inputs, "reference_ns": self.reference_ns,
            "newest_ns": self.newest_ns, "published_from": self.published_from,
            "published_until": self.published_until,
            "outputs": [list(s) if s else None for s in self.outputs],
            "said": self.said_id(),
            "articles": self.articles, "left_out": list(self.left_out),
            "verified": [list(v) for v in self.verified],
            "exact_newest_ns": self.exact_newest_ns, "published_ns": self.published_ns,
            "files": self.files, "frame": self.frame, "assets": list(self.assets),
            "items": list(self.items),
            "documents": [[name, number, list(sources)]
                          for name, number, sources in self.documents],
            "since_ns": self.since_ns, "ledger": self.ledger}
        return plain

    def said_id(self) -> str:
        """The id of the :data:`SAID` record holding :attr:`diagnostics`
        (the SHA-256 of its JSON): the one they were read with while they
        are that very tuple, else made from them."""
        said = self._said
        if said is not None and said[0] is self.diagnostics:
            return said[1]
        return self._said_made[0]

    @cached_property
    def _said_made(self) -> tuple[str, list[list[object]]]:
        rows = [list(d) for d in self.diagnostics]
        text = jsonio.compact(rows, ensure_ascii=True)
        return hashlib.sha256(text.encode("ascii")).hexdigest(), rows

    def said_plain(self) -> dict[str, object]:
        """The :data:`SAID` record: :attr:`diagnostics` and their id, as
        JSON-ready values."""
        return {"id": self.said_id(), "diagnostics": self._said_made[1]}

    @classmethod
    def from_plain(cls, obj: object, said: object = None) -> LastBuild | None:
        """The record :meth:`to_plain` made, with the :data:`SAID` record
        :meth:`said_plain` made beside it (or its ``diagnostics`` in
        ``obj`` itself), or None for anything else (a ``said`` of another
        id among them)."""
        try:
            assert isinstance(obj, dict)
            outputs = tuple(tuple(s) if s is not None else None for s in obj["outputs"])
            said_id = None
            if "diagnostics" in obj:  # to_plain's
                rows = obj["diagnostics"]
            else:  # stored()'s, with said_plain()'s
                assert isinstance(said, dict) and isinstance(obj["said"], str) \
                    and said["id"] == obj["said"]
                rows, said_id = said["diagnostics"], obj["said"]
            # a site may have tens of thousands of warnings: each row is
            # unpacked once (a row of another length raises ValueError) and
            # checked by the set of its values' types, no call per row
            diagnostics = tuple([(level, message, where, line)
                                 for level, message, where, line in rows])
            kinds = {(type(level), type(message), type(where), type(line))
                     for level, message, where, line in diagnostics}
            verified = tuple(tuple(v) for v in obj["verified"])
            record = cls(obj["inputs"], obj["reference_ns"], obj["newest_ns"],
                         obj["published_from"], obj["published_until"], outputs,
                         diagnostics, obj["articles"],  # type: ignore[arg-type]
                         tuple(obj.get("left_out", (0, 0))),  # type: ignore[arg-type]
                         verified, obj["exact_newest_ns"],  # type: ignore[arg-type]
                         obj["published_ns"],  # type: ignore[arg-type]
                         obj.get("files", -1),  # type: ignore[arg-type]
                         obj.get("frame", ""),  # type: ignore[arg-type]
                         tuple(obj.get("assets", ())),  # type: ignore[arg-type]
                         tuple(obj.get("items", ())),  # type: ignore[arg-type]
                         tuple((name, number, tuple(sources))  # type: ignore[misc]
                               for name, number, sources in obj.get("documents", ())),
                         obj.get("since_ns", -1),  # type: ignore[arg-type]
                         obj.get("ledger", ""),  # type: ignore[arg-type]
                         (diagnostics, said_id) if said_id is not None else None)
            ok = (isinstance(record.inputs, str) and type(record.articles) is int
                  and type(record.exact_newest_ns) is int and type(record.published_ns) is int
                  and type(record.files) is int and isinstance(record.frame, str)
                  and type(record.since_ns) is int and isinstance(record.ledger, str)
                  and all(isinstance(a, str) for a in record.assets + record.items)
                  and all(isinstance(name, str) and all(isinstance(s, str) for s in sources)
                          and (number is None or (type(number) is int and number > 0))
                          for name, number, sources in record.documents)
                  and all(len(v) == 2 and isinstance(v[0], str) and isinstance(v[1], str)
                          for v in record.verified)
                  and len(record.left_out) == 2
                  and all(type(n) is int for n in record.left_out)
                  and type(record.reference_ns) is int and type(record.newest_ns) is int
                  and all(v is None or isinstance(v, str)
                          for v in (record.published_from, record.published_until))
                  and kinds <= _DIAGNOSTIC_KINDS
                  and all(s is None or (len(s) == 4 and all(type(n) is int for n in s))
                          for s in record.outputs))
            if ok:
                record.covers(datetime.fromisoformat("2000-01-01T00:00:00+00:00"))
        except (AssertionError, KeyError, TypeError, ValueError, IndexError):
            return None
        return record if ok else None

    def covers(self, now: datetime) -> bool:
        """True when ``now`` publishes the same articles as that build's now."""
        low = datetime.fromisoformat(self.published_from) if self.published_from else None
        high = datetime.fromisoformat(self.published_until) if self.published_until else None
        return (low is None or low <= now) and (high is None or now < high)

    def edits_since(self) -> int:
        """The time (ns, the clock of ``.newswire/``) from which a change
        to an article file (its ctime) may not have been read by that
        build (:mod:`newswire.edits`)."""
        return self.since_ns if self.since_ns >= 0 else self.reference_ns

    def trusted(self) -> bool:
        """True when the stat of the inputs shows every change made after
        the build started reading, but changes to the :attr:`verified`
        files, which the caller checks by content: files of other file
        systems not hashed changed :data:`~newswire.state.digests.RACY_NS`
        or more before the reference time, the others strictly before it
        (see the module's docstring)."""
        return (self.newest_ns + _digests.RACY_NS < self.reference_ns
                and self.exact_newest_ns < self.reference_ns)


NO_TIME = (1 << 63) - 1
"""A :attr:`LastBuild.published_ns` later than any ctime: not checked
(what builds recorded for a ``public/`` on another file system before
they read that file system's clock)."""


def published_time(journal: Path, public: Path) -> int:
    """The time after which a change to a file in ``public`` shows in its
    ctime (ns since the epoch): the current time of the clock of the file
    system holding ``public``, read by setting the mtime of ``journal`` to
    now when it is on that file system, else that of the ``public`` folder
    itself (another file system has another clock, which may run ahead or
    behind; the folder's mtime means nothing to a web server). -1 (nothing
    is trusted) when it cannot be read."""
    try:
        clock = journal if os.stat(public).st_dev == os.stat(journal).st_dev else public
        os.utime(clock)
        return os.stat(clock).st_mtime_ns
    except OSError:
        return -1


BY_NAME_SUFFIXES = (".md", ".markdown", ".txt", ".toml", ".yaml", ".yml")
"""The suffixes of article files and their sidecars (``readers.READERS``,
``readers.SIDECAR_SUFFIXES``; named here so that a run imports no reader, a
test checks them): in the snapshot's frame these count by name alone, so that
edits in place to them can be told from other changes (:mod:`newswire.edits`)."""


STATE_FILES = ("state.json", "empty-feeds.json", "updated.json")
"""The files of ``.newswire/`` besides the database that decide published
bytes: the identity ledger (:mod:`newswire.state.ledger`), the moments feeds
became empty (:mod:`newswire.emptyfeeds`) and, with ``updated = "auto"``,
when each article's text changed (:mod:`newswire.revisions`). Named here,
not imported, so that a skipped run loads none of those modules (a test
checks the names)."""


def own_files(state_dir: Path) -> tuple[tuple[int, int, int, int] | None, ...]:
    """The stat (:func:`~newswire.state.digests.file_stamp`) of the
    :data:`STATE_FILES` in ``state_dir``, for :attr:`LastBuild.outputs`.
    Builds write them, users commit or pull some of them: a run is skipped
    only while each is as the last build left it (or still missing); one
    deleted, edited or written again means a build."""
    return tuple(file_stamp(state_dir / name) for name in STATE_FILES)


def published_at(value: object) -> int:
    """The :data:`PUBLISHED_AT` record as stored, or -1 (nothing trusted)
    when it is missing or not an int."""
    return value if type(value) is int else -1


_DIAGNOSTIC_KINDS = {(str, str, where, line) for where in (str, type(None))
                     for line in (int, type(None))}
"""The types of the values of a recorded diagnostic (level, message, path,
line): bool is not int here."""
