"""WebSub publishing: topics, the ping queue, notify and deliver (no network:
the one function that POSTs is replaced by a recorder)."""

from __future__ import annotations

import email.message
import io
import urllib.error
from dataclasses import replace
from pathlib import Path

import pytest

from newswire import websub
from newswire.websub import (Delivery, Notification, PingQueue, PingReport, PingSettings,
                             changed_topics, configured_topics, deliver, notify, queue_change)

from .conftest import FEED, SITE

HUB = "https://hub.example/"
OTHER_HUB = "https://other-hub.example/"
RSS_TOPIC = SITE.base_url + "feeds/main/rss.xml"
FAST = PingSettings(timeout=1, retries=2, backoff=0.5)


def http_error(code: int, body: bytes = b"", location: str | None = None) -> urllib.error.HTTPError:
    headers = email.message.Message()
    if location:
        headers["Location"] = location
    return urllib.error.HTTPError(HUB, code, "Reason", headers, io.BytesIO(body))


class FakeHub:
    """Answers POSTs from a list of outcomes (a status, or an exception)."""

    def __init__(self, *outcomes: int | BaseException) -> None:
        self.outcomes = list(outcomes)
        self.posts: list[tuple[str, bytes, float]] = []

    def __call__(self, url: str, body: bytes, timeout: float) -> int:
        self.posts.append((url, body, timeout))
        outcome = self.outcomes.pop(0) if len(self.outcomes) > 1 else self.outcomes[0]
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome


# -- topics ------------------------------------------------------------------

def test_every_format_of_a_feed_with_a_hub_is_a_topic() -> None:
    topics = configured_topics(replace(SITE, hub=HUB), [FEED])
    assert topics == {f"feeds/main/{name}": Notification(HUB, SITE.base_url + "feeds/main/"
                                                         + name)
                      for name in ("rss.xml", "atom.xml", "feed.json")}


def test_a_feeds_own_hub_wins_and_no_hub_means_no_topic() -> None:
    assert configured_topics(SITE, [FEED]) == {}
    topics = configured_topics(replace(SITE, hub=HUB), [replace(FEED, hub=OTHER_HUB)])
    assert {n.hub for n in topics.values()} == {OTHER_HUB}


def test_changed_topics_are_the_changed_subscription_documents_sorted() -> None:
    site = replace(SITE, hub=HUB)
    changed = ["feeds/main/rss.xml", "feeds/main/archive/rss-1.xml", "index.html",
               "feeds/main/atom.xml", "feeds/main/rss.xml"]
    assert [n.topic for n in changed_topics(site, [FEED], changed)] == [
        SITE.base_url + "feeds/main/atom.xml", RSS_TOPIC]


# -- the queue ---------------------------------------------------------------

def test_queue_change_adds_new_topics_and_counts_known_ones() -> None:
    pending = {(HUB, "t1"): (1, 2, "HTTP 500")}
    change = queue_change([Notification(HUB, "t1"), Notification(HUB, "t2")])
    assert change is not None
    change(pending)
    assert pending == {(HUB, "t1"): (2, 2, "HTTP 500"), (HUB, "t2"): (1, 0, None)}
    assert queue_change([]) is None


def test_the_queue_keeps_notifications_in_the_database(tmp_path: Path) -> None:
    queue = PingQueue(tmp_path / ".newswire")
    assert queue.load() == []
    queue.add([Notification(HUB, "t2"), Notification(HUB, "t1")])
    queue.add([Notification(HUB, "t1")])
    assert PingQueue(tmp_path / ".newswire").load() == [Notification(HUB, "t1", queued=2),
                                                        Notification(HUB, "t2")]


def test_settle_removes_what_was_sent_and_counts_failures(tmp_path: Path) -> None:
    queue = PingQueue(tmp_path)
    queue.add([Notification(HUB, "sent"), Notification(HUB, "failed"),
               Notification(HUB, "dropped")])
    report = PingReport(
        delivered=[Delivery(Notification(HUB, "sent"), True, 204, "HTTP 204", 1)],
        failed=[Delivery(Notification(HUB, "failed"), False, 500, "HTTP 500", 3)],
        dropped=[Notification(HUB, "dropped")])
    queue.settle(report)
    assert queue.load() == [Notification(HUB, "failed", 1, 1, "HTTP 500")]


def test_settle_keeps_a_topic_queued_again_during_delivery(tmp_path: Path) -> None:
    queue = PingQueue(tmp_path)
    queue.add([Notification(HUB, "t")])
    sent = queue.load()[0]
    queue.add([Notification(HUB, "t")])  # another build changed it meanwhile
    queue.settle(PingReport(delivered=[Delivery(sent, True, 204, "HTTP 204", 1)]))
    assert queue.load() == [Notification(HUB, "t", queued=2)]


