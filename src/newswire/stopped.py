"""Feed documents a build stops publishing: said loudly, even with ``--quiet`` (README "A site").

A feed URL that disappears is a broken subscription for everyone who
subscribed: their readers get ``404 Not Found`` and no new items, usually
without telling them. Feeds disappear by a deliberate change (a feed file
deleted or turned off with ``enabled = false``, a format dropped, a ``path``
changed), and by accident; either way the person running the build must
hear of it once, from the build that does it.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Collection, Mapping
from pathlib import Path

from .errors import Diagnostic

__all__ = ["stopped_feeds"]

_FEED_SUFFIXES = (".xml", ".json", ".atom", ".rss")
_ARCHIVE = re.compile(r"(?:^|/)archive/[^/]+$")
_HEAD_BYTES = 65536


def _is_feed(file: Path) -> bool:
    """True when ``file`` is a regular file holding an RSS, Atom or JSON Feed
    document. Only its start is read; the file is opened without blocking
    and anything but a regular file (a named pipe put there, which would
    block the build forever) is no feed."""
    from .validate import sniff

    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(file, flags)
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return False
        return sniff(os.read(descriptor, _HEAD_BYTES)) is not None
    except OSError:
        return False
    finally:
        os.close(descriptor)


def stopped_feeds(previous: Mapping[str, object], staged: Collection[str], public: Path,
                  base_url: str) -> list[Diagnostic]:
    """Warnings for every feed document the last build published that this
    one does not (and will therefore remove).

    Args:
        previous: the last build's manifest (paths below ``public/``).
        staged: every path this build publishes.
        public: the output folder, still as the last build left it (the
            files are read to tell feeds from other ``.xml``/``.json`` files).
        base_url: the site's URL, ending in ``/``.

    Returns:
        One warning per folder of subscription documents (a feed), naming
        each URL and what its subscribers will see, and one per folder of
        RFC 5005 archive documents; sorted by path.
    """
    gone = [p for p in sorted(set(previous) - set(staged))
            if p.lower().endswith(_FEED_SUFFIXES) and _is_feed(public / p)]
    subscriptions: dict[str, list[str]] = {}
    archives: dict[str, list[str]] = {}
    for path in gone:
        folder, _, name = path.rpartition("/")
        (archives if _ARCHIVE.search(path) else subscriptions).setdefault(folder, []).append(name)
    warnings: list[Diagnostic] = []
    for folder, names in subscriptions.items():
        prefix = f"{base_url}{folder}/" if folder else base_url
        urls = ", ".join(prefix + name for name in names)
        warnings.append(Diagnostic(
            "warning", f"this build stops publishing the feed {urls}, published before: "
            "its subscribers will get 404 Not Found and no new items from now on. If "
            "that is not what you want, restore what published it (its file in feeds/, "
            "its format in 'formats', its 'path', or remove 'enabled = false'); if it "
            "is, redirect the URL (HTTP 301) to the feed that replaces it",
            public / folder if folder else public))
    for folder, names in archives.items():
        shown = ", ".join(names[:3]) + ("…" if len(names) > 3 else "")
        warnings.append(Diagnostic(
            "warning", f"{len(names)} archive document(s) of a feed published before "
            f"are no longer published ({shown}): links to them under {base_url}{folder}/ "
            "will get 404 Not Found", public / folder))
    return sorted(warnings, key=lambda d: str(d.path))
