"""One build: read → identify → select → render → validate → publish → record.

No click here: :func:`build_locked` takes a site's paths, its
:class:`~newswire.options.BuildOptions` and the snapshot of its inputs, and
returns a :class:`~newswire.options.BuildReport`; the command line turns that
into output and an exit status. The entry point :func:`newswire.run.build`
(the lock and the shortcut when nothing changed) imports this module only
when there is work to do; this module never imports it back. Everything read
from or written to ``.newswire/`` goes through :mod:`newswire.state`.

Reading order: :func:`build_locked` loads the settings and hands over to
``_build_recorded``, which runs the stages, each in a module of its own:

- read, identify, make entries: :func:`prepare` (readers through
  :mod:`newswire.cache`, :func:`~newswire.identity.assign_identities`,
  :func:`~newswire.entries.make_entry`, the lead-image checks of
  :mod:`newswire.images`), giving a :class:`Plan`;
- select: :func:`~newswire.selection.select_feeds`, one
  :class:`~newswire.selection.FeedSelection` per feed;
- render and validate: :func:`~newswire.feedstage.stage_feeds` (paged by
  :mod:`newswire.feeds.archive`), then the article pages, listing pages and
  sitemaps here, all staged in a :class:`~newswire.publish.Publisher`;
- publish: the identity ledger first, then :meth:`Publisher.publish`;
- record: every derived record in one transaction (``_commit``), with what
  the next build would say again (``_steady_diagnostics``).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Generic, TypeVar

from .bodies import Bodies
from .cache import ArticleCache, Probe, reading_context
from .claim import claim_output
from .clock import LATEST_NOW, latest_now, moved_back
from .config import FeedConfig, SiteConfig, _key_line, load_feeds, load_site
from .emptyfeeds import EmptyFeeds
from .entries import html_key, is_published, make_entry, newest_first
from .errors import (ArticleError, ConfigError, Diagnostic, NewswireError,  # noqa: F401
                     OutputError, StateError)
from .feeds import feed_file
from .feeds.checks import article_problems
from .feedstage import feed_ids, retain_referenced, show_guids, stage_feeds
from .identity import Conflict, State, assign_identities, body_signature, ledger_conflicts
from .images import IMAGE_LINES, ImageInfo, ImageLines, checked_image
from .incremental import PageRecords, listing_key, page_key
from .listrows import RECORD as LISTING_ROWS, ListingRows
from .media import enclosures
from .memory import give_back
from .model import Article, Entry, Identity
from .outputs import OVERRIDABLE, SITE_FILES, Claims
from .pages import PageRenderer
from .pages.paging import (CATEGORIES, TAGS, ListingPage, Term, category_listings,
                           feed_listing, index_listing, tag_listings)
from .parallel import (REPORT_BUG, EntryPlan, ListingJob, PageJob, read_each,  # noqa: F401 (REPORT_BUG kept for importers)
                       read_many, stage_pages, start_fresh_workers)
from .options import BuildOptions, BuildReport, SitePaths
from .publish import UNKNOWN, FileStamp, PublishResult, Publisher
from .readers import ContentFiles, scan_content
from .sitemaps import (NEWS_FILE, SITEMAP_FILE, news_entries, news_sitemap, news_window,
                       robots_txt, sitemaps)
from .scaffold import PLACEHOLDER_URL
from .selection import FeedSelection, select_feeds
from .revisions import Revisions, text_digest, with_updated
from .state import fingerprint, load_ledger, read_intent, write_intent
from .state.digests import Snapshot
from .state.lastbuild import (LAST_BUILD, PUBLISHED_AT, SAID, LastBuild, own_files,
                              published_at, published_time)
from .state.ledger import Record, write_ledger
from .state.legacy import import_legacy
from .state.store import Changes, Store, open_store
from .state.values import article_from_bytes
from .stopped import stopped_feeds
from .safeio import read_own_file
from .websub import changed_topics, queue_change

__all__ = ["BuildOptions", "BuildReport", "Plan", "SitePaths", "article_cache",
           "build_locked", "load_state", "open_database", "prepare", "publication_window"]

T = TypeVar("T")


def open_database(paths: SitePaths) -> Store:
    """The site's database of derived records, tied to this newswire's code;
    a damaged or foreign one is moved aside and a new one started. Records
    an older newswire kept in files of their own are imported once
    (:mod:`newswire.state.legacy`).

    Raises:
        OutputError: no database can be created in ``.newswire/``.
    """
    try:
        store = open_store(paths.database_file, fingerprint())
    except OSError as exc:
        raise OutputError(f"cannot open or create the database: {exc}; check that "
                          ".newswire/ is a writable folder", paths.database_file) from None
    try:
        import_legacy(paths.state_dir, store, LATEST_NOW)
    except sqlite3.Error as exc:
        store.close()
        raise OutputError(f"cannot write the database: {exc}; check that .newswire/ is "
                          "a writable folder with room", paths.database_file) from None
    return store


def load_state(paths: SitePaths, store: Store | None = None) -> State:
    """The identity ledger (``.newswire/state.json``), with the values that
    recognise renamed files taken from the database; empty for a new site.

    Raises:
        StateError: the file is damaged or contradicts itself, or is missing
            although the site was published before (the database records
            published files). Building on could give published articles new
            ids and URLs, so newswire stops and leaves the file as it is.
    """
    restart = ("to start a new ledger on purpose (ids of renamed and undated "
               f"articles may change), remove it and {paths.database_file}")
    state = load_ledger(paths.state_file, store is not None and store.published(), restart)

    def data() -> bytes:  # the file again, only to point at a line in an error
        try:
            return read_own_file(paths.state_file)
        except OSError:
            return b""
    conflicts = ledger_conflicts(state)
    if conflicts:
        raise _conflict_error(conflicts, data(), paths)
    feeds = state.get_extra("feeds", {})
    owners: dict[object, str] = {}
    for name, ident in sorted(feeds.items()) if isinstance(feeds, dict) else ():
        if ident in owners:
            raise StateError(
                f"the identity ledger contradicts itself (a merge gone wrong?): feeds "
                f"{owners[ident]!r} and {name!r} have one id, {ident}. Nothing was built or "
                "removed. Keep that id for the feed subscribers already have it for, "
                "delete the other feed's line (it gets a new id), and build again",
                paths.state_file, _line_of(data(), json.dumps(name) + ":"))
        owners[ident] = name
    return state.with_recognition(store.recognition()) if store is not None else state


def _line_of(data: bytes, needle: str) -> int | None:
    """1-based line of the first ``needle`` in ``data``, or None."""
    text = data.decode("utf-8", "replace")
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at >= 0 else None


def _conflict_error(conflicts: Sequence[Conflict], data: bytes, paths: SitePaths) -> StateError:
    """The error for ledger records that contradict each other (a badly merged
    ``state.json``), pointing at the line of the first repeated record."""
    text = data.decode("utf-8", "replace")

    def line_of(record_source: str, occurrence: int) -> int | None:
        needle = '"source": ' + json.dumps(record_source, ensure_ascii=False)
        at = -1
        for _ in range(occurrence):
            at = text.find(needle, at + 1)
            if at < 0:
                return None
        return text.count("\n", 0, at) + 1

    said = []
    for c in conflicts[:5]:
        said.append(f"{c.what} {c.value} is in the records of {c.first.source} (id "
                    f"{c.first.id}) and {c.second.source} (id {c.second.id})")
    more = f" and {len(conflicts) - 5} more" if len(conflicts) > 5 else ""
    first = conflicts[0]
    line = line_of(first.second.source, 2 if first.first.source == first.second.source else 1)
    return StateError(
        "the identity ledger contradicts itself (a merge gone wrong?): " + "; ".join(said)
        + more + ". Nothing was built or removed. Keep one record of each pair: the one "
        "whose id and URL subscribers already have (see the published feeds, or the "
        "ledger in version control before the merge), delete the other, and build again",
        paths.state_file, line)


def _read_articles(paths: SitePaths, files: Sequence[Path], site: SiteConfig,
                   report: BuildReport, cache: ArticleCache,
                   progress: Callable[[str, int, int], None] | None = None,
                   plan: EntryPlan | None = None,
                   made: dict[str, tuple[str, str | None]] | None = None,
                   signed: Mapping[str, str] | None = None,
                   image_lines: ImageLines | None = None,
                   derived: dict[str, tuple[str, str]] | None = None) -> list[Article]:
    """Every article file in the order given; unchanged ones come from ``cache``,
    only the others are read (on every core) and then cached. Files new to
    the cache are hashed by the worker that reads them, not here.

    With ``plan`` (for a cache that writes as it goes), the worker that reads
    an article also sanitizes its body for the identity it is expected to
    get and stores both bodies in the cache; the article comes back without
    its body, and its body signature and text digest go into ``made`` (by
    source). An article from the cache is also given out without its body
    (the cache gives it back when needed: :meth:`ArticleCache.body`); its
    signature is taken only when the ledger has none for its bytes
    (``signed``: source → digest of the recorded signature). The line of
    the ``image`` key a worker found in an article's bytes goes to
    ``image_lines`` (:meth:`ImageLines.found`), the path and id it made for
    an article new to the ledger to ``derived`` (by source: see
    :func:`~newswire.identity.assign_identities`)."""
    # by source: text cut from each path (see _sources), hashed and compared
    # at a fraction of a Path's cost
    outcomes: dict[str, tuple[Article | None, list[Diagnostic]]] = {}
    misses: list[Probe] = []
    shared = _SharedValues(plan.known if plan is not None else None)
    sources = _sources(paths.content, files)
    for path, source in zip(files, sources):
        cached, probe = cache.get(cache.probe(path, source), hash_new=False)
        if cached is None:
            misses.append(probe)
        else:
            article = cached.article
            if not cached.whole:  # given without its body: the database holds it
                if plan is not None and made is not None and (
                        plan.texts or (signed or {}).get(article.source) != article.digest):
                    body = _stored_body(cache, article.source)
                    if body:
                        made[article.source] = (
                            body_signature(body),
                            text_digest(article.title, body) if plan.texts else None)
            elif plan is not None and article.body_html and cache.release(probe.source):
                if made is not None and (plan.texts or (signed or {}).get(article.source)
                                         != article.digest):
                    made[article.source] = (
                        body_signature(article.body_html),
                        text_digest(article.title, article.body_html) if plan.texts else None)
                article = replace(article, body_html="")
            outcomes[source] = (shared.adopt(article), cached.diagnostics(paths.content))
    report.parsed += len(misses)
    def read(done: int, total: int) -> None:
        if progress is not None:
            progress("reading articles", done, total)
    hashed = any(p.digest is None for p in misses)
    for probe, outcome in zip(misses, read_each([p.path for p in misses], paths.content,
                                                site.timezone, progress=read,
                                                language=site.language, hashed=hashed,
                                                plan=plan)):
        said = ([outcome.error] if outcome.error is not None else []) + list(outcome.warnings)
        article = outcome.article
        if article is None:
            cache.drop(probe.source)
        else:
            if probe.digest is None:
                probe = replace(probe, digest=outcome.digest)
            done = outcome.made
            if done is None:
                cache.put(probe, article, outcome.warnings, paths.content)
            elif cache.put(probe, article, outcome.warnings, paths.content, done.blob,
                           done.html):
                if made is not None:
                    made[article.source] = (done.signature, done.text)
                if image_lines is not None and done.image_line is not None:
                    image_lines.found(article.source, article.digest, done.image_line[0])
                if derived is not None and done.derived is not None:
                    derived[article.source] = done.derived
            else:  # not cached after all: the article keeps its body
                value = article_from_bytes(done.blob, article.source)
                article = value[0] if value is not None else article
            article = shared.adopt(article)
        outcomes[probe.source] = (article, said)
    articles = []
    for source in sources:
        article, said = outcomes[source]
        report.diagnostics += said
        if article is not None:
            articles.append(article)
    return articles


class _SharedValues:
    """One object for each distinct tuple of tags and of authors among the
    articles of a build: most articles repeat another's (a desk's writer, a
    section's tags), and a build holds every article until it ends, so
    equal values are held once (about 300 bytes an article). An article
    adopted (:meth:`adopt`) also takes the first equal value of its
    category and language met before, and, with the ledger's
    ``records`` (by source), its record's source, title and digest where
    they are equal (the build holds both to its end: about 300 bytes an
    article).
    """

    def __init__(self, records: Mapping[str, Record] | None = None) -> None:
        self._values: dict[tuple[object, ...], tuple[object, ...]] = {}
        self._records: Mapping[str, Record] = records or {}
        self._texts: dict[str, str] = {}

    def same(self, value: tuple[T, ...]) -> tuple[T, ...]:
        """The first tuple equal to ``value`` given here (``value`` if none was)."""
        return self._values.setdefault(value, value)  # type: ignore[return-value]

    def article(self, article: Article) -> Article:
        """``article``, its ``tags`` and ``authors`` replaced by the equal
        tuples given here before (the same value, held once)."""
        tags, authors = self.same(article.tags), self.same(article.authors)
        if tags is article.tags and authors is article.authors:
            return article
        return replace(article, tags=tags, authors=authors)

    def adopt(self, article: Article) -> Article:
        """:meth:`article` for an article just made (decoded from the cache,
        or sent by a worker) that nothing else holds yet: its ``tags`` and
        ``authors`` are replaced in place, equal values for equal ones, at
        a fraction of the cost of a copy (``dataclasses.replace`` runs the
        whole constructor; this runs for every article of every build), and
        so are its repeated values and its ``source``, ``title`` and
        ``digest`` by its record's."""
        tags, authors = self.same(article.tags), self.same(article.authors)
        if tags is not article.tags:
            object.__setattr__(article, "tags", tags)
        if authors is not article.authors:
            object.__setattr__(article, "authors", authors)
        record = self._records.get(article.source)
        if record is not None:
            for name in _RECORDED:
                mine, its = getattr(article, name), getattr(record, name)
                if mine is not its and mine == its:
                    object.__setattr__(article, name, its)
        for name in _REPEATED:
            value = getattr(article, name)
            if type(value) is str:
                same = self._text(value)
                if same is not value:
                    object.__setattr__(article, name, same)
        return article

    def _text(self, value: str) -> str:
        """The first string given here equal to ``value``."""
        return self._texts.setdefault(value, value)


