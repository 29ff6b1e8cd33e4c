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

import bisect
import functools
import json
import re
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from lxml import etree

from .cache import ArticleCache, Probe
from .claim import claim_output
from .clock import LATEST_NOW, latest_now, moved_back
from .config import FeedConfig, SiteConfig, _key_line, load_feeds, load_site
from .emptyfeeds import EmptyFeeds
from .entries import html_key, is_published, make_entry, newest_first, select
from .errors import (ArticleError, ConfigError, Diagnostic, NewswireError,  # noqa: F401
                     OutputError, StateError)
from .feeds import FeedDocument, feed_file, feed_url, render_feed
from .feeds.checks import article_problems
from .feeds.document import derived_feed_id
from .feeds.podcast import podcast_guid
from .identity import Conflict, State, assign_identities, ledger_conflicts
from .images import RECOMMENDED, local_image, preview_problems, with_image_info
from .incremental import PageRecords, document_key, listing_key, page_key
from .media import enclosure_line, enclosures
from .model import Article, Entry, Identity
from .outputs import OVERRIDABLE, SITE_FILES, Claims
from .pages import PageRenderer
from .pages.paging import (CATEGORIES, TAGS, ListingPage, Term, category_listings,
                           feed_listing, index_listing, tag_listings)
from .parallel import REPORT_BUG, ListingJob, PageJob, read_many, sanitize_many, stage_pages  # noqa: F401 (REPORT_BUG kept for importers)
from .options import BuildOptions, BuildReport, SitePaths
from .publish import UNKNOWN, FileStamp, PublishResult, Publisher, atomic_write
from .readers import ContentFiles, scan_content
from .sitemaps import (NEWS_FILE, SITEMAP_FILE, news_entries, news_sitemap, news_window,
                       robots_txt, sitemaps)
from .scaffold import PLACEHOLDER_URL
from .revisions import Revisions, text_digest, with_updated
from .state import fingerprint, load_ledger, read_intent, write_intent
from .state.digests import Snapshot, file_stamp
from .state.lastbuild import LAST_BUILD, LastBuild
from .state.legacy import import_legacy
from .state.store import Changes, Store, open_store
from .stopped import stopped_feeds
from .safeio import read_own_file
from .validate import Finding, validate_bytes
from .websub import changed_topics, queue_change

__all__ = ["BuildOptions", "BuildReport", "Plan", "SitePaths", "article_cache",
           "build_locked", "load_state", "open_database", "prepare", "publication_window"]


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
                   progress: Callable[[str, int, int], None] | None = None) -> list[Article]:
    """Every article file in the order given; unchanged ones come from ``cache``,
    only the others are read (on every core) and then cached. Files new to
    the cache are hashed by the worker that reads them, not here."""
    outcomes: dict[Path, tuple[Article | None, list[Diagnostic]]] = {}
    misses: list[Probe] = []
    for path in files:
        cached, probe = cache.get(cache.probe(path, path.relative_to(paths.content).as_posix()),
                                  hash_new=False)
        if cached is None:
            misses.append(probe)
        else:
            outcomes[path] = (cached.article, cached.diagnostics(paths.content))
    report.parsed += len(misses)
    def read(done: int, total: int) -> None:
        if progress is not None:
            progress("reading articles", done, total)
    hashed = any(p.digest is None for p in misses)
    for probe, outcome in zip(misses, read_many([p.path for p in misses], paths.content,
                                                site.timezone, progress=read,
                                                language=site.language, hashed=hashed)):
        said = ([outcome.error] if outcome.error is not None else []) + list(outcome.warnings)
        outcomes[probe.path] = (outcome.article, said)
        if outcome.article is None:
            cache.drop(probe.source)
        else:
            if probe.digest is None:
                probe = replace(probe, digest=outcome.digest)
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


def show_guids(state: State, site: SiteConfig,
               feeds: Sequence[FeedConfig]) -> dict[str, str]:
    """Every podcast feed's permanent ``podcast:guid`` by feed name: its
    ``podcast_guid`` setting, else the one recorded in the state, else the
    Podcasting 2.0 derivation from its RSS URL
    (:func:`~newswire.feeds.podcast.podcast_guid`). Recorded like the feeds'
    atom:ids, so a show keeps its guid when the site's domain or the feed's
    ``path`` changes; guids of feeds no longer podcasts stay recorded."""
    recorded = state.get_extra("podcasts", {})
    guids = dict(recorded) if isinstance(recorded, dict) else {}
    for feed in feeds:
        if feed.podcast is None:
            continue
        if feed.podcast.guid:
            guids[feed.name] = feed.podcast.guid
        else:
            guids.setdefault(feed.name, podcast_guid(feed_url(site, feed, "rss")))
    return dict(sorted(guids.items()))


