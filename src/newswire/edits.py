"""The edit path: a build after articles were edited in place, that reads and
renders only what those edits change.

The commonest change to a published site is a correction: a sentence added
to an article, a typo fixed. Such an edit changes the article's page and
nothing else, unless a feed document holds the article in full. This module
recognises that case from the records of the last complete build
(:class:`~newswire.state.lastbuild.LastBuild`) and does that much work: it
reads the edited files, renders their pages, publishes them, and records
the build, leaving every other file, feed and record as it is. Anything
else, or any doubt, is left to the whole pipeline (:mod:`newswire.build`),
which publishes the same bytes:

* The last build must be one a run may skip (no error; see
  :func:`newswire.run.unchanged_build`), with every published file as it
  left it, at a "now" that publishes the same articles, and its snapshot's
  *frame* (:attr:`~newswire.state.digests.Snapshot.frame`) equal to this
  run's: the code, the options, ``feeds/``, every file of ``content/`` but
  the article files and their sidecars by stat, and those by name. So no
  file was added, removed or renamed, and only article files changed.
* The files changed since are those whose ctime is at or after the last
  build's reference time: every change sets the ctime from the clock of the
  file system, which is the clock of ``.newswire/`` (the path is not taken
  when an input lies on another file system, or is a symbolic link; see
  :mod:`newswire.state.lastbuild` for the rule). A build on this path
  reads only those files, so it records as the time changes count from
  (:meth:`~newswire.state.lastbuild.LastBuild.edits_since`) one taken
  before its snapshot: an edit to another file made while it ran is found
  by the next build.
* Each changed article must read without error to the same values as
  before but its body (title, dates, tags, image... and the summary made
  from the body), with the same messages, must be published at its
  recorded URL, must have no audio or video, and must not be held by a
  podcast feed.

The page of each is rendered as the whole pipeline renders it (same entry,
same feeds named). The feed documents holding it are those the last build
recorded (:attr:`~newswire.state.lastbuild.LastBuild.documents`): a feed's
subscription document, or the one RFC 5005 archive page holding an older
article, made alone with its links (the other pages are not). Each is
rendered twice: from the entries as the last build had them, which must
give the very bytes published, and as they are now, which must validate
without a finding (:func:`_feed_documents`). Other articles with audio
or video in such a document keep their enclosures, read again from the
unchanged media files. Pages and documents are published atomically with
the journal held, a WebSub notification is queued for a changed
subscription document, and the records (cached article, page records, an
archive page's document key, manifest rows, rename recognition, image-key
lines, the last build) are written in one transaction, as a whole build
does. The identity ledger does not change: an edit never changes it.
"""

from __future__ import annotations

import functools
import os
import sqlite3
from dataclasses import dataclass, fields, is_dataclass, replace
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import ArticleCache
from .clock import LATEST_NOW, latest_now
from .config import FeedConfig, SiteConfig
from .errors import Diagnostic
from .images import IMAGE_LINES, ImageLines
from .model import Article, Entry, Identity
from .options import BuildOptions, BuildReport, SitePaths
from .publish import FileStamp, PublishResult, Publisher
from .state.digests import Snapshot
from .state.ledger import State
from .state.lastbuild import (LAST_BUILD, PUBLISHED_AT, LastBuild, own_files, published_at,
                              published_time)
from .state.store import Changes, Store, open_store

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from .feeds.document import FeedDocument
    from .images import ImageInfo
    from .run import Checked, Rows

__all__ = ["edited_build"]

_ARTICLE_SUFFIXES = (".md", ".markdown", ".txt")
_SIDECAR_SUFFIXES = (".toml", ".yaml", ".yml")