_RECORDED = ("source", "title", "digest")
"""The fields of an article its ledger record holds too (:class:`_SharedValues`)."""

_REPEATED = ("category", "lang")
"""The fields of an article whose few values articles repeat (a section, a
language): held once (:class:`_SharedValues`). Not the dates or the image:
nearly every article has its own, and a dict of them all would cost more
while the articles are read than sharing the few equal ones saves."""


def _stage_pages(publisher: Publisher, renderer: PageRenderer, entries: list[Entry],
                 membership: dict[str, tuple[str, ...]], assets: Sequence[str] = (),
                 pages: PageRecords | None = None,
                 progress: Callable[[str, int, int], None] | None = None,
                 bodies: Bodies | None = None,
                 meanwhile: Callable[[], bool] | None = None) -> None:
    """Article pages, OPML, stylesheets and the icon; a file of ``content/``
    (``assets``) replaces a shipped one. With ``pages``, article pages whose
    inputs did not change are not rendered again. The others are rendered
    and written to their temporary files on every core
    (:func:`~newswire.parallel.stage_pages`), each fetching the stored
    bodies it renders from ``bodies``; while worker processes render them,
    this process does ``meanwhile`` (a :meth:`_Meanwhile.step`). (Listing
    pages and sitemaps: :func:`_stage_listings`.)"""
    jobs: list[PageJob] = []
    paths: list[str] = []
    shared = _SharedValues()  # most articles are in the same few feeds
    plain: dict[int, tuple[object, object]] = {}  # see page_key
    for entry in entries:
        in_feeds = shared.same(tuple(membership.get(entry.id, ())))
        path = entry.identity.path + "index.html"
        key = None
        if pages is not None and path in pages.recorded:
            key = page_key(pages.fingerprint, entry, in_feeds, plain)
            if pages.reuse(path, key, lambda p, digest: publisher.keep(p, "page", digest)):
                continue  # unchanged, staged without reading it
        target, previous = publisher.claim(path)
        jobs.append(PageJob(entry, in_feeds, target, previous, key))
        paths.append(path)

    def staging(done: int, total: int) -> None:
        if progress is not None:
            progress("rendering pages", done, total)
    _stage_jobs(publisher, renderer, jobs, paths, pages, staging, bodies,
                meanwhile=meanwhile)
    publisher.add("feeds.opml", renderer.opml(), "page")
    for name in ("style.css", "feed.css", "favicon.ico"):
        if name not in assets:
            publisher.add(name, renderer.static(name), "asset")