def _stage_feeds(publisher: Publisher, feeds: Sequence[FeedConfig], site: SiteConfig,
                 entries: list[Entry], report: BuildReport,
                 ids: dict[str, str], pages: PageRecords | None = None,
                 content: Path | None = None,
                 assets: dict[str, Path] | None = None,
                 empty: tuple[EmptyFeeds, datetime, Path] | None = None,
                 kept: list[str] | None = None,
                 guids: dict[str, str] | None = None,
                 auto_entries: list[Entry] | None = None) -> dict[str, list[str]]:
    """Render, validate and stage every feed document; returns feed names per entry id.

    ``assets`` (the files under ``content/`` by POSIX path) and
    ``content`` let validation check a podcast's artwork file.

    With ``pages``, archive documents rendered by the last build from the same
    inputs are taken from ``public/`` as they are (see :mod:`.incremental`).
    With ``empty`` (the record, the build's now, the ``feeds/`` folder), a feed
    without items states the recorded moment it became empty, with a warning.
    Feeds with ``updated = "auto"`` (their own, else the site's) take their
    items from ``auto_entries`` when given.

    A document that fails validation is published without the items that
    make it invalid (reported against their articles, below ``content``);
    when it still fails, the version the last build published stays
    (README "Validation", §6), and its path is appended to ``kept``."""
    membership: dict[str, list[str]] = {}
    local = _local_files(site, assets, content)
    for feed in feeds:
        auto = auto_entries is not None and (feed.updated or site.updated) == "auto"
        selected = select(feed, auto_entries if auto else entries)
        for entry in selected:
            membership.setdefault(entry.id, []).append(feed.name)
        numbers = ({e.id: n for n, e in enumerate(reversed(selected), start=1)}
                   if feed.podcast is not None and feed.podcast.type == "serial" else None)
        floor = _empty_floor(feed, selected, report, empty) if empty else None
        for number, doc in _documents(feed, site, selected):
            doc = replace(doc, recorded_id=ids[feed.name], episode_numbers=numbers,
                          show_guid=(guids or {}).get(feed.name))
            if number is None and floor is not None:
                doc = replace(doc, not_before=floor)
            for fmt in feed.formats:
                path = feed_file(feed, fmt, number)
                key = document_key(pages.fingerprint, doc, fmt) if pages and number else ""
                data = pages.document(path, key) if key else None
                if data is not None:
                    publisher.add(path, data, "feed")
                    continue
                data = render_feed(doc, fmt)
                check = _checker(path, fmt, local, site if feed.podcast is not None else None,
                                 _settings_files(feed, content))
                findings = check(data)
                if any(f.level == "error" for f in findings):
                    doc_fixed, left_out = _without_invalid_items(doc, fmt, path, check, report,
                                                                 content=content)
                    for entry in left_out:
                        if feed.name in membership.get(entry.id, []):
                            membership[entry.id].remove(feed.name)
                    if left_out:
                        data = render_feed(doc_fixed, fmt)
                        findings = check(data)
                        key = ""
                if key and not findings:
                    pages.rendered(path, key, data)
                if feed.podcast is not None and fmt == "rss" and content is not None:
                    findings = at_episodes(findings, data, doc, content)
                # findings already moved to the file that fixes them (settings, an
                # episode's article) keep their place; the document's own go by item
                moved = [f for f in findings if f.level != "error" and f.path != f"public/{path}"]
                for warning in [Diagnostic("warning", f"{f.code}: {f.message}", f.path, f.line)
                                for f in moved] + _warnings_by_article(
                        [f for f in findings if f.path == f"public/{path}"], data, fmt, doc,
                        path, content):
                    report.add_once(warning)
                errors = [f for f in findings if f.level == "error"]
                if errors:
                    kept_one = publisher.retain(path, "feed")
                    if kept_one and kept is not None:
                        kept.append(path)
                    report.diagnostics += [Diagnostic(
                        "error", f"{f.code}: {f.message}; not published, "
                        + ("the previous version stays" if kept_one else
                           "and no earlier version exists"), f.path, f.line)
                        for f in errors]
                    continue
                publisher.add(path, data, "feed")
    return membership


