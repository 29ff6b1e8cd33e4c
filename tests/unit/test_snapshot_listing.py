"""The snapshot's listing of a folder (newswire.state.digests.snapshot): the
files it names as articles, the stat it hands to the build, and what its
digests follow, whichever way the folder is listed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newswire.state import digests
from newswire.state.digests import snapshot

SUFFIXES = (".md", ".markdown", ".txt", ".toml")
NAMES = ["a.md", "b.MD", "c.Markdown", "d.b.txt", ".md", "..md", ".hidden.md", "e.md.bak",
         "f.jpg", "md", "g.", "h.TOML", "ı.md", "İ.md", "ſ.txt", "k.mar\u212adown"]


@pytest.fixture(params=[True, False], ids=["by-descriptor", "by-path"])
def listing(request, monkeypatch) -> bool:
    """Each test runs with the folders listed through an open descriptor and
    by their path (where the platform has no descriptor listing)."""
    if request.param and not digests._BY_FD:
        pytest.skip("no listing through a descriptor here")
    monkeypatch.setattr(digests, "_BY_FD", request.param)
    return request.param


def take(folder: Path):
    return snapshot([folder], [], [], same_clock=os.stat(folder).st_dev,
                    articles=(folder, SUFFIXES))


def test_articles_are_the_files_whose_suffix_splitext_gives(tmp_path, listing):
    for name in NAMES:
        (tmp_path / name).write_text("x")
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "sub" / "deeper" / "i.md").write_text("x")
    (tmp_path / "sub" / "j.yaml").write_text("x")
    found = sorted(name for name, _, _ in take(tmp_path).articles)
    expected = sorted([n for n in NAMES if os.path.splitext(n)[1].lower() in SUFFIXES]
                      + ["sub/deeper/i.md"])
    assert found == expected
    assert "a.md" in found and ".md" not in found and "..md" not in found
    assert ".hidden.md" in found and "e.md.bak" not in found


def test_the_stats_are_those_of_every_file_by_its_path(tmp_path, listing):
    (tmp_path / "sub").mkdir()
    for name in ("a.md", "b.jpg", "sub/c.txt", "sub/d.css"):
        (tmp_path / name).write_text(name)
    (tmp_path / "dangling.md").symlink_to(tmp_path / "nowhere")
    (tmp_path / "linked").symlink_to(tmp_path / "sub", target_is_directory=True)
    stats = take(tmp_path).stats
    paths = [os.path.join(tmp_path, n) for n in ("a.md", "b.jpg", "sub/c.txt", "sub/d.css")]
    assert sorted(stats) == sorted(paths) and len(stats) == 4
    for path in paths:
        st = os.stat(path)
        assert stats[path] == (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
        assert stats.get(path) == stats[path]
    assert stats.get(os.path.join(tmp_path, "dangling.md")) is None
    assert stats.get(os.path.join(tmp_path, "linked", "c.txt")) is None  # not followed


def test_both_listings_give_the_same_snapshot(tmp_path, monkeypatch):
    if not digests._BY_FD:
        pytest.skip("no listing through a descriptor here")
    for name in NAMES:
        (tmp_path / name).write_text(name)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x.md").write_text("x")
    (tmp_path / "gone.md").symlink_to(tmp_path / "nowhere")
    (tmp_path / "folder-link").symlink_to(tmp_path / "sub", target_is_directory=True)
    by_descriptor = take(tmp_path)
    monkeypatch.setattr(digests, "_BY_FD", False)
    by_path = take(tmp_path)
    assert by_path == by_descriptor
    assert dict(by_path.stats) == dict(by_descriptor.stats)


def test_the_digest_follows_every_change_and_the_frame_only_names(tmp_path, listing):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.md").write_text("one")
    (tmp_path / "b.jpg").write_bytes(b"\xff")
    first = take(tmp_path)
    assert take(tmp_path) == first
    (tmp_path / "empty").mkdir()  # an empty folder holds no input
    assert take(tmp_path) == first
    (tmp_path / "sub" / "a.md").write_text("two")  # an article edited: the frame holds
    edited = take(tmp_path)
    assert edited.digest != first.digest and edited.frame == first.frame
    (tmp_path / "b.jpg").write_bytes(b"\xff\xd8")  # another file: both change
    other = take(tmp_path)
    assert other.digest != edited.digest and other.frame != edited.frame
    os.rename(tmp_path / "sub" / "a.md", tmp_path / "sub" / "c.md")  # renamed
    renamed = take(tmp_path)
    assert renamed.digest != other.digest and renamed.frame != other.frame
    (tmp_path / "sub" / "d.md").symlink_to(tmp_path / "nowhere")  # a dangling link
    dangling = take(tmp_path)
    assert dangling.digest != renamed.digest and dangling.frame != renamed.frame
    (tmp_path / "sub" / "e").symlink_to(tmp_path, target_is_directory=True)
    assert take(tmp_path).digest != dangling.digest  # a link to a folder, not followed


def test_the_newest_change_is_the_latest_ctime_on_the_clock_s_file_system(tmp_path, listing):
    (tmp_path / "sub").mkdir()
    for name in ("a.md", "sub/b.jpg", "sub/c.txt"):
        (tmp_path / name).write_text(name)
    os.utime(tmp_path / "a.md", ns=(0, 1 << 62))  # an mtime in the future says nothing
    newest = max(os.stat(tmp_path / n).st_ctime_ns for n in ("a.md", "sub/b.jpg", "sub/c.txt"))
    taken = take(tmp_path)
    assert taken.exact_newest_ns == newest and taken.newest_ns == 0
    assert {name: ctime for name, ctime, _ in taken.articles} == {
        "a.md": os.stat(tmp_path / "a.md").st_ctime_ns,
        "sub/c.txt": os.stat(tmp_path / "sub/c.txt").st_ctime_ns}
    assert all(local for _, _, local in taken.articles)


def test_an_article_that_is_a_symbolic_link_is_not_local(tmp_path, listing):
    (tmp_path / "elsewhere.txt").write_text("x")
    (tmp_path / "a.md").symlink_to(tmp_path / "elsewhere.txt")
    locality = {name: local for name, _, local in take(tmp_path).articles}
    assert locality == {"a.md": False, "elsewhere.txt": True}
