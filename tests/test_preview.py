"""``newswire serve``: a preview built into .newswire/preview/ for the local
address, rebuilt on changes, never touching public/ or the identity ledger."""

from __future__ import annotations

import hashlib
import http.client
import os
import re
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner
from lxml import html

from newswire.run import BuildOptions, build
from newswire.cli import main, preview_line, public_line
from newswire.preview import Preview

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=timezone.utc)
LOCAL = "http://127.0.0.1:8765/"


def fingerprint(root: Path) -> dict[str, tuple[str, int]]:
    """Digest and mtime of every file of public/ and of the ledger."""
    files = [p for p in (root / "public").rglob("*") if p.is_file()]
    files.append(root / ".newswire/state.json")
    return {str(p): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in files}


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A site made by ``newswire init`` (its sample dated an hour before NOW)
    and published once."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(NOW.timestamp()) - 3600))
    root = tmp_path / "wire"
    result = CliRunner().invoke(main, ["init", str(root), "--base-url",
                                       "https://wire.example.org/"])
    assert result.exit_code == 0, result.output
    assert not build(root, BuildOptions(now=NOW)).errors
    return root


def story(root: Path, name: str, title: str) -> None:
    (root / "content" / name).write_text(
        f"---\ntitle: {title}\ndate: 2026-04-30T09:00:00Z\n---\n\nText.\n", "utf-8")


def test_preview_uses_the_local_address_and_its_own_folders(site):
    before = fingerprint(site)
    preview = Preview(site, LOCAL)
    preview.start()
    report = preview.build(BuildOptions(now=NOW))
    assert not report.errors
    out = site / ".newswire/preview/public"
    index = html.fromstring((out / "index.html").read_bytes())
    hrefs = index.xpath("//a/@href | //link/@href")
    assert hrefs and all(h.startswith(LOCAL) for h in hrefs if h.startswith("http")), hrefs
    assert index.xpath("//link[@rel='stylesheet']/@href") == [LOCAL + "style.css"]
    rss = feedparser.parse((out / "feeds/main/rss.xml").read_bytes())
    assert rss.entries[0].link == LOCAL + "welcome/"
    # the same permanent ids as the published site
    published = feedparser.parse((site / "public/feeds/main/rss.xml").read_bytes())
    assert [e.id for e in rss.entries] == [e.id for e in published.entries]

    story(site, "second.md", "Second story")
    (site / "content/welcome.md").write_text(
        (site / "content/welcome.md").read_text("utf-8") + "\nMore.\n", "utf-8")
    assert not preview.build(BuildOptions(now=NOW)).errors
    assert (out / "second/index.html").is_file()
    assert fingerprint(site) == before  # public/ and the ledger: same bytes, same mtimes
    assert not (site / "public/second").exists()
    assert (site / ".newswire/preview/state/state.json").read_bytes() != \
        (site / ".newswire/state.json").read_bytes()


def get(url: str, headers: dict[str, str] | None = None
        ) -> tuple[int, http.client.HTTPMessage, bytes]:
    match = re.match(r"http://127\.0\.0\.1:(\d+)(/.*)", url)
    assert match, url
    conn = http.client.HTTPConnection("127.0.0.1", int(match.group(1)), timeout=10)
    try:
        conn.request("GET", match.group(2), headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def test_serve_rebuilds_when_content_changes(site):
    before = fingerprint(site)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    # 'timeout': the server stops by itself whatever happens to this test
    process = subprocess.Popen(
        ["timeout", "120", sys.executable, "-m", "newswire", "--site", str(site), "serve",
         "--port", "0", "--now", "2026-05-01T12:00:00Z"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stderr is not None
        url = None
        for line in process.stderr:
            match = re.search(r"at (http://127\.0\.0\.1:\d+/) \(rebuilt", line)
            if match:
                url = match.group(1)
                break
        assert url, "newswire serve did not start"
        status, headers, body = get(url)
        assert status == 200 and f'href="{url}style.css"'.encode() in body
        status, headers, _ = get(url + "feeds/main/rss.xml")
        assert headers["Content-Type"] == "application/rss+xml; charset=utf-8"
        assert f'<{url}feeds/main/rss.xml>; rel="self"' in headers.get_all("Link")
        assert get(url + "feeds/main/rss.xml", {"If-None-Match": headers["ETag"]})[0] == 304

        for attempt in range(300):  # the watcher sees the file and the preview is rebuilt
            if attempt % 20 == 0:  # again, in case the watcher was not watching yet
                story(site, "breaking.md", "Breaking story")
            status, headers2, feed = get(url + "feeds/main/rss.xml",
                                         {"If-None-Match": headers["ETag"]})
            if status == 200:
                break
            time.sleep(0.1)
        else:
            pytest.fail("the preview was not rebuilt")
        assert headers2["ETag"] != headers["ETag"]
        assert url + "breaking/" in [e.link for e in feedparser.parse(feed).entries]
        status, _, body = get(url + "breaking/")
        assert status == 200 and b"Breaking story" in body
    finally:
        process.terminate()
        process.communicate(timeout=10)
    assert fingerprint(site) == before
    assert not (site / "public/breaking").exists()


def test_a_broken_setting_keeps_the_last_preview(site):
    from newswire.errors import ConfigError

    preview = Preview(site, LOCAL)
    preview.start()
    assert not preview.build(BuildOptions(now=NOW)).errors
    out = site / ".newswire/preview/public"
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (site / "feeds/main.toml").write_text('title = "All"\nmax_items = "many"\n', "utf-8")
    with pytest.raises(ConfigError, match="max_items"):
        preview.build(BuildOptions(now=NOW))
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_serve_public_needs_a_build_first(tmp_path):
    root = tmp_path / "fresh"
    assert CliRunner().invoke(main, ["init", str(root)]).exit_code == 0
    result = CliRunner().invoke(main, ["--site", str(root), "serve", "--public"])
    assert result.exit_code == 1 and "run 'newswire build' first" in result.output
    assert CliRunner().invoke(main, ["--site", str(root), "serve", "--now", "soon"]).exit_code == 2


@pytest.mark.parametrize(("changes", "line"), [
    (0, "preview built: 1 feed updated, 0 errors"),
    (1, "1 change seen: preview rebuilt: 1 feed updated, 0 errors"),
    (2, "2 changes seen: preview rebuilt: 1 feed updated, 0 errors")])
def test_preview_line_counts_changes_in_words(changes, line):
    assert preview_line(changes, "1 feed updated, 0 errors") == line


def test_serve_public_says_its_links_lead_to_the_base_url():
    assert public_line("public", "http://127.0.0.1:8000/", "https://news.example.org/") == (
        "Serving public at http://127.0.0.1:8000/: its links lead to "
        "https://news.example.org/, the address it was built for; 'newswire serve' without "
        "--public previews with local links (Ctrl-C to stop)")
