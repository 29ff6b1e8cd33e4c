"""What the last complete build saw and said: the record behind the shortcut
when nothing changed (README "Building by cron").

When may a build be skipped because its inputs' stat is what the last one
saw? A file's ctime is set from the file system's clock by every change to
it and cannot be set back (``utime`` sets the mtime, and the ctime to now).
So a change made after a moment whose file-system time is later than the
file's ctime always shows in its stat. A change made in the same clock tick
as the file's last one may not: same size, same mtime, same ctime. The
snapshot is taken before the build reads anything; the build then touches
its journal, whose mtime (:attr:`LastBuild.reference_ns`) is the
file-system time before it reads; then it reads. For each input:

* Changed well before the snapshot (by more than
  :data:`~newswire.state.digests.RACY_NS` before the reference, which
  covers the coarsest clock tick in use): any later change shows in its
  stat. The stat is enough.
* Changed recently: its content was hashed at snapshot time, before the
  build read it (:attr:`LastBuild.verified`). The record is trusted only
  when each such file last changed strictly before the reference time (an
  earlier tick of the same clock, so a change after the reference, hence
  after the build started reading, shows in its stat), and a skipped build
  hashes each again and finds the same bytes. A change between the snapshot
  and the reference time may not show in the stat, but shows in the
  content: the bytes hashed are gone. Bytes that went and came back are
  safe either way: back before the reference time, the build read the bytes
  hashed; back after it, the change shows in the stat (A hashed, B read by
  the build, then A again is a change after the reference).

What this relies on: the inputs' file-system clock is the clock that stamped
the journal in ``.newswire/`` (both in the site's folder, usually one file
system), and it does not go back (a clock set back by hand can give a later
change the stamp of an earlier one, as for ``make`` and ``git``). A file
system whose clock runs behind that one makes recent files look old: the
first rule's margin covers up to two seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from . import digests as _digests

__all__ = ["LAST_BUILD", "LastBuild"]

LAST_BUILD = "last-build"
"""Its name in the database's ``records`` table."""


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
        newest_ns: :attr:`Snapshot.newest_ns` of that snapshot (the files
            whose content was not hashed).
        published_from, published_until: the range of "now" over which the
            same articles are published (the newest published date; the
            earliest date left out as future), ISO 8601 or None (unbounded).
        outputs: stat of the identity ledger as that build left it.
        diagnostics: what a build with the same inputs reports, as
            ``(level, message, path, line)``.
        articles: the number of articles published.
        left_out: :attr:`~newswire.options.BuildReport.left_out` of that build.
        verified: :attr:`Snapshot.verified` of that snapshot: (path, SHA-256)
            of the files changed too recently for their stat to be relied
            on, hashed before the build read them; a build is skipped only
            when each still has those bytes.
        verified_newest_ns: :attr:`Snapshot.verified_newest_ns` of that
            snapshot.
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
    verified_newest_ns: int = 0

    def to_plain(self) -> dict[str, object]:
        """The record as JSON-ready values."""
        return {"inputs": self.inputs, "reference_ns": self.reference_ns,
                "newest_ns": self.newest_ns, "published_from": self.published_from,
                "published_until": self.published_until,
                "outputs": [list(s) if s else None for s in self.outputs],
                "diagnostics": [list(d) for d in self.diagnostics],
                "articles": self.articles, "left_out": list(self.left_out),
                "verified": [list(v) for v in self.verified],
                "verified_newest_ns": self.verified_newest_ns}

    @classmethod
    def from_plain(cls, obj: object) -> LastBuild | None:
        """The record :meth:`to_plain` made, or None for anything else."""
        try:
            assert isinstance(obj, dict)
            outputs = tuple(tuple(s) if s is not None else None for s in obj["outputs"])
            diagnostics = tuple(tuple(d) for d in obj["diagnostics"])
            verified = tuple(tuple(v) for v in obj["verified"])
            record = cls(obj["inputs"], obj["reference_ns"], obj["newest_ns"],
                         obj["published_from"], obj["published_until"], outputs,
                         diagnostics, obj["articles"],  # type: ignore[arg-type]
                         tuple(obj.get("left_out", (0, 0))),  # type: ignore[arg-type]
                         verified, obj["verified_newest_ns"])  # type: ignore[arg-type]
            ok = (isinstance(record.inputs, str) and type(record.articles) is int
                  and type(record.verified_newest_ns) is int
                  and all(len(v) == 2 and isinstance(v[0], str) and isinstance(v[1], str)
                          for v in record.verified)
                  and len(record.left_out) == 2
                  and all(type(n) is int for n in record.left_out)
                  and type(record.reference_ns) is int and type(record.newest_ns) is int
                  and all(v is None or isinstance(v, str)
                          for v in (record.published_from, record.published_until))
                  and all(_valid_diagnostic(d) for d in record.diagnostics)
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

    def trusted(self) -> bool:
        """True when the stat of the inputs shows every change made since
        the build started reading, but changes to the :attr:`verified`
        files, which the caller checks by content: the files not hashed
        changed :data:`~newswire.state.digests.RACY_NS` or more before the
        reference time, the hashed ones strictly before it (see the
        module's docstring)."""
        return (self.newest_ns + _digests.RACY_NS < self.reference_ns
                and self.verified_newest_ns < self.reference_ns)


def _valid_diagnostic(row: object) -> bool:
    return (isinstance(row, tuple) and len(row) == 4 and isinstance(row[0], str)
            and isinstance(row[1], str) and (row[2] is None or isinstance(row[2], str))
            and (row[3] is None or type(row[3]) is int))
