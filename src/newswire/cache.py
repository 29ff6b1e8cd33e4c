"""Parsed articles from earlier builds, so an unchanged file is not read again (SPEC §6).

The cache lives in ``.newswire/cache/`` and is safe to delete at any time: a
build without it reads every article, as the first build did. It is never
trusted blindly:

* Every shard file names the cache format, a fingerprint of newswire's own
  code (every file of the package) and of the libraries that shape a parsed
  article, and the reading context (the site's time zone). Any difference and the
  shard is ignored, then rewritten.
* An article is taken from the cache only when its file and every possible
  sidecar (``.toml``, ``.yaml``, ``.yml``) still have the size, mtime,
  ctime and inode they had when it was read. When they differ (a checkout,
  ``touch``), the bytes are hashed and compared with the digest taken then;
  equal bytes are still a hit. A file changed within two seconds before the
  cache was written (the same timestamp tick as the read, possibly) is
  always compared by digest: see :data:`newswire.run.RACY_NS`.
* With each article, the sanitized HTML and summary made from it are kept
  (plain text), with the article's digest and the page URL and folder they
  were made for (:func:`newswire.entries.html_key`); they are used only when
  all of those are the same again.
* Articles are stored as pickles, one per article, read back with an
  unpickler that knows only the model's classes and date types, so a
  tampered cache cannot run code; each is checked to be an ``Article`` for
  the same source before use. A shard or entry that fails any check is
  dropped and the article read again.

Writes go through :func:`newswire.publish.atomic_write` (temporary file,
fsync, rename), so a killed build leaves every shard whole.
"""

from __future__ import annotations

import hashlib
import dataclasses
import functools
import io
import os
import pickle
import types
import typing
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from . import run
from .errors import Diagnostic, OutputError
from .model import Article, Author, Media
from .publish import atomic_write
from .run import code_fingerprint
from .safeio import MAX_ARTICLE_BYTES, RefusedFile, read_own_file, read_regular_file

__all__ = ["CACHE_FORMAT", "ArticleCache", "CachedArticle", "Probe"]

CACHE_FORMAT = 2
SIDECAR_SUFFIXES = (".toml", ".yaml", ".yml")
_SHARD_DIR = "articles"


def _allowed_types() -> tuple[type, ...]:
    """The only classes an article in the cache may hold."""
    from dateutil import tz

    return (Article, Author, Media, datetime, date, time, timedelta, timezone, tz.tzoffset, tz.tzutc,
            complex)

Stamp = tuple[tuple[int, int, int, int] | None, ...]
Html = tuple[str, str, str, str]
"""(article digest, :func:`~newswire.entries.html_key`, content HTML, summary)."""


def _stat(path: Path) -> tuple[int, int, int, int] | None:
    try:
        st = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def _candidates(path: Path) -> list[Path]:
    return [path, *(path.with_suffix(s) for s in SIDECAR_SUFFIXES)]


class _Pickler(pickle.Pickler):
    """Pickles articles only: refuses any other class, zones by name."""

    def persistent_id(self, obj: Any) -> Any:
        if isinstance(obj, ZoneInfo):
            if obj.key is None:
                raise pickle.PicklingError("a ZoneInfo without a key")
            return ("zone", obj.key)
        return None

    def __init__(self, file: Any, protocol: int) -> None:
        super().__init__(file, protocol)
        self.allowed = _allowed_types()

    def reducer_override(self, obj: Any) -> Any:
        if type(obj) in self.allowed or isinstance(obj, type):
            return NotImplemented
        raise pickle.PicklingError(f"not cached: {type(obj).__name__}")


class _Unpickler(pickle.Unpickler):
    """Builds only the classes named in ``allowed`` ((module, name) pairs)."""

    def __init__(self, file: Any, allowed: frozenset[tuple[str, str]]) -> None:
        super().__init__(file)
        self.allowed = allowed

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in self.allowed:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")

    def persistent_load(self, pid: Any) -> Any:
        if isinstance(pid, tuple) and len(pid) == 2 and pid[0] == "zone" \
                and isinstance(pid[1], str):
            return ZoneInfo(pid[1])
        raise pickle.UnpicklingError("unknown persistent id")


