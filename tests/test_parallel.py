"""Reading on every core gives exactly what reading one file after another gives."""

from __future__ import annotations

import concurrent.futures
import sqlite3
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newswire import parallel
from newswire.run import BuildOptions, build
from newswire.claim import MARKER
from newswire.identity import State, assign_identities
from newswire.readers import scan_content

from .conftest import NOW, copy_sample_site

ZONE = ZoneInfo("Europe/Rome")
TAGS = ["world", "science", "asia", "economy"]


def write_articles(content: Path, count: int) -> None:
    """``count`` small articles in both formats, one broken, one with a warning."""
    for i in range(count):
        folder = content / f"{2019 + i % 3}" / f"{1 + i % 12:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        if i % 5 == 0:
            (folder / f"t{i:04d}.txt").write_text(
                f"Scraped story {i}\n\n  \u2022 Standfirst {i}\n\nShare\n\n"
                f"{1 + i % 28} April 2019First paragraph {i}.\n\nSecond [x](#a).\n",
                encoding="utf-8")
        else:
            (folder / f"m{i:04d}.md").write_text(
                f'---\ntitle: "Story {i}: Zürich"\ndate: 2019-04-{1 + i % 28:02d} 10:{i % 60:02d}\n'
                f"tags: [{TAGS[i % 4]}, {TAGS[(i + 1) % 4]}]\n---\n\n"
                f"Body of **{i}** with a [link](../x.html) and a footnote[^1].\n\n"
                f"[^1]: Note {i}.\n", encoding="utf-8")
    (content / "broken.md").write_text("---\ntitle: [unclosed\n---\nx\n", encoding="utf-8")
    (content / "control.md").write_text("---\ntitle: Bell\ndate: 2019-01-01\n---\n"
                                        "ring \x07 ring\n", encoding="utf-8")


@pytest.fixture
def many(tmp_path: Path) -> Path:
    site = copy_sample_site(tmp_path / "site")
    write_articles(site / "content" / "bulk", 150)
    return site


def test_read_many_equals_serial_read(many, monkeypatch):
    content = many / "content"
    files = list(scan_content(content).articles)
    monkeypatch.setattr(parallel, "MIN_FILES_PER_WORKER", 1)
    serial = parallel.read_many(files, content, ZONE, workers=1)
    spread = parallel.read_many(files, content, ZONE, workers=3)
    assert [o.path for o in spread] == files
    assert spread == serial
    assert sum(o.article is not None for o in spread) == len(files) - 1
    broken = [o for o in spread if o.article is None]
    assert [o.path.name for o in broken] == ["broken.md"]
    assert broken[0].error is not None and broken[0].error.level == "error"
    warned = [o for o in spread if o.warnings]
    assert [o.path.name for o in warned] == ["control.md"]


def test_an_article_hashed_where_it_is_read_is_the_one_read_alone(many):
    """A file hashed for the cache is read from the very bytes hashed (one
    open): the same article, warnings and errors as reading it alone, and
    the digest the cache checks the file against."""
    from newswire.cache import file_digest

    content = many / "content"
    files = list(scan_content(content).articles)
    plain = parallel.read_many(files, content, ZONE, workers=1)
    hashed = parallel.read_many(files, content, ZONE, workers=1, hashed=True)
    assert [replace(o, digest=None) for o in hashed] == plain
    assert [o.digest for o in hashed] == [file_digest(f) for f in files]
    assert all(o.digest for o in hashed)
    assert any(o.error is not None for o in plain) and any(o.warnings for o in plain)


