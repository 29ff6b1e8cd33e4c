"""The stat a snapshot hands to the build (newswire.state.digests._Stats):
kept in columns by folder, looked up by path as a dictionary would be."""

from __future__ import annotations

import os
from pathlib import Path

from newswire.state.digests import _Stats, snapshot


def test_lookups_give_each_files_numbers_and_nothing_else():
    stats = _Stats()
    stats.add("/site/content/", [("b.jpg", 5, -7, 9, 2**64 - 1), ("link", "@"),
                                 ("gone.md", "-")], [("a.md", 1, 2, 3, 4), ("c.md", 0, 0, 0, 0)])
    stats.add("/site/content/world/", [], [("a.md", 10, 20, 30, 40)])
    assert stats["/site/content/a.md"] == (1, 2, 3, 4)
    assert stats["/site/content/b.jpg"] == (5, -7, 9, 2**64 - 1)  # any inode, times before 1970
    assert stats["/site/content/world/a.md"] == (10, 20, 30, 40)
    for missing in ("/site/content/link", "/site/content/gone.md", "/site/content/aa.md",
                    "/site/content/", "/site/content/world", "/site/a.md", "a.md", "",
                    "/site/content/world/a.md/x", "/site/content/z.md"):
        assert stats.get(missing) is None
        assert missing not in stats
    assert len(stats) == 4
    assert sorted(stats) == ["/site/content/a.md", "/site/content/b.jpg",
                             "/site/content/c.md", "/site/content/world/a.md"]
    assert dict(stats) == {"/site/content/a.md": (1, 2, 3, 4),
                           "/site/content/b.jpg": (5, -7, 9, 2**64 - 1),
                           "/site/content/c.md": (0, 0, 0, 0),
                           "/site/content/world/a.md": (10, 20, 30, 40)}


def test_a_folder_listed_twice_keeps_the_files_of_both_listings():
    stats = _Stats()
    stats.add("/f/", [("a", 1, 1, 1, 1)], [])
    stats.add("/f/", [("b", 2, 2, 2, 2)], [("a", 3, 3, 3, 3)])
    assert dict(stats) == {"/f/a": (3, 3, 3, 3), "/f/b": (2, 2, 2, 2)}


def test_a_snapshot_of_many_files_finds_each_one(tmp_path: Path):
    for folder in ("", "x/", "x/y/", "z/"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        for number in range(40):
            (tmp_path / f"{folder}{number:02d}-{'é' if number % 3 else 'e'}.md").write_text(
                "x" * number)
    stats = snapshot([tmp_path], [], []).stats
    expected = {}
    for base, _, names in os.walk(tmp_path):
        for name in names:
            path = os.path.join(base, name)
            st = os.stat(path)
            expected[path] = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
    assert len(stats) == len(expected) == 160
    assert dict(stats) == expected
    assert all(stats[path] == value for path, value in expected.items())