def edited_sources(record: LastBuild, inputs: Snapshot) -> list[str] | None:
    """The article files (sources below ``content/``) changed since the
    build of ``record``, or None when this run's inputs differ from that
    build's in any other way, or cannot be told apart (see the module's
    docstring). Every source returned existed then."""
    if not record.frame or record.frame != inputs.frame or inputs.newest_ns \
            or inputs.verified or record.verified:
        return None
    # on the clock of .newswire/, a change made after the last build started
    # reading has a ctime at or after its reference time (see
    # newswire.state.lastbuild); record.trusted() holds every other one earlier
    since = record.edits_since()
    recent = []
    for name, ctime_ns, local in inputs.articles:
        if not local:
            return None
        if ctime_ns >= since:
            recent.append(name)
    changed: set[str] = set()
    articles: dict[str, list[str]] | None = None  # stem -> the article files of that stem
    for name in recent:
        stem, suffix = os.path.splitext(name)
        if suffix.lower() in _ARTICLE_SUFFIXES:
            changed.add(name)
            continue
        if articles is None:  # made when a sidecar changed, once
            articles = {}
            for other, _, _ in inputs.articles:
                other_stem, other_suffix = os.path.splitext(other)
                if other_suffix.lower() in _ARTICLE_SUFFIXES:
                    articles.setdefault(other_stem, []).append(other)
        # a sidecar belongs to a text article (readers.scan_content); beside
        # any other it is a data file of the site, copied to public/
        if stem + ".txt" not in articles.get(stem, ()):
            return None
        # every article of that stem: the cache checks a sidecar's bytes
        # with any of them (a Markdown one beside, its own 'slug' apart)
        changed.update(articles[stem])
    return sorted(changed)


def edited_build(paths: SitePaths, options: BuildOptions, inputs: Snapshot,
                 checked: Checked, before_ns: int | None = None) -> BuildReport | None:
    """Build after edits in place to articles, when the edits change their
    pages alone (see the module's docstring); None when they may change
    more, or when the records needed are missing: the caller then runs the
    whole pipeline. Call with the site's lock held, after
    :func:`~newswire.run.unchanged_build` found changes, with what
    :func:`~newswire.run.trusted_record` gave (the last build's record, the
    stat of the files it published, all still as it left them).
    ``before_ns``: a time of the clock of ``.newswire/`` taken before
    ``inputs`` (None: unknown, and the path is not taken): this build reads
    only the edited files, so the next one looks for changes made since
    then (:attr:`~newswire.state.lastbuild.LastBuild.since_ns`).

    Raises:
        OutputError: a page could not be written (nothing was published).
    """
    record, published = checked
    sources = edited_sources(record, inputs)
    if before_ns is None or sources is None or not sources or len(sources) > 64:
        return None
    if before_ns < max(record.edits_since(), record.reference_ns):
        return None  # the clock of .newswire/ went back: ctimes cannot tell what changed
    try:
        store = open_store(paths.database_file, _code())
    except (OSError, sqlite3.Error):
        return None
    try:
        return _rebuild(paths, options, inputs, record, published, sources, store, before_ns)
    except sqlite3.Error:
        return None
    finally:
        store.close()


def _code() -> str:
    from .state import fingerprint
    return fingerprint()


class _NotAnEdit(Exception):
    """The changes are more than edits to article bodies."""


