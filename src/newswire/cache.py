"""Parsed articles from earlier builds, so an unchanged file is not read again.

The cache is the ``articles`` table of the site's database
(:mod:`newswire.state.store`), safe to delete with it at any time: a build
without it reads every article, as the first build did. It is never trusted
blindly:

* Rows made by other code (newswire's own files, the libraries that shape a
  parsed article: :func:`newswire.state.digests.fingerprint`) are
  ignored and replaced, and so are rows read in another context (the site's
  time zone).
* An article is taken from the cache only when its file and every possible
  sidecar (``.toml``, ``.yaml``, ``.yml``) still have the size, mtime,
  ctime and inode they had when it was read. When they differ (a checkout,
  ``touch``), the bytes are hashed and compared with the digest taken then;
  equal bytes are still a hit. A file changed within two seconds before the
  build that read it started (the same timestamp tick, possibly) is always
  compared by digest: see :data:`newswire.state.digests.RACY_NS`.
* With each article, the sanitized HTML and summary made from it are kept
  (plain text), with the article's digest and the page URL and folder they
  were made for (:func:`newswire.entries.html_key`); they are used only when
  all of those are the same again.
* Articles are stored as plain values (:mod:`newswire.state.values`), read
  back into the model's classes only, each field checked against its type,
  so a tampered database cannot run code; a row that fails any check is a
  miss, and the article is read again.

A cache made for writing (a build's) writes what it learns to the database
as it goes, in batches (:meth:`ArticleCache.flush`, each row true on its
own: see :mod:`newswire.state.store`) and keeps no body in memory once it
is written: the sanitized HTML is fetched back where it is published
(:mod:`newswire.bodies`). Any other cache keeps its changes in memory until
they are given to :meth:`Store.commit <newswire.state.store.Store.commit>`
(:meth:`ArticleCache.changes`).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import orjson

from .errors import Diagnostic
from .memory import give_back
from .model import Article
from .state import digests as _digests
from .state.store import ArticleRow, Store
from .state.values import Unstorable, article_from_bytes, article_to_bytes
from .safeio import MAX_ARTICLE_BYTES, RefusedFile, load_json, read_regular_file

__all__ = ["ArticleCache", "CachedArticle", "Probe", "digest_and_bytes", "file_digest",
           "reading_context", "stored_warnings"]

SIDECAR_SUFFIXES = (".toml", ".yaml", ".yml")


Stamp = tuple[tuple[int, int, int, int] | None, ...]
Html = tuple[str, str, str | None, str]
"""(article digest, :func:`~newswire.entries.html_key`, content HTML, summary);
the content HTML is None when it is in the database and not held here."""
_BATCH = 256
"""Rows a writing cache holds before it writes them (see :meth:`ArticleCache.flush`)."""
_COMMIT_EVERY = 4096
"""Rows a writing cache writes in one transaction (one sync to disk)."""


def reading_context(site: object) -> str:
    """What besides its files a parsed article depends on: the site's time
    zone and language (a :class:`~newswire.config.SiteConfig`), as the
    context an :class:`ArticleCache` is opened with."""
    return f"timezone={site.timezone.key}\0language={site.language}"  # type: ignore[attr-defined]


def _stat(path: Path) -> tuple[int, int, int, int] | None:
    try:
        st = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def _candidates(path: Path) -> list[Path]:
    return [path, *(path.with_suffix(s) for s in SIDECAR_SUFFIXES)]


@dataclass(frozen=True)
class CachedArticle:
    """One article as the cache returns it.

    Attributes:
        article: the parsed article.
        warnings: the reader's warnings about it, as ``(level, message, path,
            line)`` with ``path`` relative to ``content/`` (or None).
        whole: False when ``article`` is given without its body (an empty
            ``body_html``), which the database holds (:meth:`ArticleCache.body`):
            a cache made with ``lean=True``.
    """

    article: Article
    warnings: tuple[tuple[str, str, str | None, int | None], ...]
    whole: bool = True

    def diagnostics(self, content_dir: Path) -> list[Diagnostic]:
        """The warnings, their paths made absolute below ``content_dir``."""
        return [Diagnostic(level, message, content_dir / path if path else None, line)
                for level, message, path, line in self.warnings]


@dataclass(frozen=True)
class Probe:
    """What the cache saw of one article file before it was read.

    Attributes:
        path: the article file.
        source: its path below ``content/`` (POSIX).
        stamp: stat of the file and of each possible sidecar.
        digest: SHA-256 of their bytes (None until computed).
    """

    path: Path
    source: str
    stamp: Stamp
    digest: str | None = None


def file_digest(path: Path) -> str | None:
    """SHA-256 over the article file and every possible sidecar (name and
    bytes), as the cache records it; None when one of them cannot be read,
    is not a regular file or is larger than an article may be (the reader
    reports it)."""
    return digest_and_bytes(path)[0]


def digest_and_bytes(path: Path) -> tuple[str | None, bytes | None]:
    """:func:`file_digest` of ``path``, and the bytes of the article file it
    hashed (None with the digest), so that they can be read as the article
    (:func:`~newswire.readers.read_article`'s ``data``) without opening the
    file again: the article is then the very bytes its digest says."""
    h = hashlib.sha256()
    article: bytes | None = None
    for candidate in _candidates(path):
        try:
            data = read_regular_file(candidate, MAX_ARTICLE_BYTES)
        except (FileNotFoundError, NotADirectoryError):
            h.update(b"-\0")
            continue
        except (OSError, RefusedFile):
            return None, None
        if article is None and candidate is path:
            article = data
        h.update(f"{candidate.suffix}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest(), article


@dataclass
class _Entry:
    """One article as the cache holds it during a build; ``blob`` None: the
    stored row holds it (written, not held here), ``head`` its first line
    when the row was read without the body (a lean cache).

    Once written (:meth:`ArticleCache.flush`), an entry holds its stamp as
    the JSON text stored, and the key of its sanitized HTML as a digest
    (:func:`_key_digest`): what is compared, in a few hundred bytes less an
    article while a build reads (see :func:`_stamp_of`, :func:`_same_html`)."""

    stamp: Stamp | str
    digest: str
    read_ns: int
    blob: bytes | None
    html: Html | None
    head: bytes | None = None


def stored_warnings(warnings: Sequence[Diagnostic], content_dir: Path
                    ) -> tuple[tuple[str, str, str | None, int | None], ...] | None:
    """A reader's warnings as the cache stores them, ``(level, message,
    path relative to content_dir or None, line)``; None when one is about a
    file outside ``content_dir`` (such an article is not cached)."""
    rows = []
    for d in warnings:
        where = d.path
        if isinstance(where, Path) and where.is_relative_to(content_dir):
            where = where.relative_to(content_dir).as_posix()
        elif where is not None:
            return None
        rows.append((d.level, d.message, where, d.line))
    return tuple(rows)


def _stamp_from_json(text: str) -> Stamp | None:
    """The stamp :meth:`ArticleCache.changes` wrote, or None for any other
    text. Read by orjson directly: a number too large for it, or read as a
    float, is refused like every value that is not an integer."""
    try:
        obj = orjson.loads(text)
    except orjson.JSONDecodeError:
        return None
    if type(obj) is not list or len(obj) != 1 + len(SIDECAR_SUFFIXES):
        return None
    stamp = []
    for s in obj:
        if s is None:
            stamp.append(None)
        elif type(s) is list and len(s) == 4 and type(s[0]) is int and type(s[1]) is int \
                and type(s[2]) is int and type(s[3]) is int:
            stamp.append((s[0], s[1], s[2], s[3]))
        else:
            return None
    return tuple(stamp)


def _stamp_of(stamp: Stamp | str) -> Stamp | None:
    """A stamp as :class:`_Entry` holds it, as a tuple (None: unreadable)."""
    return _stamp_from_json(stamp) if isinstance(stamp, str) else stamp


def _stamp_text(stamp: Stamp | str) -> str:
    """A stamp as the database stores it (JSON text)."""
    return stamp if isinstance(stamp, str) else json.dumps(stamp)


def _key_digest(key: str | bytes) -> bytes:
    """The key of an entry's sanitized HTML as a written entry holds it: a
    BLAKE2b digest of its text (which is kept in the database)."""
    if isinstance(key, bytes):
        return key
    return hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _same_html(a: tuple[object, ...], b: tuple[object, ...]) -> bool:
    """True when two ``(digest, key, ...)`` are of the same article bytes and
    key, each key held as text or as :func:`_key_digest`."""
    if a[0] != b[0]:
        return False
    if type(a[1]) is type(b[1]):
        return a[1] == b[1]
    return _key_digest(a[1]) == _key_digest(b[1])  # type: ignore[arg-type]


def _racy(stamp: Stamp, read_ns: int) -> bool:
    """True when a file of ``stamp`` was changed so shortly before ``read_ns``
    (see :data:`~newswire.state.digests.RACY_NS`) that its stamp may not show
    a change made after it was read."""
    for s in stamp:
        if s is not None and s[1] + _digests.RACY_NS >= read_ns:
            return True
    return False


def _html_from_text(text: str | None) -> Html | None:
    """The ``(digest, key, content_html, summary)`` of :func:`_html_text`."""
    if text is None:
        return None
    head, newline, content = text.partition("\n")
    try:
        obj = load_json(head)
    except ValueError:
        return None
    if newline and isinstance(obj, list) and len(obj) == 3 \
            and all(isinstance(t, str) for t in obj):
        return (obj[0], obj[1], content, obj[2])
    return None


def _html_text(html: Html) -> str | None:
    """How the sanitized HTML of an article is stored: one line of JSON
    (article digest, key, summary), a newline, then the HTML as it is, which
    reads back many times faster than an escaped JSON string; None for text
    the database cannot hold (a lone surrogate: not kept)."""
    digest, key, content, summary = html
    if content is None:
        raise ValueError("the content HTML is not held")
    if not content.isascii():
        try:
            content.encode("utf-8")
        except UnicodeEncodeError:
            return None
    return json.dumps([digest, key, summary], ensure_ascii=True) + "\n" + content


class ArticleCache:
    """Parsed articles by source path, checked against the files on every use.

    Args:
        store: the site's database (:class:`~newswire.state.store.Store`),
            or None for an empty cache that records nothing.
        context: everything besides the file that the reader was given
            (the site's time zone name...), as text.
        read_ns: a file-system time taken before this build read any file
            (the mtime of the journal touched when it started).
        by_folder: fetch the rows of a folder together the first time one
            of them is asked for (a build asking for every article); False:
            one row at a time (a build asking for a few).
        stats: ``path → (size, mtime_ns, ctime_ns, inode)`` of the files
            below ``content/``, taken before ``read_ns`` and before any of
            them was read (:attr:`newswire.state.digests.Snapshot.stats`,
            paths as ``str(path)`` gives them), or None: :meth:`probe` then
            stats each file itself.
        writes: write changes to ``store`` as they come, in batches
            (:meth:`flush`; a build's cache), instead of holding them for
            :meth:`changes`.
        lean: with ``writes`` and ``by_folder``, read the stored rows without
            the articles' bodies and sanitized HTML
            (:meth:`Store.article_heads_in
            <newswire.state.store.Store.article_heads_in>`): :meth:`get`
            gives unchanged articles without their body (see
            :attr:`CachedArticle.whole`), and :meth:`body` fetches one when
            it is needed. For a build that needs few of them again (not with
            ``updated = "auto"``, which takes every body's digest).

    Use :meth:`probe` on every article file, :meth:`get` for the probes of
    unchanged files, read the others and :meth:`put` them, then give
    :meth:`changes` to :meth:`Store.commit <newswire.state.store.Store.commit>`.
    """

    def __init__(self, store: Store | None, context: str, read_ns: int = 0,
                 by_folder: bool = True,
                 stats: Mapping[str, tuple[int, int, int, int]] | None = None,
                 writes: bool = False, lean: bool = False) -> None:
        self.store = store
        self.by_folder = by_folder
        self.context = context
        self.read_ns = read_ns
        self.stats = stats
        self.writes = writes and store is not None
        self.lean = lean and self.writes and by_folder
        self._uncommitted = 0  # rows written in the transaction still open
        self._entries: dict[str, _Entry | None] = {}
        self._dirty: set[str] = set()
        self._listings: dict[Path, frozenset[str]] = {}
        self._folders: dict[str, dict[str, ArticleRow]] = {}

    # -- reading ---------------------------------------------------------

    def _entry(self, source: str) -> _Entry | None:
        if source in self._entries:
            return self._entries[source]
        row = self._row(source)
        entry = None
        if row is not None and row.context == self.context \
                and len(row.digest) == 64:
            stamp = _stamp_from_json(row.stamp)
            if stamp is not None:
                html = _html_from_text(row.html)  # its content stays in the database
                html = html and (html[0], html[1], None, html[3])
                if self.lean:  # the row's first line only: its body stays there too
                    entry = _Entry(stamp, row.digest, row.read_ns, None, html, row.article)
                else:
                    entry = _Entry(stamp, row.digest, row.read_ns, row.article, html)
        if entry is None and row is not None:
            self._dirty.add(source)  # unusable: delete it
        self._entries[source] = entry
        return entry

    def _row(self, source: str) -> ArticleRow | None:
        """The stored row of ``source``: the rows of its folder are fetched
        together the first time one of them is asked for, and each is handed
        out once (a build asks for each article once)."""
        if self.store is None:
            return None
        if not self.by_folder:
            return self.store.article(source)
        folder = source.rpartition("/")[0]
        rows = self._folders.get(folder)
        if rows is None:
            rows = self._folders[folder] = (self.store.article_heads_in(folder) if self.lean
                                            else self.store.articles_in(folder))
        return rows.pop(source, None)

    def _set(self, source: str, entry: _Entry | None) -> None:
        self._entries[source] = entry
        self._dirty.add(source)
        self._flush_if_full()

    def probe(self, path: Path, source: str) -> Probe:
        """Stat ``path`` and its possible sidecars (before anything reads them).

        Sidecars are looked for in a listing of the folder, taken once per
        folder, so a folder of articles without sidecars costs one stat per
        article. (A sidecar that appears after the listing makes the stamp
        differ next time, and the article is read again.)

        When the cache was given the ``stats`` of a snapshot holding
        ``path``, nothing is stat'ed or listed: the stamp is made of the
        stats the snapshot took of the file and of the sidecars it listed
        beside it, before the build began (a stamp taken earlier than any
        read is as good a witness: a file changed since differs from it next
        time, and is hashed then).
        """
        if self.stats is not None:
            name = str(path)
            found = self.stats.get(name)
            if found is not None:
                stem = name[:len(name) - len(path.suffix)]
                return Probe(path, source, (found, *(self.stats.get(stem + s)
                                                     for s in SIDECAR_SUFFIXES)))
        names = self._listings.get(path.parent)
        if names is None:
            try:
                names = self._listings[path.parent] = frozenset(os.listdir(path.parent))
            except OSError:
                names = frozenset()
        stem = path.name[:len(path.name) - len(path.suffix)]
        return Probe(path, source, (_stat(path), *(
            _stat(path.with_suffix(s)) if stem + s in names else None
            for s in SIDECAR_SUFFIXES)))

    def get(self, probe: Probe, hash_new: bool = True) -> tuple[CachedArticle | None, Probe]:
        """The cached article for an unchanged file, else None.

        Args:
            hash_new: False: a file the cache has never seen is not hashed
                here (the probe comes back without a digest); the caller
                hashes it with :func:`file_digest` before reading it (in the
                worker that reads it, say).

        Returns:
            (the article or None, the probe with the digest of the bytes
            filled in whenever they had to be hashed, always on a miss but
            as ``hash_new`` says: pass that one to :meth:`put` after reading
            the file, so that the digest stored is of bytes read before the
            article was).
        """
        entry = self._entry(probe.source)
        if entry is None:
            return None, Probe(probe.path, probe.source, probe.stamp,
                               file_digest(probe.path) if hash_new else None)
        stamp = _stamp_of(entry.stamp)
        racy = stamp is None or _racy(stamp, entry.read_ns)
        if stamp != probe.stamp or racy or None in probe.stamp[:1]:
            probe = Probe(probe.path, probe.source, probe.stamp, file_digest(probe.path))
            if probe.digest is None or probe.digest != entry.digest:
                return None, probe
            if stamp != probe.stamp or racy:
                self._set(probe.source, _Entry(probe.stamp, entry.digest, self.read_ns,
                                               entry.blob, entry.html, entry.head))
        whole = entry.blob is not None
        value = article_from_bytes(entry.blob if whole else entry.head,  # type: ignore[arg-type]
                                   probe.source)
        if value is None:
            self._set(probe.source, None)
            return None, Probe(probe.path, probe.source, probe.stamp,
                               probe.digest or file_digest(probe.path))
        return CachedArticle(*value, whole=whole), probe

    def stored(self, source: str) -> tuple[CachedArticle, tuple[str, str, str, str] | None] | None:
        """The article of ``source`` as the last build stored it, whatever its
        file holds now, with the sanitized HTML kept for it (``(digest, key,
        content_html, summary)``, see :meth:`keep_html`) or None; None when
        there is no usable row. Call it before :meth:`get` for that source."""
        entry = self._entry(source)
        if entry is None or entry.blob is None:
            return None
        value = article_from_bytes(entry.blob, source)
        html = entry.html
        if html is not None and html[2] is None:  # its content, from the database
            texts = self.store.article_html([source]) if self.store is not None else {}
            found = _html_from_text(texts.get(source))
            html = found if found is not None and _same_html(found, html) else None
        return (CachedArticle(*value), html) if value is not None else None  # type: ignore[return-value]

    # -- writing ---------------------------------------------------------

    def put(self, probe: Probe, article: Article, warnings: Sequence[Diagnostic],
            content_dir: Path, blob: bytes | None = None, html: Html | None = None
            ) -> bool:
        """Remember ``article``, read from the file ``probe`` saw; True when
        it is cached.

        The probe (stamp and digest) must have been taken before the file
        was read, as :meth:`get` does, so that a file changed while it was
        read is never taken for unchanged later. Probes without a digest and
        articles holding values the cache does not store are not cached.

        Args:
            blob: :func:`~newswire.state.values.article_to_bytes` of the
                article as read (body included) and :func:`stored_warnings`,
                when made already (by the worker that read it; ``article``
                may then be without its body); None: made here.
            html: the sanitized HTML and summary made from it (see
                :meth:`keep_html`), or None.
        """
        digest = probe.digest
        if digest is None or None in probe.stamp[:1]:
            return False
        if blob is None:
            rows = stored_warnings(warnings, content_dir)
            try:
                if rows is None:
                    raise Unstorable("a warning about another file")
                blob = article_to_bytes(article, rows)
            except Unstorable:
                if self._entry(probe.source) is not None:
                    self._set(probe.source, None)
                return False
        self._set(probe.source, _Entry(probe.stamp, digest, self.read_ns, blob, html))
        return True

    def html(self, source: str, article_digest: str, key: str
             ) -> tuple[str | None, str] | None:
        """``(content_html, summary)`` kept by :meth:`keep_html` for the article
        of ``source`` with these very bytes (``article_digest``) and
        :func:`~newswire.entries.html_key`, else None. ``content_html`` is
        None when it is in the database, or will be by the next
        :meth:`flush` of a writing cache (fetch it where it is written out:
        :mod:`newswire.bodies`)."""
        entry = self._entries.get(source)
        html = entry.html if entry is not None else None
        if html is None or not article_digest or not _same_html(html, (article_digest, key)):
            return None
        # a writing cache writes it before the build renders anything
        return (None if self.writes else html[2]), html[3]

    def keep_html(self, source: str, article_digest: str, key: str,
                  content_html: str, summary: str) -> bool:
        """Keep the sanitized HTML and summary made from the cached article of
        ``source`` (see :meth:`html`); nothing when it is not cached. True
        when this cache writes them to the database (then
        :meth:`html` gives them back without the content)."""
        entry = self._entries.get(source)
        if entry is None or not article_digest:
            return False
        html = (article_digest, key, content_html, summary)
        if entry.html != html:
            self._set(source, _Entry(entry.stamp, entry.digest, entry.read_ns, entry.blob,
                                     html))
        return self.writes

    def release(self, source: str) -> bool:
        """Stop holding the stored bytes of the cached article of ``source``
        (taken with :meth:`get`): :meth:`body` reads its body back from the
        database when it is needed. True when they are in the database (a
        writing cache, the row unchanged or written already)."""
        entry = self._entries.get(source)
        if not self.writes or entry is None or source in self._dirty:
            return False
        entry.blob = entry.head = None
        return True

    def drop(self, source: str) -> None:
        """Forget one article (its file failed to read)."""
        if self._entry(source) is not None:
            self._set(source, None)

    def keep_only(self, sources: Iterable[str]) -> None:
        """Forget every article whose source is not in ``sources`` (one
        query for the sources cached; call it once, after the lookups)."""
        wanted = set(sources)
        cached = self.store.article_sources() if self.store is not None else set()
        for source in (cached | set(self._entries)) - wanted:
            self._set(source, None)

    def changes(self) -> dict[str, ArticleRow | None]:
        """The rows not written yet (source → row, or None to delete it)."""
        rows: dict[str, ArticleRow | None] = {}
        stored = self._stored([s for s in self._dirty if self._needs_stored(s)])
        for source in sorted(self._dirty):
            entry = self._entries.get(source)
            rows[source] = None if entry is None else self._row_of(entry, stored.get(source))
        return rows

    def _needs_stored(self, source: str) -> bool:
        entry = self._entries.get(source)
        return entry is not None and (entry.blob is None or (
            entry.html is not None and entry.html[2] is None))

    def _stored(self, sources: list[str]) -> dict[str, ArticleRow]:
        """The stored rows of ``sources`` (for values written, not held)."""
        if not sources or self.store is None:
            return {}
        return {s: row for s in sources if (row := self.store.article(s)) is not None}

    def _row_of(self, entry: _Entry, stored: ArticleRow | None) -> ArticleRow | None:
        """The row to write for ``entry``; values it does not hold come from
        the row ``stored`` (None: not stored after all, the row is deleted)."""
        blob = entry.blob
        if blob is None:
            if stored is None or stored.digest != entry.digest:
                return None
            blob = stored.article
        text = None
        if entry.html is not None and entry.html[2] is not None:
            text = _html_text(entry.html)
        elif entry.html is not None and stored is not None and stored.html is not None:
            found = _html_from_text(stored.html)
            if found is not None and _same_html(found, entry.html):
                text = stored.html
        return ArticleRow(self.context, _stamp_text(entry.stamp), entry.digest, entry.read_ns,
                          blob, text)

    def _flush_if_full(self) -> None:
        if self.writes and len(self._dirty) >= _BATCH:
            self.flush(commit=self._uncommitted + len(self._dirty) >= _COMMIT_EVERY)

    def flush(self, commit: bool = True) -> None:
        """Write every change not written yet to the database
        (:meth:`Store.write_articles
        <newswire.state.store.Store.write_articles>`) and stop holding the
        bodies and sanitized HTML written. Only for a cache made with
        ``writes=True``; the cache does it by itself every few hundred
        changes, committing every few thousand.

        Args:
            commit: commit what was written (False: leave the transaction
                open, only this process's connection sees the rows).

        Raises:
            sqlite3.Error: the database cannot be written.
        """
        if self.store is None or not (self._dirty or (commit and self._uncommitted)):
            return
        rows = self.changes()
        self.store.write_articles(rows, commit)
        if commit:  # the bodies of thousands of articles were just let go
            give_back()
        self._uncommitted = 0 if commit else self._uncommitted + len(rows)
        self._dirty.clear()
        for source, row in rows.items():
            entry = self._entries.get(source)
            if entry is None:
                continue
            html = entry.html
            if row is None or row.html is None:
                html = None
            elif html is not None:
                html = (html[0], _key_digest(html[1]), None, html[3])  # type: ignore[assignment]
            self._entries[source] = _Entry(row.stamp, entry.digest, entry.read_ns, None,
                                           html) if row is not None else None

    def done_reading(self) -> None:
        """Stop holding what this cache knows of each article (stamps,
        digests, the keys and summaries of the sanitized HTML), once a
        writing cache has written every change (:meth:`flush`): a build
        asks nothing more of it after reading and making entries, and at
        100,000 articles that is about a kilobyte an article held to the
        end of the build. Nothing is let go while a change is not written,
        or for a cache that does not write (its :meth:`changes` need them).
        :meth:`changes` gives nothing afterwards; :meth:`body` and
        :meth:`html` find nothing (as for an article never cached)."""
        if not self.writes or self._dirty:
            return
        self._entries, self._folders, self._listings = {}, {}, {}

    def body(self, source: str) -> str | None:
        """The unsanitized body of the cached article of ``source`` (from
        memory, else from the database), or None when it is not cached: for
        an article given out without its body (see :meth:`release`; or read
        by a worker that made its HTML for another identity than it got).

        Raises:
            LookupError: the cache holds the article but its stored row is
                gone or unreadable (the database changed under the build).
        """
        entry = self._entries.get(source)
        if entry is None:
            return None
        blob = entry.blob
        if blob is None:
            row = self.store.article(source) if self.store is not None else None
            if row is None or row.digest != entry.digest:
                raise LookupError(source)
            blob = row.article
        value = article_from_bytes(blob, source)
        if value is None:
            raise LookupError(source)
        return value[0].body_html
