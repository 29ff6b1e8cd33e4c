"""Permanent identities: guid / atom:id / JSON Feed id and page URL (SPEC §3.1).

An article's identity is decided once, the first time a build publishes it,
and recorded in the site's state file (``.newswire/state.json``). Later builds
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
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import PurePosixPath

from slugify import slugify

from .errors import Diagnostic
from .model import Article, Identity

__all__ = ["Record", "State", "assign_identities", "derived_path"]

STATE_VERSION = 1


@dataclass(frozen=True)
class Record:
    """What the state remembers of one published article.

    Attributes:
        source: its file, relative to ``content/`` (POSIX).
        id: its permanent id.
        path: its page path below the site root (``"2019/04/x/"``).
        first_published: when a build first published it (timezone-aware).
        digest: SHA-256 of its source bytes when last built.
        title: its title when last built (used to recognise a renamed file).
        removed: True when its file is gone (the record is kept so its id and
            URL are never given to another article).
    """

    source: str
    id: str
    path: str
    first_published: datetime
    digest: str = ""
    title: str = ""
    removed: bool = False

    def identity(self) -> Identity:
        """This record as an :class:`~newswire.model.Identity`."""
        return Identity(self.id, self.path, self.first_published)


@dataclass(frozen=True)
class State:
    """The site's identity ledger: one :class:`Record` per article ever published."""

    records: tuple[Record, ...] = ()
    extra: tuple[tuple[str, object], ...] = field(default=())

    @classmethod
    def from_json(cls, data: bytes) -> State:
        """Parse the state file.

        Raises:
            ValueError: not a state file of a version this newswire reads.
        """
        obj = json.loads(data.decode("utf-8"))
        if not isinstance(obj, dict) or obj.get("version") != STATE_VERSION:
            raise ValueError("unknown state file version")
        records = tuple(
            Record(source=r["source"], id=r["id"], path=r["path"],
                   first_published=datetime.fromisoformat(r["first_published"]),
                   digest=r.get("digest", ""), title=r.get("title", ""),
                   removed=bool(r.get("removed", False)))
            for r in obj["articles"])
        extra = tuple(sorted((k, v) for k, v in obj.items()
                             if k not in ("version", "articles")))
        return cls(records, extra)

    def to_json(self) -> bytes:
        """The state file's bytes: sorted, indented, stable across runs."""
        articles = [
            {"source": r.source, "id": r.id, "path": r.path,
             "first_published": r.first_published.isoformat(), "digest": r.digest,
             "title": r.title, **({"removed": True} if r.removed else {})}
            for r in sorted(self.records, key=lambda r: (r.source, r.id))]
        obj = {"version": STATE_VERSION, **dict(self.extra), "articles": articles}
        return (json.dumps(obj, ensure_ascii=False, indent=1) + "\n").encode("utf-8")

    def with_extra(self, key: str, value: object) -> State:
        """A copy with one top-level key (``"published_files"``...) set."""
        extra = dict(self.extra)
        extra[key] = value
        return replace(self, extra=tuple(sorted(extra.items())))

    def get_extra(self, key: str, default: object = None) -> object:
        """A top-level key's value, or ``default``."""
        return dict(self.extra).get(key, default)


def _slug(text: str) -> str:
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


def _match_moved(article: Article, gone: list[Record]) -> Record | None:
    """The vanished record this new file most plausibly continues, if any."""
    for test in (lambda r: article.id is not None and r.id == article.id,
                 lambda r: r.digest == article.digest,
                 lambda r: r.title == article.title):
        found = [r for r in gone if test(r)]
        if len(found) == 1:
            return found[0]
    return None


