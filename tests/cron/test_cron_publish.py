"""Publishing (README "Building by cron"): nothing changed writes nothing; one edit rewrites
only what depends on it; pages before feeds, removals after; a failed write
leaves the old files; a killed build's leftovers are cleaned up."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest
from conftest import (NOW_DT, SEED, build, feed_items, forget_last_build, has_last_build, mtimes,
                      public_files, run)

from newswire import build as build_module
from newswire import run as run_module
from newswire.state import digests
from newswire.build import BuildOptions, SitePaths
from newswire.errors import OutputError


def build_here(site: Path, **options: object) -> run_module.BuildReport:
    return run_module.build(site, BuildOptions(now=NOW_DT, **options))  # type: ignore[arg-type]


def written(done: object) -> set[str]:
    return {line.removeprefix("wrote public/") for line in done.stdout.splitlines()  # type: ignore[attr-defined]
            if line.startswith("wrote public/")}


def test_nothing_changed_writes_nothing_on_either_path(site: Path) -> None:
    build(site)
    files, times = public_files(site / "public"), mtimes(site / "public")
    state = (site / ".newswire" / "state.json").stat().st_mtime_ns
    for _ in range(2):
        forget_last_build(site)
        done = build(site, "-v")
        assert written(done) == set()
        assert "0 files written" in done.stdout
        assert public_files(site / "public") == files
        assert mtimes(site / "public") == times
    assert (site / ".newswire" / "state.json").stat().st_mtime_ns == state


def test_an_unchanged_build_is_skipped_and_says_what_it_said(
        site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Inputs of another file system than .newswire/ changed less than RACY_NS
    # before a build may change again unseen (another clock); here there is
    # no time to wait, so that margin is turned off (negative). Recent inputs
    # are tested in test_cron_recent.py.
    monkeypatch.setattr(digests, "RACY_NS", -10**10)
    build_here(site)
    welcome = site / "content" / "newsroom" / "welcome.md"
    welcome.write_text(welcome.read_text().replace("slug: welcome", "slug: hello"))
    first = build_here(site)
    second = build_here(site)
    assert not first.unchanged and second.unchanged
    kept = [d for d in first.warnings if "keeps its published URL" in d.message]
    assert len(kept) == 1 and [str(d) for d in second.warnings] == [str(d) for d in kept]
    assert second.articles == first.articles
    assert second.result is not None and second.result.written == []
    # anything touched in public/ and the build is done again, and mends it
    page = site / "public" / "000-9b5066fb76f96e2d" / "index.html"
    good = page.read_bytes()
    page.write_bytes(b"vandalised")
    mended = build_here(site)
    assert not mended.unchanged and page.read_bytes() == good
    assert build_here(site).unchanged
    # an option that changes output, a changed state file: done again
    assert not build_here(site, drafts=True).unchanged
    assert build_here(site, drafts=True).unchanged
    state = site / ".newswire" / "state.json"
    state.write_bytes(state.read_bytes())
    assert not build_here(site, drafts=True).unchanged


def test_time_passing_publishes_a_future_article(site: Path) -> None:
    (site / "content" / "later.md").write_text(
        "---\ntitle: Embargoed\ndate: 2027-06-01T08:00:00Z\n---\n\nNot before June.\n")
    build(site)
    build(site)
    assert "Embargoed" not in feed_items(site / "public")["rss"]
    run(site, "build", "--now", "2027-06-01T07:59:59Z", check=True)
    assert "Embargoed" not in feed_items(site / "public")["rss"]
    run(site, "build", "--now", "2027-06-01T08:00:00Z", check=True)
    assert "Embargoed" in feed_items(site / "public")["rss"]


def test_publication_window() -> None:
    from datetime import datetime, timezone

    from newswire.model import Article

    def at(day: int) -> datetime:
        return datetime(2027, 1, day, tzinfo=timezone.utc)
    articles = [Article("a.md", "A", "", published=at(1)),
                Article("b.md", "B", "", published=at(5)),
                Article("c.md", "C", "", published=at(3), draft=True),
                Article("d.md", "D", "")]
    now = at(2)
    assert build_module.publication_window(articles, BuildOptions(now=now)) == (at(1), at(5))
    assert build_module.publication_window(
        articles, BuildOptions(now=now, drafts=True)) == (at(1), at(3))
    assert build_module.publication_window(
        articles, BuildOptions(now=now, future=True)) == (None, None)
    assert build_module.publication_window(articles[3:], BuildOptions(now=now)) == (None, None)


def test_one_edit_rewrites_only_what_depends_on_it(site: Path) -> None:
    build(site)
    text = site / "content" / f"{SEED}.txt"
    text.write_bytes(text.read_bytes().replace(b"Kim thanked Putin", b"Kim thanked Mr Putin"))
    done = build(site, "-v")
    assert "000-9b5066fb76f96e2d/index.html" in written(done)
    allowed = {"000-9b5066fb76f96e2d/index.html", "index.html"}
    allowed |= {f"feeds/{feed}/{name}" for feed in ("main", "world")
                for name in ("rss.xml", "atom.xml", "feed.json", "index.html")}
    assert written(done) <= allowed
    assert not any(p.startswith("feeds/science") for p in written(done))


def record_operations(monkeypatch: pytest.MonkeyPatch, public: Path) -> list[tuple[str, str]]:
    """Log every rename onto and deletion in ``public`` as (op, relative path)."""
    log: list[tuple[str, str]] = []
    replace, unlink = os.replace, os.unlink

    def logged_replace(src: object, dst: object, *args: object, **kwargs: object) -> None:
        if Path(str(dst)).is_relative_to(public.resolve()):
            log.append(("replace", Path(str(dst)).relative_to(public.resolve()).as_posix()))
        replace(src, dst, *args, **kwargs)  # type: ignore[arg-type]

    def logged_unlink(path: object, *args: object, **kwargs: object) -> None:
        p = Path(str(path))
        if p.is_relative_to(public.resolve()) and not p.name.endswith(".newswire-tmp"):
            log.append(("unlink", p.relative_to(public.resolve()).as_posix()))
        unlink(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", logged_replace)
    monkeypatch.setattr(os, "unlink", logged_unlink)
    return log


def test_pages_before_feeds_and_removals_last(site: Path, monkeypatch: pytest.MonkeyPatch
                                               ) -> None:
    build_here(site)
    (site / "content" / "fresh.md").write_text(
        "---\ntitle: Fresh\ndate: 2026-12-01\ntags: [world]\n---\n\nNew today.\n")
    for suffix in (".txt", ".toml"):
        (site / "content" / f"{SEED}{suffix}").unlink()
    log = record_operations(monkeypatch, site / "public")
    report = build_here(site)
    assert report.removed == [f"{SEED}.txt"]
    assert report.added == ["fresh.md"]
    ops = [op for op, _ in log]
    paths = [path for _, path in log]
    page = paths.index("fresh/index.html")
    feeds = [i for i, p in enumerate(paths) if p.startswith("feeds/") and p.endswith(
        ("rss.xml", "atom.xml", "feed.json"))]
    gone = paths.index("000-9b5066fb76f96e2d/index.html")
    assert feeds and page < min(feeds) and max(feeds) < gone
    assert ops[gone] == "unlink" and set(ops[:gone]) == {"replace"}
    assert not (site / "public" / "000-9b5066fb76f96e2d").exists()


class FullDisk:
    """``os.write`` whose writes to regular files take ``budget`` bytes, then
    fail with ENOSPC (a pipe or terminal is written to as ever)."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.real = os.write

    def __call__(self, fd: int, data: bytes) -> int:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            if len(data) > self.budget:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            self.budget -= len(data)
        return self.real(fd, data)


