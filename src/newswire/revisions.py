"""``updated = "auto"``: when a published article's text last changed.

With ``updated = "auto"`` (site or feed setting), a build that sees the
title or body of a published article differ from what an earlier build saw
sets the article's ``updated`` to that build's "now" (``--now``, else
``SOURCE_DATE_EPOCH``, else the clock). The moment is recorded, so every
later build writes the same bytes until the text changes again.

The record is ``.newswire/updated.json``, owned by this module alone and
kept apart from the identity ledger (``state.json`` changes only when
articles are added, removed or renamed). Per article id (so a renamed file
keeps its history): a digest of its text and the recorded moment, or none
while the article is as first seen. The text digest is taken of the title
and of the body's *text* (tags stripped, character references decoded,
whitespace collapsed), so a newer newswire that writes the same text with
other markup does not make every article "updated", and neither do edits
of tags, dates or other front matter.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from .errors import StateError
from .model import Entry
from .publish import atomic_write
from .safeio import read_own_file

__all__ = ["FILE_NAME", "Revisions", "text_digest", "with_updated"]

FILE_NAME = "updated.json"
FORMAT = 1
_TAG = re.compile(r"<[^<>]*>")


def text_digest(title: str, body_html: str) -> str:
    """SHA-256 (hex) of a title and the text of an HTML body, markup left out."""
    text = " ".join(html.unescape(_TAG.sub(" ", body_html)).split())
    return hashlib.sha256(f"{' '.join(title.split())}\0{text}".encode(
        "utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Revisions:
    """The recorded text digests and automatic ``updated`` moments.

    Attributes:
        records: article id → (text digest, ISO 8601 moment of the last change
            seen, or None while the text is the one first published).
    """

    records: Mapping[str, tuple[str, str | None]] = field(default_factory=dict)

    @classmethod
    def load(cls, state_dir: Path) -> Revisions:
        """The record in ``state_dir/updated.json``; empty when missing.

        Raises:
            StateError: the file is unreadable or damaged (it is left as it is:
                its dates cannot be recomputed).
        """
        path = state_dir / FILE_NAME
        try:
            data = read_own_file(path)
        except FileNotFoundError:
            return cls()
        except OSError as exc:
            raise StateError(f"cannot read: {exc.strerror}", path) from None
        try:
            obj = json.loads(data.decode("utf-8"))
            if not isinstance(obj, dict) or obj.get("format") != FORMAT:
                raise ValueError("unknown format")
            records: dict[str, tuple[str, str | None]] = {}
            for ident, row in obj["articles"].items():
                digest, moment = row["text"], row.get("updated")
                if not isinstance(digest, str) or not (moment is None or isinstance(moment, str)):
                    raise ValueError(f"malformed record for {ident!r}")
                if moment is not None and datetime.fromisoformat(moment).utcoffset() is None:
                    raise ValueError(f"{moment!r} has no offset")
                records[str(ident)] = (digest, moment)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise StateError(f"the record of automatic updated dates is damaged ({exc}); "
                             "restore it from version control or a backup, or delete it "
                             "(the dates it held are then lost)", path) from None
        return cls(records)

    def observe(self, digests: Mapping[str, str], now: datetime) -> Revisions:
        """The record after a build that saw these texts at ``now`` (aware).

        ``digests`` maps the id of every published article to its
        :func:`text_digest`. A new id is recorded as first seen; a changed
        digest records ``now``; records of ids not seen are kept (an article
        unpublished for a while keeps its history).
        """
        records = dict(self.records)
        moment = now.replace(microsecond=0).isoformat()  # as feeds and pages show dates
        for ident, digest in digests.items():
            old = records.get(ident)
            if old is None:
                records[ident] = (digest, None)
            elif old[0] != digest:
                records[ident] = (digest, moment)
        return Revisions(records)

    def updated(self, ident: str) -> datetime | None:
        """The recorded moment of the article's last change, or None."""
        row = self.records.get(ident)
        return datetime.fromisoformat(row[1]) if row and row[1] else None

    def to_json(self) -> bytes:
        """The file's bytes: sorted, one record per line, stable across runs."""
        articles = {ident: {"text": digest, **({"updated": moment} if moment else {})}
                    for ident, (digest, moment) in sorted(self.records.items())}
        return (json.dumps({"format": FORMAT, "articles": articles}, indent=1,
                           ensure_ascii=False) + "\n").encode("utf-8")

    def save(self, state_dir: Path) -> bool:
        """Write ``state_dir/updated.json`` atomically; True when its bytes changed."""
        return atomic_write(state_dir / FILE_NAME, self.to_json())


def with_updated(entries: list[Entry], revisions: Revisions) -> list[Entry]:
    """``entries`` (same order) whose ``updated`` is the later of their own
    (front matter ``updated``, else publication) and the recorded moment of
    their last text change."""
    out = []
    for entry in entries:
        moment = revisions.updated(entry.id)
        out.append(replace(entry, updated=moment) if moment is not None
                   and moment > entry.updated else entry)
    return out
