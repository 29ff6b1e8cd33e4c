"""The database of everything derived: ``.newswire/derived.sqlite``.

One SQLite database (WAL mode) holds every record a build derives and a
later build may use, and nothing that cannot be derived again, so it may be
deleted at any time (the next build reads and renders everything, and
publishes the same bytes):

=================  ==========================================================
table              what
=================  ==========================================================
``articles``       parsed articles by source, with the stat and digest of
                   their files and the sanitized HTML made from them
                   (:mod:`newswire.cache`)
``manifest``       every file the last build published: digest, size, mtime
                   (:mod:`newswire.publish`)
``pages``          what each page and archive document was rendered from
                   (:mod:`newswire.incremental`)
``recognition``    per article the digest, title and body signature last
                   seen, to recognise a renamed file (:mod:`newswire.identity`)
``pings``          WebSub notifications no hub accepted yet (:mod:`newswire.websub`)
``listing_rows``   each entry's row on the listing pages, by entry id
                   (:mod:`newswire.listrows`)
``records``        other derived records by name, as JSON: the last complete
                   build (the shortcut when nothing changed), and small
                   records other stages keep
``meta``           the :func:`~newswire.state.digests.fingerprint` of the
                   code the code-dependent tables were made by
=================  ==========================================================

Trust: the file carries an application id and a format number
(``PRAGMA application_id`` / ``user_version``). A file that is not a SQLite
database, is damaged, or was made by another format is moved aside (to
``derived.sqlite.unusable``) and a new one is started; it is never followed.
Rows made by other code (another newswire, another library version) are
ignored and replaced: ``articles``, ``pages`` and the last-build record
depend on the code, the manifest, the recognition values and the pings
describe the files and the hubs and are kept. Every value read back is plain
data, checked for type; nothing in the database can make newswire run code.

A build reads what it needs, then writes everything it changed in one
transaction at its end (:meth:`Store.commit`): a build killed before that
leaves those records as the last complete build left them, and the journal
(:mod:`newswire.state.journal`) tells the next build to check everything.

Two tables are exceptions. ``articles`` is written as the build reads
(:meth:`Store.write_articles`, a transaction per batch), so that no process
holds every article's body at once: the sanitized bodies are fetched back
(:meth:`Store.article_html`) only where a feed item or a page is written. A
row of ``articles`` says what one file held when it was read and what was
made from those bytes, true whatever becomes of the build. ``listing_rows``
is written once the listing pages are made (:meth:`Store.write_listing_rows`,
one transaction with the record naming what the rows were made under), so
that no process holds every row to the end of the build: a row says how one
entry with the values its key counts is shown under that record, true
whatever becomes of the build. The rows a killed build wrote are as good as
those of a complete one, and every other record still changes only with
the build's last transaction.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import jsonio
from ..publish import FileStamp
from ..safeio import load_json

__all__ = ["FORMAT", "ArticleRow", "Changes", "Store"]

FORMAT = 1
_APPLICATION_ID = 0x4E577331  # "NWs1"
_CODE_TABLES = ("articles", "pages", "listing_rows")
_CODE_RECORDS = ("last-build", "image-lines")  # newswire.images.IMAGE_LINES
_LISTING_ROWS = "listing_rows(id BLOB PRIMARY KEY, key TEXT NOT NULL, row TEXT NOT NULL) STRICT"
"""The table of listing rows, added to the format after it was first
released: a database made before it gets it when it is opened to write."""
_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
CREATE TABLE articles(source BLOB PRIMARY KEY, context TEXT NOT NULL, stamp TEXT NOT NULL,
    digest TEXT NOT NULL, read_ns INTEGER NOT NULL, article BLOB NOT NULL, html TEXT) STRICT;
CREATE TABLE manifest(path BLOB PRIMARY KEY, sha256 TEXT NOT NULL, size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL) STRICT;
CREATE TABLE pages(path BLOB PRIMARY KEY, key TEXT NOT NULL, sha256 TEXT NOT NULL,
    size INTEGER NOT NULL) STRICT;
CREATE TABLE recognition(source BLOB PRIMARY KEY, digest TEXT NOT NULL, title BLOB NOT NULL,
    signature TEXT NOT NULL) STRICT;
CREATE TABLE pings(hub TEXT NOT NULL, topic TEXT NOT NULL, queued INTEGER NOT NULL,
    attempts INTEGER NOT NULL, last_error TEXT, PRIMARY KEY (hub, topic)) STRICT;
CREATE TABLE records(name TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
""" + f"CREATE TABLE {_LISTING_ROWS};\n"



