"""``newswire serve``'s preview: the site as it will be, on 127.0.0.1 (README "Commands").

The preview is a build of its own, in ``.newswire/preview/``: the output in
``public/`` there, the state (ledger copy, manifest, cache, lock) in
``state/`` there, and every URL made with the local address
(``http://127.0.0.1:PORT/``) as ``base_url``, so links, stylesheets, images
and feeds all stay on the local server. The site's own ``public/`` and its
identity ledger ``.newswire/state.json`` are never written: the preview
starts from a copy of the ledger (and of ``updated.json``), so its ids and
URLs are those the next real build will give.

:class:`Preview` builds; :func:`watch` rebuilds whenever something under
``content/`` or ``feeds/`` changes, with the ``watchfiles`` library (inotify
where the system has it). There is no live reload: reload the page.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import NewswireError
from .revisions import FILE_NAME as UPDATED_FILE
from .run import BuildOptions, BuildReport, SitePaths, build

__all__ = ["Preview", "PreviewPaths", "watch"]


@dataclass(frozen=True)
class PreviewPaths(SitePaths):
    """A site's paths with the output and state moved to ``.newswire/preview/``."""

    @property
    def preview_dir(self) -> Path:
        return self.root / ".newswire" / "preview"

    @property
    def public(self) -> Path:
        return self.preview_dir / "public"

    @property
    def state_dir(self) -> Path:
        return self.preview_dir / "state"


class Preview:
    """Builds one site's preview for ``base_url`` (``http://127.0.0.1:PORT/``).

    Args:
        root: the site folder.
        base_url: the local address the preview is served from.
    """

    def __init__(self, root: Path, base_url: str) -> None:
        self.root = root
        self.base_url = base_url
        self.site_paths = SitePaths(root)
        self.paths = PreviewPaths(root)

    def start(self) -> None:
        """Create the preview folders and copy the site's recorded state into
        them (the identity ledger and the automatic updated dates), read only.

        Raises:
            NewswireError: a file cannot be copied.
        """
        self.paths.public.mkdir(parents=True, exist_ok=True)
        self.paths.state_dir.mkdir(parents=True, exist_ok=True)
        for name in (self.site_paths.state_file.name, UPDATED_FILE):
            source = self.site_paths.state_dir / name
            if source.is_file():
                try:
                    shutil.copyfile(source, self.paths.state_dir / name)
                except OSError as exc:
                    raise NewswireError(f"cannot copy into the preview: {exc.strerror}",
                                        source) from None

    def build(self, options: BuildOptions) -> BuildReport:
        """Build the preview with ``options`` (its ``base_url`` is replaced).

        Raises:
            NewswireError: as :func:`newswire.run.build`.
        """
        return build(self.root, replace(options, base_url=self.base_url, wait=60.0),
                     self.paths)


def watch(folders: list[Path], rebuild: Callable[[set[str]], None],
          stop: threading.Event) -> None:
    """Call ``rebuild(changed paths)`` after each batch of changes below
    ``folders`` (those that exist), until ``stop`` is set. Editor backup and
    swap files are ignored (``watchfiles.DefaultFilter``)."""
    from watchfiles import watch as watch_changes

    existing = [f for f in folders if f.is_dir()]
    if not existing:
        return
    for changes in watch_changes(*existing, stop_event=stop, debounce=400, step=50,
                                 raise_interrupt=False):
        rebuild({path for _, path in changes})
