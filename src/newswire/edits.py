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
  recorded URL, and must not be held by any feed document (its items carry
  the body) or have audio or video.

The page of each is rendered as the whole pipeline renders it (same entry,
same feeds named), published atomically with the journal held, and its
records (cached article, page record, manifest row, rename recognition,
the last build) are written in one transaction, as a whole build does. The
identity ledger does not change: an edit never changes it.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import ArticleCache
from .clock import LATEST_NOW, latest_now
from .errors import Diagnostic
from .model import Article, Entry
from .options import BuildOptions, BuildReport, SitePaths
from .publish import PublishResult, Publisher
from .state.digests import Snapshot
from .state.ledger import Record, State
from .state.lastbuild import (LAST_BUILD, PUBLISHED_AT, LastBuild, own_files, published_at,
                              published_time)
from .state.store import Changes, Store, open_store

if TYPE_CHECKING:
    from .run import Checked

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
    names = {name for name, _, _ in inputs.articles}
    changed: set[str] = set()
    for name, ctime_ns, local in inputs.articles:
        if not local:
            return None
        if ctime_ns < since:
            continue
        stem, suffix = os.path.splitext(name)
        if suffix.lower() in _ARTICLE_SUFFIXES:
            changed.add(name)
            continue
        # a sidecar belongs to a text article (readers.scan_content); beside
        # any other it is a data file of the site, copied to public/
        if stem + ".txt" not in names:
            return None
        changed.add(stem + ".txt")
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


def _rebuild(paths: SitePaths, options: BuildOptions, inputs: Snapshot, record: LastBuild,
             published: list[tuple[bytes, int, int]], sources: list[str],
             store: Store, before_ns: int) -> BuildReport | None:
    from .cache import reading_context
    from .config import load_feeds, load_site
    from .state import fingerprint
    site = load_site(paths.feeds)
    if options.base_url is not None:
        site = replace(site, base_url=options.base_url)
    feeds = load_feeds(paths.feeds)
    manifest = store.manifest()
    recognition = store.recognition()
    publisher = Publisher(paths.public, manifest, paths.journal_file,
                          published_at(store.record(PUBLISHED_AT)))
    with publisher.writing():
        reference_ns = paths.journal_file.stat().st_mtime_ns
        cache = ArticleCache(store, reading_context(site), reference_ns)
        try:
            ledger = _ledger_records(paths, set(sources))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            publisher.discard()
            return None  # the whole pipeline says what is wrong with it
        try:
            pages = [_edited_page(paths, options, site, feeds, record, cache, source, ledger)
                     for source in sources]
        except _NotAnEdit:
            publisher.discard()
            return None
        pages = [p for p in pages if p is not None]
        from .incremental import page_key
        from .pages import PageRenderer
        renderer = PageRenderer(site, feeds)
        code = fingerprint([repr(site), repr(feeds)])
        page_rows: dict[str, tuple[str, str, int]] = {}
        for entry, in_feeds, signature in pages:
            path = entry.identity.path + "index.html"
            if path not in manifest:
                publisher.discard()
                return None
            data = renderer.article(entry, in_feeds)
            publisher.add(path, data, "page")
            page_rows[path] = (page_key(code, entry, in_feeds), "", len(data))
        result = publisher.publish({p: manifest[p] for p in page_rows})
        published_ns = published_time(paths.journal_file, paths.public)
        if published_ns >= 0:
            published_ns = max(published_ns, result.newest_ctime_ns)
        changes = Changes(articles=cache.changes())
        changes.rows["manifest"] = result.manifest
        changes.rows["pages"] = {p: (key, result.manifest[p].sha256, size)
                                 for p, (key, _, size) in page_rows.items()}
        changes.rows["recognition"] = {
            entry.article.source: (entry.article.digest, entry.article.title, signature)
            for entry, _, signature in pages}
        latest = latest_now(store)
        if latest is None or options.now > latest:
            changes.records[LATEST_NOW] = options.now.isoformat()
        changes.records[PUBLISHED_AT] = published_ns
        changes.records[LAST_BUILD] = replace(
            record, inputs=inputs.digest, reference_ns=reference_ns, since_ns=before_ns,
            newest_ns=inputs.newest_ns, outputs=own_files(paths.state_dir),
            verified=inputs.verified, exact_newest_ns=inputs.exact_newest_ns,
            published_ns=published_ns).to_plain()
        store.commit(changes)
    report = BuildReport(articles=record.articles, left_out=record.left_out,
                         parsed=len(pages))  # the files read: those whose bytes changed
    report.diagnostics = [Diagnostic(level, message, Path(where) if where else None, line)
                          for level, message, where, line in record.diagnostics]
    written = set(result.written)
    result.unchanged = [p for p in (path.decode("utf-8", "surrogateescape")
                                    for path, _, _ in published) if p not in written]
    report.result = result
    return report