class _Collected:
    """Stands in for a :class:`~newswire.publish.Publisher` to
    :func:`~newswire.feedstage.stage_feeds`: keeps the bytes of each
    document instead of staging them."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def add(self, path: str, data: bytes, kind: str) -> None:
        self.files[path] = data

    def retain(self, path: str, kind: str) -> bool:
        raise _NotAnEdit  # a document that fails validation: the whole pipeline says so


@dataclass(frozen=True)
class _Edited:
    """One edited article: its entry as the last build made it, its new one,
    and its new body signature (for rename recognition)."""

    before: Entry
    entry: Entry
    signature: str


class _RecordedLines(ImageLines):
    """The :class:`~newswire.images.ImageLines` the last build kept, read
    from the database when a line is first asked for: only an edited
    article whose lead image is missing asks, and the record holds a line
    for every such article of the site (26,749 at 100,000 articles)."""

    def __init__(self, store: Store | None) -> None:
        super().__init__(None)
        self._store: Store | None = store

    def line(self, path: Path, source: str, digest: str) -> int | None:
        if self._store is not None:
            store, self._store = self._store, None
            super().__init__(store.record(IMAGE_LINES))
        return super().line(path, source, digest)


class _Site:
    """What the edit path knows of the site while it works: its settings, the
    last build's record and manifest, the article cache, and the identity
    ledger's records of the articles it needs."""

    def __init__(self, paths: SitePaths, options: BuildOptions, record: LastBuild,
                 manifest: dict[str, FileStamp], cache: ArticleCache, site: SiteConfig,
                 feeds: tuple[FeedConfig, ...], ledger: State) -> None:
        self.paths, self.options, self.record, self.manifest = paths, options, record, manifest
        self.cache, self.site, self.feeds, self.ledger = cache, site, feeds, ledger
        self.known = {r.source: r for r in ledger.records if not r.removed}
        self.assets = {name: paths.content / name for name in record.assets}
        self.images: dict[Path, ImageInfo] = {}
        self.lines = _RecordedLines(cache.store)

    @functools.cached_property
    def page_code(self) -> str:
        """The fingerprint the whole pipeline keys pages and archive
        documents with (:class:`~newswire.incremental.PageRecords`): the
        code, the site and its feeds; made once (it hashes the package)."""
        from .state import fingerprint
        return fingerprint([repr(self.site), repr(self.feeds)])

    def identity(self, source: str) -> Identity:
        known = self.known.get(source)
        if known is None:
            raise _NotAnEdit
        return known.identity()

    def _html(self, article: Article, html: tuple[str, str, str, str] | None
              ) -> tuple[str, str]:
        """The cached ``(content_html, summary)`` of ``article``, made for its
        bytes and URL (see :meth:`ArticleCache.keep_html`)."""
        from .entries import html_key
        key = html_key(article, self.identity(article.source), self.site)
        if html is None or html[:2] != (article.digest, key):
            raise _NotAnEdit
        return html[2], html[3]

    def _finished(self, entry: Entry, said: list[Diagnostic] | None = None,
                  media: bool = False) -> Entry:
        """The entry with its lead image checked as the whole pipeline checks
        it; its warnings go to ``said`` (None: an entry as the last build
        had it, whose warnings are not said). With ``media`` (an unchanged
        article, whose messages the last build said and the edit path says
        again), its audio and video resolved to enclosures as the whole
        pipeline resolves them, their messages not said.

        Raises:
            _NotAnEdit: an entry with audio or video, without ``media``.
        """
        from .images import checked_image
        if (entry.article.audio or entry.article.video) and not media:
            raise _NotAnEdit  # enclosures read media files: the whole pipeline does it
        warn = said.append if said is not None else (lambda d: None)
        entry = checked_image(entry, self.site, self.assets, self.paths, warn, self.images,
                              self.lines if said is not None else None)
        if entry.article.audio is None and entry.article.video is None:
            return entry
        # its media files are as the last build read them (they count by
        # stat in the snapshot's frame), and the documents holding it are
        # rendered as that build had them too, which must give the bytes
        # published (see _feed_documents)
        from .media import enclosures
        found, _ = enclosures(entry.article, self.site.base_url, self.assets,
                              self.paths.content / entry.article.source)
        return replace(entry, enclosures=found)

    def stored_entry(self, source: str) -> Entry:
        """The entry of an unchanged article, made from the cache."""
        from .entries import make_entry
        stored = self.cache.stored(source)
        if stored is None:
            raise _NotAnEdit
        article = stored[0].article
        return self._finished(make_entry(article, self.identity(source), self.site,
                                         self._html(article, stored[1])), [], media=True)

    def edited(self, source: str) -> _Edited | None:
        """The old and new entries of one edited article; None when its bytes
        did not change after all.

        Raises:
            _NotAnEdit: the edit may change more than its page and the feed
                documents holding it (see the module's docstring).
        """
        from .entries import html_key, is_published, make_entry
        from .feeds.checks import article_problems
        from .identity import body_signature
        from .readers import read_article  # not parallel.read_one: no pool module loaded

        record, cache, paths, site = self.record, self.cache, self.paths, self.site
        if source in record.items:
            raise _NotAnEdit
        path = paths.content / source
        stored = cache.stored(source)
        if stored is None:
            raise _NotAnEdit
        old, html = stored
        if old.article.audio is not None or old.article.video is not None:
            raise _NotAnEdit  # enclosures read media files: the whole pipeline does it
        hit, probe = cache.get(cache.probe(path, source))
        if hit is not None:
            return None  # touched, not changed
        try:
            new, warnings = read_article(path, paths.content, site.timezone, site.language)
        except Exception:  # an error: the whole pipeline says it
            raise _NotAnEdit from None
        if probe.digest is None:
            raise _NotAnEdit
        if _frame_of(new) != _frame_of(old.article) \
                or not is_published(new, self.options.now, self.options.drafts,
                                    self.options.future) \
                or article_problems(new, site):
            raise _NotAnEdit
        identity = self.identity(source)
        before = self._finished(make_entry(old.article, identity, site,
                                           self._html(old.article, html)))
        said = list(warnings)
        entry = self._finished(make_entry(new, identity, site), said)
        if entry.summary != before.summary:
            raise _NotAnEdit
        # its files: the article, and a text article's sidecars (messages at
        # their lines)
        where = {str(path)} | ({str(path.with_suffix(s)) for s in _SIDECAR_SUFFIXES}
                               if path.suffix.lower() == ".txt" else set())
        plain = [(d.level, d.message, str(d.path) if d.path is not None else None, d.line)
                 for d in said]
        # its own messages as before, in order; any other (the site's
        # default_image) said already
        if [d for d in plain if d[2] in where] != \
                [d for d in record.diagnostics if d[2] in where] \
                or any(d[2] not in where and d not in record.diagnostics for d in plain):
            raise _NotAnEdit
        cache.put(probe, new, warnings, paths.content)
        cache.keep_html(source, new.digest, html_key(new, identity, site), entry.content_html,
                        entry.summary)
        return _Edited(before, entry, body_signature(new.body_html))


