"""Hostile input: nothing hangs, crashes, leaks or forges output (README "Bad input").

Each test is one input reported to hang, crash or leak, with the outcome a
user must see: the file named in a ``path:line: error:`` message, the other
articles published, and no traceback (the builds run through the command
line with ``catch_exceptions=False``, so a traceback fails the test).
"""

from __future__ import annotations

import json
import os
import socket
import struct
import threading
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner

from newswire.cli import main
from newswire.errors import Diagnostic, printable
from newswire.identity import State
from newswire.readers.nesting import MAX_DEPTH, limit_nesting
from newswire.safeio import MAX_BODY_CHARS, load_json
from newswire.serve import HOST, PreviewServer
from newswire.validate import validate_bytes, validate_paths
from newswire.validate.finding import finding
from newswire.state.legacy import import_legacy
from newswire.state.store import Store
from newswire.state.values import article_from_bytes

from .helpers import alarm, diagnostics, json_items, make_site, run_build, write

GOOD = "---\ntitle: Good story\ndate: 2019-04-25\n---\nAll is well.\n"


def _validate(*paths: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["validate", "--quiet", *map(str, paths)],
                                catch_exceptions=False)
    return result.exit_code, result.stdout.splitlines()


def _published_titles(site: Path) -> list[str]:
    return sorted(item["title"] for item in json_items(site))


def _public_bytes(site: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted((site / "public").rglob("*")) if p.is_file())


# -- 6. regular expressions: the reported inputs, end to end -----------------

def test_validate_finishes_at_once_on_a_comment_then_spaces(tmp_path: Path) -> None:
    feed = write(tmp_path / "feed.xml", b"<!---->" + b" " * 40 + b"x")  # 48 bytes: took 30 s
    rss = write(tmp_path / "rss.xml", b"<!-- c -->" + b" " * 30_000 + b'<rss version="2.0"/>')
    with alarm(20):
        status, lines = _validate(feed, rss)
    assert status == 1
    assert lines[0] == (f"{feed}: error: FEED-UNKNOWN: this is not an RSS 2.0, Atom 1.0, "
                        "JSON Feed 1.1 or OPML 2.0 document")
    assert lines[1].startswith(f"{rss}:1: error: RSS-REQUIRED: ")  # sniffed as RSS


def test_markdown_heading_full_of_spaces_is_read_at_once(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {
        "spaces.md": "# a" + " " * 3000 + "x\n\nBody.\n", "good.md": GOOD})
    with alarm(20):
        result = run_build(site)
    assert result.exit_code == 0, result.output
    assert _published_titles(site) == ["Good story", "a x"]


# -- 7. nesting --------------------------------------------------------------

def test_100000_nested_divs_are_flattened_with_a_warning(tmp_path: Path) -> None:
    body = "<div>" * 100_000 + "deep text"  # end tags left to the parser: 500 KB
    site = make_site(tmp_path / "site", {
        "deep.md": f"---\ntitle: Deep\ndate: 2019-04-25\n---\n{body}\n", "good.md": GOOD})
    with alarm(60):
        result = run_build(site)
    assert result.exit_code == 0, result.output
    assert [line for line in diagnostics(result) if "deep.md" in line] == [
        f"{site / 'content' / 'deep.md'}:5: warning: the body's HTML nests more than "
        f"{MAX_DEPTH} elements deep; the {100_000 - MAX_DEPTH} tag(s) below that depth "
        "were removed and their text kept: simplify the markup"]
    items = {item["title"]: item for item in json_items(site)}
    content = items["Deep"]["content_html"]
    tree = lxml.html.fragment_fromstring(content, create_parent="div")
    assert tree.text_content().strip() == "deep text"
    assert max(len(list(e.iterancestors())) for e in tree.iter()) == MAX_DEPTH
    assert "Good story" in items


def test_nesting_within_the_limit_is_left_exactly_as_it_is() -> None:
    fragment = "<p>a<p>b<ul><li>x<li>y<br>z</ul>" * 300 + "<div>" * 99 + "t" + "</div>" * 99
    assert limit_nesting(fragment) == (fragment, 0)


def test_tags_deeper_than_the_limit_go_with_their_end_tags() -> None:
    fragment = "<b>" * 3 + "<i>x</i>" + "</b>" * 3 + "<em>after</em>"
    assert limit_nesting(fragment, 2) == ("<b><b>x</b></b><em>after</em>", 2)