def _stage_jobs(publisher: Publisher, renderer: PageRenderer,
                jobs: list[PageJob | ListingJob], paths: Sequence[str],
                pages: PageRecords | None,
                progress: Callable[[int, int], None] | None = None,
                bodies: Bodies | None = None, workers: int | None = None,
                meanwhile: Callable[[], bool] | None = None) -> None:
    """Render and stage ``jobs`` (their paths ``paths``, claimed in
    ``publisher``) on every core, or in ``workers`` processes
    (:func:`~newswire.parallel.stage_pages`), and record each page in
    ``pages``; ``meanwhile`` as :func:`~newswire.parallel.stage_pages` takes it.
    Each job is let go once its page is recorded (its place in ``jobs``
    set to None: a job holds its page's absolute target, about 0.2 KB a
    page, and the pages of a large site take minutes).

    Raises:
        OutputError: a page could not be written; everything staged is
            discarded, the temporary files workers wrote included.
    """
    for _ in _job_steps(publisher, renderer, jobs, paths, pages, progress, bodies, workers,
                        meanwhile):
        pass


def _job_steps(publisher: Publisher, renderer: PageRenderer,
               jobs: list[PageJob | ListingJob], paths: Sequence[str],
               pages: PageRecords | None,
               progress: Callable[[int, int], None] | None = None,
               bodies: Bodies | None = None, workers: int | None = None,
               meanwhile: Callable[[], bool] | None = None) -> Iterator[None]:
    """:func:`_stage_jobs`, one step (one page recorded) at a time."""
    error: tuple[OSError, str] | None = None
    outcomes = stage_pages(renderer, jobs, pages.fingerprint if pages else None,
                           workers=workers, progress=progress, bodies=bodies,
                           meanwhile=meanwhile)
    for index, outcome in outcomes:
        if isinstance(outcome, OSError):  # the rest of its chunk is left out
            error = error or (outcome, jobs[index].target)
            continue
        publisher.staged(paths[index], "page", outcome.staged)
        if pages is not None:
            pages.record(paths[index], outcome.key, outcome.staged[0], outcome.size)
        # sent to its worker before its outcome came back (see stage_pages)
        jobs[index] = None  # type: ignore[call-overload]
        yield None
    if error is not None:
        raise publisher.failed(*error)


class _Meanwhile(Generic[T]):
    """Work this process does in steps while worker processes render article
    pages (the listing pages and sitemaps: :func:`_listing_work`), so that
    it does not wait on them idle and then do it alone.

    A step that fails keeps its error, and no step runs after it, until
    :meth:`finish` raises it: the workers' pages are all recorded first, so
    every temporary file written is discarded with the rest.

    Args:
        steps: a generator doing one step of the work each time it is
            advanced, returning the work's result.
    """

    def __init__(self, steps: Generator[object, None, T]) -> None:
        self._steps: Generator[object, None, T] | None = steps
        self._error: Exception | None = None
        self._result: T | None = None

    def step(self) -> bool:
        """Run one step; False when none is left (or one failed)."""
        if self._steps is None:
            return False
        try:
            next(self._steps)
        except StopIteration as stop:
            self._steps, self._result = None, stop.value
            return False
        except Exception as exc:  # raised by finish()
            self._steps, self._error = None, exc
            return False
        return True

    def finish(self) -> T:
        """Run the steps left and return the work's result; raise what a
        step raised, if one did."""
        while self.step():
            pass
        error, self._error = self._error, None
        if error is not None:
            raise error
        return self._result  # type: ignore[return-value]


@dataclass
class _Listings:
    """The listing pages a build writes (see :func:`_claim_listings`)."""

    pages: list[ListingPage]
    overviews: list[tuple[str, list[Term]]]
    browse: tuple[tuple[str, str], ...]


def _claim_listings(site: SiteConfig, entries: list[Entry],
                    membership: dict[str, tuple[str, ...]],
                    feeds: Sequence[FeedConfig], claims: Claims, paths: SitePaths,
                    report: BuildReport) -> _Listings:
    """Decide the listing pages (index, feed landing pages, tag and category
    pages, every page of each; see :mod:`.pages.paging`) and claim their
    paths. A page whose path an article page (or a file of ``content/``
    claimed earlier) already has is left out, with a warning naming both."""
    tags, categories = tag_listings(entries), category_listings(entries)
    where = {f.name: _feed_where(paths, f) for f in feeds}
    owners = {"index": lambda listing: SITE_FILES["index.html"],
              "feed": lambda listing: where[listing.feed.name],
              TAGS: lambda listing: f"the page of the tag {listing.title!r}",
              CATEGORIES: lambda listing: f"the page of the category {listing.title!r}"}
    listings = ([index_listing(site.title, entries)]
                + [feed_listing(f, entries, membership) for f in feeds]
                + [t.listing for t in tags] + [t.listing for t in categories])
    chosen = []
    for listing in listings:
        who = owners[listing.kind](listing)
        for page in listing.pages():
            other = claims.claim(page.file, who)
            if other is None:
                chosen.append(page)
                continue
            report.diagnostics.append(Diagnostic(
                "warning", f"{page.url(site.base_url)} is not published as {who}: it is "
                f"{other}; rename that file or change its slug", paths.public / page.file))
    overviews = [(kind, terms) for kind, terms in ((TAGS, tags), (CATEGORIES, categories))
                 if terms and claims.claim(f"{kind}/index.html", f"the list of {kind}") is None]
    browse = tuple((("tag" if kind == TAGS else "section"), f"{site.base_url}{kind}/")
                   for kind, _ in overviews)
    return _Listings(chosen, overviews, browse)


def _stage_listings(publisher: Publisher, renderer: PageRenderer, listings: _Listings,
                    entries: list[Entry], assets: Sequence[str], claims: Claims,
                    report: BuildReport, now: datetime, pages: PageRecords | None = None,
                    rows: ListingRows | None = None
                    ) -> tuple[datetime | None, datetime | None]:
    """Render and stage the listing pages claimed by :func:`_claim_listings`,
    ``sitemap.xml``, the Google News sitemap and ``robots.txt`` (see
    :mod:`.sitemaps`); a file of ``content/`` of the same name replaces a
    sitemap or ``robots.txt``.

    With ``pages``, a listing page rendered by the last build from the same
    inputs is kept as it is (see :func:`~.incremental.listing_key`); with
    ``rows``, the others are made from their entries' rows rendered once
    (:mod:`newswire.listrows`). Returns
    the range of "now" over which the News sitemap stays the same (see
    :func:`~newswire.sitemaps.news_window`).
    """
    work = _Meanwhile(_listing_work(publisher, renderer, listings, entries, assets, claims,
                                    report, now, pages, rows))
    return work.finish()


