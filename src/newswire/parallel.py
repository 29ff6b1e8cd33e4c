"""Per-article work on every core: reading articles, staging pages (README "Performance").

Parsing front matter, rendering Markdown and filling page templates are pure
CPU work with no shared state, so :func:`read_many` and :func:`stage_pages`
hand the work to a pool of worker processes
(``concurrent.futures.ProcessPoolExecutor``, forked where the platform can)
in chunks and put the results back in the order given. The results are the
same values a one-by-one run gives, so every byte written is the same too.
Small batches (fewer than :data:`MIN_FILES_PER_WORKER` items per extra
process) are done in this process.

:func:`stage_pages` sends each worker the jobs of one range at a time
(pickled: a worker reading them from the memory it inherits would write
their reference counts, and so copy every memory page holding them); forked
workers inherit the rest (the page renderer, the database), fetch the
stored bodies of the pages they render from the database themselves
(:class:`~newswire.bodies.Bodies`), render each page and write it to its
temporary file (creating files and folders costs more than rendering on many
file systems); the build gets back a digest and a size per page.

With an :class:`EntryPlan`, :func:`read_each` does the per-article work of a
build where each article is read: the body stored as the cache keeps it,
sanitized for the identity the article is expected to get, its body
signature taken; the build gets the article back without its body, and
writes the rest to the database as it comes (:mod:`newswire.cache`).
"""

from __future__ import annotations

import collections
import functools
import gc
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .bodies import Bodies
from .cache import digest_and_bytes, stored_warnings
from .config import FeedConfig, SiteConfig
from .entries import entry_html, html_key
from .errors import Diagnostic, NewswireError
from .identity import body_signature, derived_id, derived_path
from .images import front_matter_line_in
from .incremental import listing_key, page_key
from .model import Article, Entry, Identity
from .publish import FileStamp, StagedBytes, stage_bytes
from .readers import read_article
from .revisions import text_digest
from .safeio import MAX_ARTICLE_BYTES, RefusedFile, read_regular_file
from .state.ledger import Record
from .state.values import Unstorable, article_to_bytes

if TYPE_CHECKING:  # imported where used: reading one file (the edit path) needs neither
    import multiprocessing.context
    from concurrent.futures import Future

    from .pages import PageRenderer
    from .pages.paging import ListingPage

__all__ = ["FRESH_WORKERS_FROM", "MIN_FILES_PER_WORKER", "EntryPlan", "ListingJob", "Made",
           "PageJob", "ReadOutcome", "StagedPage", "default_workers", "read_each", "read_many",
           "read_one", "stage_pages", "start_fresh_workers"]

REPORT_BUG = "this is a bug in newswire; please report it with the file that caused it"
MIN_FILES_PER_WORKER = 64
"""Below this many files per extra process, starting processes costs more than it saves."""
_CHUNK = 32
_AHEAD = 3
"""Ranges per worker process given out ahead of the results taken (see :func:`_in_workers`)."""
FRESH_WORKERS_FROM = 20_000
"""Pages from which :func:`stage_pages` starts its workers from a fork
server (a small process that has imported newswire and nothing else)
instead of forking the build, where the platform has one.

A forked worker shares the build's heap, copy-on-write; while it renders,
the build keeps working on that heap (claiming paths, recording what was
staged), and every memory page it writes to is copied for it, the worker
keeping the old one: by the end of staging the workers hold a second
copy of most of the heap (at 30,000 articles 140 MB beside the build's
150 MB, summed PSS). A worker from the fork server holds only its own
renderer and the range it is given; it costs the server's start (its
imports) and each worker's renderer (its templates compiled again): at
10,000 articles (150 MB summed PSS, 14 MB less with fresh workers) CPU
time did not clearly drop or rise on a busy machine, so smaller builds
keep forked workers."""
T = TypeVar("T")


@dataclass(frozen=True)
class EntryPlan:
    """What a worker needs to make an article's entry HTML where it reads it
    (:func:`read_each` with ``plan``).

    Attributes:
        site: the site's settings.
        known: the ledger's record of each source (not removed), whose
            identity the article is expected to keep; an article not in it is
            expected to get the one it would be
            given new (:func:`~newswire.identity.derived_path`, its ``id`` or
            :func:`~newswire.identity.derived_id`). The build checks the
            expectation (:func:`~newswire.entries.html_key`) and makes the
            HTML again where it was wrong.
        content_dir: the site's ``content/`` folder (warnings are stored
            relative to it).
        texts: also take :func:`~newswire.revisions.text_digest` of each
            article (for ``updated = "auto"``).
    """

    site: SiteConfig
    known: Mapping[str, Record]
    content_dir: Path
    texts: bool = False


