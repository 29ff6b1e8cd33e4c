"""Permanent identities: guid / atom:id / JSON Feed id and page URL (README "Identity").

An article's identity is decided once, the first time a build publishes it,
and recorded in the site's identity ledger (``.newswire/state.json``,
:mod:`newswire.state.ledger`). Later builds
keep the recorded identity whatever is edited, and say so loudly when the file
now implies another one (slug edited, file moved or renamed).

Without a record (a new article, or a fresh checkout without the state file)
the identity is derived from stable inputs only, never from title, body, tags
or dates:

* the page path: the file's folders below ``content/`` and its ``slug``
  (front matter ``slug``, else the file name), each made URL-safe;
* the id: front matter ``id`` when given; else
  ``urn:uuid:`` + UUIDv5(URL namespace, ``base_url`` + page path).

So the same content builds the same ids on every machine, and the state file
keeps them when files are renamed or the site moves to a new domain.

A file that appears while a recorded one vanished is recognised as the same
article, moved or renamed, when exactly one vanished record and exactly one
new file agree on one of, in this order: the front matter ``id``; the bytes;
the title; most of the body's paragraphs (so a rename in the same build as an
edit of title, tags and a paragraph is still recognised). An id, once
recorded, is never given to another article.

The bytes' digest, the title and the body signature of each record come from
the database of derived records, not from the committed ledger (they change
with every edit). When that database was deleted, a renamed file is still
recognised by its front matter ``id``, or when its page path stays the same
(a ``slug`` kept in the front matter, or another suffix); a file renamed
without either is published as a new article, unless the build before the
rename had the database (every build records those values again).
"""

from __future__ import annotations

import functools
import hashlib
import html
import re
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import PurePosixPath

from .errors import Diagnostic
from .model import Article, Identity
from .state.ledger import Record, State

__all__ = ["Conflict", "IdentityDiagnostics", "Record", "State", "assign_identities",
           "body_signature", "derived_id", "derived_path", "ledger_conflicts"]


class IdentityDiagnostics(list[Diagnostic]):
    """What :func:`assign_identities` said (a list of diagnostics), and
    :attr:`again`.

    Attributes:
        again: what it would say run once more with the same arguments on
            the state it returned (what the next build says when nothing
            changes), when that follows from this run without running it:
            the warnings that an article keeps its published URL, said on
            every run. None when it does not (a file recognised as renamed,
            an error): run it again to know. Either way the state such a
            run returns holds the same ledger.
    """

    again: list[Diagnostic] | None = None

@dataclass(frozen=True)
class Conflict:
    """Two ledger records that cannot both be true.

    Attributes:
        what: ``"id"``, ``"URL"`` or ``"source"``: what they share.
        value: the shared value.
        first, second: the two records, in ledger order.
    """

    what: str
    value: str
    first: Record
    second: Record


def ledger_conflicts(state: State) -> list[Conflict]:
    """Records of the ledger that contradict each other (a badly merged
    ``state.json``): two records with one id (an id belongs to one article
    forever, removed or not), two records for one source file, or two
    published (not removed) records with one page URL. A removed article's
    URL may be taken over by a new one, so a removed record sharing a URL is
    not a conflict.

    Returns:
        One :class:`Conflict` per record that repeats an earlier one's value.
    """
    found: list[Conflict] = []
    for what, key in (("id", lambda r: r.id), ("source", lambda r: r.source),
                      ("URL", lambda r: None if r.removed else r.path)):
        first: dict[str, Record] = {}
        for record in state.records:
            value = key(record)
            if value is None:
                continue
            if value in first:
                found.append(Conflict(what, value, first[value], record))
            else:
                first[value] = record
    return found


@functools.lru_cache(maxsize=4096)
def _slug(text: str) -> str:
    # kept for the folder names every article of a folder repeats (one
    # slugify each costs more than the rest of the path)
    from slugify import slugify  # only new articles need it (not an edit, nor a run with none)
    return slugify(text, max_length=80, word_boundary=True, save_order=True)