def _listing_work(publisher: Publisher, renderer: PageRenderer, listings: _Listings,
                  entries: list[Entry], assets: Sequence[str], claims: Claims,
                  report: BuildReport, now: datetime, pages: PageRecords | None = None,
                  rows: ListingRows | None = None, keep_rows: Callable[[], None] | None = None
                  ) -> Generator[None, None, tuple[datetime | None, datetime | None]]:
    """:func:`_stage_listings` in steps (see :class:`_Meanwhile`): a listing
    page a step, then ``keep_rows`` (:func:`_keep_rows`: the rows are needed
    no more), then the rest in one; returns what it returns."""
    yield from _listing_steps(publisher, renderer, listings, pages, rows)
    if keep_rows is not None:
        keep_rows()
        give_back()  # the rows written and let go, before the sitemaps are made
    return _stage_listed(publisher, renderer, listings, entries, assets, claims, report, now)


def _listing_steps(publisher: Publisher, renderer: PageRenderer, listings: _Listings,
                   pages: PageRecords | None = None, rows: ListingRows | None = None
                   ) -> Iterator[None]:
    """The listing pages of :func:`_stage_listings`, claimed and staged one
    page a step (see :class:`_Meanwhile`)."""
    def keep(path: str, digest: str) -> bool:
        return publisher.keep(path, "page", digest)
    # each entry's row key, once for the page keys and the rows (entries
    # live through the build)
    keyed: dict[int, bytes] = rows.keyed if rows is not None else {}
    jobs: list[ListingJob] = []
    paths: list[str] = []
    for page in listings.pages:
        key = None
        if pages and page.file in pages.recorded:
            key = listing_key(pages.fingerprint, page, listings.browse, keyed)
            if pages.reuse(page.file, key, keep):
                continue
        target, previous = publisher.claim(page.file)
        jobs.append(ListingJob(page, listings.browse, target, previous, key))
        paths.append(page.file)
    # in this process: a listing page renders in less time than it takes to
    # pickle it for a worker (its fifty entries), and no worker is started;
    # ListingRows renders a listing page as the renderer does, from kept rows
    maker = rows if rows is not None else renderer
    yield from _job_steps(publisher, maker, jobs, paths, pages,  # type: ignore[arg-type]
                          workers=1)


def _stage_listed(publisher: Publisher, renderer: PageRenderer, listings: _Listings,
                  entries: list[Entry], assets: Sequence[str], claims: Claims,
                  report: BuildReport, now: datetime) -> tuple[datetime | None, datetime | None]:
    """The rest of :func:`_stage_listings` once its listing pages are staged
    (:func:`_listing_steps`): the overviews of tags and categories, the
    sitemaps and ``robots.txt``; returns what :func:`_stage_listings` returns."""
    site = renderer.site
    base = site.base_url
    urls: list[tuple[str, datetime | None]] = [(page.url(base), page.lastmod)
                                               for page in listings.pages]
    for kind, terms in listings.overviews:
        publisher.add(f"{kind}/index.html", renderer.terms(kind, terms), "page")
        urls.append((f"{base}{kind}/", max(e.updated for t in terms
                                             for e in t.listing.entries)))
    urls += [(e.permalink, e.updated) for e in entries if e.link == e.permalink]
    for name, data in sitemaps(base, urls):
        if name in assets:
            continue
        other = claims.claim(name, SITE_FILES[SITEMAP_FILE])
        if other is not None:
            report.diagnostics.append(Diagnostic(
                "warning", f"{base}{name} is not published: it is {other}",
                publisher.root / name))
            continue
        publisher.add(name, data, "page")
    news = news_entries(entries, now)
    if NEWS_FILE not in assets:
        publisher.add(NEWS_FILE, news_sitemap(site.title, site.language, news), "page")
    if "robots.txt" not in assets:
        publisher.add("robots.txt", robots_txt(base, [SITEMAP_FILE, NEWS_FILE]), "page")
    return news_window(entries, now)


def _narrowed(window: tuple[datetime | None, datetime | None],
              other: tuple[datetime | None, datetime | None]
              ) -> tuple[datetime | None, datetime | None]:
    """The intersection of two ranges ``[low, high)`` (None: unbounded)."""
    lows = [d for d in (window[0], other[0]) if d is not None]
    highs = [d for d in (window[1], other[1]) if d is not None]
    return (max(lows) if lows else None), (min(highs) if highs else None)


@dataclass
class Plan:
    """Everything a build decided before rendering: what to publish and as what.

    Not frozen: staging the listing pages narrows :attr:`window`.

    Attributes:
        files: what :func:`~newswire.readers.scan_content` found, but for
            the article files (``articles`` is empty: they are read by then,
            and a ``Path`` each held to the end of the build is about
            0.4 KB an article).
        articles: the articles read that this build would publish (not a
            draft, not in the future); those given an identity are the very
            values their entries hold (``body_html`` dropped, see
            :attr:`~newswire.model.Entry.article`), the others (refused an
            identity) are as read; none holds its body when the cache
            writes to the database (a build: see :func:`_read_articles`).
        entries: one per article given an identity, newest first; their
            ``content_html`` is stored (None) when the cache writes to the
            database, fetched where it is published (:mod:`newswire.bodies`).
            A build empties ``articles`` and ``entries`` once every page is
            staged (nothing after needs them).
        identities: the identity of each published article, by source.
        old_state, new_state: the identity ledger before and after this build.
        window: the range of "now" that publishes the same articles (see
            :func:`publication_window`).
        identity_diagnostics: what :func:`~newswire.identity.assign_identities`
            said (the very values, also in the report's diagnostics, in
            order), so that what the next build would say can be told apart
            (see :func:`_steady_diagnostics`).
        held: sources of articles that exist but are not published by this
            build because they cannot be read or have errors (or lie in a
            folder that cannot be listed): their records and published
            pages are kept as they are.
        claims: the output paths already owned (site files, feeds) that
            :func:`prepare` was given: the identity stage gives no article
            page one of them, here and when :func:`_steady_diagnostics` runs
            it again; None when it was given none (``newswire list``).
        drafts_left_out, future_left_out: articles read but not published
            because they are drafts / dated after "now" (a draft dated
            later counts as a draft).
        texts: entry id → :func:`~newswire.revisions.text_digest` of its
            title and body, when :func:`prepare` was asked for them.
        image_lines: the lines of the ``image`` keys of articles whose
            lead image is missing, to keep for the next build
            (:class:`~newswire.images.ImageLines`).
        signatures: source → :func:`~newswire.identity.body_signature` of
            the articles read without their body (see :func:`_read_articles`).
        identity_again: what the identity stage would say run again on
            ``new_state`` (the next build), when that is known without
            running it (:attr:`~newswire.identity.IdentityDiagnostics.again`).
    """

    files: ContentFiles
    articles: list[Article]
    entries: list[Entry]
    identities: dict[str, Identity]
    old_state: State
    new_state: State
    window: tuple[datetime | None, datetime | None] = (None, None)
    identity_diagnostics: tuple[Diagnostic, ...] = ()
    held: frozenset[str] = frozenset()
    claims: Claims | None = None
    drafts_left_out: int = 0
    future_left_out: int = 0
    texts: dict[str, str] = field(default_factory=dict)
    image_lines: ImageLines = field(default_factory=ImageLines)
    signatures: dict[str, str] = field(default_factory=dict)
    identity_again: list[Diagnostic] | None = None