def test_paths_and_ids_made_where_articles_are_read_are_the_ones_assigned(many):
    """The path and id a worker makes for an article new to the ledger (for
    the HTML it sanitizes) are handed to the identity stage, which gives
    exactly what it gives making them itself."""
    from newswire.config import load_site

    content = many / "content"
    (content / "own-id.md").write_text("---\ntitle: Own\nid: tag:x.example,2019:own\n"
                                       "date: 2019-01-02\n---\nBody.\n", encoding="utf-8")
    files = list(scan_content(content).articles)
    site = load_site(many / "feeds")
    plan = parallel.EntryPlan(site, {}, content)
    outcomes = list(parallel.read_each(files, content, ZONE, workers=1, hashed=True, plan=plan))
    made = {o.article.source: o.made for o in outcomes if o.article and o.made}
    articles = [o.article for o in outcomes if o.article]
    derived = {source: m.derived for source, m in made.items() if m.derived}
    signatures = {source: m.signature for source, m in made.items()}
    assert len(derived) == len(articles) and derived["own-id.md"][1] == ""
    given = assign_identities(articles, State(), site.base_url, NOW,
                              body_signatures=signatures, derived=derived)
    alone = assign_identities(articles, State(), site.base_url, NOW, body_signatures=signatures)
    assert given == alone
    assert given[0]["own-id.md"].id == "tag:x.example,2019:own"


def test_workers_store_and_sanitize_what_they_read(many, monkeypatch):
    """With an entry plan, a worker sends back the article without its body,
    the body as the cache stores it, and the HTML, summary and body signature
    the build would make for the identity the article is expected to get."""
    from newswire.cache import stored_warnings
    from newswire.config import load_site
    from newswire.entries import entry_html, html_key
    from newswire.identity import body_signature, derived_id, derived_path
    from newswire.model import Identity
    from newswire.revisions import text_digest
    from newswire.state.ledger import Record
    from newswire.state.values import article_from_bytes

    content = many / "content"
    site = load_site(many / "feeds")
    files = list(scan_content(content).articles)
    monkeypatch.setattr(parallel, "MIN_FILES_PER_WORKER", 1)
    first = files[0]
    known_source = first.relative_to(content).as_posix()
    known = Identity("urn:example:kept", "kept/path/", NOW)
    record = Record(known_source, known.id, known.path, NOW)
    plan = parallel.EntryPlan(site, {known_source: record}, content)
    spread = list(parallel.read_each(files, content, ZONE, workers=2, plan=plan))
    serial = parallel.read_many(files, content, ZONE, workers=1)
    assert [o.path for o in spread] == files
    for made, read in zip(spread, serial):
        if read.article is None:
            assert made == read
            continue
        assert made.made is not None and made.article is not None
        assert made.article.body_html == "" and made.warnings == read.warnings
        article = read.article
        assert made.article == replace(article, body_html="")
        assert article_from_bytes(made.made.blob, article.source) == (
            article, stored_warnings(read.warnings, content))
        if article.source == known_source:
            identity = known
        else:
            path = derived_path(article)
            identity = Identity(article.id or derived_id(site.base_url, path), path, NOW)
        assert made.made.html == (article.digest, html_key(article, identity, site),
                                  *entry_html(article, identity, site))
        assert made.made.signature == body_signature(article.body_html)
        assert made.made.text is None
    with_texts = parallel.EntryPlan(site, {}, content, texts=True)
    for made, read in zip(parallel.read_each(files, content, ZONE, workers=2, plan=with_texts),
                          serial):
        if read.article is not None:
            assert made.made is not None
            assert made.made.text == text_digest(read.article.title, read.article.body_html)


def test_small_batches_are_read_in_this_process(tmp_path, monkeypatch):
    content = tmp_path / "content"
    write_articles(content, 3)

    def no_pool(*args, **kwargs):
        raise AssertionError("a process pool was started for three files")
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_pool)
    outcomes = parallel.read_many(sorted(content.rglob("*.*")), content, ZONE, workers=8)
    assert len(outcomes) == 5