@dataclass(frozen=True, slots=True)
class Made:
    """What a worker made of one article besides reading it (see :class:`EntryPlan`).

    Attributes:
        blob: the article as the cache stores it, body included
            (:func:`~newswire.state.values.article_to_bytes`).
        html: ``(digest, html_key, content_html, summary)`` for the identity
            the article was expected to get.
        signature: :func:`~newswire.identity.body_signature` of its body.
        text: :func:`~newswire.revisions.text_digest` of its title and body,
            when asked for, else None.
        image_line: for an article with an ``image``, the line of that key
            in the bytes read (:func:`~newswire.images.front_matter_line_in`),
            as a 1-tuple (holding None when it has none there), for the
            warning if the image is missing; None when not looked for.
        derived: for an article new to the ledger, the path and id it would
            be given new (:func:`~newswire.identity.derived_path`,
            :func:`~newswire.identity.derived_id`; ``""`` for the id of an
            article with an ``id`` of its own), as
            :func:`~newswire.identity.assign_identities` takes them; else None.
    """

    blob: bytes
    html: tuple[str, str, str, str]
    signature: str
    text: str | None = None
    image_line: tuple[int | None] | None = None
    derived: tuple[str, str] | None = None


@dataclass(frozen=True, slots=True)
class ReadOutcome:
    """What reading one file gave.

    Attributes:
        path: the file as given.
        article: the article, or None when the file could not be used;
            without its body (``body_html`` ``""``) when ``made`` is set.
        error: what kept the file out (None when ``article`` is set).
        warnings: problems that did not keep it out (characters removed...).
        digest: :func:`~newswire.cache.file_digest` of the file, of the
            very bytes read as the article, when asked for (else None).
        made: what the worker made of it with an :class:`EntryPlan`: the
            body is there, stored and sanitized, not in ``article``. None
            without a plan, or for an article the cache cannot store.
    """

    path: Path
    article: Article | None
    error: Diagnostic | None = None
    warnings: tuple[Diagnostic, ...] = ()
    digest: str | None = None
    made: Made | None = None


def read_one(path: Path, content_dir: Path, zone: tzinfo,
             language: str | None = None, data: bytes | None = None) -> ReadOutcome:
    """Read one article file (its bytes ``data`` when read already, see
    :func:`~newswire.readers.read_article`); every problem becomes a
    diagnostic, never an exception."""
    try:
        article, warnings = read_article(path, content_dir, zone, language, data)
    except NewswireError as exc:
        return ReadOutcome(path, None, exc.diagnostic())
    except Exception as exc:  # never a traceback for one bad file
        traceback.clear_frames(exc.__traceback__)
        return ReadOutcome(path, None, Diagnostic(
            "error", f"unexpected {type(exc).__name__}: {exc}; {REPORT_BUG}", path))
    return ReadOutcome(path, article, None, tuple(warnings))


def _read_chunk(paths: Sequence[Path], content_dir: Path, zone: tzinfo,
                language: str | None = None, hashed: bool = False,
                plan: EntryPlan | None = None) -> list[ReadOutcome]:
    if not hashed and plan is None:
        return [read_one(path, content_dir, zone, language) for path in paths]
    outcomes = []
    for path in paths:
        # the digest of the bytes read, taken as they are read (once)
        digest, data = digest_and_bytes(path) if hashed else (None, _bytes_of(path))
        outcome = read_one(path, content_dir, zone, language, data)
        if plan is not None and outcome.article is not None:
            try:
                outcome = _made(outcome, plan, data)
            except Exception as exc:  # the build makes it again, and says what fails
                traceback.clear_frames(exc.__traceback__)
        outcomes.append(replace(outcome, digest=digest) if hashed else outcome)
    return outcomes


def _bytes_of(path: Path) -> bytes | None:
    """The bytes of the article file ``path`` as :func:`~newswire.readers.read_article`
    reads them, or None when they cannot be read (it then says why)."""
    try:
        return read_regular_file(path, MAX_ARTICLE_BYTES, "article")
    except (OSError, RefusedFile):
        return None


