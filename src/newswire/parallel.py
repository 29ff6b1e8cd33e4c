"""Reading articles and rendering their pages on every core (README "Articles", §4).

Parsing front matter, rendering Markdown and filling page templates are pure
CPU work with no shared state, so :func:`read_many` and :func:`render_pages`
hand the work to a pool of worker processes
(``concurrent.futures.ProcessPoolExecutor``) in chunks and put the results
back in the order given. The results are the same values a one-by-one run
gives, so every byte written is the same too.
"""

from __future__ import annotations

import collections
import functools
import gc
import multiprocessing
import os
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path
from typing import TypeVar

from .config import FeedConfig, SiteConfig
from .errors import Diagnostic, NewswireError
from .model import Article, Entry
from .pages import PageRenderer
from .readers import read_article

__all__ = ["MIN_FILES_PER_WORKER", "ReadOutcome", "default_workers", "read_many", "read_one",
           "render_pages"]

REPORT_BUG = "this is a bug in newswire; please report it with the file that caused it"
MIN_FILES_PER_WORKER = 64
"""Below this many files per extra process, starting processes costs more than it saves."""
_CHUNK = 32
_AHEAD = 4  # chunks per process rendered ahead of the consumer
T = TypeVar("T")


@dataclass(frozen=True)
class ReadOutcome:
    """What reading one file gave.

    Attributes:
        path: the file as given.
        article: the article, or None when the file could not be used.
        error: what kept the file out (None when ``article`` is set).
        warnings: problems that did not keep it out (characters removed...).
    """

    path: Path
    article: Article | None
    error: Diagnostic | None = None
    warnings: tuple[Diagnostic, ...] = ()


def read_one(path: Path, content_dir: Path, zone: tzinfo,
             language: str | None = None) -> ReadOutcome:
    """Read one article file; every problem becomes a diagnostic, never an exception."""
    try:
        article, warnings = read_article(path, content_dir, zone, language)
    except NewswireError as exc:
        return ReadOutcome(path, None, exc.diagnostic())
    except Exception as exc:  # never a traceback for one bad file
        traceback.clear_frames(exc.__traceback__)
        return ReadOutcome(path, None, Diagnostic(
            "error", f"unexpected {type(exc).__name__}: {exc}; {REPORT_BUG}", path))
    return ReadOutcome(path, article, None, tuple(warnings))


def _read_chunk(paths: Sequence[Path], content_dir: Path, zone: tzinfo,
                language: str | None = None) -> list[ReadOutcome]:
    return [read_one(path, content_dir, zone, language) for path in paths]


def default_workers() -> int:
    """The number of cores this process may run on (at least 1)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover (macOS, Windows)
        return max(1, os.cpu_count() or 1)


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _context() -> multiprocessing.context.BaseContext | None:
    """``fork`` where the platform has it: workers start at once with every
    module already imported. Elsewhere the platform's default."""
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return None  # pragma: no cover


def _pool_size(count: int, workers: int | None) -> int:
    """Processes worth starting for ``count`` items (1: do it in this process)."""
    wanted = default_workers() if workers is None else max(1, workers)
    return min(wanted, count // MIN_FILES_PER_WORKER)


def _chunk_size(count: int, processes: int) -> int:
    return max(1, min(_CHUNK, count // (processes * 4)))


def _die_with_parent(parent: int, interval: float = 0.5) -> None:
    """Worker initializer: end this worker when the build that started it is
    gone (killed by cron's timeout or the OOM killer), instead of waiting
    forever on a queue nobody will close."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(1)
    threading.Thread(target=watch, name="newswire-parent-watch", daemon=True).start()


def read_many(paths: Sequence[Path], content_dir: Path, zone: tzinfo,
              workers: int | None = None,
              progress: Callable[[int, int], None] | None = None,
              language: str | None = None) -> list[ReadOutcome]:
    """Read article files in parallel; one outcome per path, in the order given.

    Args:
        paths: article files inside ``content_dir``.
        content_dir: the site's ``content/`` folder.
        zone: the site's time zone (naive dates are read in it).
        workers: processes to use; None means one per core, 1 reads in this
            process. Small batches are read here whatever ``workers`` says.
        progress: called as ``progress(read, total)`` as the files are read.
        language: the site's language (BCP 47), for datelines of scraped text.

    Returns:
        A :class:`ReadOutcome` per path, equal to what :func:`read_one` gives
        for it.
    """
    paths = list(paths)
    processes = _pool_size(len(paths), workers)
    outcomes: list[ReadOutcome] = []
    if processes <= 1:
        for chunk in _chunks(paths, _CHUNK):
            outcomes += _read_chunk(chunk, content_dir, zone, language)
            if progress is not None:
                progress(len(outcomes), len(paths))
        return outcomes
    task = functools.partial(_read_chunk, content_dir=content_dir, zone=zone,
                             language=language)
    with ProcessPoolExecutor(max_workers=processes, mp_context=_context(),
                             initializer=_die_with_parent, initargs=(os.getpid(),)) as pool:
        for result in pool.map(task, _chunks(paths, _chunk_size(len(paths), processes))):
            outcomes += result
            if progress is not None:
                progress(len(outcomes), len(paths))
    return outcomes


@functools.lru_cache(maxsize=2)
def _renderer(site: SiteConfig, feeds: tuple[FeedConfig, ...]) -> PageRenderer:
    """One page renderer per worker process and site (templates compiled once)."""
    return PageRenderer(site, feeds)


def _render_chunk(jobs: Sequence[tuple[Entry, tuple[str, ...]]], site: SiteConfig,
                  feeds: tuple[FeedConfig, ...]) -> list[bytes]:
    renderer = _renderer(site, feeds)
    return [renderer.article(entry, in_feeds) for entry, in_feeds in jobs]


def render_pages(renderer: PageRenderer, jobs: Sequence[tuple[Entry, tuple[str, ...]]],
                 workers: int | None = None) -> Iterator[bytes]:
    """Article pages (:meth:`PageRenderer.article`) of many entries, in parallel.

    Args:
        renderer: the build's renderer; workers make their own from its
            ``site`` and ``feeds``.
        jobs: (entry, names of the feeds it is in) per page.
        workers: processes to use, as in :func:`read_many`.

    Yields:
        The bytes of each page, in the order of ``jobs``, equal to what
        ``renderer.article`` gives; only a few chunks are rendered ahead of
        the consumer, so pages are never all in memory at once.
    """
    processes = _pool_size(len(jobs), workers)
    if processes <= 1:
        for entry, in_feeds in jobs:
            yield renderer.article(entry, in_feeds)
        return
    task = functools.partial(_render_chunk, site=renderer.site, feeds=renderer.feeds)
    chunks = _chunks(jobs, _chunk_size(len(jobs), processes))
    # Forked workers start with this process's whole heap shared; frozen, its
    # objects are never visited by their garbage collector, so the heap stays
    # shared instead of being copied into every worker.
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=processes, mp_context=_context(),
                                 initializer=_die_with_parent,
                                 initargs=(os.getpid(),)) as pool:
            ahead: collections.deque[Future[list[bytes]]] = collections.deque()
            for chunk in chunks:
                ahead.append(pool.submit(task, chunk))
                if len(ahead) >= processes * _AHEAD:
                    yield from ahead.popleft().result()
            while ahead:
                yield from ahead.popleft().result()
    finally:
        gc.unfreeze()
