"""Builds keep the compiled page templates in ``.newswire/templates/``: the
published bytes are the same with the cache, without it, and with a
damaged one; the cache never makes a run that has nothing to do build."""

from __future__ import annotations

import os
import shutil

from newswire.options import BuildOptions, SitePaths
from newswire.run import build

from .conftest import NOW, copy_sample_site, forget_last_build
from .test_edits import edit, eight_stories, settled, tree, whole_pipeline


def test_pages_are_the_same_with_a_cache_without_one_and_with_a_damaged_one(tmp_path):
    kept = copy_sample_site(tmp_path / "kept")
    assert not build(kept, BuildOptions(now=NOW)).errors
    folder = SitePaths(kept).template_cache
    files = sorted(folder.glob("*.code"))
    assert len(files) >= 5  # every page template, compiled by the first build
    published = tree(kept / "public")

    without = copy_sample_site(tmp_path / "without")
    (without / ".newswire").mkdir()
    SitePaths(without).template_cache.write_bytes(b"")  # a file where the folder would be
    assert not build(without, BuildOptions(now=NOW)).errors
    assert tree(without / "public") == published

    for n, path in enumerate(files):  # truncated, garbage, emptied
        data = path.read_bytes()
        path.write_bytes([data[:len(data) // 3], os.urandom(len(data)), b""][n % 3])
    forget_last_build(kept)
    shutil.rmtree(kept / "public")
    assert not build(kept, BuildOptions(now=NOW)).errors
    assert tree(kept / "public") == published
    assert all(path.stat().st_size > 100 for path in files)  # written again


def test_the_cache_folder_does_not_make_a_run_with_nothing_to_do_build(tmp_path):
    site = settled(eight_stories(tmp_path / "site"))
    folder = SitePaths(site).template_cache
    assert list(folder.glob("*.code"))
    assert build(site, BuildOptions(now=NOW)).unchanged
    shutil.rmtree(folder)
    assert build(site, BuildOptions(now=NOW)).unchanged
    folder.mkdir()
    (folder / "stray.code").write_bytes(b"garbage")
    assert build(site, BuildOptions(now=NOW)).unchanged


def test_an_edit_with_a_damaged_cache_publishes_what_the_whole_pipeline_does(tmp_path):
    site = settled(eight_stories(tmp_path / "site"))
    for path in SitePaths(site).template_cache.glob("*.code"):
        path.write_bytes(path.read_bytes()[:-1])
    edit(site, "story-3.md", "\nCorrection: the figure was 12, not 21.\n")
    expected, _ = whole_pipeline(site, tmp_path)
    report = build(site, BuildOptions(now=NOW))
    assert report.result is not None and report.result.written == ["news/story-3/index.html"]
    assert tree(site / "public") == expected


def test_a_build_with_a_read_only_cache_folder_works(tmp_path):
    site = settled(eight_stories(tmp_path / "site"))
    folder = SitePaths(site).template_cache
    shutil.rmtree(folder)
    folder.mkdir(mode=0o555)
    try:
        edit(site, "story-3.md", "\nA correction.\n")
        expected, _ = whole_pipeline(site, tmp_path)
        report = build(site, BuildOptions(now=NOW))
        assert not report.errors
        assert tree(site / "public") == expected
        if os.geteuid() != 0:  # the superuser writes there anyway
            assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)
