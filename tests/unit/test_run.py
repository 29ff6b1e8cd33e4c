"""run: the snapshot of a build's inputs and the guards before any build.

The shortcut itself needs inputs older than the file-system clock tick
(two seconds): tests/cron covers it on real builds."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from newswire.errors import ConfigError
from newswire.options import BuildOptions, SitePaths
from newswire.run import build, inputs_snapshot, unchanged_build
from newswire.state.store import Store

from .conftest import APRIL

OPTIONS = BuildOptions(now=APRIL)


def site(tmp_path: Path) -> SitePaths:
    (tmp_path / "feeds").mkdir()
    (tmp_path / "content").mkdir()
    (tmp_path / "feeds" / "site.toml").write_text('base_url = "https://x.example/"\n')
    (tmp_path / "content" / "a.md").write_text("# A\n")
    return SitePaths(tmp_path)


def test_the_snapshot_follows_inputs_and_options(tmp_path: Path) -> None:
    paths = site(tmp_path)
    first = inputs_snapshot(paths, OPTIONS)
    assert inputs_snapshot(paths, OPTIONS) == first
    for changed in (replace(OPTIONS, drafts=True), replace(OPTIONS, future=True),
                    replace(OPTIONS, strict=True), replace(OPTIONS, base_url="http://l/")):
        assert inputs_snapshot(paths, changed).digest != first.digest
    assert inputs_snapshot(paths, replace(OPTIONS, wait=5.0)) == first  # changes no output
    (tmp_path / "content" / "b.md").write_text("# B\n")
    assert inputs_snapshot(paths, OPTIONS).digest != first.digest


def test_the_public_folder_is_no_input(tmp_path: Path) -> None:
    paths = site(tmp_path)
    first = inputs_snapshot(paths, OPTIONS)
    (tmp_path / "public").mkdir()
    (tmp_path / "public" / "index.html").write_text("x")
    assert inputs_snapshot(paths, OPTIONS) == first


def test_no_database_means_no_shortcut(tmp_path: Path) -> None:
    paths = site(tmp_path)
    assert unchanged_build(paths, OPTIONS, inputs_snapshot(paths, OPTIONS)) is None


def test_a_database_without_a_last_build_means_no_shortcut(tmp_path: Path) -> None:
    paths = site(tmp_path)
    Store(paths.database_file).close()
    assert unchanged_build(paths, OPTIONS, inputs_snapshot(paths, OPTIONS)) is None


def test_a_folder_without_settings_is_refused_before_anything_is_written(
        tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        build(tmp_path, OPTIONS)
    assert list(tmp_path.iterdir()) == []