def _warnings_by_article(findings: list[Finding], data: bytes, fmt: str, doc: FeedDocument,
                         path: str, content: Path | None) -> list[Diagnostic]:
    """The warnings among ``findings`` of the document ``data`` (at
    ``public/<path>``), each against the article whose RSS item or Atom entry
    holds its line (where the writer can fix it), else against the document."""
    warnings = [f for f in findings if f.level != "error"]
    starts: list[int] = []  # the first line of each item, in document order
    items: list[Entry | None] = []  # the entry each item renders
    if fmt in ("rss", "atom") and any(f.line for f in warnings):
        try:
            root = etree.fromstring(data, etree.XMLParser(resolve_entities=False,
                                                         no_network=True))
        except etree.XMLSyntaxError:
            root = None
        if root is not None:
            atom = "{http://www.w3.org/2005/Atom}"
            tag, key = ("item", "guid") if fmt == "rss" else (f"{atom}entry", f"{atom}id")
            by_id = {entry.id: entry for entry in doc.entries}
            for element in root.iter(tag):
                starts.append(element.sourceline or 0)
                items.append(by_id.get((element.findtext(key) or "").strip()))
    out = []
    for finding in warnings:
        index = bisect.bisect_right(starts, finding.line or 0) - 1
        entry = items[index] if finding.line and index >= 0 else None
        if entry is not None:
            where = content / entry.article.source if content else entry.article.source
            out.append(Diagnostic("warning", f"{finding.code}: {finding.message} "
                                  f"(public/{path}, line {finding.line})", where))
        else:
            out.append(Diagnostic("warning", f"{finding.code}: {finding.message}",
                                  finding.path, finding.line))
    return out


def _empty_floor(feed: FeedConfig, selected: list[Entry], report: BuildReport,
                 empty: tuple[EmptyFeeds, datetime, Path]) -> datetime | None:
    """The ``updated`` an empty feed states (see :mod:`.emptyfeeds`), with a
    warning that it is empty; None for a feed with items."""
    record, now, feeds_dir = empty
    moment = record.updated(feed, max((e.updated for e in selected), default=None), now)
    if moment is not None:
        config = feeds_dir / f"{feed.name}.toml"
        report.diagnostics.append(Diagnostic(
            "warning", f"feed {feed.name!r} is empty: no published article matches its "
            f"selection, so its readers see no items (it states {moment.isoformat()}, "
            "when it became empty, as its updated); check its include_* and "
            "exclude_tags settings" + ("; a podcast holds only articles with audio: or "
                                       "video:" if feed.podcast is not None else ""),
            config if config.is_file() else None))
    return moment


def _checker(path: str, fmt: str, local: Callable[[str], Path | None] | None,
             podcast_site: SiteConfig | None, settings: tuple[Path, Path] | None = None
             ) -> Callable[[bytes], list[Finding]]:
    """Validation of the document at ``public/<path>``: the format's rules,
    local files checked through ``local``, and, for a podcast feed of
    ``podcast_site``, the podcast rules as :func:`podcast_findings` judges them,
    reported where they are fixed (:func:`at_settings`, with ``settings``)."""
    def check(data: bytes) -> list[Finding]:
        findings = validate_bytes(data, f"public/{path}", fmt, local, own=True)
        if podcast_site is None:
            return findings
        findings = podcast_findings(findings, podcast_site)
        return at_settings(findings, *settings) if settings else findings
    return check


def at_episodes(findings: list[Finding], data: bytes, doc: FeedDocument,
                content: Path) -> list[Finding]:
    """``PODCAST-ENCLOSURE-DUPLICATE`` warnings of the podcast RSS ``data``
    moved to the article of the episode they are found in, at its media's
    front-matter line (below ``content``), the document's place kept in the
    message. Other findings are kept."""
    if not any(f.code == "PODCAST-ENCLOSURE-DUPLICATE" for f in findings):
        return findings
    from lxml import etree

    by_id = {entry.id: entry for entry in doc.entries}
    items: list[tuple[int, Entry, str]] = []  # (first line, entry, enclosure URL)
    for item in etree.fromstring(data).iter("item"):
        entry = by_id.get((item.findtext("guid") or "").strip())
        enclosure = item.find("enclosure")
        if entry is not None and item.sourceline is not None and enclosure is not None:
            items.append((item.sourceline, entry, (enclosure.get("url") or "").strip()))
    moved = []
    for f in findings:
        here = [(entry, url) for start, entry, url in items
                if f.line is not None and start <= f.line]
        if f.code != "PODCAST-ENCLOSURE-DUPLICATE" or not here:
            moved.append(f)
            continue
        entry, url = here[-1]
        other = next(e for _, e, u in items if u == url)
        article = entry.article
        moved.append(replace(
            f, path=str(content / article.source),
            line=enclosure_line(article, "PODCAST-ENCLOSURE"),
            message=f"enclosure {url!r} is also the enclosure of content/"
                    f"{PurePosixPath(other.article.source).as_posix()} "
                    f"({f.path}:{f.line}); podcast apps take them for one episode: give "
                    "each episode its own file"))
    return moved