def publication_window(articles: Sequence[Article], options: BuildOptions,
                       recorded: dict[str, datetime] | None = None
                       ) -> tuple[datetime | None, datetime | None]:
    """The range ``[low, high)`` of "now" over which :func:`is_published`
    keeps exactly the same articles as at ``options.now``; None: unbounded.

    ``low`` is the newest publication date kept, ``high`` the earliest date
    left out as being in the future. An undated article counts with its
    first-publication date in ``recorded`` (by source), when it has one.
    """
    if options.future:
        return None, None
    recorded = recorded or {}
    dated = [d for d in (a.published or recorded.get(a.source) for a in articles
                         if options.drafts or not a.draft) if d is not None]
    kept = [d for d in dated if d <= options.now]
    later = [d for d in dated if d > options.now]
    return (max(kept) if kept else None), (min(later) if later else None)


def _published(article: Article, options: BuildOptions, recorded: dict[str, datetime]) -> bool:
    """:func:`is_published`, an undated article taking its recorded
    first-publication date: one first published after ``options.now`` (the
    clock moved back) is in the future like a dated one."""
    if not is_published(article, options.now, options.drafts, options.future):
        return False
    first = recorded.get(article.source) if article.published is None else None
    return options.future or first is None or first <= options.now


def _site_claims(paths: SitePaths, feeds: Sequence[FeedConfig]) -> Claims:
    """Who owns which path of ``public/``: the site's files and every feed's.

    Raises:
        ConfigError: two of them want one path, both named.
    """
    names = {f.name: _feed_where(paths, f) for f in feeds}
    claims, conflicts = Claims.of_site((f, names[f.name]) for f in feeds)
    if conflicts:
        path, who, other = conflicts[0]
        feed = next(f for f in feeds if names[f.name] == who)
        raise _feed_path_error(paths, feed, f"public/{path} is written by {other} and by "
                               f"{who}; give this feed another path")
    return claims


def _feed_where(paths: SitePaths, feed: FeedConfig) -> str:
    """How messages name a feed: ``feed 'world' (feeds/world.toml)``."""
    file = paths.feeds / f"{feed.name}.toml"
    return f"feed {feed.name!r} ({file})" if file.is_file() else f"the default feed {feed.name!r}"


def _feed_path_error(paths: SitePaths, feed: FeedConfig, message: str) -> ConfigError:
    """A :class:`ConfigError` at the ``path`` key of a feed's file."""
    file = paths.feeds / f"{feed.name}.toml"
    line = None
    try:
        for number, text in enumerate(file.read_text("utf-8").splitlines(), start=1):
            if text.strip().startswith(("path", '"path"')):
                line = number
                break
    except (OSError, UnicodeDecodeError):
        file = paths.feeds
    return ConfigError(f"path: {message}", file, line)


def prepare(paths: SitePaths, site: SiteConfig, options: BuildOptions,
            report: BuildReport, cache: ArticleCache | None = None,
            claims: Claims | None = None, text_digests: bool = False) -> Plan:
    """Read every article, filter, assign identities and make entries (newest first).

    Unchanged articles come from ``cache`` (a fresh one when None; it is
    updated in memory, saving it is the caller's choice). Problems go to
    ``report.diagnostics``; nothing is written. With ``claims`` (the paths
    the site and its feeds write), a new article wanting one of them is
    refused. With ``text_digests`` the plan's ``texts`` are filled in (for
    ``updated = "auto"``).

    An article that exists but cannot be published in this build (its file
    or its folder cannot be read, or it has an error) is *held*: its
    record stays in the ledger as it is, its URL stays taken, and the build
    keeps its published page (see :attr:`Plan.held`).

    Raises:
        OutputError: no ``content/`` folder, or one that cannot be listed.
        StateError: the identity ledger cannot be used (see :func:`load_state`).
    """
    if not paths.content.is_dir():
        raise OutputError(f"no such folder in the site folder {paths.root.resolve().name!r}; "
                          "create content/ and put the article files (*.md, *.txt) in it, "
                          "or name the site folder with --site", paths.content)
    report.diagnostics += site.notes
    files = scan_content(paths.content)
    if files.hides(""):
        raise OutputError("cannot list content/; nothing was built or removed: fix its "
                          "permissions", paths.content)
    report.diagnostics += files.refused
    if cache is None:
        cache = article_cache(paths, site)
    state = load_state(paths, cache.store)
    made: dict[str, tuple[str, str | None]] = {}
    entry_plan = EntryPlan(site, {r.source: r for r in state.records if not r.removed},
                           paths.content, text_digests) if cache.writes else None
    lines = ImageLines(cache.store.record(IMAGE_LINES) if cache.store is not None else None)
    derived: dict[str, tuple[str, str]] = {}
    read = _read_articles(paths, list(files.articles), site, report, cache, options.progress,
                          entry_plan, made, {r.source: r.digest for r in state.records
                                             if r.signature}, lines, derived)
    listed = set(_sources(paths.content, files.articles))
    cache.keep_only(listed)
    read = _checked_values(read, site, paths, report)
    failed = listed - {a.source for a in read}
    held = frozenset(failed | {r.source for r in state.records if files.hides(r.source)})
    recorded = {r.source: r.first_published for r in state.records}
    articles = [a for a in read if _published(a, options, recorded)]
    signatures = {source: signature for source, (signature, _) in made.items()}
    identities, new_state, id_diagnostics = assign_identities(
        articles, state, site.base_url, options.now.astimezone(site.timezone),
        _shown_sources(paths, articles), held, claims.page_owner if claims else None,
        signatures, derived)
    del derived
    report.diagnostics += id_diagnostics
    window = publication_window(read, options, recorded)
    assets = dict(zip(_sources(paths.content, files.assets), files.assets))
    texts = {identities[a.source].id: (made.get(a.source, ("", None))[1]
                                        or text_digest(a.title, a.body_html))
             for a in articles if a.source in identities} if text_digests else {}
    images: dict[Path, ImageInfo] = {}
    entries = newest_first(_with_media(checked_image(_entry(a, identities[a.source], site,
                                                            cache),
                                                     site, assets, paths, report.add_once,
                                                     images, lines),
                                       site, assets, paths, report)
                           for a in articles if a.source in identities)
    # the published articles as their entries hold them (unsanitized bodies dropped)
    shed = {e.article.source: e.article for e in entries}
    articles = [shed.get(a.source, a) for a in articles]
    left_out = [a for a in read if not _published(a, options, recorded)]
    drafts = sum(1 for a in left_out if a.draft and not options.drafts)
    files = replace(files, articles=())  # read by now: see Plan.files
    return Plan(files, articles, entries, identities, state, new_state, window,
                tuple(id_diagnostics), held, claims, drafts, len(left_out) - drafts, texts,
                lines, signatures, id_diagnostics.again)


def _checked_values(articles: list[Article], site: SiteConfig, paths: SitePaths,
                    report: BuildReport) -> list[Article]:
    """The articles whose values can all be written in a feed; each other one
    is reported (:func:`~newswire.feeds.checks.article_problems`) and left out."""
    kept = []
    for article in articles:
        problems = article_problems(article, site)
        if not problems:
            kept.append(article)
            continue
        report.diagnostics += [Diagnostic(
            "error", f"{problem}; the article is left out (a feed holding it would be "
            "invalid)", paths.content / article.source) for problem in problems]
    return kept


def _entry(article: Article, identity: Identity, site: SiteConfig,
           cache: ArticleCache) -> Entry:
    """:func:`make_entry`, with the sanitized HTML the cache kept for the same
    article bytes and URLs; what it makes is kept for the next build. An
    entry whose HTML the cache writes to the database holds none (it is
    stored: :attr:`~newswire.model.Entry.content_html`).

    An article read without its body (its worker made the HTML for another
    identity than it got) takes its body back from the cache."""
    key = html_key(article, identity, site)
    html = cache.html(article.source, article.digest, key)
    if html is None and not article.body_html and article.digest:
        body = _stored_body(cache, article.source)
        if body is not None:
            article = replace(article, body_html=body)
    entry = make_entry(article, identity, site, html)
    if html is None and entry.content_html is not None and cache.keep_html(
            article.source, article.digest, key, entry.content_html, entry.summary):
        entry = replace(entry, content_html=None)
    return entry