def _feed_documents(work: _Site, edited: list[_Edited]
                    ) -> tuple[dict[str, bytes], dict[str, tuple[str, str, int]]]:
    """The new bytes of every feed document holding an edited article (path
    below ``public/`` → bytes): a subscription document, or an RFC 5005
    archive page, rendered alone (the other pages of its feed are not), and
    validated as the whole pipeline does; and the records of the archive
    pages among them (path → (:func:`~newswire.incremental.document_key`,
    SHA-256, size)), as the whole pipeline keeps them for the next build.

    The document is rendered twice, from the entries as the last build had
    them and as they are now: the first must give the very bytes published
    (so the entries, and the links and dates of the document, were made
    again faithfully), and neither may give a finding (whose messages would
    change). A document that shows no body (``summary_only``) comes out
    with the same bytes, and is not written; its record still changes,
    since its key counts the articles' bytes.

    Raises:
        _NotAnEdit: one of those does not hold.
    """
    changed = {e.entry.article.source: e for e in edited}
    affected = [(name, number, sources) for name, number, sources in work.record.documents
                if not changed.keys().isdisjoint(sources)]
    if not affected:
        return {}, {}
    import hashlib

    from .feedstage import feed_ids, stage_feeds
    from .incremental import PageRecords
    from .selection import FeedSelection
    feeds = {f.name: f for f in work.feeds}
    counts: dict[str, int] = {}  # feed name -> its number of archive pages
    for name, number, _ in work.record.documents:
        counts[name] = max(counts.get(name, 0), number or 0)
    ids = feed_ids(work.ledger, work.site, work.feeds)
    records = PageRecords(work.paths.public, work.page_code)
    out: dict[str, bytes] = {}
    for name, number, sources in affected:
        feed = feeds.get(name)
        if feed is None or feed.podcast is not None:
            raise _NotAnEdit
        unchanged = {s: work.stored_entry(s) for s in sources if s not in changed}
        versions = []
        for when in ("before", "entry"):
            chosen = tuple(getattr(changed[s], when) if s in changed else unchanged[s]
                           for s in sources)
            collected, report = _Collected(), BuildReport()
            stage_feeds(collected, [FeedSelection(feed, chosen)],  # type: ignore[arg-type]
                        work.site, report, ids, records if when == "entry" else None,
                        work.paths.content, work.assets,
                        documents=_one_document(number, counts[name]))
            if report.diagnostics:
                raise _NotAnEdit
            versions.append(collected.files)
        for path, data in versions[0].items():
            published = work.manifest.get(path)
            if published is None or hashlib.sha256(data).hexdigest() != published.sha256:
                raise _NotAnEdit
        out.update(versions[1])
    return out, records.records()


