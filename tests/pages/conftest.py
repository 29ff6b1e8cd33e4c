"""Fixtures for the page tests: the sample site built once per module."""

from __future__ import annotations

from pathlib import Path

import pytest

from newswire.run import BuildOptions, BuildReport, build

from ..conftest import NOW, copy_sample_site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildReport]:
    """The sample site built with a fixed ``now``, shared by a module's tests."""
    root = copy_sample_site(tmp_path_factory.mktemp("pages") / "site")
    return root, build(root, BuildOptions(now=NOW))
