"""One run of ``newswire build``: the lock, and the shortcut when nothing changed (SPEC §6).

Cron runs ``newswire build`` every few minutes, and most runs find nothing
new. This module holds what such a run needs and nothing more, so it starts
in a few milliseconds: the site's paths, the options and the report, the
lock, and the check that the inputs, "now" and the published files are what
the last complete build saw and left (see :class:`~newswire.cache.LastBuild`).
When they are, the build is not repeated: its report is. Otherwise the
pipeline in :mod:`newswire.build` (readers, feeds, pages, validation) is
imported and run, the lock still held.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .clock import latest_now
from .safeio import load_json, read_own_file
from .errors import Diagnostic, LockTimeout
from .lock import FileLock
from .publish import FileStamp, PublishResult, Publisher, manifest_from_json

__all__ = ["RACY_NS", "BuildOptions", "BuildReport", "LastBuild", "SitePaths", "Snapshot",
           "build", "code_fingerprint", "file_stamp", "inputs_snapshot", "load_last_build",
           "load_manifest", "snapshot", "trusted", "unchanged_build"]

RACY_NS = 2_000_000_000
"""Files changed less than this (ns) before a record of them was made may
have changed again within the same file-system clock tick, unseen by their
stat: such records are verified by content, or not trusted."""
_LIBRARIES = ("markdown_it_pyrs", "markdown_it", "mdit_py_plugins", "yaml",
              "charset_normalizer", "dateutil", "slugify", "nh3", "orjson", "feedgen", "jinja2",
              "lxml", "PIL", "tzdata")


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
    def clock_file(self) -> Path:
        """The latest "now" a build used (see :mod:`newswire.clock`; safe to delete)."""
        return self.state_dir / "clock.json"

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
        base_url: replaces the site's ``base_url`` (``newswire serve`` builds
            its preview for ``http://127.0.0.1:PORT/``), or None.
    """

    now: datetime
    drafts: bool = False
    future: bool = False
    strict: bool = False
    wait: float = 0.0
    progress: Callable[[str, int, int], None] | None = field(default=None, compare=False)
    base_url: str | None = None


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
        left_out: articles read but not published, as ``(drafts, future)``:
            drafts (without ``--drafts``) and articles dated after now
            (without ``--future``).
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
    left_out: tuple[int, int] = (0, 0)

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
        drafts, future = self.left_out
        if drafts:
            parts.append(count(drafts, "draft") + " left out (--drafts)")
        if future:
            parts.append(count(future, "later-dated article") + " left out (--future)")
        parts.append(count(len(self.errors), "error"))
        if self.warnings:
            parts.append(count(len(self.warnings), "warning"))
        return ", ".join(parts)


def code_fingerprint(extra: Iterable[str] = ()) -> str:
    """A digest of what shapes newswire's output besides the site's files.

    The size and mtime of every file of the installed newswire package (a
    new version, or an edited template or reader, changes them), the Python
    version, where the libraries that shape the output are installed and
    the stat of their main file (an upgrade rewrites it), and ``extra``.
    Nothing is imported or read.
    """
    h = hashlib.sha256()
    h.update(f"{sys.version}\0".encode())
    package = os.path.dirname(os.path.abspath(__file__))
    for base, dirs, names in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            if name.endswith((".pyc", ".pyo")):
                continue
            st = os.stat(os.path.join(base, name))
            h.update(f"{os.path.relpath(base, package)}/{name}\0{st.st_size}\0"
                     f"{st.st_mtime_ns}\0".encode("utf-8", "surrogatepass"))
    for name in _LIBRARIES:  # where each library's code is, and its stat (not imported)
        spec = importlib.util.find_spec(name)
        where = spec.origin if spec is not None and spec.origin else ""
        stamp = os.stat(where) if where else None
        h.update(f"{name}={where}\0{stamp.st_size if stamp else ''}\0"
                 f"{stamp.st_mtime_ns if stamp else ''}\0".encode("utf-8", "surrogatepass"))
    for item in extra:
        h.update(item.encode("utf-8", "surrogatepass") + b"\0")
    return h.hexdigest()


LAST_BUILD_FORMAT = 1


@dataclass(frozen=True)
class Snapshot:
    """The state of a build's inputs, taken before anything reads them.

    Attributes:
        digest: SHA-256 over every file below the folders given (path, size,
            mtime, ctime, inode), the files given (the same, or absence) and
            the extra text (newswire's code, the build's options).
        newest_ns: the latest mtime or ctime among those files (ns), to tell
            a file changed in the same clock tick as the snapshot.
    """

    digest: str
    newest_ns: int