def _one_document(number: int | None, count: int) -> Callable[
        [FeedConfig, SiteConfig, Sequence[Entry]], list[tuple[int | None, FeedDocument]]]:
    """For :func:`~newswire.feedstage.stage_feeds`: the paging of a feed into
    one document alone, the subscription document (``number`` None) or
    archive page ``number`` of ``count``, from the entries it holds."""
    from .feeds.archive import feed_document

    def documents(feed: FeedConfig, site: SiteConfig, entries: Sequence[Entry]
                  ) -> list[tuple[int | None, FeedDocument]]:
        return [(number, feed_document(feed, site, number, count, entries))]
    return documents


def _rebuild(paths: SitePaths, options: BuildOptions, inputs: Snapshot, record: LastBuild,
             published: Rows | Callable[[], Rows], sources: list[str],
             store: Store, before_ns: int) -> BuildReport | None:
    from .cache import reading_context
    from .config import load_feeds, load_site
    site = load_site(paths.feeds)
    if options.base_url is not None:
        site = replace(site, base_url=options.base_url)
    feeds = load_feeds(paths.feeds)
    affected = [(name, number, held) for name, number, held in record.documents
                if not set(sources).isdisjoint(held)]
    try:
        ledger = _ledger(paths, record, set(sources).union(*(held for _, _, held in affected)))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # the whole pipeline says what is wrong with the ledger
    if ledger is None:
        return None
    manifest = store.manifest_of(_candidates(ledger, sources, feeds, affected))
    publisher = Publisher(paths.public, manifest, paths.journal_file,
                          published_at(store.record(PUBLISHED_AT)))
    with publisher.writing():
        reference_ns = paths.journal_file.stat().st_mtime_ns
        cache = ArticleCache(store, reading_context(site), reference_ns, by_folder=False)
        work = _Site(paths, options, record, manifest, cache, site, feeds, ledger)
        try:
            edited = [e for e in (work.edited(source) for source in sources) if e is not None]
            documents, documents_kept = _feed_documents(work, edited)
            pages = _pages(work, edited)
        except _NotAnEdit:
            publisher.discard()
            return None
        for path, (data, _) in pages.items():
            publisher.add(path, data, "page")
        for path, data in documents.items():
            publisher.add(path, data, "feed")
        result = publisher.publish({p: manifest[p] for p in [*pages, *documents]})
        published_ns = published_time(paths.journal_file, paths.public)
        if published_ns >= 0:
            published_ns = max(published_ns, result.newest_ctime_ns)
        changes = Changes(articles=cache.changes())
        changes.rows["manifest"] = result.manifest
        changes.rows["pages"] = {p: (key, result.manifest[p].sha256, len(data))
                                 for p, (data, key) in pages.items()} | documents_kept
        changes.rows["recognition"] = {
            e.entry.article.source: (e.entry.article.digest, e.entry.article.title,
                                     e.signature) for e in edited}
        report = BuildReport(articles=record.articles, left_out=record.left_out,
                             parsed=len(edited))  # the files read: those whose bytes changed
        _feeds_changed(report, result, site, feeds, changes)
        lines = work.lines.updated()
        if lines is not None:
            changes.records[IMAGE_LINES] = lines
        latest = latest_now(store)
        if latest is None or options.now > latest:
            changes.records[LATEST_NOW] = options.now.isoformat()
        changes.records[PUBLISHED_AT] = published_ns
        changes.records[LAST_BUILD] = replace(
            record, inputs=inputs.digest, reference_ns=reference_ns, since_ns=before_ns,
            newest_ns=inputs.newest_ns, outputs=own_files(paths.state_dir),
            verified=inputs.verified, exact_newest_ns=inputs.exact_newest_ns,
            published_ns=published_ns).stored()  # its diagnostics (SAID) as they are
        store.commit(changes)
    from .run import published_paths, said_again
    report.diagnostics = said_again(record)  # type: ignore[assignment]
    result.unchanged = published_paths(  # type: ignore[assignment]
        published, set(result.written), record.files)
    report.result = result
    return report


