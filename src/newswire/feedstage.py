"""Feed staging: every feed's documents rendered from its selection,
validated, and staged for publishing.

:func:`stage_feeds` takes each feed's :class:`~newswire.selection.FeedSelection`,
pages it (:func:`~newswire.feeds.archive.feed_documents`, RFC 5005), renders
each document in each format (:func:`~newswire.feeds.render_feed`), validates
the bytes (:mod:`newswire.validate`, and the podcast rules for a podcast
feed) and gives them to the :class:`~newswire.publish.Publisher`. Findings
go where the writer can fix them: an item's to its article, a show's to the
feed's settings. A document that fails keeps the version published before
(README "Validation"). The feeds' permanent ids (:func:`feed_ids`,
:func:`show_guids`) are recorded in the identity ledger by the build.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from lxml import etree

from .config import FeedConfig, SiteConfig, _key_line
from .emptyfeeds import EmptyFeeds
from .errors import Diagnostic
from .bodies import Bodies
from .feeds import FeedDocument, feed_file, feed_url, render_feed
from .feeds.archive import feed_documents
from .feeds.document import derived_feed_id
from .feeds.podcast import podcast_guid
from .identity import State
from .images import local_image
from .incremental import PageRecords, document_key
from .media import enclosure_line
from .model import Entry
from .options import BuildReport
from .publish import Publisher
from .selection import FeedSelection, feed_membership
from .validate import Finding, validate_bytes

__all__ = ["at_episodes", "at_settings", "feed_ids", "podcast_findings", "referenced_urls",
           "retain_referenced", "show_guids", "stage_feeds"]


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


def stage_feeds(publisher: Publisher, selections: Sequence[FeedSelection], site: SiteConfig,
                report: BuildReport,
                ids: dict[str, str], pages: PageRecords | None = None,
                content: Path | None = None,
                assets: dict[str, Path] | None = None,
                empty: tuple[EmptyFeeds, datetime, Path] | None = None,
                kept: list[str] | None = None,
                guids: dict[str, str] | None = None,
                bodies: Bodies | None = None,
                documents: Callable[[FeedConfig, SiteConfig, Sequence[Entry]],
                                    list[tuple[int | None, FeedDocument]]] = feed_documents
                ) -> dict[str, tuple[str, ...]]:
    """Render, validate and stage every feed's documents from its selection;
    returns the names of the feeds holding each entry (by id) as published:
    :func:`~newswire.selection.feed_membership` (equal tuples one
    object) without the items left out.

    ``ids`` are the feeds' atom:ids by name (:func:`feed_ids`), ``guids``
    the podcasts' ``podcast:guid`` (:func:`show_guids`); problems go to
    ``report``. ``assets`` (the files under ``content/`` by POSIX path) and
    ``content`` let validation check a podcast's artwork file.

    With ``pages``, archive documents rendered by the last build from the same
    inputs are taken from ``public/`` as they are (see :mod:`.incremental`).
    With ``empty`` (the record, the build's now, the ``feeds/`` folder), a feed
    without items states the recorded moment it became empty, with a warning.

    A document that fails validation is published without the items that
    make it invalid (reported against their articles, below ``content``);
    when it still fails, the version the last build published stays
    (README "Validation"), and its path is appended to ``kept``.

    Entries whose body is stored (see :mod:`newswire.bodies`) get it from
    ``bodies`` only for the documents rendered with full content: a feed's
    newest items, and the archive documents not taken as they are.

    ``documents`` pages a feed's entries into its documents (RFC 5005):
    :func:`~newswire.feeds.archive.feed_documents`, or, for a build that
    makes some documents again (:mod:`newswire.edits`), one giving those
    alone."""
    membership = feed_membership(selections)
    local = _local_files(site, assets, content)
    for feed, selected in ((s.feed, s.entries) for s in selections):
        numbers = ({e.id: n for n, e in enumerate(reversed(selected), start=1)}
                   if feed.podcast is not None and feed.podcast.type == "serial" else None)
        floor = _empty_floor(feed, selected, report, empty) if empty else None
        for number, doc in documents(feed, site, selected):
            doc = replace(doc, recorded_id=ids[feed.name], episode_numbers=numbers,
                          show_guid=(guids or {}).get(feed.name))
            if number is None and floor is not None:
                doc = replace(doc, not_before=floor)
            filled = feed.summary_only  # a summary-only document shows no body
            for fmt in feed.formats:
                path = feed_file(feed, fmt, number)
                key = document_key(pages.fingerprint, doc, fmt) if pages and number else ""
                data = pages.document(path, key) if pages and key else None
                if data is not None:
                    publisher.add(path, data, "feed")
                    continue
                if not filled and bodies is not None:
                    doc = replace(doc, entries=tuple(bodies.filled(doc.entries)))
                    filled = True
                data = render_feed(doc, fmt)
                check = _checker(path, fmt, local, site if feed.podcast is not None else None,
                                 _settings_files(feed, content))
                findings = check(data)
                if any(f.level == "error" for f in findings):
                    doc_fixed, left_out = _without_invalid_items(doc, fmt, path, check, report,
                                                                 content=content)
                    for entry in left_out:
                        names = membership.get(entry.id, ())
                        if feed.name in names:
                            membership[entry.id] = tuple(n for n in names if n != feed.name)
                    if left_out:
                        data = render_feed(doc_fixed, fmt)
                        findings = check(data)
                        key = ""
                if pages and key and not findings:
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


def _empty_floor(feed: FeedConfig, selected: Sequence[Entry], report: BuildReport,
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


def retain_referenced(publisher: Publisher, public: Path, base_url: str,
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
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return []
    return [value for element in root.iter() for name, value in element.attrib.items()
            if name in ("url", "href")]
