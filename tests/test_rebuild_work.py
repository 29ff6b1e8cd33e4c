"""What a rebuild does for each article it did not change: the work it
skips is checked by what it reads, stats and decodes, never by seconds."""

from __future__ import annotations

from pathlib import Path

import pytest

from newswire import cache as cache_module
from newswire.run import BuildOptions, build

from .conftest import NOW

ADDED = """---
title: A story added later
date: 2026-11-28T09:00:00Z
tags: [world]
---

Added.
"""


def add_article(site: Path) -> Path:
    path = site / "content" / "world" / "added-later.md"
    path.write_text(ADDED, encoding="utf-8")
    return path


def test_a_rebuild_stats_no_article_file_the_snapshot_stat_ed(built_site, monkeypatch):
    site, _ = built_site
    add_article(site)
    probed: list[Path] = []
    original = cache_module.ArticleCache.probe

    def probe(self, path, source):  # type: ignore[no-untyped-def]
        probed.append(path)
        return original(self, path, source)

    def stat(path: Path) -> None:
        raise AssertionError(f"{path} stat'ed again")
    monkeypatch.setattr(cache_module.ArticleCache, "probe", probe)
    monkeypatch.setattr(cache_module, "_stat", stat)
    monkeypatch.setattr(cache_module.os, "listdir", stat)
    report = build(site, BuildOptions(now=NOW))
    assert not report.errors and report.added == ["world/added-later.md"]
    assert len(probed) == 19  # every article of the sample site and the new one
