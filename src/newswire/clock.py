"""The latest "now" any build of the site used (README "Articles", dates).

Articles dated after "now" are left out, so a build whose ``--now`` (or
system clock) is earlier than an earlier build's withdraws what that build
published. That is worth a warning: the clock was moved back, by mistake or
not. The latest "now" is a derived record of the site's database
(:mod:`newswire.state.store`, record :data:`LATEST_NOW`): deleting the
database only loses the warning once; it is not part of the identity ledger.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import Diagnostic

if TYPE_CHECKING:
    from .state.store import Store

__all__ = ["LATEST_NOW", "latest_now", "moved_back"]

LATEST_NOW = "latest-now"
"""The record's name in the database: an ISO 8601 date-time with offset."""


def latest_now(store: Store | None) -> datetime | None:
    """The latest "now" recorded in ``store`` (timezone-aware), or None when
    there is no database or no such record, or it is not a date-time."""
    value = store.record(LATEST_NOW) if store is not None else None
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.utcoffset() is not None else None


def moved_back(latest: datetime | None, now: datetime, path: Path) -> Diagnostic | None:
    """A warning when ``now`` is earlier than ``latest``, naming both, else None.
    ``path`` is the database that remembers ``latest``."""
    if latest is None or now >= latest:
        return None
    return Diagnostic(
        "warning", f"this build's now ({now.isoformat()}) is earlier than that of an earlier "
        f"build ({latest.isoformat()}): articles dated in between are left out as future, "
        "dated or not. If the clock or --now is wrong, correct it; if this is on purpose, "
        f"nothing is lost (they come back with a later now); delete {path.name} (derived "
        "records only) to forget the earlier time", path)