def _edited_page(paths: SitePaths, options: BuildOptions, site: object, feeds: tuple,
                 record: LastBuild, cache: ArticleCache, source: str, ledger: dict
                 ) -> tuple[Entry, tuple[str, ...], str] | None:
    """The new entry of one edited article, the feeds that hold it and its
    body signature; None when its bytes did not change after all. ``ledger``
    holds the identity ledger's records by source once one is needed.

    Raises:
        _NotAnEdit: the edit changes more than the article's page.
    """
    from .entries import html_key, is_published, make_entry, select
    from .feeds.checks import article_problems
    from .identity import body_signature
    from .images import checked_image
    from .parallel import read_one

    if source in record.items:
        raise _NotAnEdit
    path = paths.content / source
    stored = cache.stored(source)
    if stored is None:
        raise _NotAnEdit
    old, html = stored
    hit, probe = cache.get(cache.probe(path, source))
    if hit is not None:
        return None  # touched, not changed
    outcome = read_one(path, paths.content, site.timezone, site.language)  # type: ignore[attr-defined]
    new = outcome.article
    if new is None or probe.digest is None or outcome.error is not None:
        raise _NotAnEdit
    if _frame_of(new) != _frame_of(old.article) or new.audio or new.video \
            or not is_published(new, options.now, options.drafts, options.future) \
            or article_problems(new, site):  # type: ignore[arg-type]
        raise _NotAnEdit
    known = ledger.get(source)
    if known is None:
        raise _NotAnEdit
    identity = known.identity()
    key = html_key(old.article, identity, site)  # type: ignore[arg-type]
    if html is None or html[:2] != (old.article.digest, key):
        raise _NotAnEdit
    entry = make_entry(new, identity, site)  # type: ignore[arg-type]
    if entry.summary != html[3]:
        raise _NotAnEdit
    said = list(outcome.warnings)
    assets = {name: paths.content / name for name in record.assets}
    entry = checked_image(entry, site, assets, paths, said.append, {})  # type: ignore[arg-type]
    # its files: the article, and a text article's sidecars (messages at
    # their lines)
    where = {str(path)} | ({str(path.with_suffix(s)) for s in _SIDECAR_SUFFIXES}
                           if path.suffix.lower() == ".txt" else set())
    plain = [(d.level, d.message, str(d.path) if d.path is not None else None, d.line)
             for d in said]
    # its own messages as before, in order; any other (the site's
    # default_image) said already
    if [d for d in plain if d[2] in where] != [d for d in record.diagnostics if d[2] in where] \
            or any(d[2] not in where and d not in record.diagnostics for d in plain):
        raise _NotAnEdit
    cache.put(probe, new, outcome.warnings, paths.content)
    cache.keep_html(source, new.digest, key, entry.content_html, entry.summary)
    in_feeds = tuple(f.name for f in feeds if select(f, [entry]))
    return entry, in_feeds, body_signature(new.body_html)


def _ledger_records(paths: SitePaths, sources: set[str]) -> dict[str, Record]:
    """The identity ledger's records of ``sources`` that are not removed.

    Raises:
        OSError: the ledger cannot be read.
        ValueError, KeyError, TypeError, AttributeError: it is damaged.
    """
    from .safeio import read_own_file
    records = State.records_of(read_own_file(paths.state_file), sources)
    return {s: r for s, r in records.items() if not r.removed}


def _frame_of(article: Article) -> str:
    """The article but what an edit to its body changes, as text that
    tells apart values equal but written differently: the same moment in
    another time zone (lists, sitemaps and feeds show the offset), 1 and
    1.0 and true."""
    return repr(replace(article, body_html="", digest="", body_line=0))