@pytest.mark.parametrize("budget", [0, 3000, 60000])
def test_a_full_disk_leaves_the_old_files(site: Path, monkeypatch: pytest.MonkeyPatch,
                                          budget: int) -> None:
    build_here(site)
    before = public_files(site / "public")
    text = site / "content" / f"{SEED}.txt"
    text.write_bytes(text.read_bytes().replace(b"The handshake\n", b"A new title\n"))
    (site / "content" / "fresh.md").write_text(
        "---\ntitle: Fresh\ndate: 2026-12-01\n---\n\nNew today.\n")
    monkeypatch.setattr(os, "write", FullDisk(budget))
    with pytest.raises(OutputError, match="No space left on device"):
        build_here(site)
    monkeypatch.undo()
    assert public_files(site / "public") == before
    assert not list((site / "public").rglob("*.newswire-tmp"))
    done = build(site)
    assert "A new title" in feed_items(site / "public")["rss"]
    assert "Fresh" in feed_items(site / "public")["rss"]
    assert "1 article added" in done.stdout


def test_a_full_disk_is_exit_1_with_a_message(site: Path, monkeypatch: pytest.MonkeyPatch
                                              ) -> None:
    from click.testing import CliRunner

    from newswire.cli import main

    build_here(site)
    (site / "content" / "fresh.md").write_text("---\ntitle: Fresh\ndate: 2026-12-01\n---\n\nx\n")
    monkeypatch.setattr(os, "write", FullDisk(0))
    result = CliRunner().invoke(main, ["--site", str(site), "build", "--now",
                                       "2027-01-01T00:00:00Z", "--quiet"])
    assert result.exit_code == 1
    assert "No space left on device" in result.output
    assert "Traceback" not in result.output


