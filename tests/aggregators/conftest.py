"""Fixtures for the aggregator tests: a generated site served by a real nginx."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .newsroom import Newsroom, Proxy, make_newsroom, make_proxy
from .nginx import running_nginx
from .sites import Story, build_site, free_port, make_site

HUB = "https://websub.example.net/"


@dataclass
class Served:
    """A built site behind nginx at ``base_url``."""

    root: Path
    base_url: str
    stories: list[Story]
    access_log: Path

    def requests(self) -> list[str]:
        """Lines of nginx's access log: ``status "GET /path HTTP/1.1" inm=... ims=... ua=...``."""
        return self.access_log.read_text("utf-8").splitlines()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    """12 stories, max_items 5 with archive (pages 1 and 2), hub set, behind nginx."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}/"
    root = tmp_path / "site"
    stories = make_site(root, 12, base_url=base_url, hub=HUB)
    build_site(root)
    with running_nginx(tmp_path / "nginx", root / "public", port, base_url, HUB) as log:
        yield Served(root, base_url, stories, log)


@pytest.fixture
def client_env(tmp_path: Path) -> dict[str, str]:
    """Environment for reader programs: own HOME, UTF-8, no proxies."""
    home = tmp_path / "home"
    home.mkdir()
    keep = {k: v for k, v in os.environ.items()
            if k in ("PATH", "SYSTEMROOT", "TMPDIR")}
    return {**keep, "HOME": str(home), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}


@pytest.fixture
def room(tmp_path: Path) -> Newsroom:
    """The aggregator tests' site (newsroom.py), built at its first domain."""
    return make_newsroom(tmp_path / "site")


@pytest.fixture
def proxy(tmp_path: Path, room: Newsroom) -> Proxy:
    """nginx for ``room``, reached as an HTTP proxy; started by ``proxy.serving``."""
    return make_proxy(tmp_path / "nginx", room.root / "public")