# -- 8. sizes ----------------------------------------------------------------

def test_a_26_mb_text_article_is_refused_and_the_others_published(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {
        "big.txt": "Big\n\n" + "&&&&&&&&& " * 260_000, "good.md": GOOD})
    result = run_build(site)
    assert result.exit_code == 1
    assert f"{site / 'content' / 'big.txt'}: error: the file is 2.48 MiB; articles over 1 MiB " \
           "are refused unread (is it really one?): make it smaller or split it, or move it " \
           "out of content/" in diagnostics(result)
    assert _published_titles(site) == ["Good story"]


def test_a_2_mb_markdown_table_is_refused_at_once(tmp_path: Path) -> None:
    table = "| a | b | c |\n|---|---|---|\n" + "| xx | yy | zz |\n" * 125_000
    site = make_site(tmp_path / "site", {
        "table.md": f"---\ntitle: Table\n---\n{table}", "good.md": GOOD})
    with alarm(20):
        result = run_build(site)
    assert result.exit_code == 1
    assert f"{site / 'content' / 'table.md'}: error: the file is 2.03 MiB; articles over " \
           "1 MiB are refused unread (is it really one?): make it smaller or split it, or " \
           "move it out of content/" in diagnostics(result)
    assert _published_titles(site) == ["Good story"]


def test_a_body_too_large_once_rendered_is_refused(tmp_path: Path) -> None:
    # 500 KB of text, 2.5 million characters of HTML once escaped
    site = make_site(tmp_path / "site", {
        "amps.txt": "Ampersands\n\n" + "&&&& " * 100_000, "good.md": GOOD})
    result = run_build(site)
    assert result.exit_code == 1
    assert f"{site / 'content' / 'amps.txt'}:3: error: the body is 2,100,007 characters once " \
           f"rendered to HTML; bodies over {MAX_BODY_CHARS:,} are refused (feed readers " \
           "cannot show them either): split the article" in diagnostics(result)
    assert _published_titles(site) == ["Good story"]


def test_text_nodes_over_10_mb_parse_in_our_own_feeds_only() -> None:
    description = "x" * 11_000_000
    rss = (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
           f"<title>T</title><link>https://example.org/</link>"
           f"<description>{description}</description></channel></rss>").encode()
    foreign = validate_bytes(rss, "feed.xml", "rss")
    assert [(f.code, "Text node too long" in f.message) for f in foreign] == [
        ("XML-MALFORMED", True)]
    assert [f.code for f in validate_bytes(rss, "feed.xml", "rss", own=True)
            if f.code == "XML-MALFORMED"] == []


# -- 9. FIFOs, devices, sizes of feeds ----------------------------------------

