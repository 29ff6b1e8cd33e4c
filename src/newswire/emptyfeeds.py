"""The ``updated`` moment of feeds that hold no items (RFC 4287 §4.2.15).

A feed document states the newest ``updated`` of its entries (never the
clock). A feed with no entries has none to state, and 1970 would tell every
reader the feed is decades old. Its moment is instead the last time the feed
changed: the build at which it lost its last item, or at which its
configuration changed while it was empty (a new feed whose selection matches
nothing yet), and never earlier than the ``updated`` it stated before. That
moment is the build's ``now``, so it is recorded in
``.newswire/empty-feeds.json`` and rebuilds write the same bytes.

This is not identity: the ledger (``.newswire/state.json``) changes only
when articles are added, removed or renamed, so the record lives in its own
file, which only this module reads and writes::

    {"version": 1, "feeds": {"<name>": {"config": "<sha256 of the feed's
     settings>", "empty": true, "updated": "2026-11-30T10:00:00+00:00"}}}

For a feed with items the record keeps its newest ``updated`` (and
``"empty": false``), the floor for the moment it may later become empty.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .config import FeedConfig
from .errors import Diagnostic
from .publish import atomic_write
from .safeio import read_own_file

__all__ = ["FILE_NAME", "EmptyFeeds", "config_digest"]

FILE_NAME = "empty-feeds.json"
_VERSION = 1


def config_digest(feed: FeedConfig) -> str:
    """SHA-256 hex digest of a feed's settings (its selection, title, formats...)."""
    return hashlib.sha256(repr(feed).encode()).hexdigest()


@dataclass(frozen=True)
class _Mark:
    config: str
    empty: bool
    updated: datetime


class EmptyFeeds:
    """What :data:`FILE_NAME` records, read once per build and saved after publishing.

    Args:
        state_dir: the site's ``.newswire/`` folder.
    """

    def __init__(self, state_dir: Path) -> None:
        self.path = state_dir / FILE_NAME
        self._marks: dict[str, _Mark] = {}
        self.diagnostics: list[Diagnostic] = []
        self._load()

    def _load(self) -> None:
        try:
            data = read_own_file(self.path)
        except FileNotFoundError:
            return
        except OSError as exc:
            self.diagnostics.append(Diagnostic(
                "warning", f"cannot read: {exc.strerror}; empty feeds state this build's "
                "time as their updated", self.path))
            return
        try:
            obj = json.loads(data)
            if obj.get("version") != _VERSION:
                raise ValueError("unknown version")
            self._marks = {str(name): _Mark(str(m["config"]), bool(m["empty"]),
                                            _aware(datetime.fromisoformat(m["updated"])))
                           for name, m in obj["feeds"].items()}
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            self._marks = {}
            self.diagnostics.append(Diagnostic(
                "warning", f"damaged ({exc}); it is written anew, and empty feeds state "
                "this build's time as their updated", self.path, 1))

    def updated(self, feed: FeedConfig, newest: datetime | None, now: datetime) -> datetime | None:
        """Record what a build found in ``feed``; the moment to state when it is empty.

        Args:
            feed: the feed's settings.
            newest: the newest ``updated`` of the items it holds (timezone-
                aware), or None when it holds none.
            now: the build's "now" (timezone-aware).

        Returns:
            None when the feed holds items (its documents state their newest
            item's); for an empty feed, the recorded moment it became empty,
            or ``now`` (never earlier than what it stated before) when it has
            just become empty or its settings changed.
        """
        digest = config_digest(feed)
        mark = self._marks.get(feed.name)
        if newest is not None:
            self._marks[feed.name] = _Mark(digest, False, newest)
            return None
        if mark is not None and mark.empty and mark.config == digest:
            return mark.updated
        moment = max(now, mark.updated) if mark is not None else now
        self._marks[feed.name] = _Mark(digest, True, moment)
        return moment

    def to_json(self) -> bytes:
        """The record, sorted by feed name, as UTF-8 JSON."""
        feeds = {name: {"config": m.config, "empty": m.empty,
                        "updated": m.updated.isoformat()}
                 for name, m in sorted(self._marks.items())}
        return (json.dumps({"version": _VERSION, "feeds": feeds}, indent=1,
                           ensure_ascii=False) + "\n").encode()

    def save(self) -> None:
        """Write the record atomically (nothing is written when it did not change).

        Raises:
            OutputError: the file cannot be written (disk full, permissions).
        """
        atomic_write(self.path, self.to_json())


def _aware(value: datetime) -> datetime:
    if value.utcoffset() is None:
        raise ValueError(f"{value.isoformat()} has no UTC offset")
    return value
