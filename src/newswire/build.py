"""One build: read → identify → select → render → validate → publish → record.

No click here: :func:`build_locked` takes a site's paths, its
:class:`~newswire.options.BuildOptions` and the snapshot of its inputs, and
returns a :class:`~newswire.options.BuildReport`; the command line turns that
into output and an exit status. The entry point :func:`newswire.run.build`
(the lock and the shortcut when nothing changed) imports this module only
when there is work to do; this module never imports it back. Everything read
from or written to ``.newswire/`` goes through :mod:`newswire.state`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import sqlite3

from .cache import ArticleCache, Probe
from .config import FeedConfig, SiteConfig, load_feeds, load_site
from .entries import html_key, is_published, make_entry, newest_first, select
from .errors import ArticleError, Diagnostic, NewswireError, OutputError, StateError  # noqa: F401
from .feeds import FeedDocument, feed_file, feed_url, render_feed
from .feeds.document import derived_feed_id
from .identity import assign_identities
from .images import RECOMMENDED, local_image, preview_problems, with_image_info
from .incremental import PageRecords, document_key
from .model import Article, Entry, Identity
from .pages import PageRenderer
from .parallel import REPORT_BUG, read_many, render_pages  # noqa: F401 (REPORT_BUG kept for importers)
from .options import BuildOptions, BuildReport, SitePaths
from .publish import UNKNOWN, FileStamp, PublishResult, Publisher, atomic_write
from .readers import ContentFiles, scan_content
from .state import State, fingerprint, load_ledger, read_intent, write_intent
from .state.digests import Snapshot, file_stamp
from .state.lastbuild import LAST_BUILD, LastBuild
from .state.store import Changes, Store, open_store
from .validate import validate_bytes
from .websub import changed_topics, queue_change

__all__ = ["BuildOptions", "BuildReport", "Plan", "SitePaths", "article_cache",
           "build_locked", "load_state", "open_database", "prepare", "publication_window"]


def open_database(paths: SitePaths) -> Store:
    """The site's database of derived records, tied to this newswire's code;
    a damaged or foreign one is moved aside and a new one started.

    Raises:
        OutputError: no database can be created in ``.newswire/``.
    """
    try:
        return open_store(paths.database_file, fingerprint())
    except OSError as exc:
        raise OutputError(f"cannot open or create the database: {exc}; check that "
                          ".newswire/ is a writable folder", paths.database_file) from None


def load_state(paths: SitePaths, store: Store | None = None) -> State:
    """The identity ledger (``.newswire/state.json``), with the values that
    recognise renamed files taken from the database; empty for a new site.

    Raises:
        StateError: the file is damaged, or missing although the site was
            published before (the database records published files). Building
            on could give published articles new ids and URLs, so newswire
            stops and leaves the file as it is.
    """
    restart = ("to start a new ledger on purpose (ids of renamed and undated "
               f"articles may change), remove it and {paths.database_file}")
    state = load_ledger(paths.state_file, store is not None and store.published(), restart)
    return state.with_recognition(store.recognition()) if store is not None else state


def _read_articles(paths: SitePaths, files: Sequence[Path], site: SiteConfig,
                   report: BuildReport, cache: ArticleCache,
                   progress: Callable[[str, int, int], None] | None = None) -> list[Article]:
    """Every article file in the order given; unchanged ones come from ``cache``,
    only the others are read (on every core) and then cached."""
    outcomes: dict[Path, tuple[Article | None, list[Diagnostic]]] = {}
    misses: list[Probe] = []
    for path in files:
        cached, probe = cache.get(cache.probe(path, path.relative_to(paths.content).as_posix()))
        if cached is None:
            misses.append(probe)
        else:
            outcomes[path] = (cached.article, cached.diagnostics(paths.content))
    report.parsed += len(misses)
    def read(done: int, total: int) -> None:
        if progress is not None:
            progress("reading articles", done, total)
    for probe, outcome in zip(misses, read_many([p.path for p in misses], paths.content,
                                                site.timezone, progress=read)):
        said = ([outcome.error] if outcome.error is not None else []) + list(outcome.warnings)
        outcomes[probe.path] = (outcome.article, said)
        if outcome.article is None:
            cache.drop(probe.source)
        else:
            cache.put(probe, outcome.article, outcome.warnings, paths.content)
    articles = []
    for path in files:
        article, said = outcomes[path]
        report.diagnostics += said
        if article is not None:
            articles.append(article)
    return articles


def _documents(feed: FeedConfig, site: SiteConfig, entries: list[Entry]) -> list[
        tuple[int | None, FeedDocument]]:
    """The subscription document and, with ``archive``, RFC 5005 archive documents.

    ``entries`` are newest first. The subscription document holds the newest
    ``max_items``; with ``archive`` (RFC 5005 §4) the older ones go into
    archive pages of ``max_items`` entries each, numbered from the oldest
    (1, 2, ...). The newest page is never full: it holds the remainder, so
    when it is empty it is written empty. A page is therefore complete from
    the build that fills it, and is born with every link it will ever have
    (``prev-archive`` to the older page, ``next-archive`` to the newer one,
    ``current`` to the subscription document, and ``fh:archive``); its bytes
    never change again unless one of its own articles is edited or removed.
    The subscription document links ``prev-archive`` to the newest page.
    Archive pages carry no WebSub hub link: nothing subscribes to them.

    Returns:
        ``(None, document)`` for the subscription document, then
        ``(n, document)`` for archive page ``n``, oldest first.
    """
    hub = feed.hub or site.hub
    size = feed.max_items
    urls = {fmt: feed_url(site, feed, fmt) for fmt in feed.formats}
    stylesheet = site.base_url + "feed.css"
    current = tuple(entries[:size])
    older = list(reversed(entries[size:]))  # oldest first
    if not feed.archive or not older:
        return [(None, FeedDocument(feed, site, current, urls, hub, stylesheet=stylesheet))]
    count = len(older) // size + 1
    pages = [older[i * size:(i + 1) * size] for i in range(count)]

    def page_urls(n: int) -> dict[str, str]:
        return {fmt: feed_url(site, feed, fmt, n) for fmt in feed.formats}
    docs: list[tuple[int | None, FeedDocument]] = [(None, FeedDocument(
        feed, site, current, urls, hub, prev_archive=page_urls(count),
        stylesheet=stylesheet))]
    for n, page in enumerate(pages, start=1):
        floor = max(e.updated for e in pages[n - 2]) if not page and n > 1 else None
        docs.append((n, FeedDocument(
            feed, site, tuple(reversed(page)), page_urls(n), None, archive=True,
            current=urls, prev_archive=page_urls(n - 1) if n > 1 else None,
            next_archive=page_urls(n + 1) if n < count else None,
            stylesheet=stylesheet, not_before=floor)))
    return docs


def feed_ids(state: State, site: SiteConfig,
             feeds: Sequence[FeedConfig]) -> dict[str, str]:
    """Every feed's permanent atom:id: recorded in the state, else derived
    (:func:`~newswire.feeds.document.derived_feed_id`). Ids of feeds no longer
    configured stay recorded, so a feed file restored later gets its id back."""
    recorded = state.get_extra("feeds", {})
    ids = dict(recorded) if isinstance(recorded, dict) else {}
    for feed in feeds:
        ids.setdefault(feed.name, derived_feed_id(site.base_url, feed.name))
    return dict(sorted(ids.items()))


def _stage_feeds(publisher: Publisher, feeds: Sequence[FeedConfig], site: SiteConfig,
                 entries: list[Entry], report: BuildReport,
                 ids: dict[str, str], pages: PageRecords | None = None) -> dict[str, list[str]]:
    """Render, validate and stage every feed document; returns feed names per entry id.

    With ``pages``, archive documents rendered by the last build from the same
    inputs are taken from ``public/`` as they are (see :mod:`.incremental`)."""
    membership: dict[str, list[str]] = {}
    for feed in feeds:
        selected = select(feed, entries)
        for entry in selected:
            membership.setdefault(entry.id, []).append(feed.name)
        for number, doc in _documents(feed, site, selected):
            doc = replace(doc, recorded_id=ids[feed.name])
            for fmt in feed.formats:
                path = feed_file(feed, fmt, number)
                key = document_key(pages.fingerprint, doc, fmt) if pages and number else ""
                data = pages.document(path, key) if key else None
                if data is not None:
                    publisher.add(path, data, "feed")
                    continue
                data = render_feed(doc, fmt)
                findings = validate_bytes(data, f"public/{path}", fmt)
                if key and not findings:
                    pages.rendered(path, key, data)
                report.diagnostics += [Diagnostic("warning", f"{f.code}: {f.message}",
                                                  f.path, f.line)
                                       for f in findings if f.level != "error"]
                errors = [f for f in findings if f.level == "error"]
                if errors:
                    report.diagnostics += [Diagnostic(
                        "error", f"{f.code}: {f.message}; not published, the previous "
                        "version stays", f.path, f.line) for f in errors]
                    continue
                publisher.add(path, data, "feed")
    return membership


def _stage_pages(publisher: Publisher, renderer: PageRenderer, entries: list[Entry],
                 membership: dict[str, list[str]], assets: Sequence[str] = (),
                 pages: PageRecords | None = None,
                 progress: Callable[[str, int, int], None] | None = None) -> None:
    """Article pages, the index, one landing page per feed, OPML, stylesheets and
    the icon; a file of ``content/`` (``assets``) replaces a shipped one. With
    ``pages``, article pages whose inputs did not change are not rendered again."""
    jobs = [(entry, tuple(membership.get(entry.id, ()))) for entry in entries]
    render = functools.partial(render_pages, renderer)
    def keep(path: str, digest: str) -> bool:
        return publisher.keep(path, "page", digest)
    pages_out = pages.articles(jobs, render, keep) if pages else render(jobs)
    for done, ((entry, _), data) in enumerate(zip(jobs, pages_out)):
        if progress is not None and done % 64 == 0:
            progress("rendering pages", done, len(jobs))
        if data is not None:  # None: unchanged, staged without reading it
            publisher.add(entry.identity.path + "index.html", data, "page")
    publisher.add("index.html", renderer.index(entries[:50]), "page")
    for feed in renderer.feeds:
        in_feed = [e for e in entries if feed.name in membership.get(e.id, ())]
        publisher.add(feed.path + "/index.html", renderer.feed_page(feed, in_feed[:10]),
                      "page")
    publisher.add("feeds.opml", renderer.opml(), "page")
    for name in ("style.css", "feed.css", "favicon.ico"):
        if name not in assets:
            publisher.add(name, renderer.static(name), "asset")


@dataclass
class Plan:
    """Everything a build decided before rendering: what to publish and as what.

    Attributes:
        window: the range of "now" that publishes the same articles (see
            :func:`publication_window`).
        identity_diagnostics: where in the report's diagnostics those of the
            state and identities are: (start, end) indexes.
    """

    files: ContentFiles
    articles: list[Article]
    entries: list[Entry]
    identities: dict[str, Identity]
    old_state: State
    new_state: State
    window: tuple[datetime | None, datetime | None] = (None, None)
    identity_diagnostics: tuple[int, int] = (0, 0)


def publication_window(articles: Sequence[Article], options: BuildOptions
                       ) -> tuple[datetime | None, datetime | None]:
    """The range ``[low, high)`` of "now" over which :func:`is_published`
    keeps exactly the same articles as at ``options.now``; None: unbounded.

    ``low`` is the newest publication date kept, ``high`` the earliest date
    left out as being in the future.
    """
    if options.future:
        return None, None
    dated = [a.published for a in articles if a.published is not None
             and (options.drafts or not a.draft)]
    kept = [d for d in dated if d <= options.now]
    later = [d for d in dated if d > options.now]
    return (max(kept) if kept else None), (min(later) if later else None)


def prepare(paths: SitePaths, site: SiteConfig, options: BuildOptions,
            report: BuildReport, cache: ArticleCache | None = None) -> Plan:
    """Read every article, filter, assign identities and make entries (newest first).

    Unchanged articles come from ``cache`` (a fresh one when None; it is
    updated in memory, saving it is the caller's choice). Problems go to
    ``report.diagnostics``; nothing is written.
    """
    if not paths.content.is_dir():
        raise OutputError("no content/ folder; put article files in content/", paths.root)
    files = scan_content(paths.content)
    report.diagnostics += files.refused
    if cache is None:
        cache = article_cache(paths, site, None)
    read = _read_articles(paths, list(files.articles), site, report, cache, options.progress)
    cache.keep_only(a.relative_to(paths.content).as_posix() for a in files.articles)
    articles = [a for a in read if is_published(a, options.now, options.drafts, options.future)]
    start = len(report.diagnostics)
    state = load_state(paths, cache.store)
    identities, new_state, id_diagnostics = assign_identities(
        articles, state, site.base_url, options.now.astimezone(site.timezone),
        _shown_sources(paths, articles))
    report.diagnostics += id_diagnostics
    end = len(report.diagnostics)
    window = publication_window(read, options)
    assets = {p.relative_to(paths.content).as_posix(): p for p in files.assets}
    entries = newest_first(_checked_image(_entry(a, identities[a.source], site, cache),
                                          site, assets, paths, report)
                           for a in articles if a.source in identities)
    entries, articles = _shed_bodies(entries, articles)
    return Plan(files, articles, entries, identities, state, new_state, window, (start, end))


def _entry(article: Article, identity: Identity, site: SiteConfig,
           cache: ArticleCache) -> Entry:
    """:func:`make_entry`, with the sanitized HTML the cache kept for the same
    article bytes and URLs; what it makes is kept for the next build."""
    key = html_key(article, identity, site)
    html = cache.html(article.source, article.digest, key)
    entry = make_entry(article, identity, site, html)
    if html is None:
        cache.keep_html(article.source, article.digest, key, entry.content_html, entry.summary)
    return entry


def _shown_sources(paths: SitePaths, articles: Sequence[Article]) -> dict[str, str]:
    """How messages name each article's file."""
    return {a.source: str(paths.content / a.source) for a in articles}


def article_cache(paths: SitePaths, site: SiteConfig, store: Store | None = None,
                  read_ns: int = 0) -> ArticleCache:
    """The site's cache of parsed articles, for the reader's settings.

    Args:
        store: the database to use; None: the existing one, only read
            (nothing is created or written), if there is one.
        read_ns: a file-system time taken before any article was read.
    """
    if store is None:
        from .state.store import peek
        store = peek(paths.database_file)
    return ArticleCache(store, f"timezone={site.timezone.key}", read_ns)


def _shed_bodies(entries: list[Entry], articles: list[Article]
                 ) -> tuple[list[Entry], list[Article]]:
    """Entries and articles without ``body_html``, the unsanitized body only
    :func:`make_entry` reads: a build then holds one copy of each article's
    HTML (the entry's ``content_html``), not two."""
    light = [replace(e, article=replace(e.article, body_html="")) for e in entries]
    by_source = {e.article.source: e.article for e in light}
    return light, [by_source.get(a.source, a) for a in articles]


def _checked_image(entry: Entry, site: SiteConfig, assets: dict[str, Path],
                   paths: SitePaths, report: BuildReport) -> Entry:
    """The entry with its local image's sizes; a site-local image that is not a
    file under ``content/`` is dropped with a warning (no broken cards)."""
    if entry.image_url and entry.image_url.startswith(site.base_url) and \
            local_image(entry.image_url, site.base_url, assets) is None:
        report.diagnostics.append(Diagnostic(
            "warning", f"image {entry.image_url} is not a file under content/; the "
            "article is published without it. Fix the 'image' path (relative to the "
            "article file) or use an absolute URL", paths.content / entry.article.source))
        return replace(entry, image_url=None)
    entry = with_image_info(entry, site.base_url, assets)
    problems = preview_problems(entry.image_width, entry.image_height, entry.image_length)
    if problems:
        own = entry.article.image is not None
        where = paths.content / entry.article.source if own else paths.feeds / "site.toml"
        file = local_image(entry.image_url or "", site.base_url, assets)
        if file is not None and file.is_relative_to(paths.root):
            file = file.relative_to(paths.root)
        warning = Diagnostic(
            "warning", f"{'image' if own else 'default_image'} {file or entry.image_url} "
            f"{'; it '.join(problems)}. Use a JPEG or PNG of about {RECOMMENDED} pixels "
            "(1.91:1, under 5 MB) for link previews", where)
        if warning not in report.diagnostics:
            report.diagnostics.append(warning)
    return entry


def _steady_diagnostics(plan: Plan, site: SiteConfig, options: BuildOptions,
                        paths: SitePaths, report: BuildReport, written: State
                        ) -> list[Diagnostic] | None:
    """What the next build would report if nothing changed, or None when that
    cannot be known: messages about this build's changes to the state (a file
    renamed, an article dated now) are not said twice."""
    if _same_state(written, plan.old_state):
        return list(report.diagnostics)
    _, again, id_diagnostics = assign_identities(
        plan.articles, plan.new_state, site.base_url, options.now.astimezone(site.timezone),
        _shown_sources(paths, plan.articles))
    if not _same_state(again, plan.new_state):
        return None
    diagnostics = list(report.diagnostics)
    start, end = plan.identity_diagnostics
    diagnostics[start:end] = id_diagnostics
    return diagnostics


def _same_state(a: State, b: State) -> bool:
    """The same records (in any order) and the same other keys."""
    return set(a.records) == set(b.records) and dict(a.extra) == dict(b.extra)


def build_locked(paths: SitePaths, options: BuildOptions, inputs: Snapshot) -> BuildReport:
    """Read, render, validate, publish and record, the site's lock held (see
    :func:`newswire.run.build`); ``inputs`` was taken before anything was read.

    Records: the identity ledger is written before anything is published
    (a build killed after publishing must not give an undated article
    another date, or a moved file another id, next time); every derived
    record (cache, manifest, page records, rename recognition, pending
    pings, the record of this build) is written in one transaction at the
    end. Paths published for the first time are written into the journal
    before their rename, so a build killed before that transaction still
    leaves a record of them.

    Raises:
        ConfigError: the site or a feed file is wrong (nothing is built).
        StateError: the identity ledger is damaged or missing (nothing is built).
        OutputError: an output file could not be written.
    """
    site = load_site(paths.feeds)
    feeds = load_feeds(paths.feeds)
    store = open_database(paths)
    try:
        return _build_recorded(paths, options, inputs, site, feeds, store)
    finally:
        store.close()


def _build_recorded(paths: SitePaths, options: BuildOptions, inputs: Snapshot,
                    site: SiteConfig, feeds: tuple[FeedConfig, ...], store: Store
                    ) -> BuildReport:
    previous = store.manifest()
    previous.update((p, UNKNOWN) for p in read_intent(paths.journal_file)
                    if p not in previous)
    publisher = Publisher(paths.public, previous, paths.journal_file)
    report = BuildReport()
    with publisher.writing():
        reference_ns = paths.journal_file.stat().st_mtime_ns
        cache = article_cache(paths, site, store, reference_ns)
        plan = prepare(paths, site, options, report, cache)
        changes = Changes(articles=cache.changes(), records={LAST_BUILD: None})
        if options.strict and report.errors:
            _commit(store, changes, report, paths)
            return report
        report.articles = len(plan.entries)
        ids = feed_ids(plan.new_state, site, feeds)
        pages = PageRecords(paths.public, fingerprint([repr(site), repr(feeds)]),
                            store.pages())
        membership = _stage_feeds(publisher, feeds, site, plan.entries, report, ids, pages)
        renderer = PageRenderer(site, feeds)
        assets = [asset.relative_to(paths.content).as_posix() for asset in plan.files.assets]
        _stage_pages(publisher, renderer, plan.entries, membership, assets, pages,
                     options.progress)
        for name, asset in zip(assets, plan.files.assets):
            publisher.add(name, asset.read_bytes(), "asset")
        changes.articles = cache.changes()  # sanitized HTML kept since
        if options.strict and report.errors:
            publisher.discard()
            _commit(store, changes, report, paths)
            return report
        # The ledger first: a build killed after publishing must not give an
        # undated article another date, or a moved file another id, next time.
        state = plan.new_state.with_extra("feeds", ids)
        atomic_write(paths.state_file, state.to_json())
        result = publisher.publish(previous, lambda manifest: write_intent(
            paths.journal_file, [p for p, s in manifest.items() if s == UNKNOWN]))
        _report_changes(report, result, feeds, plan, previous)
        changes.manifest = result.manifest
        changes.pages = pages.records()
        changes.recognition = {r.source: (r.digest, r.title, r.signature)
                               for r in state.records if r.digest or r.title or r.signature}
        # WebSub: queue a hub notification for every changed subscription document
        # (sent by 'newswire ping' / 'build --ping'; kept until a hub accepts it).
        changes.pings = queue_change(changed_topics(site, feeds, report.feed_files_changed))
        steady = _steady_diagnostics(plan, site, options, paths, report, state)
        if steady is not None:
            low, high = plan.window
            changes.records[LAST_BUILD] = LastBuild(
                inputs.digest, reference_ns, inputs.newest_ns,
                low.isoformat() if low else None, high.isoformat() if high else None,
                (file_stamp(paths.state_file),),
                tuple((d.level, d.message, str(d.path) if d.path is not None else None,
                       d.line) for d in steady),
                report.articles).to_plain()
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
    present = {ident.id for ident in plan.identities.values()}
    report.added = sorted(s for s, ident in plan.identities.items()
                          if ident.id not in known
                          or (previous and ident.path + "index.html" not in previous))
    report.removed = sorted(r.source for r in plan.old_state.records
                            if not r.removed and r.id not in present)