def test_validate_refuses_a_fifo_a_device_and_a_huge_feed_without_reading(
        tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.xml"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.rss"
    os.symlink("/dev/zero", zero)
    huge = tmp_path / "huge.xml"
    with open(huge, "wb") as handle:  # sparse
        handle.truncate(200 * 1024 * 1024)
    with alarm(20):
        status, lines = _validate(fifo, zero, huge)
        in_folder = validate_paths([tmp_path])
    assert status == 1
    assert lines == [
        f"{fifo}: error: IO-REFUSED: is a named pipe (FIFO), not a regular file; only "
        "regular files are read: replace it with the feed itself",
        f"{zero}: error: IO-REFUSED: is a device, not a regular file; only regular files "
        "are read: replace it with the feed itself",
        f"{huge}: error: IO-REFUSED: the file is 200 MiB; feeds over 32 MiB are refused "
        "unread (is it really one?): make it smaller or split it",
    ]
    assert sorted((f.path, f.code) for f in in_folder) == sorted(
        (str(p), "IO-REFUSED") for p in (fifo, zero, huge))


def test_fifos_and_devices_in_content_are_refused_never_opened(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {"good.md": GOOD, "story.txt": "Story\n\nText.\n"})
    content = site / "content"
    os.mkfifo(content / "pipe.md")
    os.mkfifo(content / "photo.jpg")
    os.mkfifo(content / "story.toml")
    os.symlink("/dev/zero", content / "zero.md")
    with alarm(30):
        result = run_build(site)
    lines = diagnostics(result)
    assert result.exit_code == 1
    assert f"{content / 'pipe.md'}: error: is a named pipe (FIFO), not a regular file; only " \
           "regular files are read: replace it with the article itself, or move it out of " \
           "content/" in lines
    assert f"{content / 'photo.jpg'}: error: is a named pipe (FIFO), not a regular file; " \
           "only regular files are read" in lines
    assert f"{content / 'story.toml'}: error: sidecar file: is a named pipe (FIFO), not a " \
           "regular file; only regular files are read; the article is left out until it " \
           "is fixed" in lines
    assert any(line.startswith(f"{content / 'zero.md'}: error: symbolic link points outside")
               for line in lines)
    assert _published_titles(site) == ["Good story"]
    assert not (site / "public" / "photo.jpg").exists()


# -- 10. sidecars get every check articles get -------------------------------

def test_a_sidecar_linking_outside_content_is_never_read(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {"good.md": GOOD, "story.txt": "Story\n\nText.\n"})
    secret = write(tmp_path / "secret.yaml", "author: SECRET-7f3a <leak@example.org>\n")
    os.symlink(secret, site / "content" / "story.yaml")
    result = run_build(site)
    sidecar = site / "content" / "story.yaml"
    assert [line for line in diagnostics(result) if "story" in line] == [
        f"{sidecar}: error: sidecar file: symbolic link points outside content/ (or nowhere) "
        "and is not followed; copy the file into content/ instead; the article is left "
        "out until it is fixed"]
    assert _published_titles(site) == ["Good story"]
    assert b"SECRET-7f3a" not in _public_bytes(site)
    assert b"SECRET-7f3a" not in b"".join(
        p.read_bytes() for p in (site / ".newswire").rglob("*") if p.is_file())


@pytest.mark.parametrize("name, data, level, message", [
    ("big.toml", None, "error", "the file is 2 MiB; sidecar files over 1 MiB are refused unread"),
    ("bin.toml", b"\x89PNG\r\n\x1a\n" + bytes(256), "error", "binary data, not text"),
    ("ctl.toml", b'author = "A\x01B"\n', "warning", "removed 1 character(s) that XML does not "
     "allow"),
    ("bad.yaml", b"author: The bytes \x81 and \x8d mean nothing in cp1252\n", "warning",
     "2 byte(s) could not be decoded"),
])
def test_sidecars_are_checked_as_articles_are(tmp_path: Path, name: str, data: bytes | None,
                                               level: str, message: str) -> None:
    stem = name.split(".")[0]
    site = make_site(tmp_path / "site", {"good.md": GOOD, f"{stem}.txt": "Story\n\nText.\n"})
    sidecar = site / "content" / name
    if data is None:
        with open(sidecar, "wb") as handle:
            handle.truncate(2 * 1024 * 1024)
    else:
        sidecar.write_bytes(data)
    result = run_build(site)
    found = [line for line in diagnostics(result) if line.startswith(str(sidecar))]
    assert len(found) == 1 and f": {level}: {message}" in found[0], found
    titles = _published_titles(site)
    assert titles == (["Good story"] if level == "error" else ["Good story", "Story"])


# -- 11. tracebacks ----------------------------------------------------------

def test_a_file_name_that_is_not_utf8_is_an_error(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {"good.md": GOOD})
    content = os.fsencode(site / "content")
    with open(content + b"/caf\xe9.md", "wb") as handle:
        handle.write(b"---\ntitle: Cafe\ndate: 2019-04-25\n---\nText.\n")
    os.mkdir(content + b"/dossier-\xe9t\xe9")
    result = run_build(site)
    assert result.exit_code == 1
    assert [line for line in diagnostics(result) if "caf" in line or "dossier" in line] == [
        f"{site / 'content'}/dossier-\\xe9t\\xe9: error: the file name is not valid UTF-8, so "
        "it cannot become a URL; rename it (e.g. convmv -f latin1 -t utf8 --notest)",
        f"{site / 'content'}/caf\\xe9.md: error: the file name is not valid UTF-8, so it "
        "cannot become a URL; rename it (e.g. convmv -f latin1 -t utf8 --notest)"]
    assert _published_titles(site) == ["Good story"]


def test_json_nested_100000_deep_is_malformed_for_validate(tmp_path: Path) -> None:
    feed = write(tmp_path / "feed.json", '{"version": "https://jsonfeed.org/version/1.1", '
                 '"items": ' + "[" * 100_000 + "]" * 100_000 + "}")
    status, lines = _validate(feed)
    assert status == 1
    assert lines == [f"{feed}: error: JSON-MALFORMED: arrays and objects are nested too "
                     "deeply for newswire to read (the file is not valid JSON)"]


def test_xml_nested_100000_deep_is_malformed_for_validate(tmp_path: Path) -> None:
    feed = write(tmp_path / "feed.xml", b'<rss version="2.0"><channel>' + b"<x>" * 100_000
                 + b"</x>" * 100_000 + b"</channel></rss>")
    with alarm(20):
        status, lines = _validate(feed)
    assert status == 1
    (line,) = lines  # libxml2's own words vary with its version
    assert line.startswith(f"{feed}:1: error: XML-MALFORMED: Excessive depth in document: 256")


DEEP = b"[" * 100_000


def _database(site: Path, sql: str, *args: object) -> None:
    import sqlite3
    with sqlite3.connect(site / ".newswire" / "derived.sqlite") as conn:
        conn.execute(sql, args)
    conn.close()


def test_json_nested_100000_deep_in_newswire_files_is_a_damaged_file(tmp_path: Path) -> None:
    for parse in (State.from_json, load_json):
        with pytest.raises(ValueError):
            parse(DEEP)
    assert article_from_bytes(DEEP, "good.md") is None
    store = Store(tmp_path / "derived.sqlite", "code")
    for name in ("manifest.json", "pending-pings.json", "clock.json"):
        (tmp_path / name).write_bytes(DEEP)
    assert import_legacy(tmp_path, store, "latest-now")  # read, found damaged, not imported
    assert store.manifest() == {} and store.pings() == {}
    store.close()


@pytest.mark.parametrize("where", ["last-build", "latest-now", "article", "html",
                                   "manifest.json"])
def test_a_build_goes_on_over_deep_json_in_derived_records(tmp_path: Path, where: str) -> None:
    site = make_site(tmp_path / "site", {"good.md": GOOD})
    assert run_build(site).exit_code == 0
    if where in ("last-build", "latest-now"):
        _database(site, "UPDATE records SET value = ? WHERE name = ?", DEEP.decode(), where)
    elif where == "article":
        _database(site, "UPDATE articles SET article = ?", DEEP)
    elif where == "html":
        _database(site, "UPDATE articles SET html = ?", DEEP.decode())
    else:  # a file an older newswire left
        write(site / ".newswire" / where, DEEP)
    write(site / "content" / "more.md", GOOD.replace("Good story", "More"))
    result = run_build(site)
    assert result.exit_code == 0, result.output
    assert _published_titles(site) == ["Good story", "More"]


def test_a_deep_ledger_stops_the_build_with_its_name(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {"good.md": GOOD})
    assert run_build(site).exit_code == 0
    before = _public_bytes(site)
    write(site / ".newswire" / "state.json", DEEP)
    write(site / "content" / "more.md", GOOD.replace("Good story", "More"))
    result = run_build(site)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"{site / '.newswire' / 'state.json'}:1: error: the identity ledger is damaged "
        "(arrays and objects are nested too deeply for newswire to read)")
    assert _public_bytes(site) == before