def tree(root: Path) -> dict[str, bytes]:
    """Every file below ``root`` but the output-folder claim, which names the site."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file() and p.name != MARKER}


@pytest.mark.slow
def test_parallel_build_writes_the_same_bytes_as_a_serial_build(tmp_path, monkeypatch):
    outputs = []
    for workers in (1, 2):
        site = copy_sample_site(tmp_path / f"site{workers}")
        write_articles(site / "content" / "bulk", 150)
        monkeypatch.setattr(parallel, "default_workers", lambda w=workers: w)
        monkeypatch.setattr(parallel, "MIN_FILES_PER_WORKER", 1)
        report = build(site, BuildOptions(now=NOW))
        assert report.articles == 18 + 150 + 1  # and control.md
        assert [str(d.path).rsplit("/", 1)[-1] for d in report.errors] == ["broken.md"]
        with sqlite3.connect(site / ".newswire" / "derived.sqlite") as db:
            pages = sorted(db.execute("SELECT path, key, sha256, size FROM pages"))
        outputs.append((tree(site / "public"), (site / ".newswire" / "state.json").read_bytes(),
                        [str(d) for d in report.diagnostics], pages))
    (public1, state1, said1, pages1), (public2, state2, said2, pages2) = outputs
    assert len(public1) > 150
    assert public1 == public2
    assert state1 == state2
    assert len(pages1) > 150 and pages1 == pages2  # the pages' keys too
    assert [s.replace("site1", "site2") for s in said1] == said2


@pytest.mark.slow
def test_moved_files_keep_their_identities_when_thousands_move(tmp_path):
    """Recognising moved files looks each one up, never scans every vanished record."""
    content = tmp_path / "content"
    write_articles(content, 400)
    files = list(scan_content(content).articles)
    first = [o.article for o in parallel.read_many(files, content, ZONE, workers=1) if o.article]
    identities, state, _ = assign_identities(first, State(), "https://x.example/", NOW)
    moved_root = tmp_path / "moved"
    (content).rename(moved_root)
    moved_content = tmp_path / "content2"
    (moved_content).mkdir()
    (moved_root).rename(moved_content / "archive")
    files2 = list(scan_content(moved_content).articles)
    second = [o.article for o in parallel.read_many(files2, moved_content, ZONE, workers=1)
              if o.article]
    again, new_state, said = assign_identities(second, state, "https://x.example/", NOW)
    old_ids = sorted(i.id for i in identities.values())
    assert sorted(i.id for i in again.values()) == old_ids
    assert sum("renamed or moved" in d.message for d in said) == len(second)
    assert not [r for r in new_state.records if r.removed]


def page_dirs(public: Path) -> list[Path]:
    """The folders of the bulk articles' pages, sorted."""
    return sorted(p.parent for p in (public / "bulk").rglob("index.html"))


@pytest.mark.slow
def test_workers_are_sent_the_pages_of_their_range_only(many, monkeypatch):
    """A worker is sent the jobs of the range it stages (reading them from
    the heap it inherits would copy it), never every job or every entry of
    a listing."""
    sent: list[list[object]] = []
    jobs = parallel._sent_jobs

    def recording(all_jobs):
        give = jobs(all_jobs)

        def part(start, stop):
            sent.append(give(start, stop))
            return sent[-1]
        return part
    monkeypatch.setattr(parallel, "_sent_jobs", recording)
    monkeypatch.setattr(parallel, "default_workers", lambda: 2)
    monkeypatch.setattr(parallel, "MIN_FILES_PER_WORKER", 1)
    report = build(many, BuildOptions(now=NOW))
    assert report.articles == 18 + 150 + 1
    assert len(page_dirs(many / "public")) == 150 + 1  # and control.md
    pages = many / "public"
    assert not list(pages.rglob("*.newswire-tmp"))
    assert b"Body of <strong>7</strong>" in b"".join(
        (d / "index.html").read_bytes() for d in page_dirs(pages))
    assert 0 < max(len(part) for part in sent) <= parallel._CHUNK
    article_pages = [j for part in sent for j in part if isinstance(j, parallel.PageJob)]
    assert len(article_pages) == 18 + 150 + 1
    # listing pages are made in the main process from rows rendered once
    # (newswire.listrows): none is sent to a worker
    assert not [j for part in sent for j in part if isinstance(j, parallel.ListingJob)]
    assert len(list((pages / "page").rglob("index.html"))) >= 2  # and they are published