class _PlainUnpickler(pickle.Unpickler):
    """Shard files hold built-in types only."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a shard")


def _dumps(value: Any) -> bytes:
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()


@dataclass(frozen=True)
class CachedArticle:
    """One article as the cache returns it.

    Attributes:
        article: the parsed article.
        warnings: the reader's warnings about it, as ``(level, message, path,
            line)`` with ``path`` relative to ``content/`` (or None).
    """

    article: Article
    warnings: tuple[tuple[str, str, str | None, int | None], ...]

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


def _digest(path: Path) -> str | None:
    """SHA-256 over the file and every possible sidecar (name and bytes);
    None when one of them cannot be read, is not a regular file or is larger
    than an article may be (the reader reports it)."""
    h = hashlib.sha256()
    for candidate in _candidates(path):
        try:
            data = read_regular_file(candidate, MAX_ARTICLE_BYTES)
        except (FileNotFoundError, NotADirectoryError):
            h.update(b"-\0")
            continue
        except (OSError, RefusedFile):
            return None
        h.update(f"{candidate.suffix}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()


def _shard_name(source: str) -> str:
    return hashlib.sha1(source.encode("utf-8", "surrogatepass")).hexdigest()[:2]


@dataclass
class _Shard:
    entries: dict[str, tuple[Stamp, str, bytes, Html | None]] = field(default_factory=dict)
    dirty: bool = False


class ArticleCache:
    """Parsed articles by source path, checked against the files on every use.

    Args:
        folder: the cache folder (``.newswire/cache``); need not exist.
        context: everything besides the file that the reader was given
            (the site's time zone name...), as text.

    Use :meth:`probe` on every article file, :meth:`get` for the probes of
    unchanged files, read the others and :meth:`put` them, then :meth:`save`.
    """

    def __init__(self, folder: Path, context: str) -> None:
        self.folder = folder
        self.key = code_fingerprint([f"cache format {CACHE_FORMAT}", context])
        self._allowed = frozenset((t.__module__, t.__qualname__) for t in _allowed_types())
        self._shards: dict[str, _Shard] = {}
        self._written_ns: dict[str, int] = {}
        self._listings: dict[Path, frozenset[str]] = {}

    # -- reading ---------------------------------------------------------

    def _shard(self, name: str) -> _Shard:
        shard = self._shards.get(name)
        if shard is None:
            shard = self._shards[name] = self._load(name)
        return shard

    def _load(self, name: str) -> _Shard:
        path = self.folder / _SHARD_DIR / f"{name}.pickle"
        try:
            data = read_own_file(path)
            self._written_ns[name] = path.stat().st_mtime_ns
        except OSError:
            return _Shard()
        try:
            obj = _PlainUnpickler(io.BytesIO(data)).load()
            if not isinstance(obj, dict) or obj.get("format") != CACHE_FORMAT:
                raise ValueError("unknown format")
            if obj.get("key") != self.key:
                return _Shard(dirty=True)  # another newswire or context: start over
            entries = obj["entries"]
            if not isinstance(entries, dict) or not all(
                    isinstance(k, str) and _valid_entry(v) for k, v in entries.items()):
                raise ValueError("malformed entries")
        except Exception:  # noqa: BLE001 - any damage means: rebuild this shard
            return _Shard(dirty=True)
        return _Shard(entries)

    def probe(self, path: Path, source: str) -> Probe:
        """Stat ``path`` and its possible sidecars (before anything reads them).

        Sidecars are looked for in a listing of the folder, taken once per
        folder, so a folder of articles without sidecars costs one stat per
        article. (A sidecar that appears after the listing makes the stamp
        differ next time, and the article is read again.)
        """
        names = self._listings.get(path.parent)
        if names is None:
            try:
                names = self._listings[path.parent] = frozenset(os.listdir(path.parent))
            except OSError:
                names = frozenset()
        return Probe(path, source, (_stat(path), *(
            _stat(c) if c.name in names else None for c in _candidates(path)[1:])))

    def get(self, probe: Probe) -> tuple[CachedArticle | None, Probe]:
        """The cached article for an unchanged file, else None.

        Returns:
            (the article or None, the probe with the digest of the bytes
            filled in whenever they had to be hashed, always on a miss: pass
            that one to :meth:`put` after reading the file, so that the
            digest stored is of bytes read before the article was).
        """
        shard = self._shard(_shard_name(probe.source))
        entry = shard.entries.get(probe.source)
        if entry is None:
            return None, Probe(probe.path, probe.source, probe.stamp, _digest(probe.path))
        stamp, digest, blob, html = entry
        racy = any(s is not None and s[1] + run.RACY_NS >= self._written_ns.get(
            _shard_name(probe.source), 0) for s in stamp)
        if stamp != probe.stamp or racy or None in probe.stamp[:1]:
            probe = Probe(probe.path, probe.source, probe.stamp, _digest(probe.path))
            if probe.digest is None or probe.digest != digest:
                return None, probe
            if stamp != probe.stamp or racy:
                shard.entries[probe.source] = (probe.stamp, digest, blob, html)
                shard.dirty = True
        cached = self._unpickle(blob, probe.source)
        if cached is None:
            del shard.entries[probe.source]
            shard.dirty = True
        return cached, probe

    def _unpickle(self, blob: bytes, source: str) -> CachedArticle | None:
        try:
            value = _Unpickler(io.BytesIO(blob), self._allowed).load()
            article, warnings = value
            if not _valid_article(article) or article.source != source:
                raise ValueError("not this article")
            if not isinstance(warnings, tuple) or not all(_valid_warning(w) for w in warnings):
                raise ValueError("malformed warnings")
        except Exception:  # noqa: BLE001 - a damaged entry is read again
            return None
        return CachedArticle(article, warnings)

    # -- writing ---------------------------------------------------------

    def put(self, probe: Probe, article: Article, warnings: Sequence[Diagnostic],
            content_dir: Path) -> None:
        """Remember ``article``, read from the file ``probe`` saw.

        The probe (stamp and digest) must have been taken before the file
        was read, as :meth:`get` does, so that a file changed while it was
        read is never taken for unchanged later. Probes without a digest and
        articles holding values the cache does not store are not cached.
        """
        digest = probe.digest
        if digest is None or None in probe.stamp[:1]:
            return
        rows = []
        for d in warnings:
            where = d.path
            if isinstance(where, Path) and where.is_relative_to(content_dir):
                where = where.relative_to(content_dir).as_posix()
            elif where is not None:
                return  # a warning about some other file: do not cache
            rows.append((d.level, d.message, where, d.line))
        try:
            blob = _dumps((article, tuple(rows)))
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
            return
        shard = self._shard(_shard_name(probe.source))
        shard.entries[probe.source] = (probe.stamp, digest, blob, None)
        shard.dirty = True

    def html(self, source: str, article_digest: str, key: str) -> tuple[str, str] | None:
        """``(content_html, summary)`` kept by :meth:`keep_html` for the article
        of ``source`` with these very bytes (``article_digest``) and
        :func:`~newswire.entries.html_key`, else None."""
        entry = self._shard(_shard_name(source)).entries.get(source)
        html = entry[3] if entry is not None else None
        if html is None or not article_digest or html[:2] != (article_digest, key):
            return None
        return html[2], html[3]

    def keep_html(self, source: str, article_digest: str, key: str,
                  content_html: str, summary: str) -> None:
        """Keep the sanitized HTML and summary made from the cached article of
        ``source`` (see :meth:`html`); nothing when it is not cached."""
        shard = self._shard(_shard_name(source))
        entry = shard.entries.get(source)
        if entry is None or not article_digest:
            return
        html = (article_digest, key, content_html, summary)
        if entry[3] != html:
            shard.entries[source] = (*entry[:3], html)
            shard.dirty = True

    def drop(self, source: str) -> None:
        """Forget one article (its file failed to read)."""
        shard = self._shard(_shard_name(source))
        if shard.entries.pop(source, None) is not None:
            shard.dirty = True

    def keep_only(self, sources: Iterable[str]) -> None:
        """Forget every article whose source is not in ``sources``.

        Loads every shard file present, so call it once, after the lookups.
        """
        wanted = set(sources)
        folder = self.folder / _SHARD_DIR
        names = {p.stem for p in folder.glob("*.pickle")} if folder.is_dir() else set()
        for name in sorted(names | set(self._shards)):
            shard = self._shard(name)
            gone = [s for s in shard.entries if s not in wanted]
            for source in gone:
                del shard.entries[source]
            if gone:
                shard.dirty = True

    def save(self) -> int:
        """Write every changed shard atomically; return how many were written.

        A cache that cannot be written is not an error worth failing a
        build: the next build reads the articles again.
        """
        written = 0
        for name, shard in sorted(self._shards.items()):
            if not shard.dirty:
                continue
            path = self.folder / _SHARD_DIR / f"{name}.pickle"
            try:
                if not shard.entries:
                    path.unlink(missing_ok=True)
                else:
                    data = pickle.dumps({"format": CACHE_FORMAT, "key": self.key,
                                         "entries": shard.entries},
                                        protocol=pickle.HIGHEST_PROTOCOL)
                    path.parent.mkdir(parents=True, exist_ok=True)
                    atomic_write(path, data)
            except (OSError, OutputError):
                continue
            shard.dirty = False
            written += 1
        return written


def _valid_entry(value: object) -> bool:
    if not (isinstance(value, tuple) and len(value) == 4):
        return False
    stamp, digest, blob, html = value
    return (html is None or (isinstance(html, tuple) and len(html) == 4
                             and all(isinstance(t, str) for t in html))) and (isinstance(stamp, tuple) and len(stamp) == 1 + len(SIDECAR_SUFFIXES)
            and all(s is None or (isinstance(s, tuple) and len(s) == 4
                                  and all(isinstance(n, int) for n in s)) for s in stamp)
            and isinstance(digest, str) and len(digest) == 64 and isinstance(blob, bytes))


def _plain(hint: Any) -> bool:
    return (isinstance(hint, type) and hint is not datetime
            and not dataclasses.is_dataclass(hint))


@functools.cache
def _type_check(hint: Any) -> Callable[[object], bool]:
    """A function telling whether a value has the type ``hint`` names (the
    subset of typing the model uses: classes, ``X | None``, ``tuple[X, ...]``,
    fixed tuples, frozen dataclasses, Any), built once per type."""
    if hint is Any:
        return lambda value: True
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        if all(_plain(arg) for arg in args):
            return lambda value: isinstance(value, args)
        if len(args) == 2 and type(None) in args:
            other = _type_check(next(arg for arg in args if arg is not type(None)))
            return lambda value: value is None or other(value)
        options = tuple(_type_check(arg) for arg in args)
        return lambda value: any(check(value) for check in options)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = args[0]
        if _plain(item):
            return lambda value: isinstance(value, tuple) and all(
                isinstance(each, item) for each in value)
        each = _type_check(item)
        return lambda value: isinstance(value, tuple) and all(map(each, value))
    if origin is tuple:
        parts = tuple(_type_check(arg) for arg in args)
        return lambda value: (isinstance(value, tuple) and len(value) == len(parts)
                              and all(check(item) for check, item in zip(parts, value)))
    if dataclasses.is_dataclass(hint):
        fields = tuple((name, _type_check(field_hint))
                       for name, field_hint in typing.get_type_hints(hint).items())

        def check_fields(value: object) -> bool:
            if type(value) is not hint:
                return False
            attributes = vars(value)
            for name, check in fields:
                if not check(attributes[name]):
                    return False
            return True
        return check_fields
    if hint is datetime:
        return lambda value: isinstance(value, datetime) and value.utcoffset() is not None
    return lambda value: isinstance(value, hint)


def _valid_article(value: object) -> bool:
    """An :class:`~newswire.model.Article` whose every field has its declared
    type (a cached pickle restores fields without the class's checks)."""
    try:
        return _type_check(Article)(value)
    except (AttributeError, KeyError, TypeError, ValueError):
        return False


def _valid_warning(row: object) -> bool:
    return (isinstance(row, tuple) and len(row) == 4 and isinstance(row[0], str)
            and isinstance(row[1], str) and (row[2] is None or isinstance(row[2], str))
            and (row[3] is None or isinstance(row[3], int)))