def _stored_body(cache: ArticleCache, source: str) -> str | None:
    """:meth:`ArticleCache.body` of ``source`` (None: not cached).

    Raises:
        OutputError: the cache holds the article but the database no longer
            does (changed under the build): never published empty.
    """
    try:
        return cache.body(source)
    except LookupError:
        raise OutputError(f"the database of derived records no longer holds {source} "
                          "(changed while the site was being built?); nothing was "
                          "published: build again",
                          cache.store.path if cache.store is not None else None) from None


def _sources(content: Path, files: Sequence[Path]) -> list[str]:
    """The path of each of ``files`` below ``content`` (POSIX), as
    ``relative_to(content).as_posix()`` gives it: cut from the text when it
    starts with the folder's (as every path :func:`scan_content` lists does),
    at a fraction of pathlib's cost."""
    prefix = os.path.join(content, "")
    if os.sep != "/":
        return [f.relative_to(content).as_posix() for f in files]
    return [text[len(prefix):] if (text := str(f)).startswith(prefix)
            else f.relative_to(content).as_posix() for f in files]


def _shown_sources(paths: SitePaths, articles: Sequence[Article]) -> dict[str, str]:
    """How messages name each article's file: ``str(paths.content / source)``,
    joined as text (a source is a clean relative POSIX path, which pathlib
    would leave as it is, at many times the cost)."""
    prefix = os.path.join(paths.content, "")
    return {a.source: prefix + a.source for a in articles}


def article_cache(paths: SitePaths, site: SiteConfig, store: Store | None = None,
                  read_ns: int = 0,
                  stats: Mapping[str, tuple[int, int, int, int]] | None = None,
                  writes: bool = False, lean: bool = False) -> ArticleCache:
    """The site's cache of parsed articles, for the reader's settings.

    Args:
        store: the database to use; None: the existing one, only read
            (nothing is created or written), if there is one.
        read_ns: a file-system time taken before any article was read.
        stats: the stat of each input file the build's snapshot took
            (:attr:`~newswire.state.digests.Snapshot.stats`), or None.
        writes: write to ``store`` as the articles are read (a build's
            cache: see :meth:`ArticleCache.flush`).
        lean: with ``writes``, unchanged articles come without their
            bodies, which are fetched where they are needed (see
            :class:`ArticleCache`).
    """
    if store is None:
        from .state.store import peek
        store = peek(paths.database_file)
    return ArticleCache(store, reading_context(site), read_ns, stats=stats, writes=writes,
                        lean=lean)


def _with_media(entry: Entry, site: SiteConfig, assets: dict[str, Path],
                paths: SitePaths, report: BuildReport) -> Entry:
    """The entry with its audio and video resolved (:func:`newswire.media.enclosures`)."""
    article = entry.article
    if article.audio is None and article.video is None:
        return entry
    found, said = enclosures(article, site.base_url, assets, paths.content / article.source)
    report.diagnostics += said
    return replace(entry, enclosures=found)


def _steady_diagnostics(plan: Plan, site: SiteConfig, options: BuildOptions,
                        paths: SitePaths, report: BuildReport, written: State,
                        again: tuple[bool, list[Diagnostic] | None] | None = None
                        ) -> list[Diagnostic] | None:
    """What the next build would report if nothing changed, or None when that
    cannot be known: messages about this build's changes to the state (a file
    renamed, an article dated now) are not said twice. What the identity
    stage would say run again on the state this build writes takes the place
    of what it said this time (:attr:`Plan.identity_diagnostics`): ``again``
    when :func:`_next_identities` was run earlier, else what it gives."""
    unchanged, said = again if again is not None else _next_identities(
        plan, site, options, paths, written)
    if unchanged:
        return list(report.diagnostics)
    if said is None:
        return None
    return _replaced(report.diagnostics, plan.identity_diagnostics, said)


def _next_identities(plan: Plan, site: SiteConfig, options: BuildOptions, paths: SitePaths,
                     written: State) -> tuple[bool, list[Diagnostic] | None]:
    """What the identity stage says run again on the ledger this build
    writes (``written``), for :func:`_steady_diagnostics`: ``(True, None)``
    when that ledger is the one the build started with (what it said
    stands), ``(False, what it says)`` when the ledger would stay as it is,
    known from this run when it can be (:attr:`Plan.identity_again`: a run
    of 0.05 s at 10,000 articles saved), ``(False, None)`` when the next
    build would change it again."""
    if _same_state(written, plan.old_state):
        return True, None
    if plan.identity_again is not None:  # known without running it again
        return False, plan.identity_again
    _, again, id_diagnostics = assign_identities(
        plan.articles, plan.new_state, site.base_url, options.now.astimezone(site.timezone),
        _shown_sources(paths, plan.articles), plan.held,
        plan.claims.page_owner if plan.claims else None, plan.signatures)
    if not _same_state(again, plan.new_state):
        return False, None
    return False, id_diagnostics


def _written_state(plan: Plan, ids: Mapping[str, str], guids: Mapping[str, object]) -> State:
    """The identity ledger this build writes: its records, the feeds' ids
    and, when there are any, the podcasts' guids."""
    state = plan.new_state.with_extra("feeds", ids)
    if guids:
        state = state.with_extra("podcasts", guids)
    return state


def _after_pages(listing: Generator[None, None, T], plan: Plan, site: SiteConfig,
                 options: BuildOptions, paths: SitePaths, written: State
                 ) -> Generator[None, None, tuple[T, tuple[bool, list[Diagnostic] | None]]]:
    """The work of this process while the workers render article pages (see
    :class:`_Meanwhile`): ``listing`` (:func:`_listing_work`), then
    :func:`_next_identities`, whose results it returns (the second runs
    once everything that claims a path is staged, as it would at the end)."""
    window = yield from listing
    give_back()  # the listing pages made and freed
    yield None
    return window, _next_identities(plan, site, options, paths, written)


def _keep_rows(store: Store, rows: ListingRows, entries: Sequence[Entry]) -> None:
    """Write the listing rows of this build into the database once its
    listing pages are made (:meth:`~newswire.state.store.Store.write_listing_rows`)
    and let go of them (:attr:`ListingRows.released`): at 100,000 articles
    they are tens of megabytes held to the end of the build otherwise. They
    are kept, for the build's last transaction to write with the rest, when
    the build made no page from rows (none is kept) or the database cannot
    be written now."""
    write = rows.to_write(entries)
    if write is None:
        return
    try:
        store.write_listing_rows(LISTING_ROWS, write.record, write.rows, write.stale)
    except sqlite3.Error:
        return
    rows.release()


def _replaced(diagnostics: Sequence[Diagnostic], old: Sequence[Diagnostic],
              new: Sequence[Diagnostic]) -> list[Diagnostic] | None:
    """``diagnostics`` with the values ``old`` (found by identity, not
    equality: an equal message said by another stage stays) replaced by
    ``new``, which take the place of the first of them. None when ``old`` is
    not there but ``new`` has something to say (there is no place to say it)."""
    said = {id(d) for d in old}
    out: list[Diagnostic] = []
    placed = False
    for diagnostic in diagnostics:
        if id(diagnostic) not in said:
            out.append(diagnostic)
        elif not placed:
            out += new
            placed = True
    return out if placed or not new else None


def _same_state(a: State, b: State) -> bool:
    """The same ledger: what the ledger file holds (ids, URLs, first
    publication, removals, feed ids) is equal. The recognition values an
    edit changes (digest, title, body signature) do not count: identities,
    and the messages assigning them gives, follow from the ledger alone
    while no article is new to it (a new one changes the ledger)."""
    return a.same_ledger(b)