def _settings_files(feed: FeedConfig, content: Path | None) -> tuple[Path, Path] | None:
    """A podcast feed's settings file and the site's, or None."""
    if feed.podcast is None or content is None:
        return None
    return content.parent / "feeds" / f"{feed.name}.toml", content.parent / "feeds" / "site.toml"


# Channel-level podcast findings -> the settings key that fixes them.
_SETTING_OF = {"PODCAST-CATEGORY": "itunes_category", "PODCAST-EXPLICIT": "itunes_explicit",
               "PODCAST-ARTWORK-MISSING": "itunes_image",
               "PODCAST-ARTWORK-FORMAT": "itunes_image",
               "PODCAST-ARTWORK-SIZE": "itunes_image", "PODCAST-LANGUAGE": "language",
               "PODCAST-OWNER": "itunes_owner"}


def at_settings(findings: list[Finding], feed_file: Path, site_file: Path) -> list[Finding]:
    """Podcast findings about the show (category, explicit flag, artwork and
    its URL, owner, language) moved to the settings that set them: ``feed_file``'s key (or
    its ``podcast`` line when the key is missing), ``site_file``'s
    ``language``; the document's own place is kept in the message
    (``... (public/feeds/podcast/rss.xml:13)``). Other findings are kept."""
    texts: dict[Path, str] = {}

    def line(file: Path, key: str) -> int | None:
        if file not in texts:
            try:
                texts[file] = file.read_bytes().decode("utf-8-sig")
            except (OSError, UnicodeDecodeError):
                texts[file] = ""
        return _key_line(texts[file], key) or (
            _key_line(texts[file], "podcast") if file == feed_file else None)

    moved = []
    for f in findings:
        key = _SETTING_OF.get(f.code)
        if f.code == "PODCAST-HTTPS" and f.message.startswith("artwork "):
            key = "itunes_image"
        if key is None:
            moved.append(f)
            continue
        file = site_file if key == "language" else feed_file
        where = f"{f.path}:{f.line}" if f.line else f.path
        moved.append(replace(f, path=str(file), line=line(file, key),
                             message=f"{key}: {f.message} ({where})"))
    return moved


def _without_invalid_items(doc: FeedDocument, fmt: str, path: str,
                           check: Callable[[bytes], list[Finding]], report: BuildReport,
                           content: Path | None = None) -> tuple[FeedDocument, list[Entry]]:
    """A document that failed validation, without the items that make it
    invalid on their own; those are reported against their article files.

    Each item is rendered alone in a copy of the document (every other
    value the same) and validated; the ones that fail, when the document
    without items passes, are the culprits. When even the empty document
    fails, the fault is the feed's, not an item's: nothing is left out.

    Returns:
        (the document without the culprits, the culprits' entries).
    """
    empty = replace(doc, entries=())
    if any(f.level == "error" for f in check(render_feed(empty, fmt))):
        return doc, []
    culprits: list[Entry] = []
    for entry in doc.entries:
        alone = replace(doc, entries=(entry,))
        errors = [f for f in check(render_feed(alone, fmt)) if f.level == "error"]
        if errors:
            culprits.append(entry)
            where = content / entry.article.source if content else entry.article.source
            report.diagnostics.append(Diagnostic(
                "error", f"left out of public/{path}: its item would make the feed "
                f"invalid ({errors[0].code}: {errors[0].message}); fix the value in the "
                "article", where, enclosure_line(entry.article, errors[0].code)))
    bad = {id(e) for e in culprits}
    return replace(doc, entries=tuple(e for e in doc.entries if id(e) not in bad)), culprits


