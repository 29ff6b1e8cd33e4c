"""Identity conflicts: a published article always keeps its id and URL."""

from __future__ import annotations

import json
from pathlib import Path

from newswire.run import BuildOptions, build

from .conftest import NOW


def site(tmp_path: Path) -> Path:
    (tmp_path / "feeds").mkdir()
    (tmp_path / "content").mkdir()
    (tmp_path / "feeds/site.toml").write_text('base_url = "https://ex.org/"\ntitle = "Ex"\n', "utf-8")
    return tmp_path


def article(root: Path, name: str, title: str, extra: str = "") -> None:
    (root / "content" / name).write_text(
        f"---\ntitle: {title}\ndate: 2024-01-01\n{extra}---\nBody of {title}.\n", "utf-8")


def items(root: Path) -> dict[str, str]:
    feed = json.loads((root / "public/feeds/main/feed.json").read_text("utf-8"))
    return {i["title"]: (i["id"], i["url"]) for i in feed["items"]}


def test_newcomer_taking_a_published_url_is_refused_not_the_published(tmp_path):
    root = site(tmp_path)
    article(root, "old.md", "Old")
    build(root, BuildOptions(now=NOW))
    before = items(root)
    article(root, "new.md", "New", "slug: old\n")
    report = build(root, BuildOptions(now=NOW))
    assert [str(d) for d in report.errors] == [
        f"{root}/content/new.md:1: error: its URL /old/ is already published by old.md; "
        "give this article another 'slug' (or file name)"]
    assert items(root) == before
    assert (root / "public/old/index.html").is_file()
    state = json.loads((root / ".newswire/state.json").read_text("utf-8"))
    assert [r["source"] for r in state["articles"]] == ["old.md"]


def test_new_file_at_a_renamed_articles_old_name(tmp_path):
    root = site(tmp_path)
    article(root, "story.md", "Story")
    build(root, BuildOptions(now=NOW))
    before = items(root)["Story"]
    (root / "content/story.md").rename(root / "content/moved.md")
    assert "renamed or moved" in build(root, BuildOptions(now=NOW)).warnings[0].message
    article(root, "story.md", "Another story")
    report = build(root, BuildOptions(now=NOW))
    assert items(root)["Story"] == before
    assert "Another story" not in items(root)
    assert any("already published by moved.md" in d.message for d in report.errors)


def test_new_article_never_reuses_a_removed_articles_id(tmp_path):
    root = site(tmp_path)
    article(root, "gone.md", "Gone")
    build(root, BuildOptions(now=NOW))
    old_id, old_url = items(root)["Gone"]
    (root / "content/gone.md").unlink()
    build(root, BuildOptions(now=NOW))
    article(root, "other.md", "Fresh", "slug: gone\n")
    report = build(root, BuildOptions(now=NOW))
    assert report.errors == []
    new_id, new_url = items(root)["Fresh"]
    assert new_url == old_url and new_id != old_id


def test_two_new_articles_with_one_slug_are_both_reported(tmp_path):
    root = site(tmp_path)
    article(root, "a.md", "A", "slug: same\n")
    article(root, "b.md", "B", "slug: same\n")
    report = build(root, BuildOptions(now=NOW))
    assert sorted(str(d.path).rsplit("/", 1)[1] for d in report.errors) == ["a.md", "b.md"]
    assert all("same URL /same/" in d.message for d in report.errors)


def test_undated_article_is_recorded_in_the_sites_zone(tmp_path):
    root = site(tmp_path)
    (root / "feeds/site.toml").write_text(
        'base_url = "https://ex.org/"\ntitle = "Ex"\ntimezone = "Europe/Rome"\n', "utf-8")
    (root / "content/undated.md").write_text("---\ntitle: Undated\n---\nText.\n", "utf-8")
    report = build(root, BuildOptions(now=NOW))
    assert [d.message for d in report.warnings] == [
        "no date; published as of 2026-11-29T01:00:00+01:00 and recorded so it never "
        "changes; add 'date:' to say when it was published"]
    later = build(root, BuildOptions(now=NOW.replace(year=2027)))
    assert later.warnings == []
    feed = json.loads((root / "public/feeds/main/feed.json").read_text("utf-8"))
    assert feed["items"][0]["date_published"] == "2026-11-29T01:00:00+01:00"


def test_moving_to_a_new_domain_keeps_every_id(tmp_path):
    root = site(tmp_path)
    article(root, "story.md", "Story")
    build(root, BuildOptions(now=NOW))
    atom = (root / "public/feeds/main/atom.xml").read_text("utf-8")
    before = items(root)["Story"][0]
    (root / "feeds/site.toml").write_text('base_url = "https://new.example/"\ntitle = "Ex"\n', "utf-8")
    assert build(root, BuildOptions(now=NOW)).errors == []
    assert items(root)["Story"] == (before, "https://new.example/story/")
    feed_id = atom.split("<id>", 1)[1].split("</id>", 1)[0]
    moved = (root / "public/feeds/main/atom.xml").read_text("utf-8")
    assert moved.split("<id>", 1)[1].split("</id>", 1)[0] == feed_id
    assert json.loads((root / ".newswire/state.json").read_text("utf-8"))["feeds"] == {
        "main": feed_id}


def test_an_article_held_back_keeps_its_record_url_and_is_never_taken_for_renamed(tmp_path):
    """A held article (unreadable now) is not gone: a new file with its bytes
    elsewhere is a new article, and a new file cannot take its URL."""
    from datetime import datetime, timezone

    from newswire.identity import State, assign_identities
    from newswire.model import Article

    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    held = Article(source="world/a.md", title="A", body_html="<p>Same body.</p>", digest="d1")
    first, state, _ = assign_identities([held], State(), "https://ex.org/", now)
    copy = Article(source="elsewhere/a.md", title="A", body_html="<p>Same body.</p>",
                   digest="d1")
    squatter = Article(source="world/b.md", title="B", body_html="", digest="d2", slug="a")
    found, after, said = assign_identities([copy, squatter], state, "https://ex.org/", now,
                                           held={"world/a.md"})
    record = next(r for r in after.records if r.source == "world/a.md")
    assert record == state.records[0] and not record.removed
    assert found["elsewhere/a.md"].id != first["world/a.md"].id
    assert "world/b.md" not in found
    assert [d.message for d in said if d.level == "error"] == [
        "its URL /world/a/ is already published by world/a.md; give this article another "
        "'slug' (or file name)"]
    _, gone, _ = assign_identities([], state, "https://ex.org/", now)
    assert gone.records[0].removed  # without holding it, the record is marked removed
