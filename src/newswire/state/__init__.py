"""Everything newswire keeps in a site's ``.newswire/`` folder, and nothing else does.

=======================  =================================================  ===============
file                     what                                               may be deleted?
=======================  =================================================  ===============
``state.json``           the identity ledger (:mod:`.ledger`): per article  **no**: commit it
                         source, id, URL path, first publication; the
                         feeds' ids. Changes only when articles are
                         added, removed or renamed.
``derived.sqlite``       one SQLite database of everything derived          yes, at any time
                         (:mod:`.store`): parsed articles, manifest, page
                         records, rename recognition, pending WebSub pings,
                         the last build (with ``-wal`` / ``-shm`` beside it)
``derived.sqlite.        a database found damaged or of another format,     yes
unusable``               moved aside
``build.lock``           the lock held by a build (:mod:`.lock`)            recreated
``writing``              the journal of a build in progress (:mod:`.journal`) only when no build runs
=======================  =================================================  ===============

:func:`~.fingerprint.fingerprint` is the one digest of newswire's code (and
settings) that records depend on.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = ["RACY_NS", "Record", "Snapshot", "State", "file_stamp", "fingerprint",
           "load_ledger", "read_intent", "snapshot", "write_intent"]

_HOMES = {"RACY_NS": "digests", "Snapshot": "digests", "file_stamp": "digests",
          "fingerprint": "digests", "snapshot": "digests", "read_intent": "journal",
          "write_intent": "journal", "Record": "ledger", "State": "ledger",
          "load_ledger": "ledger"}


def __getattr__(name: str) -> Any:
    """The names above, from their modules when first asked for (a build with
    nothing to do imports only the modules it uses)."""
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