def snapshot(folders: Sequence[Path], files: Sequence[Path], extra: Iterable[str]) -> Snapshot:
    """Take a :class:`Snapshot` of ``folders`` (every file, at any depth,
    symbolic links followed for files but not folders) and ``files``."""
    h = hashlib.sha256(code_fingerprint(extra).encode())
    newest = 0

    def add(name: str, path: str) -> None:
        nonlocal newest
        try:
            st = os.stat(path)
        except OSError:
            h.update(f"{name}\0-\n".encode("utf-8", "surrogatepass"))
            return
        newest = max(newest, st.st_mtime_ns, st.st_ctime_ns)
        h.update(f"{name}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0"
                 f"{st.st_ino}\n".encode("utf-8", "surrogatepass"))

    for folder in folders:
        top = os.fspath(folder)
        h.update(f"[{top}]\n".encode("utf-8", "surrogatepass"))
        for base, dirs, names in os.walk(top):
            dirs.sort()
            prefix = base[len(top) + 1:] + "/" if base != top else ""
            for name in sorted(names):
                add(prefix + name, os.path.join(base, name))
    for path in files:
        add(os.fspath(path), os.fspath(path))
    return Snapshot(h.hexdigest(), newest)


@dataclass(frozen=True)
class LastBuild:
    """What the last complete build saw and reported: enough to know that a
    build now would change nothing, and to say again what it said.

    Attributes:
        inputs: the :class:`Snapshot` digest taken before that build read.
        reference_ns: a file-system time taken after the snapshot (the mtime
            of a file touched then); inputs changed less than :data:`RACY_NS`
            before it may have changed unseen, so the record is not trusted.
        newest_ns: :attr:`Snapshot.newest_ns` of that snapshot.
        published_from, published_until: the range of "now" over which the
            same articles are published (the newest published date; the
            earliest date left out as future), ISO 8601 or None (unbounded).
        outputs: stat of the state file and manifest as that build left them.
        diagnostics: what a build with the same inputs reports, as
            ``(level, message, path, line)``.
        articles: the number of articles published.
        left_out: :attr:`BuildReport.left_out` of that build.
    """

    inputs: str
    reference_ns: int
    newest_ns: int
    published_from: str | None
    published_until: str | None
    outputs: tuple[tuple[int, int, int, int] | None, ...]
    diagnostics: tuple[tuple[str, str, str | None, int | None], ...]
    articles: int
    left_out: tuple[int, int] = (0, 0)

    def to_json(self) -> bytes:
        """The record's bytes."""
        obj = {"format": LAST_BUILD_FORMAT, "inputs": self.inputs,
               "reference_ns": self.reference_ns, "newest_ns": self.newest_ns,
               "published_from": self.published_from,
               "published_until": self.published_until,
               "outputs": [list(s) if s else None for s in self.outputs],
               "diagnostics": [list(d) for d in self.diagnostics],
               "articles": self.articles, "left_out": list(self.left_out)}
        # ASCII escapes: a diagnostic may name a file whose name is not UTF-8
        return (json.dumps(obj, indent=0) + "\n").encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes) -> LastBuild:
        """Parse a record.

        Raises:
            ValueError: not a record of this format, or malformed.
        """
        obj = load_json(data.decode("utf-8"))
        if not isinstance(obj, dict) or obj.get("format") != LAST_BUILD_FORMAT:
            raise ValueError("unknown format")
        outputs = tuple(tuple(s) if s is not None else None for s in obj["outputs"])
        diagnostics = tuple(tuple(d) for d in obj["diagnostics"])
        record = cls(obj["inputs"], obj["reference_ns"], obj["newest_ns"],
                     obj["published_from"], obj["published_until"], outputs,  # type: ignore[arg-type]
                     diagnostics, obj["articles"],  # type: ignore[arg-type]
                     tuple(obj.get("left_out", (0, 0))))  # type: ignore[arg-type]
        if not (isinstance(record.inputs, str) and isinstance(record.articles, int)
                and len(record.left_out) == 2
                and all(isinstance(n, int) for n in record.left_out)
                and isinstance(record.reference_ns, int) and isinstance(record.newest_ns, int)
                and all(_valid_diagnostic(d) for d in record.diagnostics)
                and all(s is None or (len(s) == 4 and all(isinstance(n, int) for n in s))
                        for s in record.outputs)):
            raise ValueError("malformed record")
        return record

    def covers(self, now: datetime) -> bool:
        """True when ``now`` publishes the same articles as that build's now."""
        low = datetime.fromisoformat(self.published_from) if self.published_from else None
        high = datetime.fromisoformat(self.published_until) if self.published_until else None
        return (low is None or low <= now) and (high is None or now < high)