def derived_path(article: Article) -> str:
    """The page path an article would get with no record: folders + slug + ``/``.

    ``2019/04/Kim Meets Putin.md`` → ``2019/04/kim-meets-putin/``. Each part is
    made URL-safe, so a path can never contain ``..`` or leave ``public/``.
    """
    source = PurePosixPath(article.source)
    folders = [s for s in (_slug(part) for part in source.parent.parts) if s]
    slug = _slug(article.slug or "") or _slug(source.stem)
    if not slug:
        slug = "article-" + uuid.uuid5(uuid.NAMESPACE_URL, article.source).hex[:12]
    return "/".join([*folders, slug]) + "/"


def derived_id(base_url: str, path: str) -> str:
    """``urn:uuid:`` + UUIDv5 of the page's first absolute URL (RFC 4122 §4.3)."""
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, base_url + path))


_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|pre|td|th|div)\s*>|<br\s*/?>", re.I)
_TAG = re.compile(r"<[^<>]*+>")
_SIGNATURE_PARAGRAPHS = 12
_SIGNATURE_MIN_CHARS = 40


def body_signature(body_html: str) -> str:
    """A short fingerprint of a body: hashes of its first longer paragraphs.

    Up to 12 paragraphs of at least 40 characters (tags removed, entities
    decoded, whitespace and case folded), each as 8 hex digits of BLAKE2b,
    space-separated. Two versions of one article share most of them even
    after a paragraph was edited; two different articles share none.
    """
    hashes: list[str] = []
    for block in _BLOCK_END.split(body_html):
        text = " ".join(html.unescape(_TAG.sub(" ", block)).split()).casefold()
        if len(text) < _SIGNATURE_MIN_CHARS:
            continue
        digest = hashlib.blake2b(text.encode("utf-8"), digest_size=4).hexdigest()
        if digest not in hashes:
            hashes.append(digest)
        if len(hashes) == _SIGNATURE_PARAGRAPHS:
            break
    return " ".join(hashes)


def _similar(a: str, b: str) -> bool:
    """At least half of the longer signature's paragraphs are in the other."""
    left, right = set(a.split()), set(b.split())
    if not left or not right:
        return False
    return 2 * len(left & right) >= max(len(left), len(right))


def _pair_unique(articles: list[Article], records: list[Record],
                 keys: Callable[[Article], Iterable[str]],
                 record_keys: Callable[[Record], Iterable[str]],
                 agree: Callable[[Article, Record], bool]) -> dict[str, Record]:
    """Pairs (article source → record) where each side has exactly one candidate.

    Candidates share at least one key and ``agree``; linear in the number of
    articles and records plus the candidates found.
    """
    index: dict[str, list[int]] = {}
    for number, record in enumerate(records):
        for key in set(record_keys(record)):
            if key:
                index.setdefault(key, []).append(number)
    candidates: dict[str, set[int]] = {}
    wanted_by: dict[int, set[str]] = {}
    for article in articles:
        found = {n for key in set(keys(article)) if key for n in index.get(key, ())
                 if agree(article, records[n])}
        candidates[article.source] = found
        for number in found:
            wanted_by.setdefault(number, set()).add(article.source)
    return {source: records[next(iter(found))] for source, found in candidates.items()
            if len(found) == 1 and len(wanted_by[next(iter(found))]) == 1}