def test_a_feed_file_nested_100000_deep_is_a_config_error(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {"good.md": GOOD})
    write(site / "feeds" / "deep.toml", "title = " + "[" * 100_000 + "]" * 100_000 + "\n")
    result = run_build(site)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{site / 'feeds' / 'deep.toml'}: error: invalid TOML: arrays or tables nested too "
        "deeply to read; simplify the value")


def test_serve_says_nothing_when_a_client_disconnects_mid_response(
        tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    public = tmp_path / "public"
    public.mkdir()
    (public / "big.html").write_bytes(b"<p>" + b"x" * (16 * 1024 * 1024))
    server = PreviewServer((HOST, 0), public, lambda path: None, log=None)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        for _ in range(3):
            client = socket.create_connection(server.server_address[:2])
            client.sendall(b"GET /big.html HTTP/1.1\r\nHost: localhost\r\n\r\n")
            client.recv(1024)  # the response has begun
            # close with a reset (SO_LINGER 0): the server's next write fails
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            client.close()
    finally:
        server.shutdown()
        server.server_close()  # waits for the handler threads
        thread.join()
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == ""


def test_a_cache_entry_with_wrong_field_types_is_a_cache_miss(tmp_path: Path) -> None:
    import sqlite3
    site = make_site(tmp_path / "site", {"good.md": GOOD})
    assert run_build(site).exit_code == 0
    database = site / ".newswire" / "derived.sqlite"
    conn = sqlite3.connect(database)
    (blob,) = conn.execute("SELECT article FROM articles WHERE source = ?",
                           (b"good.md",)).fetchone()
    conn.close()
    head, newline, body = blob.partition(b"\n")  # the fields' JSON, then the body
    from dataclasses import fields
    from newswire.model import Article
    position = {f.name: i for i, f in enumerate(fields(Article))}
    for field, value in (("title", 42), ("tags", ["a", 1]), ("published", "2019")):
        stored = json.loads(head)
        stored[1][position[field]] = value  # [layout, the fields in order, warnings]
        _database(site, "UPDATE articles SET article = ?",
                  json.dumps(stored).encode() + newline + body)
        _database(site, "DELETE FROM records WHERE name = 'last-build'")
        result = run_build(site)
        assert result.exit_code == 0, (field, result.output)
        assert _published_titles(site) == ["Good story"]


# -- 12. control characters in printed names --------------------------------

def test_a_file_name_with_a_newline_cannot_forge_a_diagnostic(tmp_path: Path) -> None:
    name = "evil\nindex.md:1: error: FORGED.md"
    site = make_site(tmp_path / "site", {"good.md": GOOD, name: "---\ntitle: [1\n---\n"})
    result = run_build(site)
    lines = result.stderr.splitlines()
    assert not any(line.startswith("index.md") for line in lines)
    (line,) = [line for line in lines if "FORGED" in line]
    assert line.startswith(f"{site / 'content'}/evil\\nindex.md:1: error: FORGED.md:2: error: "
                           "front matter is not valid YAML")


def test_validate_escapes_control_characters_in_paths(tmp_path: Path) -> None:
    feed = write(tmp_path / "a\rb\x1b[31m.xml", b"<nope/>")
    status, lines = _validate(feed)
    assert lines == [f"{tmp_path}/a\\rb\\x1b[31m.xml: error: FEED-UNKNOWN: this is not an RSS "
                     "2.0, Atom 1.0, JSON Feed 1.1 or OPML 2.0 document"]


@pytest.mark.parametrize("raw, shown", [
    ("plain/path.md", "plain/path.md"),
    ("caf\u00e9 \u6771\u4eac.md", "caf\u00e9 \u6771\u4eac.md"),
    ("a\nb\tc\rd", "a\\nb\\tc\\rd"),
    ("\x1b[2J\x07\x7f\x85", "\\x1b[2J\\x07\\x7f\\x85"),
    ("right\u202eto\u2028left", "right\\u202eto\\u2028left"),
    (os.fsdecode(b"caf\xe9"), "caf\\xe9"),
    ("\ud800", "\\ud800"),
])
def test_printable_escapes_what_could_forge_or_break_a_line(raw: str, shown: str) -> None:
    assert printable(raw) == shown
    assert str(Diagnostic("error", raw, raw, 3)) == f"{shown}:3: error: {shown}"
    assert str(finding(raw, None, "FEED-UNKNOWN", raw)) == f"{shown}: error: FEED-UNKNOWN: {shown}"
    json.dumps(printable(raw)).encode("utf-8")  # printable everywhere, encodable


def test_serve_lets_go_of_a_client_that_never_finishes_its_request(
        tmp_path: Path, capfd: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from newswire import serve
    monkeypatch.setattr(serve._Handler, "timeout", 0.5)
    public = tmp_path / "public"
    public.mkdir()
    (public / "index.html").write_bytes(b"<p>hello")
    server = PreviewServer((HOST, 0), public, lambda path: None, log=None)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        slow = [socket.create_connection(server.server_address[:2]) for _ in range(5)]
        for client in slow:  # slowloris: headers begun, never ended
            client.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\nX-a: ")
            client.settimeout(30)
        assert [client.recv(100) for client in slow] == [b""] * 5  # closed by the server
        with socket.create_connection(server.server_address[:2]) as client:
            client.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            client.settimeout(30)
            reply = b""
            while chunk := client.recv(4096):
                reply += chunk
        assert reply.startswith(b"HTTP/1.1 200 ") and reply.endswith(b"<p>hello")
        for client in slow:
            client.close()
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == ""