def build_locked(paths: SitePaths, options: BuildOptions, inputs: Snapshot) -> BuildReport:
    """Read, render, validate, publish and record, the site's lock held (see
    :func:`newswire.run.build`); ``inputs`` was taken before anything was read.

    Records: the identity ledger is written before anything is published
    (a build killed after publishing must not give an undated article
    another date, or a moved file another id, next time); every derived
    record (cache, manifest, page records, rename recognition, pending
    pings, the latest "now", the record of this build) is written in one
    transaction at the end. Paths published for the first time are written
    into the journal before their rename, so a build killed before that
    transaction still leaves a record of them.

    Raises:
        ConfigError: the site or a feed file is wrong (nothing is built).
        StateError: the identity ledger cannot be used (nothing is built).
        OutputError: an output file could not be written.
    """
    site = load_site(paths.feeds)
    report = BuildReport()
    if options.base_url is not None:
        site = replace(site, base_url=options.base_url)
    elif site.base_url == PLACEHOLDER_URL:
        report.diagnostics.append(Diagnostic(
            "warning", f"base_url is still the placeholder {PLACEHOLDER_URL} that newswire "
            "init wrote: every link in the feeds and pages points there. Set it to the "
            "address the site is served from", paths.feeds / "site.toml",
            _key_line((paths.feeds / "site.toml").read_text("utf-8", "replace"), "base_url")))
    feeds = load_feeds(paths.feeds)
    claims = _site_claims(paths, feeds)
    mark_output = claim_output(paths.root, paths.public, site.base_url)
    store = open_database(paths)
    try:
        return _build_recorded(paths, options, inputs, site, feeds, claims, mark_output, store,
                               report)
    finally:
        store.close()


def _build_recorded(paths: SitePaths, options: BuildOptions, inputs: Snapshot,
                    site: SiteConfig, feeds: tuple[FeedConfig, ...], claims: Claims,
                    mark_output: Callable[[], None] | None, store: Store,
                    report: BuildReport) -> BuildReport:
    previous = store.manifest()
    previous.update((p, UNKNOWN) for p in read_intent(paths.journal_file)
                    if p not in previous)
    publisher = Publisher(paths.public, previous, paths.journal_file,
                          published_at(store.record(PUBLISHED_AT)))
    clock_warning = moved_back(latest_now(store), options.now, paths.database_file)
    if clock_warning is not None:
        report.diagnostics.append(clock_warning)
    # while this process is small, the fork server of the page workers of a
    # large site (a rebuild that renders a few pages needs none)
    if store.renders_every_page():
        start_fresh_workers(len(inputs.stats))
    with publisher.writing():
        reference_ns = paths.journal_file.stat().st_mtime_ns
        auto = any((f.updated or site.updated) == "auto" for f in feeds) \
            or site.updated == "auto"
        # lean: the bodies of unchanged articles stay in the database (with
        # updated = "auto", every body's digest is taken: they are read)
        cache = article_cache(paths, site, store, reference_ns, inputs.stats, writes=True,
                              lean=not auto)
        # read, identify, make entries (the articles' rows and bodies go to the
        # database as they are made: see newswire.state.store)
        try:
            plan = prepare(paths, site, options, report, cache, claims, text_digests=auto)
            cache.flush()
            cache.done_reading()  # everything it learnt is in the database now
            inputs.release_files()  # every file is read: the stats are used no more
            give_back()  # what reading freed, before the pages are made
        except sqlite3.Error as exc:
            raise OutputError(f"cannot write the database of derived records: {exc}; "
                              "nothing was published. Check that .newswire/ is a writable "
                              "folder with room", paths.database_file) from None
        bodies = Bodies(paths.database_file, site, store)
        changes = Changes(articles=cache.changes(), records={LAST_BUILD: None})
        if plan.image_lines.changed():
            changes.records[IMAGE_LINES] = plan.image_lines.to_plain()
        if options.strict and report.errors:
            _commit(store, changes, report, paths)
            return report
        _claim_pages(plan, claims, paths, feeds)
        report.articles = len(plan.entries)
        report.left_out = (plan.drafts_left_out, plan.future_left_out)
        revisions = Revisions.load(paths.state_dir).observe(plan.texts, options.now) \
            if auto else None
        auto_entries = with_updated(plan.entries, revisions) if revisions is not None else None
        shown = auto_entries if auto_entries is not None and site.updated == "auto" \
            else plan.entries
        ids = feed_ids(plan.new_state, site, feeds)
        pages = PageRecords(paths.public, fingerprint([repr(site), repr(feeds)]),
                            store.pages())
        empty = EmptyFeeds(paths.state_dir)
        report.diagnostics += empty.diagnostics
        now = options.now.astimezone(site.timezone)
        kept: list[str] = []
        guids = show_guids(plan.new_state, site, feeds)
        # select, then render, validate and stage: feeds, pages, listings, assets
        selections = select_feeds(feeds, site, plan.entries, auto_entries)
        membership = stage_feeds(publisher, selections, site, report, ids, pages,
                                 paths.content,
                                 {a.relative_to(paths.content).as_posix(): a
                                  for a in plan.files.assets},
                                 (empty, now, paths.feeds), kept, guids, bodies)
        renderer = PageRenderer(site, feeds)
        rows = ListingRows(renderer, pages.fingerprint, store.record(LISTING_ROWS),
                           store.listing_rows())
        listings = _claim_listings(site, shown, membership, feeds, claims, paths, report)
        files = _claimed_assets(plan, claims, paths, report)
        assets = [asset.relative_to(paths.content).as_posix() for asset in files]
        # the listing pages and sitemaps are made here while the workers
        # render article pages
        # (and the identity stage run again for what the next build would say)
        written = _written_state(plan, ids, guids)
        meanwhile = _Meanwhile(_after_pages(
            _listing_work(publisher, renderer, listings, shown, assets, claims, report,
                          options.now, pages, rows, lambda: _keep_rows(store, rows, shown)),
            plan, site, options, paths, written))
        _stage_pages(publisher, renderer, shown, membership, assets, pages,
                     options.progress, bodies, meanwhile.step)
        publisher.write_back()  # the disk's work overlaps what is left to render
        window, again = meanwhile.finish()
        plan.window = _narrowed(plan.window, window)
        del membership  # an entry each
        if not rows.released:
            # the rows that differ from those kept are written (all of them
            # when none could be made from rows: none is kept, and no record)
            changes.listing_rows = rows.to_rows(shown) or {}
            changes.records[LISTING_ROWS] = rows.record() if changes.listing_rows else None
        del rows
        # every page is staged: what the record of this build needs of the
        # entries is taken, and they are let go before the ledger is written
        # and the files published (about 0.8 KB an article)
        frame = _edit_frame(inputs, plan, selections, auto, paths)
        del shown, auto_entries, selections, listings, meanwhile
        plan.entries, plan.articles = [], []
        for name, asset in zip(assets, files):
            publisher.add(name, asset.read_bytes(), "asset")
        _retain_held(publisher, plan)
        retain_referenced(publisher, paths.public, site.base_url, kept)
        changes.articles = cache.changes()  # with the sanitized HTML kept since
        if options.strict and report.errors:
            publisher.discard()
            _commit(store, changes, report, paths)
            return report
        # publish
        stopped = stopped_feeds(previous, publisher.paths(), paths.public, site.base_url)
        # The ledger first: a build killed after publishing must not give an
        # undated article another date, or a moved file another id, next time.
        state = written
        ledger_digest = write_ledger(paths.state_file, state)
        if revisions is not None:
            revisions.save(paths.state_dir)
        if mark_output is not None:
            mark_output()
        result = publisher.publish(previous, lambda manifest: write_intent(
            paths.journal_file, [p for p, s in manifest.items() if s == UNKNOWN]))
        empty.save()
        # no earlier than any change the build made or checked: a file
        # system may stamp files with another clock than utime reads (NFS,
        # FUSE), and its own writes must not look like changes made since
        published_ns = published_time(paths.journal_file, paths.public)
        if published_ns >= 0:
            published_ns = max(published_ns, result.newest_ctime_ns)
        # record
        _report_changes(report, result, feeds, plan, previous)
        changes.manifest = result.manifest
        changes.pages = pages.records()
        changes.recognition = {r.source: (r.digest, r.title, r.signature)
                               for r in state.records if r.digest or r.title or r.signature}
        # WebSub: queue a hub notification for every changed subscription document
        # (sent by 'newswire ping' / 'build --ping'; kept until a hub accepts it).
        changes.pings = queue_change(changed_topics(site, feeds, report.feed_files_changed))
        latest = latest_now(store)
        if latest is None or options.now > latest:
            changes.records[LATEST_NOW] = options.now.isoformat()
        changes.records[PUBLISHED_AT] = published_ns
        steady = _steady_diagnostics(plan, site, options, paths, report, state, again)
        report.diagnostics += stopped  # said once, by the build that stops them
        # A build with an error is not recorded as one a run may skip: what
        # went wrong (a file that could not be read, a document that failed
        # validation) may not happen again, and the next run tries again.
        if steady is not None and not report.errors:
            steady = [d for d in steady if d is not clock_warning]
            low, high = plan.window
            record = LastBuild(
                inputs.digest, reference_ns, inputs.newest_ns,
                low.isoformat() if low else None, high.isoformat() if high else None,
                own_files(paths.state_dir),
                tuple((d.level, d.message, str(d.path) if d.path is not None else None,
                       d.line) for d in steady),
                report.articles, report.left_out, inputs.verified,
                inputs.exact_newest_ns,
                published_ns, len(result.manifest),
                *frame,
                ledger=ledger_digest)
            changes.records[LAST_BUILD] = record.stored()
            changes.records[SAID] = record.said_plain()
        if store.moved_aside is not None:  # said once, not by the skipped builds after
            report.diagnostics.append(Diagnostic(
                "warning", "the database of derived records was unusable and was moved to "
                f"{store.moved_aside.name}; every article was read again (delete that "
                "file when you like)", paths.database_file))
        if not _commit(store, changes, report, paths):
            raise OutputError("cannot record this build in the database (the published "
                              "files are whole); the next build checks everything again",
                              paths.database_file)
    return report