def _local_files(site: SiteConfig, assets: dict[str, Path] | None,
                 content: Path | None) -> Callable[[str], Path | None] | None:
    """URL -> the file under ``content/`` published there, for validation
    (:data:`newswire.validate.podcast.LocalFile`): a URL on the site with no
    file there gives the path below ``content/`` that is missing."""
    if assets is None or content is None:
        return None

    def find(url: str) -> Path | None:
        found = local_image(url, site.base_url, assets)
        if found is None and url.startswith(site.base_url):
            return content / unquote(urlsplit(url[len(site.base_url):]).path)
        return found
    return find


def podcast_findings(findings: list[Finding], site: SiteConfig) -> list[Finding]:
    """A podcast feed's findings as the build judges them: on a site served
    over plain http (``base_url`` http://, as for a local preview) the
    ``PODCAST-HTTPS`` errors are warnings, since every URL of the site is
    http; the feed is published, and directories will refuse it until the
    site moves to https."""
    if not site.base_url.startswith("http://"):
        return findings
    return [replace(f, level="warning", message=f"{f.message} (published anyway: this "
                    "site's base_url is http://; switch it to https:// before submitting "
                    "the podcast)") if f.code == "PODCAST-HTTPS" else f for f in findings]


def _stage_pages(publisher: Publisher, renderer: PageRenderer, entries: list[Entry],
                 membership: dict[str, list[str]], assets: Sequence[str] = (),
                 pages: PageRecords | None = None,
                 progress: Callable[[str, int, int], None] | None = None) -> None:
    """Article pages, OPML, stylesheets and the icon; a file of ``content/``
    (``assets``) replaces a shipped one. With ``pages``, article pages whose
    inputs did not change are not rendered again. The others are rendered
    and written to their temporary files on every core
    (:func:`~newswire.parallel.stage_pages`). (Listing pages and sitemaps:
    :func:`_stage_listings`.)"""
    jobs: list[PageJob] = []
    paths: list[str] = []
    for entry in entries:
        in_feeds = tuple(membership.get(entry.id, ()))
        path = entry.identity.path + "index.html"
        key = None
        if pages is not None and path in pages.recorded:
            key = page_key(pages.fingerprint, entry, in_feeds)
            if pages.reuse(path, key, lambda p, digest: publisher.keep(p, "page", digest)):
                continue  # unchanged, staged without reading it
        target, previous = publisher.claim(path)
        jobs.append(PageJob(entry, in_feeds, target, previous, key))
        paths.append(path)

    def staging(done: int, total: int) -> None:
        if progress is not None:
            progress("rendering pages", done, total)
    _stage_jobs(publisher, renderer, jobs, paths, pages, staging)
    publisher.add("feeds.opml", renderer.opml(), "page")
    for name in ("style.css", "feed.css", "favicon.ico"):
        if name not in assets:
            publisher.add(name, renderer.static(name), "asset")


def _stage_jobs(publisher: Publisher, renderer: PageRenderer,
                jobs: Sequence[PageJob | ListingJob], paths: Sequence[str],
                pages: PageRecords | None,
                progress: Callable[[int, int], None] | None = None) -> None:
    """Render and stage ``jobs`` (their paths ``paths``, claimed in
    ``publisher``) on every core (:func:`~newswire.parallel.stage_pages`) and
    record each page in ``pages``.

    Raises:
        OutputError: a page could not be written; everything staged is
            discarded, the temporary files workers wrote included.
    """
    error: tuple[OSError, Path] | None = None
    outcomes = stage_pages(renderer, jobs, pages.fingerprint if pages else None,
                           progress=progress)
    for index, outcome in outcomes:
        if isinstance(outcome, OSError):  # the rest of its chunk is left out
            error = error or (outcome, jobs[index].target)
            continue
        publisher.staged(paths[index], "page", outcome.staged)
        if pages is not None:
            pages.record(paths[index], outcome.key, outcome.staged[0], outcome.size)
    if error is not None:
        raise publisher.failed(*error)


@dataclass
class _Listings:
    """The listing pages a build writes (see :func:`_claim_listings`)."""

    pages: list[ListingPage]
    overviews: list[tuple[str, list[Term]]]
    browse: tuple[tuple[str, str], ...]


