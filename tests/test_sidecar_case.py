"""A text article whose suffix is not lower case (``note.TXT``): its sidecar
is read as its metadata, and so is never published as a data file too."""

from __future__ import annotations

from pathlib import Path

import feedparser

from newswire.options import BuildOptions
from newswire.run import build

from .conftest import NOW
from .test_edits import SITE


def test_the_sidecar_of_an_upper_case_text_article_is_not_published(tmp_path: Path):
    root = tmp_path / "site"
    (root / "feeds").mkdir(parents=True)
    (root / "feeds" / "site.toml").write_text(SITE)
    (root / "feeds" / "main.toml").write_text('title = "All"\ndescription = "All."\n')
    (root / "content").mkdir()
    (root / "content" / "note.TXT").write_text("Note\n\nThe text of the note.\n")
    (root / "content" / "note.toml").write_text(
        'date = "2026-01-02T08:00:00Z"\nsummary = "From the sidecar."\n'
        "# a desk note, not for readers\n")
    report = build(root, BuildOptions(now=NOW))
    assert not report.errors
    public = root / "public"
    assert sorted(p.name for p in public.rglob("note.*")) == []
    parsed = feedparser.parse((public / "feeds" / "main" / "atom.xml").read_bytes())
    assert [e.summary for e in parsed.entries] == ["From the sidecar."]


def test_a_sidecar_with_an_upper_case_suffix_is_named_in_a_warning(tmp_path: Path):
    root = tmp_path / "site"
    (root / "feeds").mkdir(parents=True)
    (root / "feeds" / "site.toml").write_text(SITE)
    (root / "feeds" / "main.toml").write_text('title = "All"\ndescription = "All."\n')
    (root / "content").mkdir()
    (root / "content" / "note.txt").write_text("Note\n\nThe text of the note.\n")
    sidecar = root / "content" / "note.TOML"
    sidecar.write_text('date = "2026-01-02T08:00:00Z"\nsummary = "From the sidecar."\n')
    report = build(root, BuildOptions(now=NOW))
    assert not report.errors
    about = [d for d in report.diagnostics if d.path == sidecar]
    assert [(d.level, d.message.endswith("rename it note.toml")) for d in about] == [
        ("warning", True)]
    public = root / "public"
    assert sorted(p.name for p in public.rglob("note.*")) == []
