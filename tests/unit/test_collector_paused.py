"""The cyclic garbage collector is off while a build runs and as it was after."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

import newswire.build
from newswire.run import collector_paused

from ..badinput.helpers import make_site, run_build


@pytest.fixture
def collector_state():
    was = gc.isenabled()
    yield
    (gc.enable if was else gc.disable)()


@pytest.mark.usefixtures("collector_state")
def test_the_collector_is_off_in_the_block_and_back_on_after() -> None:
    gc.enable()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_state")
def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    with collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


@pytest.mark.usefixtures("collector_state")
def test_the_collector_comes_back_when_the_block_raises() -> None:
    gc.enable()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("a build that fails")
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_state")
def test_a_build_runs_with_the_collector_off(tmp_path: Path, monkeypatch) -> None:
    gc.enable()
    seen: list[bool] = []
    real = newswire.build.build_locked

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)
    monkeypatch.setattr(newswire.build, "build_locked", spy)
    site = make_site(tmp_path / "site", {"a.md": "---\ntitle: A\ndate: 2024-05-01\n---\nText.\n"})
    assert run_build(site).exit_code == 0
    assert seen == [False] and gc.isenabled()