def _claim_listings(site: SiteConfig, entries: list[Entry], membership: dict[str, list[str]],
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
                    report: BuildReport, now: datetime, pages: PageRecords | None = None
                    ) -> tuple[datetime | None, datetime | None]:
    """Render and stage the listing pages claimed by :func:`_claim_listings`,
    ``sitemap.xml``, the Google News sitemap and ``robots.txt`` (see
    :mod:`.sitemaps`); a file of ``content/`` of the same name replaces a
    sitemap or ``robots.txt``.

    With ``pages``, a listing page rendered by the last build from the same
    inputs is kept as it is (see :func:`~.incremental.listing_key`). Returns
    the range of "now" over which the News sitemap stays the same (see
    :func:`~newswire.sitemaps.news_window`).
    """
    site = renderer.site
    base = site.base_url
    urls: list[tuple[str, datetime | None]] = []

    def keep(path: str, digest: str) -> bool:
        return publisher.keep(path, "page", digest)
    jobs: list[ListingJob] = []
    paths: list[str] = []
    for page in listings.pages:
        urls.append((page.url(base), page.lastmod))
        key = None
        if pages and page.file in pages.recorded:
            key = listing_key(pages.fingerprint, page, listings.browse)
            if pages.reuse(page.file, key, keep):
                continue
        target, previous = publisher.claim(page.file)
        jobs.append(ListingJob(page, listings.browse, target, previous, key))
        paths.append(page.file)
    _stage_jobs(publisher, renderer, jobs, paths, pages)
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

    Attributes:
        window: the range of "now" that publishes the same articles (see
            :func:`publication_window`).
        identity_diagnostics: where in the report's diagnostics those of the
            state and identities are: (start, end) indexes.
        held: sources of articles that exist but are not published by this
            build because they cannot be read or have errors (or lie in a
            folder that cannot be listed): their records and published
            pages are kept as they are.
        drafts_left_out, future_left_out: articles read but not published
            because they are drafts / dated after "now" (a draft dated
            later counts as a draft).
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
    held: frozenset[str] = frozenset()
    claims: Claims | None = None
    drafts_left_out: int = 0
    future_left_out: int = 0
    texts: dict[str, str] = field(default_factory=dict)


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
    read = _read_articles(paths, list(files.articles), site, report, cache, options.progress)
    cache.keep_only(a.relative_to(paths.content).as_posix() for a in files.articles)
    read = _checked_values(read, site, paths, report)
    listed = {a.relative_to(paths.content).as_posix() for a in files.articles}
    failed = listed - {a.source for a in read}
    held = frozenset(failed | {r.source for r in state.records if files.hides(r.source)})
    recorded = {r.source: r.first_published for r in state.records}
    articles = [a for a in read if _published(a, options, recorded)]
    start = len(report.diagnostics)
    identities, new_state, id_diagnostics = assign_identities(
        articles, state, site.base_url, options.now.astimezone(site.timezone),
        _shown_sources(paths, articles), held, claims.page_owner if claims else None)
    report.diagnostics += id_diagnostics
    end = len(report.diagnostics)
    window = publication_window(read, options, recorded)
    assets = {p.relative_to(paths.content).as_posix(): p for p in files.assets}
    made = _sanitized(articles, identities, site, cache)
    entries = newest_first(_with_media(_checked_image(_entry(a, identities[a.source], site,
                                                             cache, made.get(a.source)),
                                                      site, assets, paths, report),
                                       site, assets, paths, report)
                           for a in articles if a.source in identities)
    texts = {e.id: text_digest(e.title, e.article.body_html) for e in entries} \
        if text_digests else {}
    entries, articles = _shed_bodies(entries, articles)
    left_out = [a for a in read if not _published(a, options, recorded)]
    drafts = sum(1 for a in left_out if a.draft and not options.drafts)
    return Plan(files, articles, entries, identities, state, new_state, window, (start, end),
                held, claims, drafts, len(left_out) - drafts, texts)


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


def _sanitized(articles: Sequence[Article], identities: dict[str, Identity], site: SiteConfig,
               cache: ArticleCache) -> dict[str, tuple[str, str]]:
    """``(content_html, summary)`` by source of every article to publish
    whose sanitized HTML the cache does not hold, made on every core
    (:func:`~newswire.parallel.sanitize_many`)."""
    jobs = [(a, identities[a.source], site) for a in articles if a.source in identities
            and cache.html(a.source, a.digest, html_key(a, identities[a.source], site)) is None]
    return {article.source: html for (article, _, _), html in zip(jobs, sanitize_many(jobs))}


