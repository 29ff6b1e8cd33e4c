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
    assert found.unlisted == ()


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
