"""``updated = "auto"``: an edit of a published article's title or body dates it."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import feedparser
import pytest
from lxml import html

from newswire.run import BuildOptions, build
from .conftest import forget_last_build

T = [datetime(2026, 3, d, 12, 0, tzinfo=timezone.utc) for d in range(1, 8)]
ARTICLE = "---\ntitle: {title}\ndate: 2026-02-01T08:00:00Z\ntags: [{tag}]\n---\n\n{body}\n"


def make_site(root: Path, site_updated: str | None, feed_updated: str | None = None) -> Path:
    (root / "feeds").mkdir(parents=True)
    (root / "content").mkdir()
    extra = f'updated = "{site_updated}"\n' if site_updated else ""
    (root / "feeds/site.toml").write_text(
        f'base_url = "https://n.example.org/"\ntitle = "N"\n{extra}', "utf-8")
    (root / "feeds/main.toml").write_text(
        'title = "All"\n' + (f'updated = "{feed_updated}"\n' if feed_updated else ""), "utf-8")
    write(root, "Harbour reopens", "Ships are back.", "port")
    (root / "content/other.md").write_text(ARTICLE.format(
        title="Other", tag="x", body="Unchanged."), "utf-8")
    return root


def write(root: Path, title: str, body: str, tag: str) -> None:
    (root / "content/harbour.md").write_text(ARTICLE.format(title=title, tag=tag, body=body),
                                             "utf-8")


def run(root: Path, now: datetime) -> None:
    report = build(root, BuildOptions(now=now))
    assert not report.errors, report.diagnostics


def atom_updated(root: Path) -> dict[str, str]:
    feed = feedparser.parse((root / "public/feeds/main/atom.xml").read_bytes())
    return {e.title: e.updated for e in feed.entries}


def page_modified(root: Path) -> str:
    doc = html.fromstring((root / "public/harbour/index.html").read_bytes())
    return doc.xpath("//meta[@property='article:modified_time']/@content")[0]


def test_body_edit_sets_updated_once_and_rebuilds_keep_it(tmp_path):
    root = make_site(tmp_path / "s", "auto")
    run(root, T[0])
    assert atom_updated(root)["Harbour reopens"] == "2026-02-01T08:00:00+00:00"
    write(root, "Harbour reopens", "Ships are back, and ferries.", "port")
    run(root, T[1])
    assert atom_updated(root) == {"Harbour reopens": "2026-03-02T12:00:00+00:00",
                                  "Other": "2026-02-01T08:00:00+00:00"}
    assert page_modified(root) == "2026-03-02T12:00:00+00:00"
    assert b"2026-03-02" not in (root / ".newswire/state.json").read_bytes()  # not in the ledger
    recorded = json.loads((root / ".newswire/updated.json").read_bytes())
    assert [r.get("updated") for r in recorded["articles"].values()].count(
        "2026-03-02T12:00:00+00:00") == 1

    # a later full build with the same text changes nothing, byte for byte
    before = {p: p.read_bytes() for p in (root / "public").rglob("*") if p.is_file()}
    forget_last_build(root)
    run(root, T[2])
    assert {p: p.read_bytes() for p in (root / "public").rglob("*") if p.is_file()} == before

    # tags are not text: no new date; a title edit is
    write(root, "Harbour reopens", "Ships are back, and ferries.", "sea")
    run(root, T[3])
    assert atom_updated(root)["Harbour reopens"] == "2026-03-02T12:00:00+00:00"
    write(root, "Harbour reopens to ferries", "Ships are back, and ferries.", "sea")
    run(root, T[4])
    assert atom_updated(root)["Harbour reopens to ferries"] == "2026-03-05T12:00:00+00:00"
    assert b"2026-03-05" not in (root / ".newswire/state.json").read_bytes()


def test_off_by_default(tmp_path):
    root = make_site(tmp_path / "s", None)
    run(root, T[0])
    write(root, "Harbour reopens", "Ships are back, and ferries.", "port")
    run(root, T[1])
    assert atom_updated(root)["Harbour reopens"] == "2026-02-01T08:00:00+00:00"
    assert not (root / ".newswire/updated.json").exists()


def test_feed_setting_dates_that_feed_only(tmp_path):
    root = make_site(tmp_path / "s", None, "auto")
    run(root, T[0])
    write(root, "Harbour reopens", "Ships are back, and ferries.", "port")
    run(root, T[1])
    assert atom_updated(root)["Harbour reopens"] == "2026-03-02T12:00:00+00:00"
    assert page_modified(root) == "2026-02-01T08:00:00+00:00"


def test_bad_value_and_damaged_record_are_reported(tmp_path):
    from newswire.errors import ConfigError, StateError

    root = make_site(tmp_path / "s", "always")
    with pytest.raises(ConfigError, match="updated: must be one of 'manual', 'auto'"):
        run(root, T[0])
    (root / "feeds/site.toml").write_text(
        'base_url = "https://n.example.org/"\nupdated = "auto"\n', "utf-8")
    run(root, T[0])
    (root / ".newswire/updated.json").write_text("{not json", "utf-8")
    write(root, "Harbour reopens", "Edited.", "port")
    with pytest.raises(StateError, match="damaged"):
        run(root, T[1])
    assert (root / ".newswire/updated.json").read_text("utf-8") == "{not json"


def test_a_renamed_file_keeps_its_recorded_date(tmp_path):
    root = make_site(tmp_path / "s", "auto")
    run(root, T[0])
    write(root, "Harbour reopens", "Ships are back, and ferries.", "port")
    run(root, T[1])
    (root / "content/harbour.md").rename(root / "content/harbour-news.md")
    report = build(root, BuildOptions(now=T[2]))
    assert any("renamed" in d.message or "moved" in d.message for d in report.warnings)
    assert atom_updated(root)["Harbour reopens"] == "2026-03-02T12:00:00+00:00"


def test_the_recorded_edit_moment_has_whole_seconds(tmp_path):
    root = make_site(tmp_path / "s", "auto")
    run(root, T[0])
    write(root, "Harbour reopens", "Ships are back, and ferries.", "port")
    run(root, T[1].replace(microsecond=986760))
    atom = (root / "public/feeds/main/atom.xml").read_text("utf-8")
    assert "<updated>2026-03-02T12:00:00+00:00</updated>" in atom
    assert ".986760" not in atom
    assert "2026-03-02T12:00:00+00:00" in (root / ".newswire/updated.json").read_text("utf-8")