def _busy(exc: sqlite3.Error) -> bool:
    """True for "in use by another connection" (SQLITE_BUSY, SQLITE_LOCKED)."""
    return (getattr(exc, "sqlite_errorcode", 0) & 0xFF) in (5, 6)


def _b(text: str) -> bytes:
    """Text as stored: UTF-8, file names that are not UTF-8 included."""
    return text.encode("utf-8", "surrogateescape")


def _s(data: object) -> str:
    if not isinstance(data, bytes):
        raise sqlite3.DatabaseError("a key of the wrong type")
    return data.decode("utf-8", "surrogateescape")


@dataclass(frozen=True)
class ArticleRow:
    """One cached article as stored (see :mod:`newswire.cache`).

    Attributes:
        context: the reading context it was parsed in (time zone...).
        stamp: JSON of the stat of the file and its possible sidecars.
        digest: SHA-256 of their bytes when read.
        read_ns: a file-system time taken before they were read.
        article: :func:`~newswire.state.values.article_to_bytes` bytes.
        html: the sanitized HTML and summary made from it, with the digest
            and key they were made for (see :mod:`newswire.cache`), or None.
    """

    context: str
    stamp: str
    digest: str
    read_ns: int
    article: bytes
    html: str | None


def _article_row(row: tuple[Any, ...]) -> ArticleRow | None:
    """A row of ``articles`` (without its source) as an :class:`ArticleRow`,
    or None when a value has the wrong type."""
    if not (isinstance(row[0], str) and isinstance(row[1], str) and isinstance(row[2], str)
            and type(row[3]) is int and isinstance(row[4], bytes)
            and (row[5] is None or isinstance(row[5], str))):
        return None
    return ArticleRow(*row)


@dataclass
class Changes:
    """What one build changes in the database, written by :meth:`Store.commit`.

    Every field left as None keeps the table as it is. Mappings replace the
    whole table's content (only the rows that differ are written).

    Attributes:
        articles: source → row to write, or None to delete it.
        manifest: the new manifest (path → stamp).
        pages: the new page records (path → (key, sha256, size)).
        recognition: source → (digest, title, signature).
        listing_rows: the rows of listing pages to keep (entry id → (row
            key, row HTML), :mod:`newswire.listrows`).
        pings: called with the pending notifications (hub, topic) → (queued,
            attempts, last_error) and changes them in place.
        records: name → JSON-ready value, or None to delete the record.
        rows: rows to write in ``manifest`` (path → stamp), ``pages`` (path
            → (key, sha256, size)) or ``recognition`` (source → (digest,
            title, signature)) by table name, every other row kept as it
            is (a build that rewrote a few files, :mod:`newswire.edits`).
    """

    articles: dict[str, ArticleRow | None] = field(default_factory=dict)
    manifest: Mapping[str, FileStamp] | None = None
    pages: Mapping[str, tuple[str, str, int]] | None = None
    recognition: Mapping[str, tuple[str, str, str]] | None = None
    listing_rows: Mapping[str, tuple[str, str]] | None = None
    pings: Callable[[dict[tuple[str, str], tuple[int, int, str | None]]], None] | None = None
    records: dict[str, object] = field(default_factory=dict)
    rows: dict[str, Mapping[str, Any]] = field(default_factory=dict)


_ROWS = {"manifest": lambda s: (s.sha256, s.size, s.mtime_ns), "pages": tuple,
         "recognition": lambda v: (v[0], _b(v[1]), v[2])}
"""How :attr:`Changes.rows` of each table are stored (after the key)."""


