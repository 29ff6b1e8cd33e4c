"""One build: read → identify → select → render → validate → publish (SPEC §3–§7).

No click here: :func:`build` takes a site folder and :class:`BuildOptions`
and returns a :class:`BuildReport`; the command line turns that into output
and an exit status. :func:`build`, the lock and the shortcut when nothing
changed live in :mod:`newswire.run` (which imports this module only when
there is work to do); they are re-exported here.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from .cache import ArticleCache, Probe
from .config import FeedConfig, SiteConfig, _key_line, load_feeds, load_site
from .entries import html_key, is_published, make_entry, newest_first, select
from .errors import ArticleError, Diagnostic, NewswireError, OutputError, StateError  # noqa: F401
from .feeds import FeedDocument, feed_file, feed_url, render_feed
from .feeds.document import derived_feed_id
from .identity import State, assign_identities
from .images import local_image, with_image_info
from .incremental import PageRecords, code_fingerprint, document_key, listing_key
from .model import Article, Entry, Identity
from .pages import PageRenderer
from .pages.paging import (CATEGORIES, TAGS, category_listings, feed_listing, index_listing,
                           tag_listings)
from .parallel import REPORT_BUG, read_many, render_pages  # noqa: F401 (REPORT_BUG kept for importers)
from .publish import FileStamp, PublishResult, Publisher, atomic_write, manifest_to_json
from .readers import ContentFiles, scan_content
from .sitemaps import (NEWS_FILE, SITEMAP_FILE, news_entries, news_sitemap, news_window,
                       robots_txt, sitemaps)
from .scaffold import PLACEHOLDER_URL
from .revisions import Revisions, text_digest, with_updated
from .run import (BuildOptions, BuildReport, LastBuild, SitePaths, Snapshot, build, file_stamp,
                  load_manifest)
from .validate import validate_bytes
from .websub import PingQueue, changed_topics

__all__ = ["BuildOptions", "BuildReport", "Plan", "SitePaths", "article_cache", "build",
           "build_locked", "load_state", "prepare", "publication_window"]


def load_state(paths: SitePaths) -> State:
    """The identity ledger (``.newswire/state.json``); empty for a new site.

    Raises:
        StateError: the file is damaged, or missing although the site was
            published before (``.newswire/manifest.json`` exists). Building on
            could give published articles new ids and URLs, so newswire stops
            and leaves the file as it is.
    """
    restart = ("to start a new ledger on purpose (ids of renamed and undated "
               f"articles may change), remove it and {paths.manifest_file}")
    try:
        data = paths.state_file.read_bytes()
    except FileNotFoundError:
        if paths.manifest_file.exists():
            raise StateError(
                "the identity ledger is missing, but this site was published before; "
                f"restore it from version control or a backup; {restart}",
                paths.state_file) from None
        return State()
    except OSError as exc:
        raise StateError(f"cannot read the identity ledger: {exc.strerror}",
                         paths.state_file) from None
    try:
        return State.from_json(data)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise StateError(
            f"the identity ledger is damaged ({exc}); nothing was built or changed. "
            f"Restore it from version control or a backup; {restart}",
            paths.state_file, 1) from None


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
                 ids: dict[str, str], pages: PageRecords | None = None,
                 auto_entries: list[Entry] | None = None) -> dict[str, list[str]]:
    """Render, validate and stage every feed document; returns feed names per entry id.

    With ``pages``, archive documents rendered by the last build from the same
    inputs are taken from ``public/`` as they are (see :mod:`.incremental`).
    Feeds with ``updated = "auto"`` (their own, else the site's) take their
    items from ``auto_entries`` when given."""
    membership: dict[str, list[str]] = {}
    for feed in feeds:
        auto = auto_entries is not None and (feed.updated or site.updated) == "auto"
        selected = select(feed, auto_entries if auto else entries)
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
    """Article pages, OPML, stylesheets and the icon; a file of ``content/``
    (``assets``) replaces a shipped one. With ``pages``, article pages whose
    inputs did not change are not rendered again. (Listing pages and
    sitemaps: :func:`_stage_listings`.)"""
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
    publisher.add("feeds.opml", renderer.opml(), "page")
    for name in ("style.css", "feed.css", "favicon.ico"):
        if name not in assets:
            publisher.add(name, renderer.static(name), "asset")


_KIND_NAMES = {"index": "index", "feed": "feed", TAGS: "tag", CATEGORIES: "category"}


def _stage_listings(publisher: Publisher, renderer: PageRenderer, entries: list[Entry],
                    membership: dict[str, list[str]], assets: Sequence[str],
                    report: BuildReport, now: datetime, pages: PageRecords | None = None
                    ) -> tuple[datetime | None, datetime | None]:
    """Listing pages (index, feed landing pages, tag and category pages, every
    page of each; see :mod:`.pages.paging`), ``sitemap.xml``, the Google News
    sitemap and ``robots.txt`` (see :mod:`.sitemaps`); a file of ``content/``
    of the same name replaces a sitemap or ``robots.txt``.

    A listing page whose path an article page already has is left out, with a
    warning. With ``pages``, a listing page rendered by the last build from
    the same inputs is kept as it is (see :func:`~.incremental.listing_key`).
    Returns the range of "now" over which the News sitemap stays
    the same (see :func:`~newswire.sitemaps.news_window`).
    """
    site = renderer.site
    base = site.base_url
    urls: list[tuple[str, datetime | None]] = []
    tags, categories = tag_listings(entries), category_listings(entries)

    def keep(path: str, digest: str) -> bool:
        return publisher.keep(path, "page", digest)
    browse = tuple((name, f"{base}{kind}/") for name, kind, terms in
                   (("tag", TAGS, tags), ("section", CATEGORIES, categories)) if terms)
    listings = ([index_listing(site.title, entries)]
                + [feed_listing(f, entries, membership) for f in renderer.feeds]
                + [t.listing for t in tags] + [t.listing for t in categories])
    for listing in listings:
        for page in listing.pages():
            if page.file in publisher:
                report.diagnostics.append(Diagnostic(
                    "warning", f"the {_KIND_NAMES[listing.kind]} page {page.url(base)} is not "
                    "published: an article already has that URL; rename the article's file "
                    "or slug",
                    publisher.root / page.file))
                continue
            urls.append((page.url(base), page.lastmod))
            key = listing_key(pages.fingerprint, page, browse) if pages else ""
            if pages and pages.reuse(page.file, key, keep):
                continue
            data = renderer.listing_page(page, browse)
            if pages:
                pages.rendered(page.file, key, data)
            publisher.add(page.file, data, "page")
    for kind, terms in ((TAGS, tags), (CATEGORIES, categories)):
        if terms and f"{kind}/index.html" not in publisher:
            publisher.add(f"{kind}/index.html", renderer.terms(kind, terms), "page")
            urls.append((f"{base}{kind}/", max(e.updated for t in terms
                                                 for e in t.listing.entries)))
    urls += [(e.permalink, e.updated) for e in entries if e.link == e.permalink]
    for name, data in sitemaps(base, urls):
        if name not in assets:
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

    Attributes:
        window: the range of "now" that publishes the same articles (see
            :func:`publication_window`).
        identity_diagnostics: where in the report's diagnostics those of the
            state and identities are: (start, end) indexes.
        texts: entry id → :func:`~newswire.revisions.text_digest` of its
            title and body, when :func:`prepare` was asked for them.
    """

    files: ContentFiles
    articles: list[Article]
    entries: list[Entry]
    identities: dict[str, Identity]
    old_state: State
    new_state: State
    window: tuple[datetime | None, datetime | None] = (None, None)
    identity_diagnostics: tuple[int, int] = (0, 0)
    texts: dict[str, str] = field(default_factory=dict)


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
            report: BuildReport, cache: ArticleCache | None = None,
            text_digests: bool = False) -> Plan:
    """Read every article, filter, assign identities and make entries (newest first).

    Unchanged articles come from ``cache`` (a fresh one when None; it is
    updated in memory, saving it is the caller's choice). Problems go to
    ``report.diagnostics``; nothing is written. With ``text_digests`` the
    plan's ``texts`` are filled in (for ``updated = "auto"``).
    """
    if not paths.content.is_dir():
        raise OutputError("no content/ folder; put article files in content/", paths.root)
    files = scan_content(paths.content)
    report.diagnostics += files.refused
    if cache is None:
        cache = article_cache(paths, site)
    read = _read_articles(paths, list(files.articles), site, report, cache, options.progress)
    cache.keep_only(a.relative_to(paths.content).as_posix() for a in files.articles)
    articles = [a for a in read if is_published(a, options.now, options.drafts, options.future)]
    start = len(report.diagnostics)
    state = load_state(paths)
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
    texts = {e.id: text_digest(e.title, e.article.body_html) for e in entries} \
        if text_digests else {}
    entries, articles = _shed_bodies(entries, articles)
    return Plan(files, articles, entries, identities, state, new_state, window, (start, end),
                texts)


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


