"""The latest "now" any build of the site used: ``.newswire/clock.json`` (SPEC §2.3).

Articles dated after "now" are left out, so a build whose ``--now`` (or
system clock) is earlier than an earlier build's withdraws what that build
published. That is worth a warning: the clock was moved back, by mistake or
not. This module owns the one file that remembers the latest "now"; it is
derived (deleting it only loses the warning once) and is not part of the
identity ledger.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from .errors import Diagnostic
from .publish import atomic_write
from .safeio import read_own_file

__all__ = ["CLOCK_FORMAT", "latest_now", "moved_back", "remember_now"]

CLOCK_FORMAT = 1


def latest_now(path: Path) -> datetime | None:
    """The latest "now" recorded at ``path`` (timezone-aware), or None when
    the file is missing, unreadable or not a record of this format."""
    try:
        obj = json.loads(read_own_file(path).decode("utf-8"))
        if not isinstance(obj, dict) or obj.get("format") != CLOCK_FORMAT:
            return None
        value = datetime.fromisoformat(obj["latest_now"])
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return None
    return value if value.utcoffset() is not None else None


def moved_back(latest: datetime | None, now: datetime, path: Path) -> Diagnostic | None:
    """A warning when ``now`` is earlier than ``latest``, naming both, else None."""
    if latest is None or now >= latest:
        return None
    return Diagnostic(
        "warning", f"this build's now ({now.isoformat()}) is earlier than that of an earlier "
        f"build ({latest.isoformat()}): articles dated in between are left out as future, "
        "dated or not. If the clock or --now is wrong, correct it; if this is on purpose, "
        f"nothing is lost (they come back with a later now); delete {path.name} to "
        "forget the earlier time", path)


def remember_now(path: Path, now: datetime) -> None:
    """Record ``now`` at ``path`` unless a later one is recorded there.

    Raises:
        OutputError: the file cannot be written.
    """
    latest = latest_now(path)
    if latest is not None and latest >= now:
        return
    obj = {"format": CLOCK_FORMAT, "latest_now": now.isoformat()}
    atomic_write(path, (json.dumps(obj) + "\n").encode("utf-8"))