class Store:
    """The database of one site's derived records.

    Args:
        path: the database file (``.newswire/derived.sqlite``); created with
            its folder when missing.
        code: :func:`~newswire.state.digests.fingerprint` of this
            newswire; rows of code-dependent tables made by other code are
            not returned, and are deleted by the next :meth:`commit`. None:
            the caller reads no code-dependent table (``newswire ping``).

    A database that cannot be used is moved aside and replaced, never
    followed (see the module's docstring).

    Raises:
        sqlite3.Error: the database cannot be created (a read-only folder) or
            stayed in use by another process for a minute.
    """

    def __init__(self, path: Path, code: str | None = None, *, create: bool = True) -> None:
        self.path = path
        self.code = code
        self.create = create
        self.moved_aside: Path | None = None
        self._conn = self._connect() if create else self._open_existing()
        self._fresh_code = code is None or self._meta("fingerprint") == code
        self._loaded_manifest: dict[str, FileStamp] | None = None
        self._loaded_pages: dict[str, tuple[str, str, int]] | None = None
        self._loaded_recognition: dict[str, tuple[str, str, str]] | None = None
        self._loaded_listing_rows: dict[str, tuple[str, str]] | None = None

    # -- opening -----------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        try:
            return self._open()
        except sqlite3.DatabaseError as exc:
            if _busy(exc):
                raise  # in use for longer than the timeout: not damaged
            self._move_aside()
            return self._open()

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=60, isolation_level=None,
                               check_same_thread=False)
        try:
            if self._format(conn) != (_APPLICATION_ID, FORMAT):
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("BEGIN IMMEDIATE")  # another process may be creating it too
                app, version = self._format(conn)
                if (app, version) != (_APPLICATION_ID, FORMAT):
                    tables = conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]
                    if app or version or tables:
                        conn.execute("ROLLBACK")
                        raise sqlite3.DatabaseError("another format")
                    for statement in _SCHEMA.split(";"):
                        if statement.strip():
                            conn.execute(statement)
                    conn.execute(f"PRAGMA application_id={_APPLICATION_ID}")
                    conn.execute(f"PRAGMA user_version={FORMAT}")
                conn.execute("COMMIT")
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute(f"CREATE TABLE IF NOT EXISTS {_LISTING_ROWS}")
        except BaseException:
            conn.close()
            raise
        return conn

    @staticmethod
    def _format(conn: sqlite3.Connection) -> tuple[int, int]:
        return (conn.execute("PRAGMA application_id").fetchone()[0],
                conn.execute("PRAGMA user_version").fetchone()[0])

    def _open_existing(self) -> sqlite3.Connection:
        conn = sqlite3.connect(f"file:{self.path}?mode=rw", uri=True, timeout=60,
                               isolation_level=None, check_same_thread=False)
        try:
            if self._format(conn) != (_APPLICATION_ID, FORMAT):
                raise sqlite3.DatabaseError("another format")
        except BaseException:
            conn.close()
            raise
        return conn

    def _move_aside(self) -> None:
        """Put an unusable database where it is kept but never read."""
        aside = self.path.with_name(self.path.name + ".unusable")
        for suffix in ("-wal", "-shm"):
            Path(str(self.path) + suffix).unlink(missing_ok=True)
        try:
            os.replace(self.path, aside)
            self.moved_aside = aside
        except FileNotFoundError:
            pass

    def _damaged(self) -> None:
        """The database failed while being read: start a new one."""
        try:
            self._conn.close()
        except sqlite3.Error:
            pass
        self._move_aside()
        self._conn = self._open()
        self._fresh_code = self.code is None

    def _query(self, sql: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Rows of a query; none (and a new database) when the file is damaged."""
        try:
            return self._conn.execute(sql, args).fetchall()
        except sqlite3.DatabaseError as exc:
            if self.create and not _busy(exc):
                self._damaged()
            return []

    def _meta(self, key: str) -> str | None:
        rows = self._query("SELECT value FROM meta WHERE key=?", (key,))
        return rows[0][0] if rows and isinstance(rows[0][0], str) else None

    def close(self) -> None:
        """Close the connection (the database stays as committed)."""
        self._conn.close()

    # -- reading -----------------------------------------------------------

    def article(self, source: str) -> ArticleRow | None:
        """The cached article of ``source`` (made by this code), or None."""
        if not self._fresh_code:
            return None
        rows = self._query("SELECT context, stamp, digest, read_ns, article, html "
                           "FROM articles WHERE source=?", (_b(source),))
        return _article_row(rows[0]) if rows else None

    def articles_in(self, folder: str) -> dict[str, ArticleRow]:
        """The cached articles (made by this code) whose files are directly
        in ``folder`` (relative to ``content/``, ``""`` for its top), by
        source: one query for a folder instead of one per article. Rows of
        the wrong types are left out (a miss)."""
        if not self._fresh_code:
            return {}
        prefix = _b(folder + "/") if folder else b""
        if prefix:  # the sources starting with "folder/": from it up to "folder0"
            rows = self._query(
                "SELECT source, context, stamp, digest, read_ns, article, html FROM articles "
                "WHERE source >= ? AND source < ? AND instr(substr(source, ?), X'2F') = 0",
                (prefix, prefix[:-1] + b"0", len(prefix) + 1))
        else:
            rows = self._query(
                "SELECT source, context, stamp, digest, read_ns, article, html FROM articles "
                "WHERE instr(source, X'2F') = 0")
        found = {}
        for source, *values in rows:
            row = _article_row(tuple(values)) if isinstance(source, bytes) else None
            if row is not None:
                found[_s(source)] = row
        return found

    def article_heads_in(self, folder: str) -> dict[str, ArticleRow]:
        """:meth:`articles_in` without the bodies: each row's ``article`` is
        only its first line and newline (the article's fields and warnings,
        see :func:`~newswire.state.values.article_to_bytes`) and its
        ``html`` the first line and newline of the stored sanitized HTML
        (digest, key and summary), cut in the database so that the bodies
        and HTML of the unchanged articles of a build are never read (about
        6 KB an article). A row without a newline where one belongs is
        left out (a miss)."""
        if not self._fresh_code:
            return {}
        heads = ("SELECT source, context, stamp, digest, read_ns, "
                 "substr(article, 1, instr(article, X'0A')), "
                 "substr(html, 1, instr(html, char(10))) FROM articles ")
        prefix = _b(folder + "/") if folder else b""
        if prefix:
            rows = self._query(
                heads + "WHERE source >= ? AND source < ? AND instr(substr(source, ?), X'2F') = 0",
                (prefix, prefix[:-1] + b"0", len(prefix) + 1))
        else:
            rows = self._query(heads + "WHERE instr(source, X'2F') = 0")
        found = {}
        for source, *values in rows:
            row = _article_row(tuple(values)) if isinstance(source, bytes) else None
            if row is not None and row.article.endswith(b"\n") and row.html != "":
                found[_s(source)] = row
        return found

    def article_sources(self) -> set[str]:
        """The sources of every cached article."""
        try:
            return {_s(r[0]) for r in self._query("SELECT source FROM articles")}
        except sqlite3.DatabaseError:
            return set()

    def manifest(self) -> dict[str, FileStamp]:
        """The files the last complete build published (path → stamp)."""
        return dict(self._manifest())

    def _manifest(self) -> dict[str, FileStamp]:
        """:meth:`manifest`, not copied (never to be changed)."""
        if self._loaded_manifest is None:
            manifest = {}
            for path, sha256, size, mtime in self._query(
                    "SELECT path, sha256, size, mtime_ns FROM manifest"):
                if isinstance(path, bytes) and isinstance(sha256, str) \
                        and type(size) is int and type(mtime) is int:
                    manifest[_s(path)] = FileStamp(sha256, size, mtime)
            self._loaded_manifest = manifest
        return self._loaded_manifest

    def manifest_of(self, paths: Iterable[str]) -> dict[str, FileStamp]:
        """The rows of :meth:`manifest` for ``paths`` alone (those it has)."""
        manifest = {}
        for path in sorted(set(paths)):
            for stored, sha256, size, mtime in self._query(
                    "SELECT path, sha256, size, mtime_ns FROM manifest WHERE path=?",
                    (_b(path),)):
                if isinstance(stored, bytes) and isinstance(sha256, str) \
                        and type(size) is int and type(mtime) is int:
                    manifest[path] = FileStamp(sha256, size, mtime)
        return manifest

    def published_stats(self) -> list[tuple[bytes, int, int]] | None:
        """(path as stored, size, mtime_ns) of every file the last complete
        build published, as SQLite returns them: no object per file, for
        the shortcut when nothing changed. The path is UTF-8 bytes (file
        names that are not UTF-8 as they were), relative to the output
        folder. None when any row is not one a complete build wrote (no
        digest: a file an interrupted build may have written; a value of
        the wrong type) or the table cannot be read."""
        rows = self._query(
            "SELECT path, size, mtime_ns FROM manifest WHERE typeof(path) = 'blob' "
            "AND typeof(sha256) = 'text' AND sha256 <> '' AND typeof(size) = 'integer' "
            "AND typeof(mtime_ns) = 'integer'")
        total = self._query("SELECT count(*) FROM manifest")
        if not total or total[0][0] != len(rows):
            return None
        return rows

    def published(self) -> bool:
        """True when a build published this site (the manifest is not empty)."""
        return bool(self._query("SELECT 1 FROM manifest LIMIT 1"))

    def renders_every_page(self) -> bool:
        """True when no page record made by this code is kept (a first build,
        or one by another newswire): a build renders every page again."""
        return not self._fresh_code or not self._query("SELECT 1 FROM pages LIMIT 1")

    def pages(self) -> dict[str, tuple[str, str, int]]:
        """What the last build rendered each page from: path → (key, sha256, size)."""
        if self._loaded_pages is None:
            self._loaded_pages = {} if not self._fresh_code else {
                _s(p): (k, d, n) for p, k, d, n in self._query(
                    "SELECT path, key, sha256, size FROM pages")
                if isinstance(p, bytes) and isinstance(k, str) and isinstance(d, str)
                and type(n) is int}
        return dict(self._loaded_pages)

    def recognition(self) -> dict[str, tuple[str, str, str]]:
        """Per source, the (digest, title, body signature) last seen."""
        if self._loaded_recognition is None:
            self._loaded_recognition = {
                _s(s): (d, _s(t), g) for s, d, t, g in self._query(
                    "SELECT source, digest, title, signature FROM recognition")
                if isinstance(s, bytes) and isinstance(d, str) and isinstance(t, bytes)
                and isinstance(g, str)}
        return dict(self._loaded_recognition)

    def listing_rows(self) -> dict[str, tuple[str, str]]:
        """The rows of listing pages the last build kept (see
        :mod:`newswire.listrows`): entry id → (row key, the row's HTML), made
        by this code; read once, and the same dict given to every caller
        (tens of megabytes at 100,000 articles): do not change it."""
        if self._loaded_listing_rows is None:
            self._loaded_listing_rows = {} if not self._fresh_code else {
                _s(i): (k, r) for i, k, r in self._query(
                    "SELECT id, key, row FROM listing_rows")
                if isinstance(i, bytes) and isinstance(k, str) and isinstance(r, str)}
        return self._loaded_listing_rows

    def pings(self) -> dict[tuple[str, str], tuple[int, int, str | None]]:
        """The pending hub notifications: (hub, topic) → (queued, attempts, last error)."""
        return {(h, t): (q, a, e) for h, t, q, a, e in self._query(
            "SELECT hub, topic, queued, attempts, last_error FROM pings")
            if isinstance(h, str) and isinstance(t, str) and type(q) is int
            and type(a) is int and (e is None or isinstance(e, str))}

    def record(self, name: str) -> object:
        """The record called ``name`` (plain JSON values), or None. Records
        that depend on the code are None when made by other code."""
        if name in _CODE_RECORDS and not self._fresh_code:
            return None
        rows = self._query("SELECT value FROM records WHERE name=?", (name,))
        if not rows or not isinstance(rows[0][0], str):
            return None
        try:
            return load_json(rows[0][0])
        except ValueError:
            return None

    def article_html(self, sources: list[str]) -> dict[str, str]:
        """The ``html`` value of the cached articles of ``sources`` that have
        one (see :mod:`newswire.cache`), by source, in one query per few
        hundred sources. Rows made by other code are left out."""
        if not self._fresh_code:
            return {}
        found: dict[str, str] = {}
        for start in range(0, len(sources), 500):
            keys = [_b(s) for s in sources[start:start + 500]]
            marks = ", ".join("?" * len(keys))
            for source, html in self._query(
                    f"SELECT source, html FROM articles WHERE source IN ({marks})",  # noqa: S608
                    tuple(keys)):
                if isinstance(source, bytes) and isinstance(html, str):
                    found[_s(source)] = html
        return found

    # -- writing -----------------------------------------------------------

    def _adopt_code(self, conn: sqlite3.Connection) -> None:
        """In a write transaction: rows of code-dependent tables made by other
        code are deleted and the database marked as this code's."""
        if self._fresh_code or self.code is None:
            return
        for table in _CODE_TABLES:
            conn.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed names
        conn.executemany("DELETE FROM records WHERE name=?", [(n,) for n in _CODE_RECORDS])
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)", (self.code,))

    def write_articles(self, rows: Mapping[str, ArticleRow | None], commit: bool = True
                       ) -> None:
        """Write cached articles (source → row, None to delete it) before the
        build's records are (see the module's docstring: each row is true on
        its own), in a transaction of their own.

        Args:
            commit: False: leave the transaction open, for the next call to
                go on with (one commit, one sync to disk, for many calls);
                the rows are visible to this connection only until a call
                with True, or :meth:`commit`, commits them. Closing the
                store first rolls them back.

        Raises:
            sqlite3.Error: the database cannot be written; nothing written
                since the last commit is kept.
        """
        with self._writing(commit) as conn:
            self._write_articles(conn, rows)

    @contextlib.contextmanager
    def _writing(self, commit: bool = True) -> Iterator[sqlite3.Connection]:
        """The connection, in a write transaction (begun here unless one is
        open) in which the rows of other code are gone
        (:meth:`_adopt_code`); committed at the end (with ``commit``),
        rolled back, whatever was written since the last commit, on any
        error (raised again)."""
        conn = self._conn
        if not conn.in_transaction:
            conn.execute("BEGIN IMMEDIATE")
        try:
            self._adopt_code(conn)
            yield conn
            if commit:
                conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        if not self._fresh_code:  # the page records read before are of other code
            self._fresh_code = True
            self._loaded_pages = None

    @staticmethod
    def _write_articles(conn: sqlite3.Connection, rows: Mapping[str, ArticleRow | None]
                        ) -> None:
        conn.executemany("DELETE FROM articles WHERE source=?",
                         [(_b(s),) for s, row in rows.items() if row is None])
        conn.executemany(
            "INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(_b(s), r.context, r.stamp, r.digest, r.read_ns, r.article, r.html)
             for s, r in sorted(rows.items()) if r is not None])

    def write_listing_rows(self, name: str, record: object,
                           rows: Iterable[tuple[str, str, str]], stale: Iterable[str] | None
                           ) -> None:
        """Write the rows of listing pages a build made and the record that
        names what they were made under, in a transaction of their own,
        before the build's records are (see the module's docstring: the rows
        and their record describe one another alone).

        Args:
            name: the record's name (:data:`newswire.listrows.RECORD`).
            record: its value (plain JSON values).
            rows: the rows to write, (entry id, row key, row HTML), taken
                one at a time (an iterator that makes each as it is taken
                is never held whole).
            stale: ids of rows to delete, before ``rows`` are written;
                None: every row is deleted first (those kept were made
                under another record).

        Raises:
            sqlite3.Error: the database cannot be written; nothing of this
                call is kept.
        """
        with self._writing() as conn:
            if stale is None:
                conn.execute("DELETE FROM listing_rows")
            else:
                conn.executemany("DELETE FROM listing_rows WHERE id=?",
                                 [(_b(i),) for i in stale])
            conn.executemany("INSERT OR REPLACE INTO listing_rows VALUES (?, ?, ?)",
                             ((_b(i), key, row) for i, key, row in rows))
            conn.execute("INSERT OR REPLACE INTO records VALUES (?, ?)",
                         (name, _record_text(record)))
        self._loaded_listing_rows = None

    def commit(self, changes: Changes) -> None:
        """Write ``changes`` in one transaction (all of them, or none).

        Raises:
            sqlite3.Error: the database cannot be written (disk full, read-only);
                nothing of ``changes`` is kept.
        """
        # (in the transaction of the articles written so far, if one is open)
        with self._writing() as conn:
            self._write_articles(conn, changes.articles)
            if changes.manifest is not None:  # stamps compared as they are: no copies
                self._sync(conn, "manifest", "path", self._manifest(), changes.manifest, 4,
                           lambda s: (s.sha256, s.size, s.mtime_ns), lambda s: s)
            if changes.pages is not None:
                self._sync(conn, "pages", "path", self.pages() if self._fresh_code else {},
                           changes.pages, 4, lambda v: v)
            if changes.listing_rows is not None:
                self._sync(conn, "listing_rows", "id",
                           self.listing_rows() if self._fresh_code else {},
                           changes.listing_rows, 3, tuple)
            if changes.recognition is not None:
                self._sync(conn, "recognition", "source", self.recognition(),
                           changes.recognition, 4, lambda v: (v[0], _b(v[1]), v[2]))
            if changes.pings is not None:
                pending = self.pings()
                before = dict(pending)
                changes.pings(pending)
                for key in set(before) - set(pending):
                    conn.execute("DELETE FROM pings WHERE hub=? AND topic=?", key)
                conn.executemany("INSERT OR REPLACE INTO pings VALUES (?, ?, ?, ?, ?)",
                                 [(*k, *v) for k, v in sorted(pending.items())
                                  if before.get(k) != v])
            for table, rows in sorted(changes.rows.items()):
                stored = _ROWS[table]
                conn.executemany(f"INSERT OR REPLACE INTO {table} VALUES (?, ?, ?, ?)",  # noqa: S608
                                 [(_b(k), *stored(v)) for k, v in sorted(rows.items())])
            for name, value in sorted(changes.records.items()):
                if value is None:
                    conn.execute("DELETE FROM records WHERE name=?", (name,))
                else:
                    conn.execute("INSERT OR REPLACE INTO records VALUES (?, ?)",
                                 (name, _record_text(value)))
        self._loaded_manifest = self._loaded_pages = self._loaded_recognition = None
        self._loaded_listing_rows = None

    @staticmethod
    def _sync(conn: sqlite3.Connection, table: str, key: str, old: Mapping[str, Any],
              new: Mapping[str, Any], width: int, stored: Callable[[Any], tuple[Any, ...]],
              same: Callable[[Any], Any] = tuple) -> None:
        """Make ``table`` hold ``new`` (key → values), writing only the rows
        that differ from ``old`` (what it holds now; a value of ``new`` is
        compared as ``same`` makes it). The rows go to SQLite one at a time
        as they are made (at 100,000 articles a list of them all would be
        tens of megabytes at the build's end)."""
        conn.executemany(f"DELETE FROM {table} WHERE {key}=?",  # noqa: S608 - fixed names
                         ((_b(k),) for k in old if k not in new))
        marks = ", ".join("?" * width)
        conn.executemany(f"INSERT OR REPLACE INTO {table} VALUES ({marks})",  # noqa: S608
                         ((_b(k), *stored(new[k])) for k in sorted(new)
                          if old.get(k) != same(new[k])))

    def modify_pings(self, change: Callable[[dict[tuple[str, str],
                                                   tuple[int, int, str | None]]], None]) -> None:
        """Change the pending notifications in a transaction of their own
        (``newswire ping``, beside builds)."""
        self.commit(Changes(pings=change))


def open_store(path: Path, code: str | None = None) -> Store:
    """:class:`Store` for ``path``, or raise :class:`OSError` when the
    database cannot even be created (unwritable folder)."""
    try:
        return Store(path, code)
    except sqlite3.Error as exc:
        raise OSError(str(exc)) from None


def _record_text(value: object) -> str:
    """A record's JSON as stored: compact, ASCII only, as :func:`json.dumps`
    writes it (by :func:`newswire.jsonio.compact`: the last build's record
    holds every diagnostic of the site, megabytes at 100,000 articles,
    rewritten by each build)."""
    return jsonio.compact(value, ensure_ascii=True)


def peek(path: Path) -> Store | None:
    """The database at ``path`` when it exists and is one of ours, else None;
    never creates or moves anything (for the shortcut when nothing changed,
    and ``newswire list``: its readers find nothing in a damaged file)."""
    if not path.is_file():
        return None
    try:
        return Store(path, None, create=False)
    except sqlite3.Error:
        return None
