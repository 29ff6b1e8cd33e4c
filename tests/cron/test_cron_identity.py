"""Identity never changes (README "Identity"): guid, atom:id, JSON Feed id and page URL
stay put through edits, renames and a new domain; ``id:`` always wins and an
id is never given to another article."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import SEED, build, feed_items, run

NEW_TITLE = "The handshake in Vladivostok"


def edit_seed(content: Path, folder: Path | None = None, name: str | None = None) -> None:
    """Edit the seed's title, one paragraph and its tags; optionally move it
    (text and sidecar) to ``folder/name``."""
    text = content / f"{SEED}.txt"
    data = text.read_bytes()
    data = data.replace(b"The handshake\n", NEW_TITLE.encode() + b"\n", 1)
    data = data.replace(b"Kim thanked Putin for the hospitality",
                        b"Kim warmly thanked Putin for the hospitality", 1)
    text.write_bytes(data)
    sidecar = content / f"{SEED}.toml"
    sidecar.write_text('tags = ["world", "asia", "summit"]\ncategory = "World"\n')
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        text.rename(folder / f"{name}.txt")
        sidecar.rename(folder / f"{name}.toml")


def identity_of(public: Path, title: str) -> dict[str, tuple[str, str]]:
    """(id, link) of one article in each format of the main feed."""
    items = feed_items(public)
    return {fmt: (items[fmt][title].id, items[fmt][title].link) for fmt in items}


def test_seed_keeps_ids_and_url_through_edits_then_a_rename(site: Path) -> None:
    build(site)
    before = identity_of(site / "public", "The handshake")
    guid, link = before["rss"]
    assert guid.startswith("urn:uuid:")
    assert {v for v in before.values()} == {(guid, link)}
    assert link == "https://news.example.org/000-9b5066fb76f96e2d/"

    edit_seed(site / "content")
    build(site)
    assert identity_of(site / "public", NEW_TITLE) == before
    items = feed_items(site / "public")
    assert "The handshake" not in items["rss"]

    (site / "content" / "world").mkdir(exist_ok=True)
    for suffix in (".txt", ".toml"):
        (site / "content" / f"{SEED}{suffix}").rename(
            site / "content" / "world" / f"kim-putin-summit{suffix}")
    done = build(site)
    assert identity_of(site / "public", NEW_TITLE) == before
    warnings = [line for line in done.stderr.splitlines() if "warning" in line]
    assert any("content/world/kim-putin-summit.txt" in w and f"{SEED}.txt renamed or moved" in w
               and guid in w for w in warnings), done.stderr
    assert (site / "public" / "000-9b5066fb76f96e2d" / "index.html").is_file()
    assert not (site / "public" / "world" / "kim-putin-summit").exists()
    # said once: the next build has nothing to say about it
    assert "renamed" not in build(site).stderr


def test_seed_keeps_ids_when_edited_and_renamed_in_one_go(site: Path) -> None:
    build(site)
    before = identity_of(site / "public", "The handshake")
    edit_seed(site / "content", site / "content" / "asia", "summit")
    done = build(site)
    assert identity_of(site / "public", NEW_TITLE) == before
    assert "renamed or moved (same paragraphs)" in done.stderr
    state = json.loads((site / ".newswire" / "state.json").read_bytes())
    sources = {r["source"]: r for r in state["articles"]}
    assert sources["asia/summit.txt"]["id"] == before["rss"][0]
    assert f"{SEED}.txt" not in sources


def test_new_domain_keeps_ids_and_moves_links(site: Path) -> None:
    build(site)
    before = identity_of(site / "public", "The handshake")
    settings = site / "feeds" / "site.toml"
    settings.write_text(settings.read_text().replace("https://news.example.org/",
                                                     "https://wire.example.net/"))
    build(site)
    after = identity_of(site / "public", "The handshake")
    assert {fmt: v[0] for fmt, v in after.items()} == {fmt: v[0] for fmt, v in before.items()}
    assert {v[1] for v in after.values()} == {"https://wire.example.net/000-9b5066fb76f96e2d/"}


def test_id_in_front_matter_wins_and_warns(site: Path) -> None:
    build(site)
    before = identity_of(site / "public", "The handshake")
    chosen = "urn:uuid:0b9d7c55-3e4f-4f8e-a0a5-2f1f4a7a1c01"
    sidecar = site / "content" / f"{SEED}.toml"
    sidecar.write_text(sidecar.read_text() + f'id = "{chosen}"\n')
    done = build(site)
    after = identity_of(site / "public", "The handshake")
    assert {v[0] for v in after.values()} == {chosen}
    assert {v[1] for v in after.values()} == {before["rss"][1]}
    assert f"id changes from {before['rss'][0]} to {chosen}" in done.stderr


def test_a_copied_id_is_refused_and_the_original_keeps_it(site: Path) -> None:
    build(site)
    welcome = "urn:uuid:2f0c7a3e-8a43-4c0e-9a53-6a1f0f0b5d41"
    (site / "content" / "copy.md").write_text(
        f"---\ntitle: A copy\ndate: 2020-01-01\nid: {welcome}\n---\n\nBody.\n")
    done = run(site, "build", "--now", "2027-01-01T00:00:00Z")
    assert done.returncode == 1
    assert re.search(r"content/copy\.md:1: error: id " + re.escape(welcome)
                     + r" already belongs to another article \(newsroom/welcome\.md\)",
                     done.stderr)
    items = feed_items(site / "public")["rss"]
    assert "A copy" not in items
    assert items["Welcome to Example Wire: news you can subscribe to"].id == welcome


def test_an_id_is_never_given_to_another_article(site: Path) -> None:
    """A removed article's id stays its own, even when a new file takes its URL."""
    (site / "content" / "notes.md").write_text(
        "---\ntitle: First notes\ndate: 2020-01-01\n---\n\nThe first version of the notes.\n")
    build(site)
    old = feed_items(site / "public")["rss"]["First notes"]
    (site / "content" / "notes.md").unlink()
    build(site)
    assert "First notes" not in feed_items(site / "public")["rss"]
    (site / "content" / "notes.txt").write_text(
        "Other notes\n\n1 February 2020Something else entirely, written much later.\n")
    done = build(site)
    new = feed_items(site / "public")["rss"]["Other notes"]
    assert new.link == old.link
    assert new.id != old.id
    assert "takes over URL /notes/ of notes.md" in done.stderr
    # and declaring the old id by hand in another article is refused
    (site / "content" / "later.md").write_text(
        f"---\ntitle: Later\ndate: 2020-03-01\nid: {old.id}\n---\n\nNothing alike.\n")
    (site / "content" / "other.md").write_text(
        f"---\ntitle: Other\ndate: 2020-03-01\nid: {old.id}\n---\n\nNothing alike.\n")
    done = run(site, "build", "--now", "2027-01-01T00:00:00Z")
    assert done.returncode == 1
    assert "Later" not in feed_items(site / "public")["rss"]


