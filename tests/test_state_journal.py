"""A build stopped after publishing but before recording it: the journal
remembers what it may have published, and the next build finishes the job."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from newswire.errors import OutputError
from newswire.run import BuildOptions, build
from newswire.state.store import Store

from .conftest import NOW


def make_site(root: Path) -> Path:
    (root / "feeds").mkdir(parents=True)
    (root / "content").mkdir()
    (root / "feeds/site.toml").write_text('base_url = "https://ex.org/"\n', "utf-8")
    for name in ("one", "two"):
        write(root, name)
    return root


def write(root: Path, name: str) -> None:
    (root / "content" / f"{name}.md").write_text(
        f"---\ntitle: Story {name}\ndate: 2024-01-01\n---\nBody of {name}.\n", "utf-8")


def titles(root: Path) -> list[str]:
    feed = json.loads((root / "public/feeds/main/feed.json").read_text("utf-8"))
    return sorted(i["title"] for i in feed["items"])


def test_a_build_killed_before_recording_leaves_what_it_published_known(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = make_site(tmp_path / "site")
    assert not build(site, BuildOptions(now=NOW)).errors
    write(site, "three")

    def killed(self: Store, changes: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")  # as if killed right here
    with monkeypatch.context() as patch:
        patch.setattr(Store, "commit", killed)
        with pytest.raises(OutputError):
            build(site, BuildOptions(now=NOW))
    assert (site / "public/three/index.html").is_file()  # published, not recorded
    journal = json.loads((site / ".newswire/writing").read_bytes())
    assert "three/index.html" in journal["may-have-published"]
    # the article goes away before the next build: its page must go too
    (site / "content/three.md").unlink()
    report = build(site, BuildOptions(now=NOW))
    assert not report.errors and not report.unchanged
    assert not (site / "public/three").exists()
    assert titles(site) == ["Story one", "Story two"]
    assert not (site / ".newswire/writing").exists()
    again = build(site, BuildOptions(now=NOW))
    assert again.result is not None and again.result.written == []


def test_a_content_edit_changes_only_the_database(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    assert not build(site, BuildOptions(now=NOW)).errors
    ledger = (site / ".newswire/state.json").read_bytes()
    (site / "content/one.md").write_text(
        "---\ntitle: Story one, retitled\ndate: 2024-01-01\ntags: [a]\n---\nNew body.\n",
        "utf-8")
    assert not build(site, BuildOptions(now=NOW)).errors
    assert "Story one, retitled" in titles(site)
    assert (site / ".newswire/state.json").read_bytes() == ledger
    conn = sqlite3.connect(site / ".newswire/derived.sqlite")
    try:
        (title,) = conn.execute("SELECT title FROM recognition WHERE source = ?",
                                (b"one.md",)).fetchone()
    finally:
        conn.close()
    assert title == b"Story one, retitled"