def _entry(article: Article, identity: Identity, site: SiteConfig,
           cache: ArticleCache, made: tuple[str, str] | None = None) -> Entry:
    """:func:`make_entry`, with the sanitized HTML the cache kept for the same
    article bytes and URLs, else ``made`` (see :func:`_sanitized`); what is
    made is kept for the next build."""
    key = html_key(article, identity, site)
    html = cache.html(article.source, article.digest, key)
    entry = make_entry(article, identity, site, html or made)
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
    return ArticleCache(store, f"timezone={site.timezone.key}\0language={site.language}", read_ns)


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
        warning = _missing_image(entry, site, paths)
        report.add_once(warning)
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
        report.add_once(warning)
    return entry


def _missing_image(entry: Entry, site: SiteConfig, paths: SitePaths) -> Diagnostic:
    """The warning for a site-local lead image that is not a file under
    ``content/``: at the article's ``image`` line, naming the value written and
    the file looked for; for the site's ``default_image``, one warning at its
    line in ``feeds/site.toml`` (not one per article that has no image)."""
    wanted = paths.content / unquote(entry.image_url[len(site.base_url):]).split("?")[0]
    shown = wanted.relative_to(paths.root) if wanted.is_relative_to(paths.root) else wanted
    article = entry.article
    if article.image is None:
        settings = paths.feeds / "site.toml"
        return Diagnostic(
            "warning", f"default_image {site.default_image!r}: no file {shown}; articles "
            "without an image of their own are published without one. Put the image "
            "there, fix the path (relative to content/) or use an absolute URL",
            settings, _settings_line(settings, "default_image"))
    source = paths.content / article.source
    return Diagnostic(
        "warning", f"image {article.image!r}: no file {shown}; the article is published "
        "without it. Put the image there, fix the 'image' path (relative to the article "
        "file) or use an absolute URL", source, _front_matter_line(source, "image"))


def _front_matter_line(path: Path, key: str) -> int | None:
    """1-based line of ``key:`` (YAML) or ``key =`` (TOML) in the front matter
    of a Markdown article, if found; None for other files."""
    if path.suffix.lower() != ".md":
        return None
    try:
        lines = read_own_file(path).decode("utf-8-sig", "replace").splitlines()
    except OSError:
        return None
    if not lines or lines[0].strip() not in ("---", "+++"):
        return None
    pattern = re.compile(rf'[ \t]*+("?){re.escape(key)}\1[ \t]*+[:=]')
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == lines[0].strip():
            return None
        if pattern.match(line):
            return number
    return None


def _settings_line(path: Path, key: str) -> int | None:
    """1-based line of ``key`` in the settings file ``path``, if found."""
    try:
        return _key_line(read_own_file(path).decode("utf-8-sig", "replace"), key)
    except OSError:
        return None


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
                        paths: SitePaths, report: BuildReport, written: State
                        ) -> list[Diagnostic] | None:
    """What the next build would report if nothing changed, or None when that
    cannot be known: messages about this build's changes to the state (a file
    renamed, an article dated now) are not said twice."""
    if _same_state(written, plan.old_state):
        return list(report.diagnostics)
    _, again, id_diagnostics = assign_identities(
        plan.articles, plan.new_state, site.base_url, options.now.astimezone(site.timezone),
        _shown_sources(paths, plan.articles), plan.held,
        plan.claims.page_owner if plan.claims else None)
    if not _same_state(again, plan.new_state):
        return None
    diagnostics = list(report.diagnostics)
    start, end = plan.identity_diagnostics
    diagnostics[start:end] = id_diagnostics
    return diagnostics


