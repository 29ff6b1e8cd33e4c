"""WebSub publishing against a real HTTP hub on 127.0.0.1 that records requests:
exactly the changed subscription feeds are notified, failures are retried and
kept for the next run, and a hub that is down never breaks a build."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from click.testing import CliRunner

from newswire import cli
from newswire.websub import Notification, PingQueue, PingSettings, deliver, notify

from .sites import NOW, build_site, free_port, make_site, story, write_story

BASE = "https://news.example.org/"
MAIN = [BASE + "feeds/main/atom.xml", BASE + "feeds/main/feed.json",
        BASE + "feeds/main/rss.xml"]
FAST = PingSettings(timeout=5, retries=3, backoff=0.01)


class RecordingHub(ThreadingHTTPServer):
    """A hub: records each request; answers with ``statuses`` in turn, then 204."""

    daemon_threads = True

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.statuses: list[int] = []
        self.delay = 0.0
        self.on_request = None
        super().__init__(("127.0.0.1", 0), _HubHandler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/hub"


class _HubHandler(BaseHTTPRequestHandler):
    server: RecordingHub

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.requests.append({"path": self.path, "type": self.headers["Content-Type"],
                                     "form": parse_qs(body.decode(), strict_parsing=True)})
        if self.server.on_request:
            self.server.on_request()
        time.sleep(self.server.delay)
        status = self.server.statuses.pop(0) if self.server.statuses else 204
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def hub() -> Iterator[RecordingHub]:
    server = RecordingHub()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy",
                 "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def fast_cli(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "_build_ping_settings", lambda: FAST)


def run(site: Path, *args: str):
    return CliRunner().invoke(cli.main, ["--site", str(site), *args], catch_exceptions=False)


def topics(hub: RecordingHub) -> list[str]:
    return sorted(r["form"]["hub.url"][0] for r in hub.requests)


def queued(site: Path) -> list[Notification]:
    return PingQueue(site / ".newswire").load()


def test_build_then_ping_notifies_each_changed_feed_once(tmp_path: Path, hub: RecordingHub):
    site = tmp_path / "site"
    make_site(site, 7, hub=hub.url)
    build_site(site)
    assert [n.topic for n in queued(site)] == MAIN
    result = run(site, "ping")
    assert result.exit_code == 0, result.output
    assert topics(hub) == MAIN
    for request in hub.requests:
        assert request["path"] == "/hub"
        assert request["type"] == "application/x-www-form-urlencoded"
        assert request["form"]["hub.mode"] == ["publish"]
        assert sorted(request["form"]) == ["hub.mode", "hub.url"]
    assert f"notified {hub.url} of {MAIN[2]} (HTTP 204)" in result.output
    assert "3 hub notifications sent" in result.output
    assert queued(site) == []
    again = run(site, "ping")
    assert again.exit_code == 0 and "no hub notifications pending" in again.output
    assert len(hub.requests) == 3


def test_only_feeds_whose_bytes_changed_are_notified(tmp_path: Path, hub: RecordingHub):
    site = tmp_path / "site"
    make_site(site, 12, hub=hub.url)  # with archive pages
    (site / "feeds/first.toml").write_text('include_tags = ["n1"]\n', "utf-8")
    build_site(site)
    assert run(site, "ping").exit_code == 0
    assert len(hub.requests) == 6  # main and first, three formats each
    hub.requests.clear()
    build_site(site)  # nothing changed
    assert queued(site) == []
    write_story(site / "content", story(13))
    report = build_site(site)
    assert any("/archive/" in p for p in report.feed_files_changed)
    result = run(site, "build", "--ping", "--now", NOW.isoformat())
    assert result.exit_code == 0, result.output
    assert topics(hub) == MAIN  # not 'first', not the archive pages


def test_failures_are_retried_with_backoff(tmp_path: Path, hub: RecordingHub):
    hub.statuses = [500, 503]
    waits: list[float] = []
    outcome = notify(Notification(hub.url, MAIN[0]), PingSettings(timeout=5, retries=3,
                                                                  backoff=0.5), waits.append)
    assert outcome.ok and outcome.status == 204 and outcome.attempts == 3
    assert waits == [0.5, 1.0]
    assert len(hub.requests) == 3


def test_a_refusal_is_not_retried(hub: RecordingHub):
    hub.statuses = [400]
    outcome = notify(Notification(hub.url, MAIN[0]), FAST, lambda s: None)
    assert not outcome.ok and outcome.status == 400 and outcome.attempts == 1
    assert outcome.message.startswith("HTTP 400")


def test_a_timeout_is_reported(hub: RecordingHub):
    hub.delay = 1.0
    outcome = notify(Notification(hub.url, MAIN[0]), PingSettings(timeout=0.2, retries=0),
                     lambda s: None)
    assert not outcome.ok and outcome.status is None
    assert "timed out" in outcome.message


def test_a_failing_hub_keeps_the_notifications_for_the_next_run(
        tmp_path: Path, hub: RecordingHub, fast_cli: None):
    site = tmp_path / "site"
    make_site(site, 7, hub=hub.url)
    hub.statuses = [500] * 4  # the first topic: one attempt and three retries
    result = run(site, "build", "--ping", "--now", NOW.isoformat())
    assert result.exit_code == 0, result.output  # the build is fine
    assert (site / "public/feeds/main/rss.xml").is_file()
    assert f"hub {hub.url} not notified of {MAIN[0]}: HTTP 500" in result.output
    assert "after 4 attempts; kept for the next 'newswire ping'" in result.output
    assert "0 hub notifications sent, 3 failed (kept for the next run)" in result.output
    assert len(hub.requests) == 4  # the other two were not tried against a failing hub
    pending = queued(site)
    assert [n.topic for n in pending] == MAIN
    assert [n.attempts for n in pending] == [1, 1, 1]
    assert pending[0].last_error.startswith("HTTP 500")
    later = run(site, "ping")  # the hub is back
    assert later.exit_code == 0, later.output
    assert sorted(r["form"]["hub.url"][0] for r in hub.requests[4:]) == MAIN
    assert queued(site) == []


def test_a_hub_that_is_down_never_breaks_the_build(tmp_path: Path, fast_cli: None):
    site = tmp_path / "site"
    down = f"http://127.0.0.1:{free_port()}/"
    make_site(site, 7, hub=down)
    result = run(site, "build", "--ping", "--now", NOW.isoformat())
    assert result.exit_code == 0, result.output
    assert "cannot connect" in result.output
    assert len(queued(site)) == 3
    ping = run(site, "ping", "--retries", "0")
    assert ping.exit_code == 75
    assert [n.attempts for n in queued(site)] == [2, 2, 2]


def test_notifications_for_a_hub_no_longer_configured_are_dropped(
        tmp_path: Path, hub: RecordingHub):
    site = tmp_path / "site"
    make_site(site, 7, hub="https://old-hub.example.org/")
    build_site(site)
    text = (site / "feeds/site.toml").read_text("utf-8")
    (site / "feeds/site.toml").write_text(
        text.replace("https://old-hub.example.org/", hub.url), "utf-8")
    build_site(site)  # the feeds changed (new hub link): the new hub is queued
    result = run(site, "ping")
    assert result.exit_code == 0, result.output
    assert "3 dropped (hub no longer configured)" in result.output
    assert topics(hub) == MAIN and queued(site) == []


def test_a_change_queued_during_delivery_is_not_lost(tmp_path: Path, hub: RecordingHub):
    queue = PingQueue(tmp_path / ".newswire")
    note = Notification(hub.url, MAIN[0])
    queue.add([note])
    hub.on_request = lambda: queue.add([note])  # a build changes the feed meanwhile
    report = deliver(queue, {note.key}, FAST, lambda s: None)
    assert len(report.delivered) == 1
    assert [(n.topic, n.queued) for n in queue.load()] == [(MAIN[0], 2)]


def test_a_damaged_database_is_moved_aside_and_the_queue_starts_again(
        tmp_path: Path, hub: RecordingHub):
    site = tmp_path / "site"
    make_site(site, 3, hub=hub.url)
    build_site(site)
    assert [n.topic for n in queued(site)] == MAIN
    database = site / ".newswire/derived.sqlite"
    for extra in ("-wal", "-shm"):
        Path(f"{database}{extra}").unlink(missing_ok=True)
    database.write_bytes(b"{oops")
    result = run(site, "ping")
    assert result.exit_code == 0, result.output
    assert "no hub notifications pending" in result.output  # derived data: forgotten
    assert (site / ".newswire/derived.sqlite.unusable").read_bytes() == b"{oops"
    write_story(site / "content", story(4))
    report = build_site(site)
    assert not report.errors, report.diagnostics
    assert [n.topic for n in queued(site)] == MAIN


def test_ping_without_a_hub_says_none_is_configured(tmp_path: Path):
    site = tmp_path / "site"
    make_site(site, 2)
    build_site(site)
    result = run(site, "ping")
    assert result.exit_code == 0
    assert result.output == ("no WebSub hub configured, so none to notify: set 'hub' in "
                             "feeds/site.toml (or in a feed's file) to have one told of new "
                             "items\n")
    assert run(site, "ping", "--quiet").output == ""
