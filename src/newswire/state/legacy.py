"""Records an older newswire kept in files of their own, brought into the database once.

Before the database, ``.newswire/`` held ``manifest.json`` (what the last
build published), ``pending-pings.json`` (WebSub notifications not yet
accepted), ``clock.json`` (the latest "now"), ``pages.json`` and
``cache/`` (parsed articles, the last build's record). The first build with
the database imports the manifest, the pending notifications and the latest
"now" (what cannot be derived again without a loss: files of removed
articles would stay behind, hubs would not be told), drops the rest (made by
other code, so never valid here), and deletes those files once the import is
committed. Each file is read as plain JSON and checked; one that is damaged
is simply not imported.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from ..publish import FileStamp
from ..safeio import load_json, read_own_file
from .store import Changes, Store

__all__ = ["LEGACY_FILES", "import_legacy"]

LEGACY_FILES = ("manifest.json", "pending-pings.json", "ping.lock", "clock.json",
                "pages.json", "cache")


def _json(path: Path) -> object:
    try:
        return load_json(read_own_file(path))
    except (OSError, ValueError):
        return None


def _manifest(obj: object) -> dict[str, FileStamp]:
    files = obj.get("files") if isinstance(obj, dict) and obj.get("version") == 1 else None
    if not isinstance(files, dict):
        return {}
    return {p: FileStamp(v[0], v[1], v[2]) for p, v in files.items()
            if isinstance(v, list) and len(v) == 3 and isinstance(v[0], str)
            and type(v[1]) is int and type(v[2]) is int}


def _pings(obj: object) -> dict[tuple[str, str], tuple[int, int, str | None]]:
    items = obj.get("pending") if isinstance(obj, dict) and obj.get("version") == 1 else None
    found: dict[tuple[str, str], tuple[int, int, str | None]] = {}
    for i in items if isinstance(items, list) else ():
        if isinstance(i, dict) and isinstance(i.get("hub"), str) \
                and isinstance(i.get("topic"), str) and type(i.get("queued")) is int \
                and type(i.get("attempts")) is int \
                and (i.get("last_error") is None or isinstance(i.get("last_error"), str)):
            found[(i["hub"], i["topic"])] = (i["queued"], i["attempts"], i["last_error"])
    return found


def _latest_now(obj: object) -> str | None:
    value = obj.get("latest_now") if isinstance(obj, dict) and obj.get("format") == 1 else None
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
    return value if moment is not None and moment.utcoffset() is not None else None


def import_legacy(state_dir: Path, store: Store, latest_now_record: str) -> bool:
    """Bring the older files of ``state_dir`` into ``store`` (without
    replacing anything it holds), then delete them; True when there were any.

    Raises:
        sqlite3.Error: the database cannot be written (the files stay).
    """
    present = [state_dir / name for name in LEGACY_FILES if (state_dir / name).exists()]
    if not present:
        return False
    manifest = _manifest(_json(state_dir / "manifest.json"))
    pings = _pings(_json(state_dir / "pending-pings.json"))
    latest = _latest_now(_json(state_dir / "clock.json"))
    changes = Changes()
    if manifest and not store.manifest():
        changes.manifest = manifest

    def add_pings(pending: dict[tuple[str, str], tuple[int, int, str | None]]) -> None:
        for key, value in pings.items():
            pending.setdefault(key, value)
    changes.pings = add_pings if pings else None
    if latest is not None and store.record(latest_now_record) is None:
        changes.records[latest_now_record] = latest
    store.commit(changes)
    for path in present:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return True