def file_stamp(path: Path) -> tuple[int, int, int, int] | None:
    """(size, mtime_ns, ctime_ns, inode) of a file, or None when it is missing."""
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def _valid_diagnostic(row: object) -> bool:
    return (isinstance(row, tuple) and len(row) == 4 and isinstance(row[0], str)
            and isinstance(row[1], str) and (row[2] is None or isinstance(row[2], str))
            and (row[3] is None or isinstance(row[3], int)))


def load_last_build(path: Path) -> LastBuild | None:
    """The record at ``path``, or None when missing, unreadable or malformed."""
    try:
        return LastBuild.from_json(read_own_file(path))
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None


def trusted(record: LastBuild, record_path: Path) -> bool:
    """False when an input changed so close to the snapshot that its stat may
    not show a later change (same clock tick), or the record file is gone."""
    try:
        written = record_path.stat().st_mtime_ns
    except OSError:
        return False
    return record.newest_ns + RACY_NS < record.reference_ns <= written


def load_manifest(paths: SitePaths) -> dict[str, FileStamp]:
    """The last build's manifest (path → stamp), or an empty one."""
    try:
        return manifest_from_json(read_own_file(paths.manifest_file))
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return {}


def build(root: Path, options: BuildOptions, paths: SitePaths | None = None) -> BuildReport:
    """Build the site in ``root`` into ``root/public`` (or where ``paths`` say:
    ``newswire serve``'s preview has its own output and state folders).

    Holding the site's lock: after an interrupted build, its temporary files
    are deleted; when nothing changed since the last complete build, its
    report is returned and nothing is read or written; otherwise the whole
    pipeline runs (:func:`newswire.build.build_locked`).

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
    paths = paths or SitePaths(root)
    if not (paths.feeds / "site.toml").is_file():
        from .config import load_site
        load_site(paths.feeds)  # raises the error that says what is missing
    paths.state_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(paths.lock_file)
    try:
        lock.acquire(timeout=options.wait)
    except TimeoutError:
        raise LockTimeout(f"another build of this site is still running after waiting "
                          f"{options.wait:g} s; try again later or raise --wait",
                          paths.lock_file) from None
    try:
        interrupted = paths.journal_file.exists()
        if interrupted:
            Publisher(paths.public, journal=paths.journal_file).recover(paths.state_dir)
        inputs = inputs_snapshot(paths, options)
        if not interrupted:
            report = unchanged_build(paths, options, inputs)
            if report is not None:
                return report
        from .build import build_locked
        return build_locked(paths, options, inputs)
    finally:
        lock.release()


def inputs_snapshot(paths: SitePaths, options: BuildOptions) -> Snapshot:
    """The build's inputs before anything reads them: feeds/, content/,
    newswire's code and the options that change output. (The state file is
    checked apart, as the last build left it: builds write it.)"""
    return snapshot([paths.feeds, paths.content], [],
                    [f"drafts={options.drafts}", f"future={options.future}",
                     f"strict={options.strict}", f"base_url={options.base_url}"])


def unchanged_build(paths: SitePaths, options: BuildOptions, inputs: Snapshot
                     ) -> BuildReport | None:
    """The report of the last build when a build now would change nothing:
    same inputs, same articles published at this "now", and every file it
    published still as it left it. Else None."""
    record = load_last_build(paths.last_build_file)
    if record is None or record.inputs != inputs.digest or not record.covers(options.now) \
            or not trusted(record, paths.last_build_file):
        return None
    latest = latest_now(paths.clock_file)
    if latest is not None and options.now < latest:
        return None  # the clock moved back: a build says so
    if record.outputs != (file_stamp(paths.state_file), file_stamp(paths.manifest_file)):
        return None
    manifest = load_manifest(paths)
    if not manifest:
        return None
    public = os.fspath(paths.public) + "/"
    for path, stamp in manifest.items():
        try:
            st = os.stat(public + path)
        except OSError:
            return None
        if not stamp.sha256 or (st.st_size, st.st_mtime_ns) != (stamp.size, stamp.mtime_ns):
            return None
    report = BuildReport(articles=record.articles, unchanged=True, left_out=record.left_out)
    report.diagnostics = [Diagnostic(level, message, Path(where) if where else None, line)
                          for level, message, where, line in record.diagnostics]
    report.result = PublishResult(unchanged=sorted(manifest), manifest=manifest)
    return report