def _edit_frame(inputs: Snapshot, plan: Plan, selections: Sequence[FeedSelection],
                auto: bool, paths: SitePaths
                ) -> tuple[str, tuple[str, ...], tuple[str, ...],
                           tuple[tuple[str, int | None, tuple[str, ...]], ...]]:
    """What the edit path (:mod:`newswire.edits`) needs of this build (see
    :class:`~newswire.state.lastbuild.LastBuild`): the snapshot's frame,
    the files of ``content/``, the sources held by feed documents it does
    not make again (podcasts), and those of each document of every other
    feed (its subscription document and RFC 5005 archive pages, paged as
    :func:`~newswire.feeds.archive.feed_documents` pages them). Nothing
    (``""`` for the frame) when no later build may take that path from this
    one: with ``updated = "auto"`` (an edit moves dates), or with articles
    or folders held back."""
    if not inputs.frame or auto or plan.held or plan.files.unlisted or plan.files.held:
        return "", (), (), ()
    from .feeds.archive import paged
    items: set[str] = set()
    documents = []
    for selection in selections:
        feed = selection.feed
        held = selection.entries if feed.archive else selection.entries[:feed.max_items]
        sources = [e.article.source for e in held]
        if feed.podcast is not None:
            items.update(sources)
        else:
            documents += [(feed.name, number, page) for number, page in paged(feed, sources)]
    assets = sorted(a.relative_to(paths.content).as_posix() for a in plan.files.assets)
    return inputs.frame, tuple(assets), tuple(sorted(items)), tuple(documents)


def _commit(store: Store, changes: Changes, report: BuildReport, paths: SitePaths) -> bool:
    """Write the build's derived records in one transaction; False (and a
    warning) when the database cannot be written."""
    try:
        store.commit(changes)
    except sqlite3.Error as exc:
        report.diagnostics.append(Diagnostic(
            "warning", f"cannot write the database of derived records ({exc})",
            paths.database_file))
        return False
    return True


def _claim_pages(plan: Plan, claims: Claims, paths: SitePaths,
                 feeds: Sequence[FeedConfig]) -> None:
    """Give every article page its path in ``claims``.

    New articles wanting a path the site or a feed writes were refused when
    their identities were assigned; one still in the way was published
    before, and its URL never changes, so the feed must move.

    Raises:
        ConfigError: a feed writes where a published article's page is,
            naming both.
    """
    content = str(paths.content)  # joined as text: one claim per article
    for entry in plan.entries:
        other = claims.claim_page(entry.identity.path, content, entry.article.source)
        if other is None:
            continue
        page = entry.identity.path + "index.html"
        feed = next((f for f in feeds if _feed_where(paths, f) == other), None)
        message = (f"public/{page} is the page of {paths.content / entry.article.source}, "
                   f"published at /{entry.identity.path} (a URL that never changes), and "
                   f"{other} writes there too; give the feed another path")
        if feed is None:
            raise ConfigError(message, paths.feeds)
        raise _feed_path_error(paths, feed, message)


def _claimed_assets(plan: Plan, claims: Claims, paths: SitePaths,
                    report: BuildReport) -> list[Path]:
    """The files of ``content/`` to copy: each one whose path the site, a feed
    or an article page writes is reported and not copied (``style.css``,
    ``feed.css`` and ``favicon.ico`` replace the shipped ones on purpose)."""
    kept = []
    for asset in plan.files.assets:
        name = asset.relative_to(paths.content).as_posix()
        other = None if name in OVERRIDABLE else claims.claim(name, f"content/{name}")
        if other is None:
            kept.append(asset)
            continue
        report.diagnostics.append(Diagnostic(
            "error", f"not copied: public/{name} is written by {other}; rename or move "
            "this file", asset))
    return kept


def _retain_held(publisher: Publisher, plan: Plan) -> None:
    """Keep what the last build published for articles this one holds back
    (unreadable, with an error, in a folder that cannot be listed), and every
    file it copied from a folder that cannot be listed or that is refused now
    (README "Building by cron")."""
    for record in plan.old_state.records:
        if record.source in plan.held and not record.removed:
            publisher.retain(record.path + "index.html", "page")
    if plan.files.unlisted or plan.files.held:
        for path in publisher.published():
            if plan.files.hides(path):
                publisher.retain(path, "asset")


def _report_changes(report: BuildReport, result: PublishResult, feeds: Sequence[FeedConfig],
                    plan: Plan, previous: dict[str, FileStamp]) -> None:
    """Fill in what changed. An article counts as added when it is new to the
    state, or its page was not published yet (a build that failed after
    recording it)."""
    report.result = result
    feed_paths = {feed_file(f, fmt): f.name for f in feeds for fmt in f.formats}
    report.feed_files_changed = [p for p in result.written if p.endswith((".xml", ".json"))]
    report.feeds_changed = sorted({feed_paths[p] for p in result.written if p in feed_paths})
    known = {r.id for r in plan.old_state.records if not r.removed}
    present = {ident.id for ident in plan.identities.values()} | {
        r.id for r in plan.old_state.records if r.source in plan.held}
    report.added = sorted(s for s, ident in plan.identities.items()
                          if ident.id not in known
                          or (previous and ident.path + "index.html" not in previous))
    report.removed = sorted(r.source for r in plan.old_state.records
                            if not r.removed and r.id not in present)