def test_report_summary() -> None:
    n = Notification(HUB, "t")
    assert PingReport().summary() == "no hub notifications pending"
    assert PingReport(delivered=[Delivery(n, True, 204, "", 1)]).summary() == \
        "1 hub notification sent"
    report = PingReport(failed=[Delivery(n, False, 500, "", 1)], dropped=[n, n])
    assert report.summary() == ("0 hub notifications sent, 1 failed (kept for the next run), "
                                "2 dropped (hub no longer configured)")


# -- notify ------------------------------------------------------------------

def test_notify_posts_the_publish_form(monkeypatch: pytest.MonkeyPatch) -> None:
    hub = FakeHub(204)
    monkeypatch.setattr(websub, "_post", hub)
    outcome = notify(Notification(HUB, RSS_TOPIC), FAST, sleep=pytest.fail)
    assert (outcome.ok, outcome.status, outcome.message, outcome.attempts) == (
        True, 204, "HTTP 204", 1)
    [(url, body, timeout)] = hub.posts
    assert url == HUB and timeout == 1
    assert body == (b"hub.mode=publish&hub.url="
                    b"https%3A%2F%2Fnews.example.org%2Ffeeds%2Fmain%2Frss.xml")


def test_notify_retries_server_errors_with_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(websub, "_post", FakeHub(http_error(503, b"busy\nmore"), 429, 202))
    waits: list[float] = []
    outcome = notify(Notification(HUB, "t"), FAST, sleep=waits.append)
    assert outcome.ok and outcome.attempts == 3 and waits == [0.5, 1.0]


def test_notify_gives_up_after_its_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(websub, "_post", FakeHub(
        *(http_error(500, b"down for repairs\n") for _ in range(3))))
    waits: list[float] = []
    outcome = notify(Notification(HUB, "t"), FAST, sleep=waits.append)
    assert (outcome.ok, outcome.status, outcome.attempts) == (False, 500, 3)
    assert outcome.message == "HTTP 500 Reason: down for repairs"
    assert waits == [0.5, 1.0]


def test_notify_does_not_retry_a_client_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(websub, "_post", FakeHub(http_error(404)))
    outcome = notify(Notification(HUB, "t"), FAST, sleep=pytest.fail)
    assert (outcome.ok, outcome.status, outcome.message, outcome.attempts) == (
        False, 404, "HTTP 404 Reason", 1)


def test_a_redirect_says_where_to_point_the_hub(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(websub, "_post", FakeHub(http_error(301, location="https://new/")))
    outcome = notify(Notification(HUB, "t"), FAST, sleep=pytest.fail)
    assert outcome.message == ("HTTP 301 Reason (redirect to https://new/; set the hub to "
                               "that URL)")


@pytest.mark.parametrize(("error", "message"), [
    (TimeoutError(), "timed out after 1 s"),
    (urllib.error.URLError(TimeoutError()), "timed out"),
    (urllib.error.URLError("Connection refused"), "cannot connect: Connection refused"),
    (ValueError("unknown url type"), "cannot connect: unknown url type"),
])
def test_connection_failures_are_retried_and_told(monkeypatch: pytest.MonkeyPatch,
                                                  error: BaseException, message: str) -> None:
    monkeypatch.setattr(websub, "_post", FakeHub(error))
    outcome = notify(Notification(HUB, "t"), FAST, sleep=lambda s: None)
    assert (outcome.ok, outcome.status, outcome.message, outcome.attempts) == (
        False, None, message, 3)


def test_a_non_2xx_status_without_error_is_a_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(websub, "_post", FakeHub(304))
    outcome = notify(Notification(HUB, "t"), PingSettings(retries=0), sleep=pytest.fail)
    assert (outcome.ok, outcome.message) == (False, "HTTP 304")


# -- deliver -----------------------------------------------------------------

def test_deliver_sends_wanted_drops_others_and_spares_a_hub_that_is_down(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    queue = PingQueue(tmp_path)
    queue.add([Notification(HUB, "a"), Notification(HUB, "b"), Notification(OTHER_HUB, "c"),
               Notification(OTHER_HUB, "gone")])
    answers = {HUB: http_error(502)}

    def post(url: str, body: bytes, timeout: float) -> int:
        if url in answers:
            raise answers[url]
        return 204
    monkeypatch.setattr(websub, "_post", post)
    report = deliver(queue, {(HUB, "a"), (HUB, "b"), (OTHER_HUB, "c")},
                     PingSettings(retries=0), sleep=pytest.fail)
    assert [d.notification.topic for d in report.delivered] == ["c"]
    assert [(d.notification.topic, d.attempts) for d in report.failed] == [("a", 1), ("b", 0)]
    assert report.failed[1].message == "not sent, the hub failed: HTTP 502 Reason"
    assert [n.topic for n in report.dropped] == ["gone"]
    assert [(n.topic, n.attempts) for n in queue.load()] == [("a", 1), ("b", 1)]