def test_leftovers_of_a_killed_build_are_deleted(site: Path) -> None:
    build(site)
    paths = SitePaths(site)
    leftovers = [site / "public" / "feeds" / "main" / ".rss.xml.0a1b2c3d.newswire-tmp",
                 site / "public" / ".index.html.00000000.newswire-tmp",
                 paths.state_dir / ".state.json.12345678.newswire-tmp"]
    for path in leftovers:
        path.write_bytes(b"half a fi")
    paths.journal_file.touch()
    done = build(site)
    assert not any(p.exists() for p in leftovers)
    assert not paths.journal_file.exists()
    assert "0 files written" in done.stdout
    # without the journal nothing is searched for: a stray file is someone else's
    stray = site / "public" / ".notes.newswire-tmp"
    stray.write_bytes(b"")
    build(site)
    assert stray.exists()


def test_published_files_are_readable_by_others(site: Path) -> None:
    old = os.umask(0o022)
    try:
        build_here(site)
    finally:
        os.umask(old)
    for path in (site / "public").rglob("*"):
        if path.is_file():
            assert stat.S_IMODE(path.stat().st_mode) == 0o644, path


def test_a_build_with_nothing_to_do_loads_no_pipeline(site: Path) -> None:
    """What makes a cron run with nothing new cheap: besides reading nothing,
    it imports none of the readers, renderers or validators (their import
    alone costs more than the run). A new top-level import of one of them in
    the modules a build starts with shows up here."""
    import subprocess
    import sys

    from conftest import cli_env

    build(site)
    heavy = ("jinja2", "markdown_it", "feedgen", "lxml", "yaml", "nh3", "PIL",
             "charset_normalizer", "newswire.build", "newswire.readers", "newswire.feeds",
             "newswire.pages", "newswire.validate", "importlib.metadata")
    script = (
        "import sys\n"
        "import newswire.state.digests\n"
        "newswire.state.digests.RACY_NS = -10**10  # the copied inputs are seconds old\n"
        "from newswire.cli import main\n"
        f"sys.argv = ['newswire', '--site', {str(site)!r}, 'build', '--quiet', '--now', "
        "'2027-01-01T00:00:00Z']\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
        f"print(sorted(m for m in sys.modules if m.startswith({heavy!r})))\n")
    for _ in range(2):  # the first one records what the second can skip
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              env=cli_env(), check=True)
    assert done.stdout.strip() == "[]", done.stdout
    assert has_last_build(site)