@pytest.mark.slow
def test_a_page_a_worker_cannot_write_leaves_every_file_as_it_was(many, monkeypatch):
    from newswire.errors import OutputError

    monkeypatch.setattr(parallel, "default_workers", lambda: 2)
    monkeypatch.setattr(parallel, "MIN_FILES_PER_WORKER", 1)
    build(many, BuildOptions(now=NOW))
    public = many / "public"
    blocked = page_dirs(public)[60]
    for page in (many / "content" / "bulk").rglob("m*.md"):  # every page changes
        page.write_text(page.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    import shutil
    shutil.rmtree(blocked)
    blocked.write_text("a file where the page's folder was")
    before = tree(public)
    with pytest.raises(OutputError, match="cannot write") as caught:
        build(many, BuildOptions(now=NOW))
    assert str(blocked) in str(caught.value.diagnostic())
    assert not list(public.rglob("*.newswire-tmp"))  # none left by any worker
    assert tree(public) == before


@pytest.mark.slow
def test_workers_hash_new_files_for_the_cache(many, monkeypatch):
    """A file new to the cache is hashed by the worker that reads it; the
    digest recorded is the one the cache checks files against."""
    import sqlite3

    from newswire import cache
    from newswire.cache import file_digest

    hashed_here: list[Path] = []
    original, original_pair = cache.file_digest, parallel.digest_and_bytes

    def spy(path):
        hashed_here.append(path)
        return original(path)

    def spy_pair(path):
        hashed_here.append(path)
        return original_pair(path)
    monkeypatch.setattr(parallel, "default_workers", lambda: 2)
    monkeypatch.setattr(parallel, "MIN_FILES_PER_WORKER", 1)
    monkeypatch.setattr(parallel, "digest_and_bytes", spy_pair)
    monkeypatch.setattr(cache, "file_digest", spy)
    report = build(many, BuildOptions(now=NOW))
    assert report.parsed == 18 + 150 + 2
    assert hashed_here == []  # every one in a worker, none in this process
    with sqlite3.connect(many / ".newswire" / "derived.sqlite") as conn:
        rows = dict(conn.execute("SELECT CAST(source AS TEXT), digest FROM articles"))
    conn.close()
    content = many / "content"
    assert len(rows) == 18 + 150 + 1  # not broken.md
    assert all(rows[source] == file_digest(content / source) for source in rows)
    (content / "bulk" / "late.md").write_text("---\ntitle: Late\ndate: 2019-05-01\n---\nx\n",
                                             encoding="utf-8")
    again = build(many, BuildOptions(now=NOW))
    assert again.parsed == 2  # the new file and broken.md; the others come from the cache
    assert again.articles == report.articles + 1



@pytest.mark.slow
def test_a_listing_page_that_cannot_be_written_while_workers_render_leaves_every_file(
        many, monkeypatch):
    """Listing pages are made in this process while the workers render the
    article pages; one that cannot be written stops the build only once
    every page the workers wrote is recorded, so none is left behind."""
    from newswire import build as build_module
    from newswire.errors import OutputError

    monkeypatch.setattr(parallel, "default_workers", lambda: 2)
    monkeypatch.setattr(parallel, "MIN_FILES_PER_WORKER", 1)
    build(many, BuildOptions(now=NOW))
    public = many / "public"
    for page in (many / "content" / "bulk").rglob("m*.md"):  # every page changes
        page.write_text(page.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    blocked = public / "page" / "3"
    import shutil
    shutil.rmtree(blocked)
    blocked.write_text("a file where the listing page's folder was")
    before = tree(public)
    steps: list[bool] = []  # what each step of this process's listing work gave
    step = build_module._Meanwhile.step

    def recording(self):
        steps.append(step(self))
        return steps[-1]
    monkeypatch.setattr(build_module._Meanwhile, "step", recording)
    with pytest.raises(OutputError, match="cannot write") as caught:
        build(many, BuildOptions(now=NOW))
    assert str(blocked) in str(caught.value.diagnostic())
    assert steps  # the listing work was done in steps while the workers rendered
    assert not list(public.rglob("*.newswire-tmp"))  # none left by this process or a worker
    assert tree(public) == before
    blocked.unlink()
    build(many, BuildOptions(now=NOW))
    assert b"More." in b"".join((d / "index.html").read_bytes() for d in page_dirs(public))
    assert (public / "page" / "3" / "index.html").is_file()