def article_cache(paths: SitePaths, site: SiteConfig) -> ArticleCache:
    """The site's cache of parsed articles, for the reader's settings."""
    return ArticleCache(paths.cache_dir, f"timezone={site.timezone.key}")


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
    return with_image_info(entry, site.base_url, assets)


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
    """Read, render, validate and publish, the site's lock held (see
    :func:`newswire.run.build`); ``inputs`` was taken before anything was read.

    Raises:
        ConfigError: the site or a feed file is wrong (nothing is built).
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
    publisher = Publisher(paths.public, load_manifest(paths), paths.journal_file)
    with publisher.writing():
        _forget_last_build(paths)
        reference_ns = paths.journal_file.stat().st_mtime_ns
        cache = article_cache(paths, site)
        auto = any((f.updated or site.updated) == "auto" for f in feeds) \
            or site.updated == "auto"
        plan = prepare(paths, site, options, report, cache, text_digests=auto)
        cache.save()
        if options.strict and report.errors:
            return report
        report.articles = len(plan.entries)
        revisions = Revisions.load(paths.state_dir).observe(plan.texts, options.now) \
            if auto else None
        auto_entries = with_updated(plan.entries, revisions) if revisions is not None else None
        shown = auto_entries if auto_entries is not None and site.updated == "auto" \
            else plan.entries
        ids = feed_ids(plan.new_state, site, feeds)
        pages = _page_records(paths, site, feeds)
        membership = _stage_feeds(publisher, feeds, site, plan.entries, report, ids, pages,
                                  auto_entries)
        renderer = PageRenderer(site, feeds)
        assets = [asset.relative_to(paths.content).as_posix() for asset in plan.files.assets]
        _stage_pages(publisher, renderer, shown, membership, assets, pages,
                     options.progress)
        plan.window = _narrowed(plan.window, _stage_listings(
            publisher, renderer, shown, membership, assets, report, options.now, pages))
        for name, asset in zip(assets, plan.files.assets):
            publisher.add(name, asset.read_bytes(), "asset")
        if options.strict and report.errors:
            publisher.discard()
            return report
        # The ledger first: a build killed after publishing must not give an
        # undated article another date, or a moved file another id, next time.
        state = plan.new_state.with_extra("feeds", ids)
        atomic_write(paths.state_file, state.to_json())
        if revisions is not None:
            revisions.save(paths.state_dir)
        previous = load_manifest(paths)
        result = publisher.publish(previous, lambda manifest: atomic_write(
            paths.manifest_file, manifest_to_json(manifest)))
        atomic_write(paths.manifest_file, manifest_to_json(result.manifest))
        atomic_write(paths.pages_file, pages.to_json())
        _report_changes(report, result, feeds, plan, previous)
        # WebSub: queue a hub notification for every changed subscription document
        # (sent by 'newswire ping' / 'build --ping'; kept until a hub accepts it).
        try:
            PingQueue(paths.state_dir).add(changed_topics(site, feeds,
                                                          report.feed_files_changed))
        except NewswireError as exc:  # the published site is fine; only pings are at stake
            report.diagnostics.append(exc.diagnostic("warning"))
        steady = _steady_diagnostics(plan, site, options, paths, report, state)
        if steady is not None:
            low, high = plan.window
            record = LastBuild(
                inputs.digest, reference_ns, inputs.newest_ns,
                low.isoformat() if low else None, high.isoformat() if high else None,
                (file_stamp(paths.state_file), file_stamp(paths.manifest_file)),
                tuple((d.level, d.message, str(d.path) if d.path is not None else None,
                       d.line) for d in steady),
                report.articles)
            atomic_write(paths.last_build_file, record.to_json())
    return report


def _forget_last_build(paths: SitePaths) -> None:
    """Remove the record of the last complete build (this one will replace it).

    Raises:
        OutputError: something that is not a file stands in its place.
    """
    try:
        paths.last_build_file.unlink(missing_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot remove: {exc.strerror}; move it away",
                          paths.last_build_file) from None


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


def _page_records(paths: SitePaths, site: SiteConfig,
                  feeds: tuple[FeedConfig, ...]) -> PageRecords:
    """What the last build rendered each article page from (see :mod:`.incremental`)."""
    return PageRecords.load(paths.public, paths.pages_file, code_fingerprint(site, feeds))
