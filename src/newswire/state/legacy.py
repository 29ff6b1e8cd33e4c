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
            if _sql_text(p) and isinstance(v, list) and len(v) == 3 and _sql_text(v[0])
            and _sql_int(v[1]) and _sql_int(v[2])}


def _sql_int(value: object) -> bool:
    """An integer SQLite can store (64-bit signed); anything else is damage."""
    return type(value) is int and -(2 ** 63) <= value < 2 ** 63


def _sql_text(value: object) -> bool:
    """Text SQLite can store (UTF-8: no lone surrogates); anything else is damage."""
    if not isinstance(value, str):
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _pings(obj: object) -> dict[tuple[str, str], tuple[int, int, str | None]]:
    items = obj.get("pending") if isinstance(obj, dict) and obj.get("version") == 1 else None
    found: dict[tuple[str, str], tuple[int, int, str | None]] = {}
    for i in items if isinstance(items, list) else ():
        if isinstance(i, dict) and _sql_text(i.get("hub")) \
                and _sql_text(i.get("topic")) and _sql_int(i.get("queued")) \
                and _sql_int(i.get("attempts")) \
                and (i.get("last_error") is None or _sql_text(i.get("last_error"))):
            found[(i["hub"], i["topic"])] = (i["queued"], i["attempts"], i["last_error"])
    return found


def _latest_now(obj: object) -> str | None:
    value = obj.get("latest_now") if isinstance(obj, dict) and obj.get("format") == 1 else None
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
    return value if moment is not None and moment.utcoffset() is not None \
        and _sql_text(value) else None


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
