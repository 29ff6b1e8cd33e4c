"""Sanitized bodies fetched from the database where they are written out.

A build keeps no article's body in memory (README "Performance"): once
made, the sanitized HTML of an article is written to its row of the site's
database (:mod:`newswire.cache`), and its :class:`~newswire.model.Entry`
holds ``content_html=None`` ("stored"). The only places that need a body
are the feed documents that publish full content and the article pages;
each fetches the bodies of the entries it writes, a document or a range of
pages at a time, with :meth:`Bodies.filled`.

A forked worker process fetches what it renders itself: it never uses the
connection of the process that forked it (SQLite connections must not cross
a fork), but opens its own, read only, the first time it needs one.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from .config import SiteConfig
from .entries import entry_html, html_key
from .errors import OutputError
from .model import Entry
from .safeio import load_json
from .state.store import Store
from .state.values import article_from_bytes

__all__ = ["Bodies"]


class Bodies:
    """Where the stored bodies of one build's entries are fetched from.

    Args:
        database: the site's database file (``.newswire/derived.sqlite``).
        site: the site's settings (the :func:`~newswire.entries.html_key`
            each body must have been made for).
        store: the build's open database, used in the process that made this
            object; other processes (forked workers) open their own.

    Rows are checked before they are used: the HTML of a row is taken only
    when it was made from the entry's article bytes (``article.digest``) for
    its URL and id; otherwise it is made again from the article stored in
    the same row.
    """

    def __init__(self, database: Path, site: SiteConfig, store: Store | None = None) -> None:
        self.database = database
        self.site = site
        self._store = store
        self._pid = os.getpid()
        self._fetched = 0

    def __getstate__(self) -> dict[str, object]:
        """Sent to a worker on a platform without ``fork``: without the
        connection (the worker opens its own)."""
        return {**self.__dict__, "_store": None}

    @property
    def fetched(self) -> int:
        """How many bodies this process fetched through this object."""
        return self._fetched

    def _connection(self) -> Store:
        if self._store is None or self._pid != os.getpid():
            # a forked worker: its own connection, never the parent's
            self._store = Store(self.database, None, create=False)
            self._pid = os.getpid()
        return self._store

    def filled(self, entries: Sequence[Entry]) -> list[Entry]:
        """``entries`` with every stored ``content_html`` filled in, in one
        query per few hundred entries; entries holding theirs are as given.

        Raises:
            OutputError: a body is in the database neither as HTML nor as
                the article it is made from (the database was changed or
                removed while the site was being built).
        """
        wanted = [e for e in entries if e.content_html is None]
        if not wanted:
            return list(entries)
        try:
            store = self._connection()
            rows = store.article_html([e.article.source for e in wanted])
        except sqlite3.Error as exc:
            raise OutputError(f"cannot read the database of derived records ({exc}); "
                              "build again", self.database) from None
        made: dict[int, str] = {}
        for entry in wanted:
            made[id(entry)] = self._body(store, entry, rows.get(entry.article.source))
        self._fetched += len(wanted)
        return [replace(e, content_html=made[id(e)]) if e.content_html is None else e
                for e in entries]

    def _body(self, store: Store, entry: Entry, text: str | None) -> str:
        """The sanitized body of ``entry`` from its row's ``html`` value
        ``text`` when that was made for it, else made again from the article
        in the row."""
        article = entry.article
        if text is not None:
            head, newline, content = text.partition("\n")
            prefix = f'["{article.digest}",'
            if newline and head.startswith(prefix):
                try:
                    values = load_json(head)
                except ValueError:
                    values = None
                if isinstance(values, list) and len(values) == 3 \
                        and values[1] == html_key(article, entry.identity, self.site):
                    return content
        row = store.article(article.source)
        value = article_from_bytes(row.article, article.source) \
            if row is not None and row.digest == article.digest else None
        if value is None:
            raise OutputError(f"the database of derived records no longer holds the body of "
                              f"{article.source} (changed while the site was being built?); "
                              "build again", self.database)
        return entry_html(replace(article, body_html=value[0].body_html),
                          entry.identity, self.site)[0]
