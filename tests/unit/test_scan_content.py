"""scan_content: what content/ holds, from one listing per folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newswire.readers import scan_content


def _tree(root: Path) -> Path:
    content = root / "content"
    for name in ("a.md", "b.txt", "b.toml", "c.toml", "README.md", "LICENSE", "EP1.MP3",
                 "_draft.md", ".hidden.md", "robots.txt", "img/photo.png", "2019/04/x.md",
                 "2019/04/y.markdown", "_drafts/z.md", ".git/config", "deep/er/est/w.md",
                 "noext", "dots.in.name.md"):
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    (root / "outside.md").write_text("secret")
    os.symlink(root / "outside.md", content / "leak.md")  # leaves content/
    os.symlink(content / "a.md", content / "alias.md")  # stays inside: read
    os.symlink(content / "missing.png", content / "broken.png")  # leads nowhere
    os.symlink(content / "img", content / "linked-folder")
    os.mkfifo(content / "pipe.md")  # an article that is no file: listed, the reader refuses
    os.mkfifo(content / "pipe.bin")  # an asset that is no file: refused here
    return content


def test_articles_assets_and_refusals(tmp_path: Path) -> None:
    content = _tree(tmp_path)
    found = scan_content(content)
    relative = [p.relative_to(content).as_posix() for p in found.articles]
    assert relative == ["2019/04/x.md", "2019/04/y.markdown", "a.md", "alias.md", "b.txt",
                        "deep/er/est/w.md", "dots.in.name.md", "pipe.md"]
    assert [p.relative_to(content).as_posix() for p in found.assets] == [
        "EP1.MP3", "c.toml", "img/photo.png", "noext", "robots.txt"]
    said = {(Path(d.path).name, d.message.split(" ")[0]) for d in found.refused}
    assert said == {("leak.md", "symbolic"), ("broken.png", "symbolic"),
                    ("linked-folder", "symbolic"), ("pipe.bin", "is")}
    # what was published from what is refused stays (README "Building by cron")
    assert found.unlisted == ("linked-folder",)
    assert found.held == ("broken.png", "leak.md", "pipe.bin")
    assert found.hides("linked-folder/photo.png") and found.hides("leak.md")
    assert not found.hides("a.md") and not found.hides("linked-folder")


def test_a_folder_that_cannot_be_listed_is_unlisted_not_empty(tmp_path: Path) -> None:
    content = _tree(tmp_path)
    locked = content / "2019"
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):  # running as root: permissions do not stop it
            pytest.skip("permissions do not keep this user out of a folder")
        found = scan_content(content)
    finally:
        locked.chmod(0o755)
    assert found.unlisted == ("2019",)
    assert found.hides("2019/04/x.md") and not found.hides("a.md")
    assert not any(p.is_relative_to(locked) for p in found.articles)


def test_files_come_sorted_by_their_path_below_content(tmp_path: Path) -> None:
    content = tmp_path / "site" / "content"
    names = ["a-b.md", "a/b.md", "a.b/c.md", "a0.md", "Ab.md", "é.md", "a/a-/x.md", "a/a/x.md",
             "b.png", "a/b.png", "a-b.png"]
    for name in names:
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text("---\ntitle: T\n---\n")
    files = scan_content(content)
    for found in (files.articles, files.assets):
        relative = [p.relative_to(content).as_posix() for p in found]
        assert relative == sorted(relative)
    assert len(files.articles) + len(files.assets) == len(names)
