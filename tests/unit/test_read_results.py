"""What a worker sends back per article file (newswire.parallel.read_each):
the outcome without the file's path, which the build has; each outcome the
build gets holds the very path object it gave."""

from __future__ import annotations

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
