"""What the last complete build saw and said: the record behind the shortcut
when nothing changed (README "Building by cron")."""

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
        reference_ns: a file-system time taken after the snapshot (the mtime
            of the journal touched then); inputs changed less than
            :data:`~newswire.state.digests.RACY_NS` before it may have
            changed unseen, so the record is not trusted.
        newest_ns: :attr:`Snapshot.newest_ns` of that snapshot.
        published_from, published_until: the range of "now" over which the
            same articles are published (the newest published date; the
            earliest date left out as future), ISO 8601 or None (unbounded).
        outputs: stat of the identity ledger as that build left it.
        diagnostics: what a build with the same inputs reports, as
            ``(level, message, path, line)``.
        articles: the number of articles published.
        left_out: :attr:`~newswire.options.BuildReport.left_out` of that build.
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

    def to_plain(self) -> dict[str, object]:
        """The record as JSON-ready values."""
        return {"inputs": self.inputs, "reference_ns": self.reference_ns,
                "newest_ns": self.newest_ns, "published_from": self.published_from,
                "published_until": self.published_until,
                "outputs": [list(s) if s else None for s in self.outputs],
                "diagnostics": [list(d) for d in self.diagnostics],
                "articles": self.articles, "left_out": list(self.left_out)}

    @classmethod
    def from_plain(cls, obj: object) -> LastBuild | None:
        """The record :meth:`to_plain` made, or None for anything else."""
        try:
            assert isinstance(obj, dict)
            outputs = tuple(tuple(s) if s is not None else None for s in obj["outputs"])
            diagnostics = tuple(tuple(d) for d in obj["diagnostics"])
            record = cls(obj["inputs"], obj["reference_ns"], obj["newest_ns"],
                         obj["published_from"], obj["published_until"], outputs,
                         diagnostics, obj["articles"],  # type: ignore[arg-type]
                         tuple(obj.get("left_out", (0, 0))))  # type: ignore[arg-type]
            ok = (isinstance(record.inputs, str) and type(record.articles) is int
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
        """False when an input changed so close to the snapshot that its stat
        may not show a later change (the same clock tick)."""
        return self.newest_ns + _digests.RACY_NS < self.reference_ns


def _valid_diagnostic(row: object) -> bool:
    return (isinstance(row, tuple) and len(row) == 4 and isinstance(row[0], str)
            and isinstance(row[1], str) and (row[2] is None or isinstance(row[2], str))
            and (row[3] is None or type(row[3]) is int))