def _pages(work: _Site, edited: list[_Edited]) -> dict[str, tuple[bytes, str]]:
    """The new article page of each edited article (path below ``public/`` →
    (bytes, :func:`~newswire.incremental.page_key`)), naming the feeds that
    hold it as the whole pipeline does.

    Raises:
        _NotAnEdit: a page that the last build did not publish.
    """
    from .entries import select
    from .incremental import page_key
    from .pages import PageRenderer
    renderer = PageRenderer(work.site, work.feeds)
    code = work.page_code
    pages: dict[str, tuple[bytes, str]] = {}
    for one in edited:
        entry = one.entry
        path = entry.identity.path + "index.html"
        if path not in work.manifest:
            raise _NotAnEdit
        in_feeds = tuple(f.name for f in work.feeds if select(f, [entry]))
        pages[path] = (renderer.article(entry, in_feeds), page_key(code, entry, in_feeds))
    return pages


def _feeds_changed(report: BuildReport, result: PublishResult, site: SiteConfig,
                   feeds: tuple[FeedConfig, ...], changes: Changes) -> None:
    """Say which feeds changed, as the whole pipeline does, and queue a
    WebSub notification for each changed subscription document."""
    from .feeds import feed_file
    feed_paths = {feed_file(f, fmt): f.name for f in feeds for fmt in f.formats}
    report.feed_files_changed = [p for p in result.written if p.endswith((".xml", ".json"))]
    report.feeds_changed = sorted({feed_paths[p] for p in result.written if p in feed_paths})
    if report.feed_files_changed:
        from .websub import changed_topics, queue_change
        changes.pings = queue_change(changed_topics(site, feeds, report.feed_files_changed))


def _candidates(ledger: State, sources: list[str], feeds: tuple[FeedConfig, ...],
                affected: list[tuple[str, int | None, tuple[str, ...]]]) -> list[str]:
    """The paths below ``public/`` the edit path may write: the pages of
    ``sources`` and the ``affected`` feed documents (feed name, number:
    see :attr:`~newswire.state.lastbuild.LastBuild.documents`)."""
    from .feeds import feed_file
    wanted = set(sources)
    pages = [r.path + "index.html" for r in ledger.records if r.source in wanted]
    by_name = {f.name: f for f in feeds}
    return pages + [feed_file(by_name[name], fmt, number) for name, number, _ in affected
                    if name in by_name for fmt in by_name[name].formats]


def _ledger(paths: SitePaths, record: LastBuild, sources: set[str]) -> State | None:
    """The identity ledger with the records of ``sources`` alone (and its
    other keys: the feeds' ids), when the file holds the very bytes the
    last build left (their SHA-256, :attr:`LastBuild.ledger`; its stat was
    checked already, :func:`~newswire.run.trusted_record`): read without
    parsing the whole file (:meth:`State.part_of_written`). None when it
    does not: a ledger changed since (by hand, by a ``git pull``), even in
    a way its stat does not show, is read by the whole pipeline, which
    checks it and says what is wrong with it; so is one the last build did
    not record.

    Raises:
        OSError: the ledger cannot be read.
        ValueError, KeyError, TypeError, AttributeError: it is damaged.
    """
    import hashlib

    from .safeio import read_own_file
    data = read_own_file(paths.state_file)
    if not record.ledger or hashlib.sha256(data).hexdigest() != record.ledger:
        return None
    return State.part_of_written(data, sources)


def _frame_of(article: Article) -> object:
    """The article but what an edit to its body changes, as plain values
    (:func:`_shown`).

    Raises:
        _NotAnEdit: values nested too deeply to compare here (front matter
            keys nested hundreds deep): the whole pipeline reads them.
    """
    try:
        return _shown(replace(article, body_html="", digest="", body_line=0))
    except RecursionError:
        raise _NotAnEdit from None


def _shown(value: object) -> object:
    """``value`` as nested tuples that are equal when outputs show the same:
    each value with its type's name, so that values equal but written
    differently are told apart (1, 1.0 and true; the same moment in another
    time zone, by its ISO 8601 text with the offset, as lists, sitemaps and
    feeds print it), but not a time zone's name, which the cache does not
    keep and no output shows, nor a list from a tuple."""
    if isinstance(value, (datetime, date, time)):
        return (type(value).__name__, value.isoformat())
    if isinstance(value, (list, tuple)):
        return ("sequence", tuple(_shown(v) for v in value))
    if isinstance(value, dict):
        return ("mapping", tuple((_shown(k), _shown(v)) for k, v in value.items()))
    if is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__,
                tuple((f.name, _shown(getattr(value, f.name))) for f in fields(value)))
    return (type(value).__name__, value)
