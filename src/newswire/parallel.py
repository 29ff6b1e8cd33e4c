"""Reading many article files at once, on every core (SPEC §2).

Parsing front matter and rendering Markdown is pure CPU work with no shared
state, so :func:`read_many` hands the files to a pool of worker processes
(``concurrent.futures.ProcessPoolExecutor``) in chunks and puts the results
back in the order the files were given. The result is the same value a
one-by-one read gives, so every byte written afterwards is the same too.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import traceback
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path

from .errors import Diagnostic, NewswireError
from .model import Article
from .readers import read_article

__all__ = ["MIN_FILES_PER_WORKER", "ReadOutcome", "default_workers", "read_many", "read_one"]

REPORT_BUG = "this is a bug in newswire; please report it with the file that caused it"
MIN_FILES_PER_WORKER = 64
"""Below this many files per extra process, starting processes costs more than it saves."""
_CHUNK = 32


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


def read_one(path: Path, content_dir: Path, zone: tzinfo) -> ReadOutcome:
    """Read one article file; every problem becomes a diagnostic, never an exception."""
    try:
        article, warnings = read_article(path, content_dir, zone)
    except NewswireError as exc:
        return ReadOutcome(path, None, exc.diagnostic())
    except Exception as exc:  # never a traceback for one bad file
        traceback.clear_frames(exc.__traceback__)
        return ReadOutcome(path, None, Diagnostic(
            "error", f"unexpected {type(exc).__name__}: {exc}; {REPORT_BUG}", path))
    return ReadOutcome(path, article, None, tuple(warnings))


def _read_chunk(paths: Sequence[Path], content_dir: Path, zone: tzinfo) -> list[ReadOutcome]:
    return [read_one(path, content_dir, zone) for path in paths]


def default_workers() -> int:
    """The number of cores this process may run on (at least 1)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover (macOS, Windows)
        return max(1, os.cpu_count() or 1)


def _chunks(paths: Sequence[Path], size: int) -> Iterator[Sequence[Path]]:
    for start in range(0, len(paths), size):
        yield paths[start:start + size]


def _context() -> multiprocessing.context.BaseContext | None:
    """``fork`` where the platform has it: workers start at once with every
    module already imported. Elsewhere the platform's default."""
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return None  # pragma: no cover


def read_many(paths: Sequence[Path], content_dir: Path, zone: tzinfo,
              workers: int | None = None) -> list[ReadOutcome]:
    """Read article files in parallel; one outcome per path, in the order given.

    Args:
        paths: article files inside ``content_dir``.
        content_dir: the site's ``content/`` folder.
        zone: the site's time zone (naive dates are read in it).
        workers: processes to use; None means one per core, 1 reads in this
            process. Small batches are read here whatever ``workers`` says.

    Returns:
        A :class:`ReadOutcome` per path, equal to what :func:`read_one` gives
        for it.
    """
    paths = list(paths)
    wanted = default_workers() if workers is None else max(1, workers)
    wanted = min(wanted, len(paths) // MIN_FILES_PER_WORKER)
    if wanted <= 1:
        return _read_chunk(paths, content_dir, zone)
    size = max(1, min(_CHUNK, len(paths) // (wanted * 4)))
    outcomes: list[ReadOutcome] = []
    task = functools.partial(_read_chunk, content_dir=content_dir, zone=zone)
    with ProcessPoolExecutor(max_workers=wanted, mp_context=_context()) as pool:
        for result in pool.map(task, _chunks(paths, size)):
            outcomes += result
    return outcomes