def _match_moved(articles: list[Article], gone: list[Record],
                 signatures: dict[str, str]) -> dict[str, tuple[Record, str]]:
    """Recognise new files that continue vanished records: source → (record, how).

    The front matter ``id`` and the bytes are compared with every vanished
    record, even one removed long ago (a file put back); title and body only
    with records whose file vanished since the last build, and so is the
    page path, for records whose other values were lost with the database.
    """
    found: dict[str, tuple[Record, str]] = {}
    tiers: list[tuple[str, Callable[[Article], Iterable[str]],
                      Callable[[Record], Iterable[str]],
                      Callable[[Article, Record], bool], bool]] = [
        ("same id", lambda a: [a.id or ""], lambda r: [r.id], lambda a, r: True, True),
        ("same bytes", lambda a: [a.digest], lambda r: [r.digest],
         lambda a, r: True, True),
        ("same title", lambda a: [a.title], lambda r: [r.title],
         lambda a, r: True, False),
        ("same paragraphs", lambda a: signatures[a.source].split(),
         lambda r: r.signature.split(),
         lambda a, r: _similar(signatures[a.source], r.signature), False),
        # Records without the values above (the database was deleted): the
        # page path the new file implies is the one recorded.
        ("same URL", lambda a: [derived_path(a)],
         lambda r: [] if r.digest or r.title or r.signature else [r.path],
         lambda a, r: True, False),
    ]
    for how, keys, record_keys, agree, any_record in tiers:
        left = [a for a in articles if a.source not in found
                and (a.id is None or how == "same id")]
        taken = {id(record) for record, _ in found.values()}
        pool = [r for r in gone if id(r) not in taken and (any_record or not r.removed)]
        if not pool or not left:  # nothing to pair (a new site: no article's keys taken)
            continue
        for source, record in _pair_unique(left, pool, keys, record_keys, agree).items():
            found[source] = (record, how)
    return found


def assign_identities(articles: Sequence[Article], state: State, base_url: str,
                      now: datetime, paths: dict[str, str] | None = None,
                      held: Iterable[str] = (),
                      reserved: Callable[[str], str | None] | None = None,
                      body_signatures: Mapping[str, str] | None = None,
                      derived: Mapping[str, tuple[str, str]] | None = None
                      ) -> tuple[dict[str, Identity], State, IdentityDiagnostics]:
    """Give every article its permanent identity (README "Identity").

    Articles the ledger already knows (same file, or a file recognised as
    renamed) keep their recorded identity and always win a conflict: a new
    file that would take a published article's id or URL is refused, never
    the published one. Two new files wanting the same id or URL are both
    refused. An id once recorded is never given to another article: a new
    file's derived id never reuses a removed article's (readers would take it
    for the old, already-read item), and an ``id`` copied into another
    article is refused.

    Args:
        articles: the articles read in this build (any order).
        state: the identity ledger from earlier builds.
        base_url: the site's ``base_url`` (ends with ``/``).
        now: the build's "now" (timezone-aware), the first-publication moment
            of undated articles (to the second).
        paths: maps ``article.source`` to the file path used in messages.
        held: sources of articles that exist but could not be read in this
            build (an unreadable file or folder, an error): their records are
            kept as they are, their URLs stay taken, and no other file is
            taken for them renamed.
        reserved: maps a page path to the other output of the site that
            writes there (a feed's folder), described for messages, or
            None; a new article wanting such a path is refused.
        body_signatures: :func:`body_signature` of articles by source, taken
            where they were read (such an article may come without its body).
        derived: ``(derived_path(article), derived_id(base_url, that path))``
            of articles by source, made where they were read (``""`` for an
            id not made: the article has its own), for those new to the
            ledger: not made again here.

    Returns:
        (identity by ``article.source``, the new state, warnings and errors,
        with what a run on the new state would say when that is known:
        :class:`IdentityDiagnostics`). A refused article gets no identity
        and no new record (a known one keeps its old record).
    """
    paths = paths or {}
    held = set(held) - {a.source for a in articles}
    by_source = {r.source: r for r in state.records}
    present = {a.source for a in articles}
    ordered = sorted(articles, key=lambda a: a.source)
    given = body_signatures or {}
    signatures = {a.source: given.get(a.source) or _signature_of(a, by_source.get(a.source))
                  for a in ordered}
    gone = [r for r in state.records if r.source not in present and r.source not in held]
    moved = _match_moved([a for a in ordered if a.source not in by_source], gone, signatures)
    diagnostics = IdentityDiagnostics()
    # said again by a run on the new state: the published URLs kept (a new
    # article's warnings, an id changed, are said once: its record holds
    # them); known only while no file was recognised as renamed
    again: list[Diagnostic] | None = [] if not moved else None
    records: dict[str, Record] = {}
    earlier: dict[str, Record] = {}  # the record each known article continues
    newcomers: list[Article] = []

    for article in ordered:
        where = paths.get(article.source, article.source)
        record = by_source.get(article.source)
        if record is None and article.source in moved:
            record, how = moved[article.source]
            diagnostics.append(Diagnostic(
                "warning", f"looks like {record.source} renamed or moved ({how}); it "
                f"keeps its id {record.id} and URL /{record.path} so subscribers see no "
                "duplicate", where))
        if record is None:
            newcomers.append(article)
            continue
        earlier[article.source] = record
        kept = _kept_record(article, record, diagnostics, where, again)
        made = Record(article.source, kept.id, kept.path, kept.first_published,
                      article.digest, article.title, signatures[article.source],
                      removed=False)
        # an unchanged article keeps its record itself: a build holds the
        # ledger before and after, one record each, not two
        records[article.source] = record if made == record else made

    owner_of_id = {r.id: r for r in state.records}
    refused = _refuse_taken_ids(records, earlier, owner_of_id, paths, diagnostics)
    refused |= _refuse_duplicates({s: r for s, r in records.items() if s not in refused},
                                  earlier, paths, diagnostics)
    known = {s: r for s, r in records.items() if s not in refused}
    claimed_paths = {**{r.path: r.source for r in state.records
                        if r.source in held and not r.removed},
                     **{r.path: s for s, r in known.items()}}
    reserved_ids = {r.id: r for r in state.records} | {r.id: r for r in known.values()}
    fresh: dict[str, Record] = {}
    for article in newcomers:
        record = _new_record(article, base_url, now, claimed_paths, reserved_ids, diagnostics,
                             paths.get(article.source, article.source), reserved,
                             derived.get(article.source) if derived else None)
        if record is not None:
            fresh[article.source] = replace(record, signature=signatures[article.source])
    refused_fresh = _refuse_duplicates(fresh, {}, paths, diagnostics)
    known.update((s, r) for s, r in fresh.items() if s not in refused_fresh)

    continued = {id(r) for s, r in earlier.items() if s in known}
    new_records = list(known.values())
    for record in state.records:
        if id(record) in continued:
            continue
        new_records.append(record if record.source in present or record.source in held
                           else replace(record, removed=True))
    identities = {source: record.identity() for source, record in known.items()}
    # an article refused, or an error: the next run decides again
    if again is not None and not any(d.level == "error" for d in diagnostics):
        diagnostics.again = again
    return identities, replace(state, records=tuple(new_records)), diagnostics