def _made(outcome: ReadOutcome, plan: EntryPlan, data: bytes | None = None) -> ReadOutcome:
    """``outcome`` with its article's body stored and sanitized (see
    :class:`EntryPlan`), the body taken out of the article; as it is when
    the cache would not store the article. With the bytes read (``data``),
    the line of an ``image`` key is looked for in them (:attr:`Made.image_line`)."""
    article = outcome.article
    assert article is not None
    rows = stored_warnings(outcome.warnings, plan.content_dir)
    if rows is None or not article.digest:
        return outcome
    try:
        blob = article_to_bytes(article, rows)
    except Unstorable:
        return outcome
    record = plan.known.get(article.source)
    derived = None
    if record is not None:
        identity = record.identity()
    else:
        path = derived_path(article)
        derived = (path, "" if article.id else derived_id(plan.site.base_url, path))
        identity = Identity(article.id or derived[1], path, _NO_DATE)
    content, summary = entry_html(article, identity, plan.site)
    image_line = None
    if data is not None and article.image is not None:
        image_line = (front_matter_line_in(data, outcome.path.suffix, "image"),)
    made = Made(blob, (article.digest, html_key(article, identity, plan.site), content, summary),
                body_signature(article.body_html),
                text_digest(article.title, article.body_html) if plan.texts else None,
                image_line, derived)
    return replace(outcome, article=replace(article, body_html=""), made=made)


_NO_DATE = datetime(1970, 1, 1, tzinfo=timezone.utc)  # not used by entry_html


def default_workers() -> int:
    """The number of cores this process may run on (at least 1)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover (macOS, Windows)
        return max(1, os.cpu_count() or 1)


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _context(fresh: bool = False) -> multiprocessing.context.BaseContext | None:
    """``fork`` where the platform has it: workers start at once with every
    module already imported. With ``fresh``, ``forkserver`` where the
    platform has it (see :data:`FRESH_WORKERS_FROM`), the server importing
    the modules page workers use before it forks any. Elsewhere the
    platform's default."""
    import multiprocessing
    methods = multiprocessing.get_all_start_methods()
    if fresh and "forkserver" in methods and _main_imports_safely():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["newswire.parallel", "newswire.pages"])
        return context
    if "fork" in methods:
        return multiprocessing.get_context("fork")
    return None  # pragma: no cover


def start_fresh_workers(pages: int, workers: int | None = None) -> None:
    """Start now the fork server that :func:`stage_pages` takes its workers
    from when it stages about ``pages`` pages (see
    :data:`FRESH_WORKERS_FROM`): early in a build, while this process is
    small. It is started by ``vfork``, which for a moment makes a second
    process of this one's whole memory (a sampler of memory use counts it
    twice), and it imports newswire's page modules meanwhile. Nothing for
    a smaller build, one in this process only, or a platform without a
    fork server."""
    if pages < FRESH_WORKERS_FROM or _pool_size(pages, workers) <= 1:
        return
    context = _context(fresh=True)
    if context is not None and context.get_start_method() == "forkserver":
        from multiprocessing import forkserver
        forkserver.ensure_running()


