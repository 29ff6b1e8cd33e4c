"""One build: read → identify → select → render → validate → publish (SPEC §3–§7).

No click here: :func:`build` takes a site folder and :class:`BuildOptions`
and returns a :class:`BuildReport`; the command line turns that into output
and an exit status.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from filelock import FileLock, Timeout

from .cache import (ArticleCache, LastBuild, Probe, Snapshot, file_stamp, load_last_build,
                    snapshot, trusted)
from .config import FeedConfig, SiteConfig, load_feeds, load_site
from .entries import is_published, make_entry, newest_first, select
from .errors import ArticleError, Diagnostic, LockTimeout, NewswireError, OutputError
from .feeds import FeedDocument, feed_file, feed_url, render_feed
from .feeds.document import derived_feed_id
from .identity import State, assign_identities
from .images import local_image, with_image_info
from .incremental import PageRecords, code_fingerprint, document_key
from .model import Article, Entry, Identity
from .pages import PageRenderer
from .parallel import REPORT_BUG, read_many, render_pages  # noqa: F401 (REPORT_BUG kept for importers)
from .publish import (FileStamp, PublishResult, Publisher, atomic_write,
                      manifest_from_json, manifest_to_json)
from .readers import ContentFiles, scan_content
from .validate import validate_bytes
from .websub import PingQueue, changed_topics

__all__ = ["BuildOptions", "BuildReport", "Plan", "SitePaths", "article_cache", "build",
           "load_state", "prepare", "publication_window"]


@dataclass(frozen=True)
class SitePaths:
    """The folders and files of one site (SPEC §1)."""

    root: Path

    @property
    def feeds(self) -> Path:
        return self.root / "feeds"

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def public(self) -> Path:
        return self.root / "public"

    @property
    def state_dir(self) -> Path:
        """``.newswire/``: the identity ledger (keep it), manifest and lock."""
        return self.root / ".newswire"

    @property
    def state_file(self) -> Path:
        return self.state_dir / "state.json"

    @property
    def manifest_file(self) -> Path:
        return self.state_dir / "manifest.json"

    @property
    def pages_file(self) -> Path:
        """What each article page was rendered from (safe to delete)."""
        return self.state_dir / "pages.json"

    @property
    def lock_file(self) -> Path:
        return self.state_dir / "build.lock"

    @property
    def cache_dir(self) -> Path:
        """``.newswire/cache/``: parsed articles of earlier builds; safe to delete."""
        return self.state_dir / "cache"

    @property
    def last_build_file(self) -> Path:
        """What the last complete build saw and said (in the cache: safe to delete)."""
        return self.cache_dir / "last-build.json"

    @property
    def journal_file(self) -> Path:
        """Exists while a build writes; found later, that build was interrupted."""
        return self.state_dir / "writing"


@dataclass(frozen=True)
class BuildOptions:
    """What ``newswire build`` was asked to do.

    Attributes:
        now: the build's "now" (timezone-aware) for the draft/future filter
            and for undated articles; from ``--now``, ``SOURCE_DATE_EPOCH``
            or the clock, decided by the caller.
        drafts, future: publish drafts / future-dated articles too.
        strict: any article error fails the whole build, publishing nothing.
        wait: seconds to wait for another build's lock before giving up.
        progress: called as ``progress(stage, done, total)`` while the long
            stages run (``"reading articles"``, ``"rendering pages"``), or None.
    """

    now: datetime
    drafts: bool = False
    future: bool = False
    strict: bool = False
    wait: float = 0.0
    progress: Callable[[str, int, int], None] | None = field(default=None, compare=False)


@dataclass
class BuildReport:
    """What a build did and found.

    Attributes:
        diagnostics: errors and warnings, in the order found.
        articles: number of articles published.
        result: what the publisher wrote, kept and removed (None if the build
            stopped before publishing).
        feeds_changed: names of feeds with at least one document rewritten.
        added, removed: article sources first published / gone in this build.
        unchanged: True when nothing changed since the last build, which was
            therefore not repeated (its diagnostics are repeated).
        parsed: article files read (the others came from the cache).
    """

    diagnostics: list[Diagnostic] = field(default_factory=list)
    articles: int = 0
    result: PublishResult | None = None
    feeds_changed: list[str] = field(default_factory=list)
    feed_files_changed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: bool = False
    parsed: int = 0

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.level == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.level == "warning"]

    def summary(self) -> str:
        """One line: ``3 feeds updated, 1 article added, 0 errors``."""
        def count(n: int, word: str) -> str:
            return f"{n} {word}{'' if n == 1 else 's'}"
        parts = [count(len(self.feeds_changed), "feed") + " updated",
                 count(len(self.added), "article") + " added"]
        if self.removed:
            parts.append(count(len(self.removed), "article") + " removed")
        written = len(self.result.written) if self.result else 0
        parts.append(count(written, "file") + " written")
        parts.append(count(len(self.errors), "error"))
        if self.warnings:
            parts.append(count(len(self.warnings), "warning"))
        return ", ".join(parts)


def load_state(paths: SitePaths) -> tuple[State, list[Diagnostic]]:
    """The identity ledger, or an empty one (with a warning when it was unreadable)."""
    try:
        return State.from_json(paths.state_file.read_bytes()), []
    except FileNotFoundError:
        return State(), []
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return State(), [Diagnostic(
            "warning", f"state file unreadable ({exc}); ids of renamed or undated "
            "articles may change. Restore it from a backup or version control",
            paths.state_file)]


def _load_manifest(paths: SitePaths) -> dict[str, FileStamp]:
    try:
        return manifest_from_json(paths.manifest_file.read_bytes())
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return {}


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
    if progress is not None and misses:
        progress("reading articles", 0, len(misses))
    for probe, outcome in zip(misses, read_many([p.path for p in misses], paths.content,
                                                site.timezone)):
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
    pages_out = pages.articles(jobs, render) if pages else render(jobs)
    for done, ((entry, _), data) in enumerate(zip(jobs, pages_out)):
        if progress is not None and done % 64 == 0:
            progress("rendering pages", done, len(jobs))
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


def build(root: Path, options: BuildOptions) -> BuildReport:
    """Build the site in ``root`` into ``root/public``.

    Args:
        root: the site folder (holding ``feeds/`` and ``content/``).
        options: see :class:`BuildOptions`.

    Returns:
        The report; article problems are diagnostics, not exceptions.

    Raises:
        ConfigError: the site or a feed file is wrong (nothing is built).
        LockTimeout: another build held the lock for ``options.wait`` seconds.
        OutputError: an output file could not be written.
    """
    paths = SitePaths(root)
    site = load_site(paths.feeds)
    feeds = load_feeds(paths.feeds)
    paths.state_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(paths.lock_file))
    try:
        lock.acquire(timeout=options.wait)
    except Timeout:
        raise LockTimeout(f"another build of this site is still running after waiting "
                          f"{options.wait:g} s; try again later or raise --wait",
                          paths.lock_file) from None
    try:
        return _build_locked(paths, site, feeds, options)
    finally:
        lock.release()


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
        cache = article_cache(paths, site)
    read = _read_articles(paths, list(files.articles), site, report, cache, options.progress)
    cache.keep_only(a.relative_to(paths.content).as_posix() for a in files.articles)
    articles = [a for a in read if is_published(a, options.now, options.drafts, options.future)]
    start = len(report.diagnostics)
    state, state_warnings = load_state(paths)
    report.diagnostics += state_warnings
    identities, new_state, id_diagnostics = assign_identities(
        articles, state, site.base_url, options.now.astimezone(site.timezone),
        _shown_sources(paths, articles))
    report.diagnostics += id_diagnostics
    end = len(report.diagnostics)
    window = publication_window(read, options)
    assets = {p.relative_to(paths.content).as_posix(): p for p in files.assets}
    entries = newest_first(_checked_image(make_entry(a, identities[a.source], site),
                                          site, assets, paths, report)
                           for a in articles if a.source in identities)
    entries, articles = _shed_bodies(entries, articles)
    return Plan(files, articles, entries, identities, state, new_state, window, (start, end))


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


def _snapshot(paths: SitePaths, options: BuildOptions) -> Snapshot:
    """The build's inputs before anything reads them: feeds/, content/,
    newswire's code and the options that change output. (The state file is
    checked apart, as the last build left it: builds write it.)"""
    return snapshot([paths.feeds, paths.content], [],
                    [f"drafts={options.drafts}", f"future={options.future}",
                     f"strict={options.strict}"])


def _unchanged_build(paths: SitePaths, options: BuildOptions, inputs: Snapshot
                     ) -> BuildReport | None:
    """The report of the last build when a build now would change nothing:
    same inputs, same articles published at this "now", and every file it
    published still as it left it. Else None."""
    record = load_last_build(paths.last_build_file)
    if record is None or record.inputs != inputs.digest or not record.covers(options.now) \
            or not trusted(record, paths.last_build_file):
        return None
    if record.outputs != (file_stamp(paths.state_file), file_stamp(paths.manifest_file)):
        return None
    manifest = _load_manifest(paths)
    if not manifest:
        return None
    for path, stamp in manifest.items():
        current = file_stamp(paths.public / path)
        if current is None or not stamp.sha256 or current[:2] != (stamp.size, stamp.mtime_ns):
            return None
    report = BuildReport(articles=record.articles, unchanged=True)
    report.diagnostics = [Diagnostic(level, message, Path(where) if where else None, line)
                          for level, message, where, line in record.diagnostics]
    report.result = PublishResult(unchanged=sorted(manifest), manifest=manifest)
    return report


def _steady_diagnostics(plan: Plan, site: SiteConfig, options: BuildOptions,
                        paths: SitePaths, report: BuildReport, written: bytes
                        ) -> list[Diagnostic] | None:
    """What the next build would report if nothing changed, or None when that
    cannot be known: messages about this build's changes to the state (a file
    renamed, an article dated now) are not said twice."""
    if written == plan.old_state.to_json():
        return list(report.diagnostics)
    _, again, id_diagnostics = assign_identities(
        plan.articles, plan.new_state, site.base_url, options.now.astimezone(site.timezone),
        _shown_sources(paths, plan.articles))
    if again.to_json() != plan.new_state.to_json():
        return None
    diagnostics = list(report.diagnostics)
    start, end = plan.identity_diagnostics
    diagnostics[start:end] = id_diagnostics
    return diagnostics


def _build_locked(paths: SitePaths, site: SiteConfig, feeds: tuple[FeedConfig, ...],
                  options: BuildOptions) -> BuildReport:
    publisher = Publisher(paths.public, _load_manifest(paths), paths.journal_file)
    recovered = publisher.recover(paths.state_dir)
    inputs = _snapshot(paths, options)
    if not recovered and not publisher.interrupted():
        unchanged = _unchanged_build(paths, options, inputs)
        if unchanged is not None:
            return unchanged
    report = BuildReport()
    with publisher.writing():
        paths.last_build_file.unlink(missing_ok=True)
        reference_ns = paths.journal_file.stat().st_mtime_ns
        cache = article_cache(paths, site)
        plan = prepare(paths, site, options, report, cache)
        cache.save()
        if options.strict and report.errors:
            return report
        report.articles = len(plan.entries)
        ids = feed_ids(plan.new_state, site, feeds)
        pages = _page_records(paths, site, feeds)
        membership = _stage_feeds(publisher, feeds, site, plan.entries, report, ids, pages)
        renderer = PageRenderer(site, feeds)
        assets = [asset.relative_to(paths.content).as_posix() for asset in plan.files.assets]
        _stage_pages(publisher, renderer, plan.entries, membership, assets, pages,
                     options.progress)
        for name, asset in zip(assets, plan.files.assets):
            publisher.add(name, asset.read_bytes(), "asset")
        if options.strict and report.errors:
            publisher.discard()
            return report
        # The ledger first: a build killed after publishing must not give an
        # undated article another date, or a moved file another id, next time.
        state = plan.new_state.with_extra("feeds", ids).to_json()
        atomic_write(paths.state_file, state)
        previous = _load_manifest(paths)
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


def _report_changes(report: BuildReport, result: PublishResult, feeds: Sequence[FeedConfig],
                    plan: Plan, previous: dict[str, FileStamp]) -> None:
    """Fill in what changed. An article counts as added when it is new to the
    state, or its page was not published yet (a build that failed after
    recording it)."""
    report.result = result
    feed_paths = {feed_file(f, fmt): f.name for f in feeds for fmt in f.formats}
    report.feed_files_changed = [p for p in result.written if p.endswith((".xml", ".json"))]
    report.feeds_changed = sorted({feed_paths[p] for p in result.written if p in feed_paths})
    known = {r.source for r in plan.old_state.records if not r.removed}
    present = {a.source for a in plan.articles}
    report.added = sorted(s for s, ident in plan.identities.items()
                          if s not in known or ident.path + "index.html" not in previous)
    report.removed = sorted(known - present)


def _page_records(paths: SitePaths, site: SiteConfig,
                  feeds: tuple[FeedConfig, ...]) -> PageRecords:
    """What the last build rendered each article page from (see :mod:`.incremental`)."""
    return PageRecords.load(paths.public, paths.pages_file, code_fingerprint(site, feeds))