def _refuse_taken_ids(records: dict[str, Record], earlier: dict[str, Record],
                      owner_of_id: dict[str, Record], paths: dict[str, str],
                      diagnostics: list[Diagnostic]) -> set[str]:
    """Known articles whose new front-matter id was recorded for another
    article that no longer holds it (removed, or given another id)."""
    refused = set()
    for source, record in records.items():
        owner = owner_of_id.get(record.id)
        if owner is None or owner is earlier.get(source) or owner.source == source:
            continue
        still = records.get(owner.source)
        if still is not None and still.id == record.id:
            continue  # both hold it now: a duplicate, settled apart
        diagnostics.append(Diagnostic(
            "error", f"id {record.id} was published for {owner.source}; an id is never "
            "given to another article (readers would take this one for that one): "
            "give this article its own 'id', or none", paths.get(source, source), 1))
        refused.add(source)
    return refused


def _signature_of(article: Article, record: Record | None) -> str:
    """The article's body signature, reused from its record when the bytes match."""
    if record is not None and record.digest == article.digest and record.signature:
        return record.signature
    return body_signature(article.body_html)


def _new_record(article: Article, base_url: str, now: datetime, claimed_paths: dict[str, str],
                reserved: dict[str, Record], diagnostics: list[Diagnostic],
                where: str, other_outputs: Callable[[str], str | None] | None = None,
                derived: tuple[str, str] | None = None) -> Record | None:
    """The record of an article published for the first time, or None
    (refused); ``derived``: its path and id as made where it was read (see
    :func:`assign_identities`)."""
    path = derived[0] if derived else derived_path(article)
    owner = claimed_paths.get(path) or (other_outputs(path) if other_outputs else None)
    if owner is not None:
        diagnostics.append(Diagnostic(
            "error", f"its URL /{path} is already published by {owner}; "
            "give this article another 'slug' (or file name)", where, 1))
        return None
    ident = article.id or (derived[1] if derived else "") or derived_id(base_url, path)
    owner = reserved.get(ident)
    if owner is not None:
        if article.id:
            diagnostics.append(Diagnostic(
                "error", f"id {ident} already belongs to another article ({owner.source}); "
                "give this one its own id", where, 1))
            return None
        # The page URL of a removed article is taken over by a new one: the
        # URL may be reused, the id may not (readers would take it for the old).
        ident = derived_id(base_url, path + "#" + article.source)
        diagnostics.append(Diagnostic(
            "warning", f"takes over URL /{path} of {owner.source}, published before "
            "and removed; it gets a new id so readers see it as a new article", where))
    first = article.published or now
    if first.microsecond:  # else the article's own value, not a copy held beside it
        first = first.replace(microsecond=0)
    if article.published is None:
        diagnostics.append(Diagnostic(
            "warning", f"no date; published as of {first.isoformat()} and recorded so it "
            "never changes; add 'date:' to say when it was published", where))
    return Record(article.source, ident, path, first, article.digest, article.title)


