"""scan_content: which files of content/ are articles, assets, skipped or refused."""

from __future__ import annotations

import os
from pathlib import Path

from newswire.readers import ContentFiles, scan_content


def files(root: Path, *names: str) -> None:
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x")


def rel(root: Path, paths: tuple[Path, ...]) -> list[str]:
    return [p.relative_to(root).as_posix() for p in paths]


def test_articles_assets_and_skipped_files(tmp_path: Path) -> None:
    files(tmp_path, "2019/04/story.md", "wire/scraped.txt", "wire/scraped.toml",
          "wire/alone.toml", "img/lead.jpg", "EP1.MP3", "README.md", "SOURCES.md",
          ".hidden.md", "_drafts/x.md", ".git/config", "robots.txt", "sub/robots.txt")
    found = scan_content(tmp_path)
    assert rel(tmp_path, found.articles) == ["2019/04/story.md", "sub/robots.txt",
                                             "wire/scraped.txt"]
    assert rel(tmp_path, found.assets) == ["EP1.MP3", "img/lead.jpg", "robots.txt",
                                           "wire/alone.toml"]
    assert found.refused == () and found.unlisted == ()


def test_links_leaving_content_and_linked_folders_are_refused(tmp_path: Path) -> None:
    content = tmp_path / "content"
    files(content, "a.md")
    files(tmp_path, "outside/secret.jpg", "outside/folder/x.md")
    (content / "leak.jpg").symlink_to(tmp_path / "outside/secret.jpg")
    (content / "linked").symlink_to(tmp_path / "outside/folder", target_is_directory=True)
    (content / "inside.jpg").symlink_to(content / "a.md")
    found = scan_content(content)
    assert rel(content, found.articles) == ["a.md"]
    assert rel(content, found.assets) == ["inside.jpg"]
    refused = {Path(str(d.path)).name: d.message for d in found.refused}
    assert set(refused) == {"leak.jpg", "linked"}
    assert refused["linked"].startswith("symbolic link to a folder is not followed")
    assert all(d.level == "error" for d in found.refused)


def test_a_named_pipe_asset_is_refused_and_an_article_one_listed(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.png")
    os.mkfifo(tmp_path / "pipe.md")
    found = scan_content(tmp_path)
    assert rel(tmp_path, found.articles) == ["pipe.md"]   # read_article refuses it
    assert found.assets == ()
    [refused] = found.refused
    assert refused.path == tmp_path / "pipe.png" and "named pipe" in refused.message


def test_an_unreadable_folder_is_unlisted(tmp_path: Path) -> None:
    files(tmp_path, "locked/a.md", "b.md")
    (tmp_path / "locked").chmod(0)
    try:
        found = scan_content(tmp_path)
    finally:
        (tmp_path / "locked").chmod(0o755)
    if os.geteuid() == 0:  # root lists it anyway
        assert rel(tmp_path, found.articles) == ["b.md", "locked/a.md"]
        return
    assert found.unlisted == ("locked",)
    assert found.hides("locked/a.md") and not found.hides("b.md")


def test_hides_names_what_is_below_an_unlisted_folder() -> None:
    found = ContentFiles((), (), (), ("wire", ""))
    assert found.hides("wire/a.txt")
    assert ContentFiles((), (), (), ("wire",)).hides("wire/sub/a.txt")
    assert not ContentFiles((), (), (), ("wire",)).hides("wireless/a.txt")