def test_a_removed_article_put_back_gets_its_identity_back(site: Path) -> None:
    build(site)
    before = identity_of(site / "public", "The handshake")
    kept = {s: (site / "content" / f"{SEED}{s}").read_bytes() for s in (".txt", ".toml")}
    for suffix in kept:
        (site / "content" / f"{SEED}{suffix}").unlink()
    done = build(site)
    assert "The handshake" not in feed_items(site / "public")["rss"]
    assert not (site / "public" / "000-9b5066fb76f96e2d").exists()
    assert "1 article removed" in done.stdout
    (site / "content" / "back").mkdir()
    for suffix, data in kept.items():
        (site / "content" / "back" / f"restored{suffix}").write_bytes(data)
    done = build(site)
    assert identity_of(site / "public", "The handshake") == before
    assert "(same bytes)" in done.stderr


def test_a_content_edit_leaves_the_committed_ledger_unchanged(site: Path) -> None:
    build(site)
    ledger = site / ".newswire" / "state.json"
    before = ledger.read_bytes()
    edit_seed(site / "content")  # title, a paragraph and the tags
    (site / "content" / "newsroom" / "welcome.md").write_text(
        (site / "content" / "newsroom" / "welcome.md").read_text().replace("a", "a", 1)
        + "\nA paragraph added at the end.\n")
    done = build(site)
    assert NEW_TITLE in feed_items(site / "public")["rss"]
    assert "0 articles added" in done.stdout
    assert ledger.read_bytes() == before
    record = {r["source"]: r for r in json.loads(before)["articles"]}[f"{SEED}.txt"]
    assert set(record) == {"source", "id", "path", "first_published"}
    # an article added changes it, and only by its own record
    (site / "content" / "new.md").write_text("---\ntitle: New\ndate: 2020-01-01\n---\nx\n")
    build(site)
    added = json.loads(ledger.read_bytes())["articles"]
    assert [r for r in added if r not in json.loads(before)["articles"]] == [
        {"source": "new.md", "id": added[[r["source"] for r in added].index("new.md")]["id"],
         "path": "new/", "first_published": "2020-01-01T00:00:00+01:00"}]


def test_an_old_ledger_with_digests_is_read_and_slimmed_once(site: Path) -> None:
    build(site)
    ledger = site / ".newswire" / "state.json"
    slim = json.loads(ledger.read_bytes())
    before = identity_of(site / "public", "The handshake")
    # the ledger as an older newswire wrote it: digest, title and signature
    # per article, and no database of derived records
    old = dict(slim, articles=[dict(r, digest="0" * 64, title="The handshake" if
                                    r["source"] == f"{SEED}.txt" else r["source"],
                                    signature="") for r in slim["articles"]])
    ledger.write_text(json.dumps(old, indent=1) + "\n")
    for name in ("derived.sqlite", "derived.sqlite-wal", "derived.sqlite-shm"):
        (site / ".newswire" / name).unlink(missing_ok=True)
    # renamed and edited in one go: the old ledger's title recognises it
    text = site / "content" / f"{SEED}.txt"
    (site / "content" / "asia").mkdir()
    text.rename(site / "content" / "asia" / "summit.txt")
    (site / "content" / f"{SEED}.toml").rename(site / "content" / "asia" / "summit.toml")
    done = build(site)
    assert "renamed or moved (same title)" in done.stderr
    assert identity_of(site / "public", "The handshake") == before
    written = json.loads(ledger.read_bytes())
    assert all(set(r) <= {"source", "id", "path", "first_published", "removed"}
               for r in written["articles"])
    again = ledger.read_bytes()
    build(site)
    assert ledger.read_bytes() == again


def test_without_the_database_a_rename_keeping_the_url_is_recognised(site: Path) -> None:
    build(site)
    welcome = site / "content" / "newsroom" / "reading-feeds.md"  # no 'id' of its own
    items = feed_items(site / "public")["rss"]
    title = next(t for t in items if t.startswith("Q&A"))
    before = identity_of(site / "public", title)
    for name in ("derived.sqlite", "derived.sqlite-wal", "derived.sqlite-shm"):
        (site / ".newswire" / name).unlink(missing_ok=True)
    # another suffix, the same page path, and an edited body
    welcome.rename(welcome.with_suffix(".markdown"))
    welcome.with_suffix(".markdown").write_text(
        welcome.with_suffix(".markdown").read_text() + "\nOne more paragraph.\n")
    done = build(site)
    assert "renamed or moved (same URL)" in done.stderr, done.stderr
    assert identity_of(site / "public", title) == before