def _same_state(a: State, b: State) -> bool:
    """The same ledger: what the ledger file holds (ids, URLs, first
    publication, removals, feed ids) is equal. The recognition values an
    edit changes (digest, title, body signature) do not count: identities,
    and the messages assigning them gives, follow from the ledger alone
    while no article is new to it (a new one changes the ledger)."""
    return a.to_json() == b.to_json()


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
    publisher = Publisher(paths.public, previous, paths.journal_file)
    clock_warning = moved_back(latest_now(store), options.now, paths.database_file)
    if clock_warning is not None:
        report.diagnostics.append(clock_warning)
    with publisher.writing():
        reference_ns = paths.journal_file.stat().st_mtime_ns
        cache = article_cache(paths, site, store, reference_ns)
        auto = any((f.updated or site.updated) == "auto" for f in feeds) \
            or site.updated == "auto"
        plan = prepare(paths, site, options, report, cache, claims, text_digests=auto)
        changes = Changes(articles=cache.changes(), records={LAST_BUILD: None})
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
        membership = _stage_feeds(publisher, feeds, site, plan.entries, report, ids, pages,
                                  paths.content,
                                  {a.relative_to(paths.content).as_posix(): a
                                   for a in plan.files.assets},
                                  (empty, now, paths.feeds), kept, guids, auto_entries)
        renderer = PageRenderer(site, feeds)
        listings = _claim_listings(site, shown, membership, feeds, claims, paths, report)
        files = _claimed_assets(plan, claims, paths, report)
        assets = [asset.relative_to(paths.content).as_posix() for asset in files]
        _stage_pages(publisher, renderer, shown, membership, assets, pages,
                     options.progress)
        plan.window = _narrowed(plan.window, _stage_listings(
            publisher, renderer, listings, shown, assets, claims, report, options.now, pages))
        for name, asset in zip(assets, files):
            publisher.add(name, asset.read_bytes(), "asset")
        _retain_held(publisher, plan)
        _retain_referenced(publisher, paths.public, site.base_url, kept)
        changes.articles = cache.changes()  # with the sanitized HTML kept since
        if options.strict and report.errors:
            publisher.discard()
            _commit(store, changes, report, paths)
            return report
        stopped = stopped_feeds(previous, publisher.paths(), paths.public, site.base_url)
        # The ledger first: a build killed after publishing must not give an
        # undated article another date, or a moved file another id, next time.
        state = plan.new_state.with_extra("feeds", ids)
        if guids:
            state = state.with_extra("podcasts", guids)
        atomic_write(paths.state_file, state.to_json())
        if revisions is not None:
            revisions.save(paths.state_dir)
        if mark_output is not None:
            mark_output()
        result = publisher.publish(previous, lambda manifest: write_intent(
            paths.journal_file, [p for p, s in manifest.items() if s == UNKNOWN]))
        empty.save()
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
        steady = _steady_diagnostics(plan, site, options, paths, report, state)
        report.diagnostics += stopped  # said once, by the build that stops them
        if steady is not None:
            steady = [d for d in steady if d is not clock_warning]
            low, high = plan.window
            changes.records[LAST_BUILD] = LastBuild(
                inputs.digest, reference_ns, inputs.newest_ns,
                low.isoformat() if low else None, high.isoformat() if high else None,
                (file_stamp(paths.state_file),),
                tuple((d.level, d.message, str(d.path) if d.path is not None else None,
                       d.line) for d in steady),
                report.articles, report.left_out).to_plain()
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
    for entry in plan.entries:
        page = entry.identity.path + "index.html"
        other = claims.claim(page, f"the page of {paths.content / entry.article.source}")
        if other is None:
            continue
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
    file it copied from a folder that cannot be listed (README "Building by cron")."""
    for record in plan.old_state.records:
        if record.source in plan.held and not record.removed:
            publisher.retain(record.path + "index.html", "page")
    if plan.files.unlisted:
        for path in publisher.published():
            if plan.files.hides(path):
                publisher.retain(path, "asset")


def _retain_referenced(publisher: Publisher, public: Path, base_url: str,
                       kept: Sequence[str]) -> None:
    """Keep the files of the site that the feed documents kept as they were
    (``kept``, paths below ``public``) point at: the enclosures and artwork
    of a podcast feed that failed validation stay downloadable while the
    previous feed still lists them (README "Building by cron")."""
    published = set(publisher.published())
    for path in kept:
        try:
            data = (public / path).read_bytes()
        except OSError:
            continue
        for url in referenced_urls(data):
            if url.startswith(base_url):
                name = unquote(urlsplit(url[len(base_url):]).path)
                if name in published:
                    publisher.retain(name, "asset")


def referenced_urls(data: bytes) -> list[str]:
    """Every ``url``/``href`` attribute value of an RSS or Atom document, or
    every ``url``/``image``/``banner_image`` string of a JSON Feed (and its
    items' attachments); [] when ``data`` is neither."""
    if data.lstrip()[:1] == b"{":
        try:
            feed = json.loads(data)
        except ValueError:
            return []
        found: list[str] = []
        items = feed.get("items") if isinstance(feed, dict) else None
        for obj in [feed, *(items if isinstance(items, list) else [])]:
            if not isinstance(obj, dict):
                continue
            for value in [obj.get("image"), obj.get("banner_image"), *[
                    a.get("url") for a in obj.get("attachments") or []
                    if isinstance(a, dict)]]:
                if isinstance(value, str):
                    found.append(value)
        return found
    from lxml import etree

    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return []
    return [value for element in root.iter() for name, value in element.attrib.items()
            if name in ("url", "href")]


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
