"""No error removes a published file (README "Building by cron"; README "Bad input").

An article whose values would make a feed document invalid is reported
against its own file and left out, and the feeds are published without it;
a feed document that still fails validation keeps the version published
before; an article or a folder that cannot be read keeps its published
page and its ledger record until it can be read again.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest

from newswire import build as build_module
from newswire import feedstage
from newswire.config import SiteConfig
from newswire.feeds.checks import article_problems
from newswire.model import Article, Author
from newswire.validate import Finding

from ..conftest import forget_last_build
from .helpers import BASE_URL, NOW, check_feed, feed_files, make_site, run_build, write

GOOD = {
    "good/first.md": "---\ntitle: First good story\ndate: 2019-04-20\n---\nAll is well.\n",
    "good/second.md": "---\ntitle: Second good story\ndate: 2019-04-21\n---\nStill well.\n",
}
FEEDS = ("feeds/main/rss.xml", "feeds/main/atom.xml", "feeds/main/feed.json")


def manifest_of(site: Path) -> dict[str, tuple[str, int, int]]:
    """What the database records as published: path → (sha256, size, mtime)."""
    import sqlite3
    conn = sqlite3.connect(site / ".newswire/derived.sqlite")
    try:
        return {p.decode(): (d, n, m) for p, d, n, m in
                conn.execute("SELECT path, sha256, size, mtime_ns FROM manifest")}
    finally:
        conn.close()


def bad_image(value: str) -> str:
    return f'---\ntitle: Bad image\ndate: 2019-04-22\nimage: "{value}"\n---\nBody.\n'


def titles(site: Path) -> dict[str, list[str]]:
    """The item titles of each main feed document, parsed."""
    found = {}
    for name in FEEDS:
        data = (site / "public" / name).read_bytes()
        if name.endswith(".json"):
            found[name] = [i["title"] for i in json.loads(data)["items"]]
        else:
            found[name] = [e.title for e in feedparser.parse(data).entries]
    return found


def ledger(site: Path) -> dict[str, dict]:
    records = json.loads((site / ".newswire/state.json").read_text("utf-8"))["articles"]
    return {r["source"]: r for r in records}


@pytest.mark.parametrize(("value", "says"), [
    ("http://", "must be an absolute http(s) URL with a host name, got 'http://'"),
    ("https://", "must be an absolute http(s) URL with a host name"),
    ("https://[::1/x.png", "is not a valid URL (Invalid IPv6 URL)"),
    ("https://[example.org]/x.png", "does not appear to be an IPv4 or IPv6 address"),
    # Python 3.11.4+ refuses these itself; newswire checks them on any version
    ("https://[192.0.2.1]/x.png", ("An IPv4 address cannot be in brackets",
                                   "which is not an IPv6 address")),
    ("https://exa]mple.org/x.png", ("Invalid IPv6 URL", "outside an IPv6 address")),
    ("https://example.org:99999/x.png", "is not a valid URL (Port out of range"),
    ("//", "must be an absolute http(s) URL with a host name"),
    ("data:image/png;base64,AAAA", "is neither an http(s) URL nor a path"),
    ("javascript:alert(1)", "is neither an http(s) URL nor a path"),
    ("ftp://example.org/x.png", "is neither an http(s) URL nor a path"),
])
def test_a_bad_image_is_reported_and_the_feeds_are_published_without_it(tmp_path, value, says):
    site = make_site(tmp_path / "site", GOOD)
    assert run_build(site).exit_code == 0
    write(site / "content/bad.md", bad_image(value))
    result = run_build(site)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{site}/content/bad.md:4: error: image: " + result.stderr.split(": error: image: ")[1]
        .splitlines()[0])
    assert any(words in result.stderr for words in ((says,) if isinstance(says, str) else says))
    assert "Traceback" not in result.output
    for name, data in feed_files(site).items():
        check_feed(name, data)
    assert titles(site) == {name: ["Second good story", "First good story"] for name in FEEDS}
    assert not (site / "public/bad").exists()


@pytest.mark.parametrize("value", ["https://[::1]/x.png", "https://[2001:db8::7]:8443/a b.png",
                                   "//cdn.example.org/x.png", "pics/[1].png"])
def test_good_image_values_are_published(tmp_path, value):
    site = make_site(tmp_path / "site", {**GOOD, "ok.md": bad_image(value)})
    result = run_build(site)
    assert ": error: " not in result.stderr, result.stderr
    items = json.loads((site / "public/feeds/main/feed.json").read_bytes())["items"]
    image = next(i for i in items if i["title"] == "Bad image").get("image")
    assert image is None or image.startswith(("https://", "http://"))
    if value.startswith("https://[2001"):
        assert image == "https://[2001:db8::7]:8443/a%20b.png"


def test_a_sidecar_value_is_reported_against_the_sidecar(tmp_path):
    site = make_site(tmp_path / "site", {**GOOD, "wire.txt": "Wire story\n\nBody text.\n",
                                         "wire.toml": 'tags = ["a"]\nimage = "http://"\n'})
    result = run_build(site)
    assert result.exit_code == 1
    assert f"{site}/content/wire.toml:2: error: image: must be an absolute http(s) URL" \
        in result.stderr
    assert titles(site)["feeds/main/rss.xml"] == ["Second good story", "First good story"]


def test_a_bad_default_image_is_a_configuration_error(tmp_path):
    site = make_site(tmp_path / "site", GOOD)
    with (site / "feeds/site.toml").open("a") as f:
        f.write('default_image = "https://[::1/x.png"\n')
    result = run_build(site)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{site}/feeds/site.toml:4: error: default_image: ")
    assert "Traceback" not in result.output and not (site / "public").exists()


def test_article_values_are_checked_before_any_document():
    site = SiteConfig(base_url=BASE_URL)
    good = Article(source="a.md", title="A", body_html="", image="pics/a.png",
                   url="https://example.org/a", authors=(Author("A", "a@example.org",
                                                               "https://example.org/"),))
    assert article_problems(good, site) == []
    bad = Article(source="a.md", title=" ", body_html="", image="http://", url="http://",
                  id="not a uri", authors=(Author("A", "nobody", "no uri"),))
    assert [p.split(":")[0] for p in article_problems(bad, site)] == [
        "title", "id", "url", "image", "author", "author"]


def test_an_item_that_makes_a_document_invalid_is_left_out_of_it(tmp_path, monkeypatch):
    """Behind the readers and the value checks: an item whose document fails
    validation is found by rendering it alone, reported against its article
    and left out; the document is published without it."""
    site = make_site(tmp_path / "site", GOOD)
    assert run_build(site).exit_code == 0
    monkeypatch.setattr("newswire.fieldreader.check_url_reference", lambda value: value)
    monkeypatch.setattr(build_module, "article_problems", lambda article, site: [])
    write(site / "content/bad.md", bad_image("http://"))
    result = run_build(site)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors == [
        f"{site}/content/bad.md: error: left out of public/{name}: its item would make the "
        f"feed invalid ({code}: {message}); fix the value in the article"
        for name, code, message in [
            ("feeds/main/rss.xml", "RSS-URL", "<enclosure> url 'http://' is not an absolute "
             "http(s) URL; write it in full, e.g. https://example.com/..."),
            ("feeds/main/feed.json", "JSON-URL", "image 'http://' is not an absolute http(s) "
             "URL; write it in full")]]
    for name, data in feed_files(site).items():
        check_feed(name, data)
    found = titles(site)
    assert found["feeds/main/rss.xml"] == found["feeds/main/feed.json"] == [
        "Second good story", "First good story"]
    # Atom writes the image as a link, which the document accepts
    assert found["feeds/main/atom.xml"] == ["Bad image", "Second good story", "First good story"]


def test_a_document_that_fails_validation_keeps_its_previous_version(tmp_path, monkeypatch):
    site = make_site(tmp_path / "site", GOOD)
    assert run_build(site).exit_code == 0
    before = {name: (site / "public" / name).read_bytes() for name in FEEDS}
    manifest = manifest_of(site)
    real = feedstage.validate_bytes

    def failing(data, path, fmt, *more, **options):
        found = real(data, path, fmt, *more, **options)
        if fmt == "rss":
            found.append(Finding(path, 1, "error", "RSS-TEST", "refused by the test"))
        return found
    monkeypatch.setattr(feedstage, "validate_bytes", failing)
    write(site / "content/third.md", "---\ntitle: Third\ndate: 2019-04-23\n---\nx\n")
    result = run_build(site)
    assert result.exit_code == 1
    assert f"public/feeds/main/rss.xml:1: error: RSS-TEST: refused by the test; not " \
        "published, the previous version stays" in result.stderr
    assert (site / "public/feeds/main/rss.xml").read_bytes() == before["feeds/main/rss.xml"]
    assert titles(site)["feeds/main/feed.json"][0] == "Third"
    after = manifest_of(site)
    assert after["feeds/main/rss.xml"] == manifest["feeds/main/rss.xml"]
    monkeypatch.undo()
    forget_last_build(site)  # same inputs: the last build's report would be repeated
    assert run_build(site).exit_code == 0
    assert titles(site)["feeds/main/rss.xml"][0] == "Third"


def test_a_published_article_with_a_new_error_keeps_its_page(tmp_path):
    site = make_site(tmp_path / "site", GOOD)
    assert run_build(site).exit_code == 0
    page = site / "public/good/first/index.html"
    published, record = page.read_bytes(), ledger(site)["good/first.md"]
    write(site / "content/good/first.md", "---\ntitle: [broken\n---\nAll is well.\n")
    result = run_build(site)
    assert result.exit_code == 1
    assert f"{site}/content/good/first.md:2: error:" in result.stderr
    assert page.read_bytes() == published
    assert ledger(site)["good/first.md"] == record
    assert "no longer published" not in result.stdout
    assert titles(site)["feeds/main/atom.xml"] == ["Second good story"]
    write(site / "content/good/first.md", GOOD["good/first.md"])
    assert run_build(site).exit_code == 0
    assert page.read_bytes() == published
    assert ledger(site)["good/first.md"] == record


def _unreadable(monkeypatch, folder: Path) -> None:
    """Make listing ``folder`` fail as it does without permission (root
    reads every folder, so the error is injected)."""
    real = os.scandir

    def scandir(path=None):
        # the folder by its path, or by an open descriptor of it
        same = path is not None and (os.path.samestat(os.fstat(path), os.stat(folder))
                                     if isinstance(path, int)
                                     else os.fspath(path) == os.fspath(folder))
        if same:
            raise PermissionError(13, "Permission denied", os.fspath(folder))
        return real(path) if path is not None else real()
    monkeypatch.setattr(os, "scandir", scandir)


def test_a_folder_that_cannot_be_listed_keeps_what_was_published(tmp_path, monkeypatch):
    site = make_site(tmp_path / "site", {
        **GOOD, "world/away.md": "---\ntitle: Away\ndate: 2019-04-19\n---\nFar.\n",
        "world/photo.png": b"\x89PNG\r\n\x1a\nnot really"})
    assert run_build(site).exit_code == 0
    public = site / "public"
    kept = {p: (public / p).read_bytes() for p in ("world/away/index.html", "world/photo.png")}
    record = ledger(site)["world/away.md"]
    _unreadable(monkeypatch, site / "content/world")
    result = run_build(site)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{site}/content/world: error: cannot list this folder (Permission denied); what "
        "was published from it stays as it is until it can be read: fix its permissions")
    assert {p: (public / p).read_bytes() for p in kept} == kept
    assert ledger(site)["world/away.md"] == record
    manifest = manifest_of(site)
    assert set(kept) <= set(manifest)
    monkeypatch.undo()
    result = run_build(site)
    assert result.exit_code == 0, result.output
    assert ledger(site)["world/away.md"] == record
    assert titles(site)["feeds/main/rss.xml"] == ["Second good story", "First good story",
                                                  "Away"]


def test_an_unlistable_content_folder_stops_the_build(tmp_path, monkeypatch):
    site = make_site(tmp_path / "site", GOOD)
    assert run_build(site).exit_code == 0
    before = {p: p.read_bytes() for p in (site / "public").rglob("*") if p.is_file()}
    _unreadable(monkeypatch, site / "content")
    result = run_build(site)
    assert result.exit_code == 1
    assert "cannot list content/; nothing was built or removed" in result.stderr
    assert {p: p.read_bytes() for p in (site / "public").rglob("*") if p.is_file()} == before


def test_an_article_that_cannot_be_read_keeps_its_page(tmp_path, monkeypatch):
    site = make_site(tmp_path / "site", GOOD)
    assert run_build(site).exit_code == 0
    page = site / "public/good/first/index.html"
    published = page.read_bytes()
    target = site / "content/good/first.md"
    real = os.open

    def opening(path, flags, *more, **options):  # articles are read through os.open
        if Path(path) == target:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, flags, *more, **options)
    os.utime(target)  # saved again: a real build, which cannot read it
    monkeypatch.setattr(os, "open", opening)
    forget_last_build(site)  # the inputs did not change: read them again
    result = run_build(site)
    assert result.exit_code == 1
    assert f"{target}: error: cannot read: Permission denied" in result.stderr
    assert page.read_bytes() == published
    assert not ledger(site)["good/first.md"].get("removed")
    assert "First good story" not in titles(site)["feeds/main/atom.xml"]
    # the next run, the file readable again (a passing I/O error: nothing
    # a stat shows), reads it and puts it back in the feeds
    monkeypatch.undo()
    result = run_build(site)
    assert result.exit_code == 0, result.output
    assert "First good story" in titles(site)["feeds/main/atom.xml"]


def _without_file_permission_override() -> list[str] | None:
    """A command prefix running a process as root but bound by file
    permissions (``setpriv`` dropping CAP_DAC_OVERRIDE), or None."""
    setpriv = shutil.which("setpriv")
    if os.geteuid() != 0 or setpriv is None:
        return None
    prefix = [setpriv, "--bounding-set", "-dac_override,-dac_read_search"]
    probe = subprocess.run([*prefix, "true"], capture_output=True)
    return prefix if probe.returncode == 0 else None


@pytest.mark.skipif(sys.platform != "linux", reason="file permissions as on Linux")
def test_a_folder_without_permission_is_reported_by_a_real_build(tmp_path):
    prefix = _without_file_permission_override()
    if prefix is None and os.geteuid() == 0:
        pytest.skip("running as root without setpriv: permissions cannot be tested")
    site = make_site(tmp_path / "site", {
        **GOOD, "world/away.md": "---\ntitle: Away\ndate: 2019-04-19\n---\nFar.\n"})
    command = [*(prefix or []), sys.executable, "-m", "newswire", "--site", str(site),
               "build", "--now", NOW]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    assert subprocess.run(command, capture_output=True, env=env).returncode == 0
    page = site / "public/world/away/index.html"
    published = page.read_bytes()
    (site / "content/world").chmod(0)
    try:
        done = subprocess.run(command, capture_output=True, text=True, env=env)
    finally:
        (site / "content/world").chmod(0o755)
    assert done.returncode == 1
    assert f"{site}/content/world: error: cannot list this folder (Permission denied)" \
        in done.stderr
    assert page.read_bytes() == published


@pytest.mark.parametrize(("line", "says"), [
    ('author: "Jo <jo@localhost>"', "author: 'jo@localhost' is not an e-mail address feeds "
     "can carry"),
    ('author: {name: Jo, uri: "https://[::1"}', "author: author uri: 'https://[::1' is not a "
     "valid URL"),
    ('url: "https://[::1/story"', "url: 'https://[::1/story' is not a valid URL"),
])
def test_other_values_reaching_a_feed_are_checked_where_read(tmp_path, line, says):
    site = make_site(tmp_path / "site", {
        **GOOD, "bad.md": f"---\ntitle: Bad value\ndate: 2019-04-22\n{line}\n---\nBody.\n"})
    result = run_build(site)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{site}/content/bad.md:4: error: {says}")
    assert titles(site) == {name: ["Second good story", "First good story"] for name in FEEDS}


def test_a_first_document_that_fails_validation_is_not_published(tmp_path, monkeypatch):
    site = make_site(tmp_path / "site", GOOD)
    real = feedstage.validate_bytes

    def failing(data, path, fmt, *more, **options):
        found = real(data, path, fmt, *more, **options)
        if fmt == "json":
            found.append(Finding(path, 1, "error", "JSON-TEST", "refused by the test"))
        return found
    monkeypatch.setattr(feedstage, "validate_bytes", failing)
    result = run_build(site)
    assert result.exit_code == 1
    assert "public/feeds/main/feed.json:1: error: JSON-TEST: refused by the test; not " \
        "published, and no earlier version exists" in result.stderr
    assert not (site / "public/feeds/main/feed.json").exists()
    assert (site / "public/feeds/main/rss.xml").is_file()


def test_a_folder_replaced_by_a_link_keeps_what_was_published(tmp_path):
    """A folder moved elsewhere and linked back (links to folders are not
    followed) is an error, and like a folder that cannot be listed, keeps
    its published pages, files and ledger records until it is fixed."""
    site = make_site(tmp_path / "site", {
        **GOOD, "world/away.md": "---\ntitle: Away\ndate: 2019-04-19\n---\nFar.\n",
        "world/photo.png": b"\x89PNG\r\n\x1a\nnot really"})
    assert run_build(site).exit_code == 0
    public = site / "public"
    kept = {p: (public / p).read_bytes() for p in ("world/away/index.html", "world/photo.png")}
    record = ledger(site)["world/away.md"]
    shutil.move(site / "content/world", tmp_path / "archive")
    (site / "content/world").symlink_to(tmp_path / "archive")
    result = run_build(site)
    assert result.exit_code == 1
    assert f"{site}/content/world: error: symbolic link to a folder is not followed" \
        in result.stderr
    assert "no longer published" not in result.stdout
    assert {p: (public / p).read_bytes() for p in kept} == kept
    assert ledger(site)["world/away.md"] == record
    assert set(kept) <= set(manifest_of(site))
    (site / "content/world").unlink()
    shutil.move(tmp_path / "archive", site / "content/world")
    assert run_build(site).exit_code == 0
    assert ledger(site)["world/away.md"] == record
    assert "Away" in titles(site)["feeds/main/rss.xml"]


@pytest.mark.parametrize("target", ["outside", "nowhere"])
def test_an_article_replaced_by_a_refused_link_keeps_its_page(tmp_path, target):
    """An article file replaced by a symbolic link leaving content/ (or
    leading nowhere) is refused, and keeps its published page and record."""
    site = make_site(tmp_path / "site", GOOD)
    assert run_build(site).exit_code == 0
    page = site / "public/good/first/index.html"
    published, record = page.read_bytes(), ledger(site)["good/first.md"]
    outside = tmp_path / "first.md"
    if target == "outside":
        shutil.move(site / "content/good/first.md", outside)
    else:
        (site / "content/good/first.md").unlink()
    (site / "content/good/first.md").symlink_to(outside)
    result = run_build(site)
    assert result.exit_code == 1
    assert f"{site}/content/good/first.md: error: symbolic link points outside" \
        in result.stderr
    assert "no longer published" not in result.stdout
    assert page.read_bytes() == published
    assert ledger(site)["good/first.md"] == record
    assert titles(site)["feeds/main/atom.xml"] == ["Second good story"]


def test_an_asset_replaced_by_a_refused_link_stays_published(tmp_path):
    site = make_site(tmp_path / "site", {**GOOD, "good/photo.png": b"\x89PNG\r\n\x1a\nnot"})
    assert run_build(site).exit_code == 0
    photo = site / "public/good/photo.png"
    published = photo.read_bytes()
    (site / "content/good/photo.png").unlink()
    (site / "content/good/photo.png").symlink_to(tmp_path / "elsewhere.png")
    result = run_build(site)
    assert result.exit_code == 1
    assert f"{site}/content/good/photo.png: error: symbolic link points outside" \
        in result.stderr
    assert photo.read_bytes() == published
    assert "good/photo.png" in manifest_of(site)