def assign_identities(articles: Sequence[Article], state: State, base_url: str,
                      now: datetime, paths: dict[str, str] | None = None
                      ) -> tuple[dict[str, Identity], State, list[Diagnostic]]:
    """Give every article its permanent identity.

    Articles the ledger already knows (same file, or a file recognised as
    renamed) keep their recorded identity and always win a conflict: a new
    file that would take a published article's id or URL is refused, never
    the published one. Two new files wanting the same id or URL are both
    refused. A new file's derived id never reuses the id of a removed article
    (readers would take it for the old, already-read item).

    Args:
        articles: the articles read in this build (any order).
        state: the identity ledger from earlier builds.
        base_url: the site's ``base_url`` (ends with ``/``).
        now: the build's "now" (timezone-aware), the first-publication moment
            of undated articles.
        paths: maps ``article.source`` to the file path used in messages.

    Returns:
        (identity by ``article.source``, the new state, warnings and errors).
        A refused article gets no identity and no record.
    """
    paths = paths or {}
    by_source = {r.source: r for r in state.records}
    present = {a.source for a in articles}
    gone = [r for r in state.records if r.source not in present]
    diagnostics: list[Diagnostic] = []
    records: dict[str, Record] = {}
    newcomers: list[Article] = []

    for article in sorted(articles, key=lambda a: a.source):
        where = paths.get(article.source, article.source)
        record = by_source.get(article.source)
        if record is None:
            record = _match_moved(article, gone)
            if record is None:
                newcomers.append(article)
                continue
            gone.remove(record)
            diagnostics.append(Diagnostic(
                "warning", f"looks like {record.source} renamed or moved; it keeps "
                f"its id {record.id} and URL /{record.path} so subscribers see no "
                "duplicate", where))
        record, notes = _keep(article, record, where)
        diagnostics += notes
        records[article.source] = record

    diagnostics += _refuse_duplicates(records, paths)
    for source in _in_error(diagnostics, paths, records):
        del records[source]
    reserved_ids = {r.id for r in records.values()} | {r.id for r in gone}
    claimed_paths = {r.path: r.source for r in records.values()}
    fresh: dict[str, Record] = {}
    for article in newcomers:
        where = paths.get(article.source, article.source)
        path = derived_path(article)
        if path in claimed_paths:
            diagnostics.append(Diagnostic(
                "error", f"its URL /{path} is already published by "
                f"{claimed_paths[path]}; give this article another 'slug' (or file name)",
                where, 1))
            continue
        ident = article.id or derived_id(base_url, path)
        if ident in reserved_ids:
            if article.id:
                diagnostics.append(Diagnostic(
                    "error", f"id {ident} already belongs to another article; give this "
                    "one its own id", where, 1))
                continue
            ident = derived_id(base_url, path + "#" + article.source)
        first = (article.published or now).replace(microsecond=0)
        fresh[article.source] = Record(article.source, ident, path, first,
                                       article.digest, article.title)
        if article.published is None:
            diagnostics.append(Diagnostic(
                "warning", f"no date; published as of {first.isoformat()} and recorded "
                "so it never changes; add 'date:' to say when it was published", where))
    diagnostics += _refuse_duplicates(fresh, paths)
    for source in _in_error(diagnostics, paths, fresh):
        del fresh[source]
    records.update(fresh)
    kept = [replace(r, removed=True) for r in gone]
    new_state = replace(state, records=tuple(list(records.values()) + kept))
    return {s: r.identity() for s, r in records.items()}, new_state, diagnostics


def _keep(article: Article, record: Record, where: str) -> tuple[Record, list[Diagnostic]]:
    """The recorded identity of a known article, updated; warnings on changes."""
    notes = []
    if article.id is not None and article.id != record.id:
        notes.append(Diagnostic(
            "warning", f"id changes from {record.id} to {article.id} (front matter "
            "'id' wins): feed readers will show this article again as new", where))
        record = replace(record, id=article.id)
    wanted = derived_path(article)
    moved = PurePosixPath(record.source) != PurePosixPath(article.source)
    if wanted != record.path and (article.slug or moved):
        notes.append(Diagnostic(
            "warning", f"keeps its published URL /{record.path} (its file now implies "
            f"/{wanted}); to really move it, delete its entry from .newswire/state.json "
            "and redirect the old URL", where))
    return replace(record, source=article.source, digest=article.digest,
                   title=article.title, removed=False), notes


def _in_error(diagnostics: Iterable[Diagnostic], paths: dict[str, str],
              records: dict[str, Record]) -> list[str]:
    bad = {str(d.path) for d in diagnostics if d.level == "error"}
    return [s for s in records if str(paths.get(s, s)) in bad]


def _refuse_duplicates(records: dict[str, Record], paths: dict[str, str]) -> list[Diagnostic]:
    """One error for every article sharing a page URL or an id with another one."""
    out: list[Diagnostic] = []
    reported: set[str] = set()
    for attribute, what in (("path", "URL"), ("id", "id")):
        groups: dict[str, list[str]] = {}
        for source, record in records.items():
            groups.setdefault(getattr(record, attribute), []).append(source)
        for value, sources in sorted(groups.items()):
            if len(sources) < 2:
                continue
            for source in sorted(set(sources) - reported):
                reported.add(source)
                others = ", ".join(s for s in sorted(sources) if s != source)
                shown = value if attribute == "id" else "/" + value
                fix = "its own 'id'" if attribute == "id" else "its own 'slug' (or file name)"
                out.append(Diagnostic(
                    "error", f"same {what} {shown} as {others}; give each article {fix}",
                    paths.get(source, source), 1))
    return out
