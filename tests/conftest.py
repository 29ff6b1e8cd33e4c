"""Shared fixtures: the repository's sample site, copied and built in a temp folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newswire.run import BuildOptions, BuildReport, build
from newswire.readers.dates import parse_date

REPO = Path(__file__).resolve().parent.parent
NOW = parse_date("2026-11-29T00:00:00+00:00", None)  # type: ignore[arg-type]


def copy_sample_site(dest: Path) -> Path:
    """Copy the repository's feeds/ and content/ into ``dest``; return it."""
    shutil.copytree(REPO / "feeds", dest / "feeds")
    shutil.copytree(REPO / "content", dest / "content")
    return dest


@pytest.fixture
def sample_site(tmp_path: Path) -> Path:
    """A fresh copy of the sample site, not built yet."""
    return copy_sample_site(tmp_path / "site")


@pytest.fixture
def built_site(sample_site: Path) -> tuple[Path, BuildReport]:
    """The sample site, built once with a fixed ``now``."""
    report = build(sample_site, BuildOptions(now=NOW))
    return sample_site, report


@pytest.fixture(scope="module")
def shared_built_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildReport]:
    """The sample site built with a fixed ``now`` once for a test module, whose
    tests only read it; a test that changes it or builds it again takes
    :func:`built_site`."""
    site = copy_sample_site(tmp_path_factory.mktemp("sample"))
    return site, build(site, BuildOptions(now=NOW))


def forget_last_build(site: Path) -> None:
    """Delete the database's record of the last complete build, so the next
    build is not skipped as a whole (it reads, renders and compares again)."""
    import sqlite3

    database = site / ".newswire" / "derived.sqlite"
    if not database.exists():
        return
    conn = sqlite3.connect(database)
    try:
        with conn:
            conn.execute("DELETE FROM records WHERE name = 'last-build'")
    finally:
        conn.close()
