"""What a build is given and what it gives back: the site's folders, the
options of ``newswire build`` and the report.

Shared by :mod:`newswire.run` (the lock and the shortcut when nothing
changed) and :mod:`newswire.build` (the pipeline), so that the dependency
between those two runs one way only: ``run`` imports ``build`` when there is
work to do, ``build`` never imports ``run``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from datetime import datetime
from pathlib import Path

from .errors import Diagnostic, Recorded
from .publish import PublishResult

__all__ = ["BuildOptions", "BuildReport", "SitePaths"]


@dataclass(frozen=True)
class SitePaths:
    """The folders and files of one site (README "A site").

    What each file under ``.newswire/`` is, which module owns it and which
    may be deleted: docs/architecture.md, "What .newswire/ holds". Each path is made once
    (a build asks for ``content`` once per article, or more).
    """

    root: Path

    @cached_property
    def feeds(self) -> Path:
        return self.root / "feeds"

    @cached_property
    def content(self) -> Path:
        return self.root / "content"

    @cached_property
    def public(self) -> Path:
        return self.root / "public"

    @cached_property
    def state_dir(self) -> Path:
        """``.newswire/``: the identity ledger (commit it), the database of
        derived records (safe to delete), the lock and the journal."""
        return self.root / ".newswire"

    @cached_property
    def state_file(self) -> Path:
        """The identity ledger, ``.newswire/state.json``: the file users commit."""
        return self.state_dir / "state.json"

    @cached_property
    def database_file(self) -> Path:
        """``.newswire/derived.sqlite``: everything derived; safe to delete."""
        return self.state_dir / "derived.sqlite"

    @cached_property
    def lock_file(self) -> Path:
        return self.state_dir / "build.lock"

    @cached_property
    def journal_file(self) -> Path:
        """Exists while a build writes; found later, that build was interrupted.
        Holds the paths that build may have published and not yet recorded."""
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
        diagnostics: errors and warnings, in the order found (a
            :class:`~newswire.errors.Recorded` when the report repeats
            those of an earlier build).
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
    _seen: set[Diagnostic] = field(default_factory=set, repr=False, compare=False)
    _seen_count: int = field(default=0, repr=False, compare=False)
    _seen_list: list[Diagnostic] | None = field(default=None, repr=False, compare=False)

    @property
    def errors(self) -> list[Diagnostic]:
        return self._of_level("error")

    def _of_level(self, level: str) -> list[Diagnostic]:
        if isinstance(self.diagnostics, Recorded):  # made for those rows alone
            return self.diagnostics.of_level(level)
        return [d for d in self.diagnostics if d.level == level]

    def _number_of(self, level: str) -> int:
        if isinstance(self.diagnostics, Recorded):
            return self.diagnostics.number_of(level)
        return sum(1 for d in self.diagnostics if d.level == level)

    def add_once(self, diagnostic: Diagnostic) -> None:
        """Append ``diagnostic`` unless an equal one is already in
        :attr:`diagnostics` (a set kept beside the list, so that thousands
        of warnings cost linear time, not quadratic). The set is made again
        when :attr:`diagnostics` was replaced by another list or shortened."""
        if self.diagnostics is not self._seen_list or self._seen_count > len(self.diagnostics):
            self._seen, self._seen_count = set(), 0
            self._seen_list = self.diagnostics
        self._seen.update(self.diagnostics[self._seen_count:])
        if diagnostic not in self._seen:
            self.diagnostics.append(diagnostic)
            self._seen.add(diagnostic)
        self._seen_count = len(self.diagnostics)

    @property
    def warnings(self) -> list[Diagnostic]:
        return self._of_level("warning")

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
        parts.append(count(self._number_of("error"), "error"))
        warnings = self._number_of("warning")
        if warnings:
            parts.append(count(warnings, "warning"))
        return ", ".join(parts)
