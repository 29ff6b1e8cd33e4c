"""A site claims its output folder: ``public/.newswire-site.json`` (README "Building by cron").

Two sites whose ``public/`` is one folder (a symbolic link, a bind mount)
would overwrite and delete each other's files on every build: each one
removes what its own last build published and this one did not, which
includes the other site's pages. So the first build writes a marker file
into the output folder naming the site (its resolved folder and
``base_url``), and every build checks it before writing anything:

* no marker, or one naming this site: the folder is this site's;
* a marker naming another site that still writes here (its folder exists,
  holds ``feeds/site.toml``, and its ``public/`` resolves to this very
  folder): the build is refused, with the fix;
* a marker naming a site that no longer writes here (moved, copied,
  deleted, given another ``public/``): the claim is stale and this site
  takes the folder over;
* a folder above this one claimed by another site that still writes there:
  refused too (that site would remove this one's files);
* an output folder that is the site folder or a folder above it (``public``
  a link to ``/`` or to ``.``), or that overlaps ``content/``, ``feeds/`` or
  ``.newswire/`` (one inside the other, through a link): refused before
  anything is written, since pages would land among the sources (and the
  sources be published as assets, again on every build).

The marker is a hidden file; web servers should not publish hidden files
(nginx: ``location ~ /\\. { deny all; }``), and ``newswire serve`` does not.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from .errors import OutputError
from .publish import atomic_write
from .safeio import read_own_file

__all__ = ["MARKER", "claim_output", "overlap_problem"]

MARKER = ".newswire-site.json"
_FORMAT = 1


def _read(marker: Path) -> dict[str, str] | None:
    """The marker's fields, or None when it is missing or not a marker."""
    try:
        obj = json.loads(read_own_file(marker).decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(obj, dict) or obj.get("format") != _FORMAT \
            or not isinstance(obj.get("site"), str):
        return None
    return {"site": obj["site"], "base_url": str(obj.get("base_url", ""))}


def _writes_here(other: Path, public: Path) -> bool:
    """True when the site folder ``other`` exists and its ``public/`` is ``public``."""
    try:
        return (other / "feeds" / "site.toml").is_file() and \
            (other / "public").resolve() == public
    except OSError:
        return False


def _within(inner: Path, outer: Path) -> bool:
    return inner == outer or outer in inner.parents


def overlap_problem(root: Path, public: Path) -> str | None:
    """Why ``public`` cannot be the output folder of the site ``root``, or None.

    Both are resolved (links followed). The output folder must not be the
    site folder or a folder above it, and must neither hold nor sit inside
    the site's ``content/``, ``feeds/`` or ``.newswire/`` folder, but for
    ``newswire serve``'s preview output below ``.newswire/preview/``.
    """
    site = root.resolve()
    folder = public.resolve()
    if _within(site, folder):
        where = "the site folder" if folder == site else f"{folder}, a folder above the site"
        return (f"the output folder is {where}; a build writes and removes files there. "
                "Make public/ a folder of its own (not a link to / or to the site)")
    preview = (root / ".newswire" / "preview").resolve()  # newswire serve's (preview.py)
    for name in ("content", "feeds", ".newswire"):
        source = (root / name).resolve()
        if name == ".newswire" and folder != preview and _within(folder, preview):
            continue  # the preview build's own output folder, beside its own state
        if _within(folder, source) or _within(source, folder):
            relation = ("is the same folder as" if folder == source else
                        "is inside" if _within(folder, source) else "holds")
            return (f"the output folder {folder} {relation} {name}/ ({source}); pages "
                    f"would be written among the site's own files. Make public/ a folder "
                    f"of its own, outside {name}/")
    return None


def claim_output(root: Path, public: Path, base_url: str) -> Callable[[], None] | None:
    """Check that ``public`` is the site ``root``'s to write.

    Nothing is written here (a build may still stop before publishing).

    Args:
        root: the site folder.
        public: its output folder (it may not exist yet).
        base_url: the site's ``base_url``, recorded for messages.

    Returns:
        None when the folder already carries this site's marker, else a
        function writing it (call it just before publishing; it raises
        :class:`OutputError` when the marker cannot be written).

    Raises:
        OutputError: another site that still writes to this folder, or to a
            folder above it, claimed it; or the folder overlaps the site's
            own folders (see :func:`overlap_problem`).
    """
    problem = overlap_problem(root, public)
    if problem is not None:
        raise OutputError(problem, public)
    site = root.resolve()
    folder = public.resolve()
    marker = folder / MARKER
    found = _read(marker)
    if found is not None and Path(found["site"]) == site and found["base_url"] == base_url:
        return None
    if found is not None and Path(found["site"]) != site and \
            _writes_here(Path(found["site"]), folder):
        shared = f" ({public} is a link to {folder})" if public.is_symlink() else ""
        raise OutputError(
            f"this folder is the output folder of another site, {found['site']} "
            f"({found['base_url'] or 'no base_url recorded'}){shared}; two sites writing one "
            "folder delete each other's files, so nothing was built. Give each site its "
            "own public/ folder; if that site should no longer write here, give it another "
            "public/ (or delete it) and build again", marker)
    for parent in folder.parents:  # a folder inside another site's output folder
        above = _read(parent / MARKER)
        if above is not None and Path(above["site"]) != site and \
                _writes_here(Path(above["site"]), parent):
            recorded = above["base_url"] or "no base_url recorded"
            raise OutputError(
                f"this site's output folder {folder} is inside {parent}, the output folder "
                f"of another site, {above['site']} ({recorded}); that site would delete "
                "this one's files. Give this site a public/ folder of its own, outside "
                "that one", parent / MARKER)
    data = json.dumps({"format": _FORMAT, "site": str(site), "base_url": base_url},
                      ensure_ascii=False, indent=1) + "\n"

    def write() -> None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot create the output folder: {exc.strerror}",
                              folder) from None
        atomic_write(marker, data.encode("utf-8"))
    return write
