"""What a worker sends back per article file (newswire.parallel.read_each):
the outcome without the file's path, which the build has; each outcome the
build gets holds the very path object it gave."""

from __future__ import annotations

import os
from pathlib import Path
from zoneinfo import ZoneInfo

from newswire import parallel


def test_outcomes_hold_the_callers_paths_and_workers_send_none(tmp_path: Path,
                                                               monkeypatch) -> None:
    content = tmp_path / "content"
    content.mkdir()
    files = []
    for number in range(12):
        path = content / f"a{number:02d}.md"
        path.write_text(f"---\ntitle: Story {number}\ndate: 2020-01-01\n---\n\nBody {number}.\n",
                        encoding="utf-8")
        files.append(path)
    (content / "bad.md").write_text("---\ntitle: [unclosed\n---\nx\n", encoding="utf-8")
    files.append(content / "bad.md")
    zone = ZoneInfo("UTC")
    work = parallel._ReadWork(content, zone, None, False, None)
    sent = parallel._read_range(work, 0, len(files), parallel._names(files))
    assert [o.path for o in sent] == [None] * len(files)
    assert sent[-1].article is None and sent[-1].error is not None  # the rest is sent
    assert [o.article.title for o in sent[:-1]] == [f"Story {n}" for n in range(12)]

    monkeypatch.setattr(parallel, "MIN_FILES_PER_WORKER", 1)
    spread = list(parallel.read_each(files, content, zone, workers=2))
    assert all(o.path is path for o, path in zip(spread, files, strict=True))
    serial = parallel.read_many(files, content, zone, workers=1)
    assert spread == serial


class _Watched(type(Path())):  # type: ignore[misc]
    """A path that notes every process other than the build that uses it."""

    log: Path
    build: int

    def __fspath__(self) -> str:
        self._note()
        return super().__fspath__()

    def __str__(self) -> str:
        self._note()
        return super().__str__()

    def _note(self) -> None:
        if os.getpid() != self.build:
            with open(self.log, "a", encoding="ascii") as handle:
                handle.write(f"{os.getpid()}\n")


def test_workers_read_their_files_by_name_and_leave_the_build_s_paths_alone(
        tmp_path: Path, monkeypatch) -> None:
    """A forked worker that used the build's path objects would change them
    (their reference counts, what pathlib keeps once asked), copying every
    memory page holding them into the worker: it is sent their names."""
    content = tmp_path / "content"
    content.mkdir()
    _Watched.log, _Watched.build = tmp_path / "used", os.getpid()
    files = []
    for number in range(8):
        path = content / f"a{number}.md"
        path.write_text(f"---\ntitle: Story {number}\ndate: 2020-01-01\n---\n\nBody.\n",
                        encoding="utf-8")
        files.append(_Watched(path))
    monkeypatch.setattr(parallel, "MIN_FILES_PER_WORKER", 1)
    spread = list(parallel.read_each(files, content, ZoneInfo("UTC"), workers=2))
    assert [o.article.title for o in spread] == [f"Story {n}" for n in range(8)]
    assert all(o.path is path for o, path in zip(spread, files, strict=True))
    assert not _Watched.log.exists()
