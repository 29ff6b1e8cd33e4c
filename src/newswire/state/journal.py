"""The journal of a build in progress, ``.newswire/writing``.

The file exists while a build writes (see
:meth:`newswire.publish.Publisher.writing`); a build that finds it knows the
last one was killed or failed, deletes the temporary files it left and checks
everything. Before its first rename, a build that publishes paths the
manifest does not know yet writes them into the journal
(:func:`write_intent`): the database is written once, at the end of a
build, so the journal is where a killed build's new files are remembered,
and the next build removes them if it does not publish them again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from ..publish import atomic_write
from ..safeio import load_json, read_own_file

__all__ = ["read_intent", "write_intent"]


def write_intent(journal: Path, paths: Iterable[str]) -> None:
    """Record in ``journal`` the paths a build is about to publish for the
    first time (replacing what it held), atomically and fsynced.

    Raises:
        OutputError: the journal cannot be written.
    """
    data = json.dumps({"may-have-published": sorted(paths)}, ensure_ascii=True)
    atomic_write(journal, data.encode("ascii") + b"\n")


def read_intent(journal: Path) -> list[str]:
    """The paths an interrupted build said it was about to publish; none
    when the journal is missing, empty or not written by :func:`write_intent`."""
    try:
        obj = load_json(read_own_file(journal) or b"{}")
        paths = obj.get("may-have-published", []) if isinstance(obj, dict) else []
    except (OSError, ValueError):
        return []
    return [p for p in paths if isinstance(p, str)] if isinstance(paths, list) else []