def _pool_size(count: int, workers: int | None) -> int:
    """Processes worth starting for ``count`` items (1: do it in this process)."""
    wanted = default_workers() if workers is None else max(1, workers)
    return min(wanted, count // MIN_FILES_PER_WORKER)


def _chunk_size(count: int, processes: int) -> int:
    return max(1, min(_CHUNK, count // (processes * 4)))


def _main_imports_safely() -> bool:
    """True when a worker started from a fork server may import this
    program's main module again, as multiprocessing has it do: the program is
    newswire's own command (``newswire``, ``python -m newswire``), or has no
    main module to import (``python -c``). A script that runs a build when
    it is imported, without ``if __name__ == "__main__":``, would build
    again in every worker: workers are forked from it then."""
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    if getattr(spec, "name", None) == "newswire.__main__":
        return True
    if spec is None and getattr(main, "__file__", None) is None:
        return True
    from . import __main__ as command
    return getattr(main, "run", None) is command.run  # the console script


def _die_with_parent(parent: int | None, interval: float = 0.5) -> None:
    """Worker initializer: end this worker when the build that started it is
    gone (killed by cron's timeout or the OOM killer), instead of waiting
    forever on a queue nobody will close. ``parent`` is the build's process;
    None for a worker of a fork server, whose parent is the server (which
    ends when the build does): the process that started this one is
    watched."""
    if parent is None:
        parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(1)
    threading.Thread(target=watch, name="newswire-parent-watch", daemon=True).start()


def read_many(paths: Sequence[Path], content_dir: Path, zone: tzinfo,
              workers: int | None = None,
              progress: Callable[[int, int], None] | None = None,
              language: str | None = None, hashed: bool = False) -> list[ReadOutcome]:
    """Read article files in parallel; one outcome per path, in the order given
    (:func:`read_each` as a list).

    Returns:
        A :class:`ReadOutcome` per path, equal to what :func:`read_one` gives
        for it (with the digest when ``hashed``).
    """
    return list(read_each(paths, content_dir, zone, workers, progress, language, hashed))


def read_each(paths: Sequence[Path], content_dir: Path, zone: tzinfo,
              workers: int | None = None,
              progress: Callable[[int, int], None] | None = None,
              language: str | None = None, hashed: bool = False,
              plan: EntryPlan | None = None) -> Iterator[ReadOutcome]:
    """Read article files in parallel; one outcome per path, in the order given,
    yielded as they come (so that a caller storing them holds few at a time).

    Args:
        paths: article files inside ``content_dir``.
        content_dir: the site's ``content/`` folder.
        zone: the site's time zone (naive dates are read in it).
        workers: processes to use; None means one per core, 1 reads in this
            process. Small batches are read here whatever ``workers`` says.
        progress: called as ``progress(read, total)`` as the files are read.
        language: the site's language (BCP 47), for datelines of scraped text.
        hashed: also take each file's :func:`~newswire.cache.file_digest`
            where it is read, of the bytes it reads (the file is opened once).
        plan: also make each article's entry HTML where it is read, and
            store its body (see :class:`EntryPlan`, :class:`Made`).

    Yields:
        A :class:`ReadOutcome` per path, equal to what :func:`read_one` gives
        for it (with the digest when ``hashed``; with ``plan``, the body
        moved into :attr:`ReadOutcome.made`).
    """
    paths = list(paths)
    processes = _pool_size(len(paths), workers)
    done = 0
    if processes <= 1:
        for chunk in _chunks(paths, _CHUNK):
            outcomes = _read_chunk(chunk, content_dir, zone, language, hashed, plan)
            done += len(outcomes)
            yield from outcomes
            if progress is not None:
                progress(done, len(paths))
        return
    work = _ReadWork(content_dir, zone, language, hashed, plan)
    for start, outcomes in _in_workers(_read_range, work, len(paths), processes,
                                       sent=lambda start, stop: _names(paths[start:stop])):
        done += len(outcomes)
        for path, outcome in zip(paths[start:start + len(outcomes)], outcomes):
            yield replace(outcome, path=path)  # sent back without it
        if progress is not None:
            progress(done, len(paths))


def _names(paths: Sequence[Path]) -> list[str]:
    """The paths of a range of files as text, sent to the worker that reads
    them: a forked worker that took the build's own path objects from the
    heap it inherits would change each one it touched (its reference count,
    the text and parts pathlib keeps once asked), so that every page holding
    them stops being shared and is copied into the worker: about 25 MB a
    worker at 100,000 articles, counted in the build's memory."""
    return [str(path) for path in paths]


@dataclass(frozen=True)
class _ReadWork:
    """Everything a worker needs to read files besides their paths,
    inherited when it forks (the ledger's identities of an
    :class:`EntryPlan` are not sent per range)."""

    content_dir: Path
    zone: tzinfo
    language: str | None
    hashed: bool
    plan: EntryPlan | None


def _read_range(work: _ReadWork, start: int, stop: int, names: Sequence[str]
                ) -> list[ReadOutcome]:
    """The outcomes of the files ``names`` (:func:`_names`, the range
    ``start:stop`` of the files read), each sent back without its path (the
    build has it: a :class:`~pathlib.Path` made again from a pickle costs
    the build's main process several objects per article)."""
    return [replace(outcome, path=None)  # type: ignore[arg-type]
            for outcome in _read_chunk([Path(name) for name in names], work.content_dir,
                                       work.zone, work.language, work.hashed, work.plan)]


@functools.lru_cache(maxsize=2)
def _renderer(site: SiteConfig, feeds: tuple[FeedConfig, ...]) -> PageRenderer:
    """One page renderer per worker process and site (templates compiled once)."""
    from .pages import PageRenderer
    return PageRenderer(site, feeds)


@dataclass(frozen=True, slots=True)
class PageJob:
    """One article page to render and stage.

    Attributes:
        entry: the article's entry.
        in_feeds: names of the feeds it is in.
        target: where the page goes, an absolute path (:meth:`Publisher.claim
            <newswire.publish.Publisher.claim>`; text, not a
            :class:`~pathlib.Path`: a build holds one per page job).
        previous: the last build's stamp of that file, or None.
        key: :func:`~newswire.incremental.page_key` of the page's inputs, or
            None to have it computed where the page is rendered.
    """

    entry: Entry
    in_feeds: tuple[str, ...]
    target: str
    previous: FileStamp | None = None
    key: str | None = None

    def render(self, renderer: PageRenderer) -> bytes:
        """The page (:meth:`PageRenderer.article`)."""
        return renderer.article(self.entry, self.in_feeds)

    def inputs_key(self, fingerprint: str, rows: dict[int, bytes]) -> str:
        """:func:`~newswire.incremental.page_key` (``rows`` unused)."""
        return page_key(fingerprint, self.entry, self.in_feeds)


@dataclass(frozen=True, slots=True)
class ListingJob:
    """One listing page to render and stage (:meth:`PageRenderer.listing_page`);
    ``target``, ``previous`` and ``key`` as in :class:`PageJob`, the key
    being :func:`~newswire.incremental.listing_key`."""

    page: ListingPage
    browse: tuple[tuple[str, str], ...]
    target: str
    previous: FileStamp | None = None
    key: str | None = None

    def render(self, renderer: PageRenderer) -> bytes:
        """The page (:meth:`PageRenderer.listing_page`)."""
        return renderer.listing_page(self.page, self.browse)

    def __reduce__(self) -> tuple[object, ...]:
        # pickled (sent to a worker) without the entries of the listing's
        # other pages, which neither rendering nor the key reads
        from .pages.paging import ListingPage
        page = self.page
        alone = ListingPage(replace(page.listing, entries=page.entries), page.number,
                            page.count, page.entries)
        return ListingJob, (alone, self.browse, self.target, self.previous, self.key)

    def inputs_key(self, fingerprint: str, rows: dict[int, bytes]) -> str:
        """:func:`~newswire.incremental.listing_key`, with the entries' rows
        made so far in this process (``rows``)."""
        return listing_key(fingerprint, self.page, self.browse, rows)


@dataclass(frozen=True, slots=True)
class StagedPage:
    """What staging one page did: its inputs' key ("" without a
    fingerprint), its size in bytes, and :func:`~newswire.publish.stage_bytes`'s
    outcome (a temporary file beside the target, or the stamp of the same
    bytes already there). What a worker sends back per page: text and
    numbers, nothing the build must hold that it does not keep (the key
    and digest go into the page records, the digest and temporary file
    into the publisher's staged files)."""

    key: str
    size: int
    staged: StagedBytes


@dataclass(frozen=True)
class _PageWork:
    """Everything a worker needs to stage pages, inherited when it forks.

    A forked worker uses the build's own renderer (templates compiled, the
    site's shared page parts rendered already); pickled for a platform
    without ``fork`` or for workers of a fork server (a large build: see
    :data:`FRESH_WORKERS_FROM`), it carries the settings only and the
    worker makes its own renderer.
    """

    renderer: PageRenderer | None
    site: SiteConfig
    feeds: tuple[FeedConfig, ...]
    jobs: Sequence[PageJob | ListingJob]
    fingerprint: str | None
    bodies: Bodies | None = None
    rows: dict[int, bytes] = field(default_factory=dict)  # see listing_key

    def __reduce__(self) -> tuple[object, ...]:
        # without the jobs: a worker is sent those of each range it stages
        return _PageWork, (None, self.site, self.feeds, (), self.fingerprint, self.bodies)

    def page_renderer(self) -> PageRenderer:
        """The renderer to use in this process."""
        return self.renderer or _renderer(self.site, self.feeds)


_inherited: list[tuple[Callable[[object, int, int], object], object]] = []
"""In a worker process of :func:`_in_workers`: the task and data it was started for."""


def _adopt(parent: int | None, task: Callable[[object, int, int], object],
           shared: object, collect: bool = True) -> None:
    """Worker initializer of :func:`_in_workers`; ``collect``: whether the
    build runs Python's cyclic garbage collector (a worker of a fork
    server does not inherit the build's choice, as a forked one does)."""
    if not collect:
        gc.disable()
    _die_with_parent(parent)
    _inherited.append((task, shared))


def _run_inherited(start: int, stop: int, *sent: object) -> object:
    task, shared = _inherited[-1]
    return task(shared, start, stop, *sent)  # type: ignore[call-arg]


R = TypeVar("R")
S = TypeVar("S")


def _in_workers(task: Callable[..., R], shared: S, count: int,
                processes: int, sent: Callable[[int, int], object] | None = None,
                meanwhile: Callable[[], bool] | None = None,
                fresh: bool = False) -> Iterator[tuple[int, R]]:
    """``task(shared, start, stop)`` for consecutive ranges of ``range(count)``,
    in ``processes`` worker processes; ``(start, result)`` in order.

    Only the two numbers of each range are sent, and with ``sent``,
    ``sent(start, stop)`` too, given to the task as a fourth argument
    (pickled): the values of the range that a worker should not take from
    the heap it inherits (see :func:`stage_pages`). Forked workers inherit
    ``shared`` with the rest of this process's heap, frozen first (see
    :func:`gc.freeze`) so that their garbage collector leaves it shared;
    where there is no ``fork`` each worker is given it once, and so with
    ``fresh``, where workers start from a fork server (see
    :data:`FRESH_WORKERS_FROM`). ``task`` must be a module-level function.
    At most :data:`_AHEAD` ranges per process are given out ahead of the
    one yielded. While the next result is not ready, ``meanwhile()`` is
    called, one step of other work at a time, until it returns False (none
    left).
    """
    size = _chunk_size(count, processes)
    # Forked workers start with this process's whole heap shared; frozen, its
    # objects are never visited by their garbage collector, so the heap stays
    # shared instead of being copied into every worker.
    from concurrent.futures import ProcessPoolExecutor
    context = _context(fresh)
    forked = context is not None and context.get_start_method() == "fork"
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=processes, mp_context=context,
                                 initializer=_adopt,
                                 initargs=(os.getpid() if forked else None, task,
                                           shared, gc.isenabled())) as pool:
            # A few ranges ahead per worker, not all: results waiting for this
            # process to take them are held in memory until it does.
            starts = iter(range(0, count, size))
            pending: collections.deque[tuple[int, Future[R]]] = collections.deque()

            def submit() -> None:
                start = next(starts, None)
                if start is not None:
                    stop = min(start + size, count)
                    extra = () if sent is None else (sent(start, stop),)
                    pending.append((start, pool.submit(_run_inherited, start,  # type: ignore[arg-type]
                                                       stop, *extra)))
            for _ in range(processes * _AHEAD):
                submit()
            while pending:
                start, future = pending.popleft()
                while meanwhile is not None and not future.done():
                    if not meanwhile():
                        meanwhile = None
                result = future.result()
                submit()
                yield start, result
    finally:
        gc.unfreeze()
        if context is not None and context.get_start_method() == "forkserver":
            _stop_fork_server()


def _stop_fork_server() -> None:
    """End the fork server once its workers are done (:func:`_in_workers`
    leaves its pool first): it would hold what it imported (about 20 MB)
    while the build publishes and records, and the workers' CPU time is
    counted in this process's children only once it is waited for. The
    next pool of fresh workers starts another. Through the method CPython's
    own tests use, where there is one (else the server ends with this
    process)."""
    from multiprocessing import forkserver
    stop = getattr(getattr(forkserver, "_forkserver", None), "_stop", None)
    if stop is not None:
        stop()


def _stage_range(renderer: PageRenderer, work: _PageWork, start: int, stop: int,
                 jobs: Sequence[PageJob | ListingJob] | None = None
                 ) -> tuple[list[StagedPage], OSError | None]:
    """Render and stage ``work.jobs[start:stop]`` (given as ``jobs`` when they
    were sent); stops at the first file that cannot be written, returning
    what was staged before it and the error."""
    done: list[StagedPage] = []
    rows = work.rows  # by id() of the entry: only for entries that outlive every range
    if jobs is None:
        jobs = work.jobs[start:stop]
    else:  # sent: these entries live while this range is staged
        rows = {}
    if work.bodies is not None:  # the stored bodies of this range, in one query
        filled = iter(work.bodies.filled([j.entry for j in jobs if isinstance(j, PageJob)]))
        jobs = [replace(j, entry=next(filled)) if isinstance(j, PageJob) else j for j in jobs]
    for job in jobs:
        key = job.key
        if key is None:
            key = job.inputs_key(work.fingerprint, rows) \
                if work.fingerprint is not None else ""
        data = job.render(renderer)
        try:
            staged = stage_bytes(job.target, data, job.previous)
        except OSError as exc:
            return done, exc
        done.append(StagedPage(key, len(data), staged))
    return done, None


def _stage_in_worker(work: _PageWork, start: int, stop: int,
                     jobs: Sequence[PageJob | ListingJob] | None = None
                     ) -> tuple[list[StagedPage], OSError | None]:
    return _stage_range(work.page_renderer(), work, start, stop, jobs)


def _sent_jobs(jobs: Sequence[PageJob | ListingJob]) -> Callable[[int, int], object]:
    """What :func:`stage_pages` sends with each range: its jobs, pickled.

    A forked worker could read them from the heap it inherits, but reading
    an object writes its reference count, so each worker would end up with
    its own copy of every memory page holding the build's entries (at
    100,000 articles, hundreds of megabytes per worker). Sent, the jobs of a
    range are the worker's own while it renders them and freed after; the
    inherited heap stays shared. A listing page is sent with its own
    entries, not every entry of its listing (:meth:`ListingJob.__reduce__`).
    """
    return lambda start, stop: list(jobs[start:stop])


def stage_pages(renderer: PageRenderer, jobs: Sequence[PageJob | ListingJob],
                fingerprint: str | None = None, workers: int | None = None,
                progress: Callable[[int, int], None] | None = None,
                bodies: Bodies | None = None,
                meanwhile: Callable[[], bool] | None = None
                ) -> Iterator[tuple[int, StagedPage | OSError]]:
    """Render article and listing pages and stage each beside its target
    (:func:`~newswire.publish.stage_bytes`), on every core.

    Rendering, hashing, comparing with the file in place and writing the
    temporary file all happen in the worker; only a few dozen bytes per page
    come back. Each range's jobs are sent with it (see :func:`_sent_jobs`);
    forked workers inherit the renderer (on a platform without ``fork``
    each worker is given the settings once and makes its own).

    Args:
        renderer: the build's renderer (forked workers inherit it; others
            make their own from its ``site`` and ``feeds``).
        jobs: the pages, each one's target claimed already.
        fingerprint: the :class:`~newswire.incremental.PageRecords`
            fingerprint keys are computed with, for jobs without one (None:
            no keys, ``""``).
        workers: processes to use, as in :func:`read_many`.
        progress: called as ``progress(staged, total)``.
        bodies: where the stored bodies of the entries are fetched (see
            :mod:`newswire.bodies`), by the process that renders each page;
            None when every entry holds its own.
        meanwhile: one step of other work for this process, called while
            it waits on the workers until it returns False (none left);
            not called when the pages are rendered here (the caller does
            what is left when this is done).

    Yields:
        ``(index in jobs, StagedPage)`` per job in order, or, in place of
        one, ``(index, OSError)``: its file could not be written (the jobs
        after it in its chunk are then left out; later chunks are not).
        Every temporary file written is in what is yielded, so the caller
        can record them all and discard them together.
    """
    work = _PageWork(renderer, renderer.site, renderer.feeds, jobs, fingerprint, bodies)
    processes = _pool_size(len(jobs), workers)
    total = 0

    def results(start: int, staged: list[StagedPage], error: OSError | None
                ) -> Iterator[tuple[int, StagedPage | OSError]]:
        nonlocal total
        yield from enumerate(staged, start)
        if error is not None:
            yield start + len(staged), error
        total += len(staged)
        if progress is not None:
            progress(total, len(jobs))
    if processes <= 1:
        for start in range(0, len(jobs), _CHUNK):
            yield from results(start, *_stage_range(renderer, work, start,
                                                    min(start + _CHUNK, len(jobs))))
        return
    for start, (staged, error) in _in_workers(_stage_in_worker, work, len(jobs), processes,
                                              _sent_jobs(jobs), meanwhile,
                                              fresh=len(jobs) >= FRESH_WORKERS_FROM):
        yield from results(start, staged, error)