def _kept_record(article: Article, record: Record, diagnostics: list[Diagnostic],
                 where: str, again: list[Diagnostic] | None = None) -> Record:
    """The record of an article published before: id from front matter wins,
    the URL stays (with a warning when the file now implies another, also
    put in ``again``: every run says it while the file implies another)."""
    if article.id is not None and article.id != record.id:
        diagnostics.append(Diagnostic(
            "warning", f"id changes from {record.id} to {article.id} (front "
            "matter 'id' wins): feed readers will show this article again as "
            "new", where))
        record = replace(record, id=article.id)
    moved = record.source != article.source and \
        PurePosixPath(record.source) != PurePosixPath(article.source)
    wanted = derived_path(article) if article.slug or moved else record.path
    if wanted != record.path:
        diagnostics.append(Diagnostic(
            "warning", f"keeps its published URL /{record.path} (its file now implies "
            f"/{wanted}); to really move it, delete its entry from .newswire/state.json "
            "and redirect the old URL", where))
        if again is not None:
            again.append(diagnostics[-1])
    return record


def _refuse_duplicates(records: dict[str, Record], earlier: dict[str, Record],
                       paths: dict[str, str], diagnostics: list[Diagnostic]) -> set[str]:
    """Articles sharing a page URL or an id with another one, refused with one
    error each.

    When exactly one of them held that URL (or id) before this build, it keeps
    it and only the others are refused; otherwise all of them are.
    """
    refused: set[str] = set()
    for attribute, what in (("path", "URL"), ("id", "id")):
        values = {source: getattr(record, attribute) for source, record in records.items()}
        shared = {value for value, count in Counter(values.values()).items() if count > 1}
        groups: dict[str, list[str]] = {}  # only the values shared (usually none)
        for source, value in values.items():
            if value in shared:
                groups.setdefault(value, []).append(source)
        for value, sources in sorted(groups.items()):
            holders = [s for s in sources if s in earlier
                       and getattr(earlier[s], attribute) == value]
            keeper = holders[0] if len(holders) == 1 else None
            shown = value if attribute == "id" else "/" + value
            fix = "its own 'id'" if attribute == "id" else "its own 'slug' (or file name)"
            for source in sorted(set(sources) - refused):
                if source == keeper:
                    continue
                others = ", ".join(s for s in sorted(sources) if s != source)
                diagnostics.append(Diagnostic(
                    "error", f"same {what} {shown} as {others}; give each article {fix}",
                    paths.get(source, source), 1))
                refused.add(source)
    return refused
