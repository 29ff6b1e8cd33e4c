"""WebSub publishing: tell a hub which feeds changed (W3C WebSub, §4 and §7).

A feed that names a hub (``atom:link rel="hub"``, JSON Feed ``hubs``) lets
subscribers be pushed its new content. The publisher's part is to notify the
hub after each change with a form-encoded POST of ``hub.mode=publish`` and
``hub.url=<topic URL>``, the de facto publish request hubs accept (WebSub
leaves its exact form to the hub).

Nothing here may break or slow a build beyond its timeout, and no
notification is ever lost:

* every build queues the topics whose bytes changed
  (:func:`changed_topics`) in the ``pings`` table of the site's database
  (:class:`PingQueue`, :mod:`newswire.state.store`), in the transaction that
  records the build;
* :func:`deliver` sends what is queued, one POST per topic, retrying
  connection failures, timeouts, 5xx, 408 and 429 with exponential backoff;
  what was delivered leaves the queue, what failed stays for the next run.

Standard library only (:mod:`urllib.request`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from typing import TYPE_CHECKING

from .errors import OutputError

if TYPE_CHECKING:
    from .config import FeedConfig, SiteConfig
    from .state.store import Store

__all__ = ["Delivery", "Notification", "PingQueue", "PingReport", "PingSettings",
           "changed_topics", "configured_topics", "deliver", "notify", "queue_change"]

DATABASE_FILE = "derived.sqlite"
_RETRIABLE = {408, 425, 429}


@dataclass(frozen=True)
class Notification:
    """One pending publish notification.

    Attributes:
        hub: the hub's URL (the POST goes there).
        topic: the feed's public URL, sent as ``hub.url``.
        queued: how many builds changed the topic since it was last delivered;
            a delivery only clears the queue entry it read, so a change made
            by a build running during delivery is not lost.
        attempts: failed delivery runs so far.
        last_error: what went wrong last time, or None.
    """

    hub: str
    topic: str
    queued: int = 1
    attempts: int = 0
    last_error: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        """``(hub, topic)``: one queue entry per pair."""
        return (self.hub, self.topic)


@dataclass(frozen=True)
class PingSettings:
    """How hard :func:`notify` tries.

    Attributes:
        timeout: seconds for each HTTP request (connect and read).
        retries: further attempts after the first for retriable failures.
        backoff: seconds before the first retry; doubled for each next one.
    """

    timeout: float = 10.0
    retries: int = 3
    backoff: float = 1.0


@dataclass(frozen=True)
class Delivery:
    """The outcome of notifying one hub of one topic.

    Attributes:
        notification: what was sent.
        ok: the hub answered 2xx.
        status: the last HTTP status, or None when no answer came.
        message: a one-line human account (``HTTP 204``, ``timed out``...).
        attempts: requests made.
    """

    notification: Notification
    ok: bool
    status: int | None
    message: str
    attempts: int


@dataclass
class PingReport:
    """What :func:`deliver` did.

    Attributes:
        delivered: notifications the hub accepted; gone from the queue.
        failed: notifications that failed; kept in the queue for the next run.
        dropped: queued notifications whose feed no longer names that hub
            (or no longer exists); removed without sending.
    """

    delivered: list[Delivery] = field(default_factory=list)
    failed: list[Delivery] = field(default_factory=list)
    dropped: list[Notification] = field(default_factory=list)

    def summary(self) -> str:
        """One line: ``2 hub notifications sent, 1 failed (kept for the next run)``."""
        if not (self.delivered or self.failed or self.dropped):
            return "no hub notifications pending"
        sent = len(self.delivered)
        text = f"{sent} hub notification{'' if sent == 1 else 's'} sent"
        if self.failed:
            text += f", {len(self.failed)} failed (kept for the next run)"
        if self.dropped:
            text += f", {len(self.dropped)} dropped (hub no longer configured)"
        return text


def configured_topics(site: SiteConfig, feeds: Sequence[FeedConfig]) -> dict[str, Notification]:
    """Every subscription document that advertises a hub.

    Returns:
        Path below ``public/`` → the notification its change calls for.
        Archive pages advertise no hub and are never notified.
    """
    from .feeds.document import feed_file, feed_url

    topics = {}
    for feed in feeds:
        hub = feed.hub or site.hub
        if hub:
            for fmt in feed.formats:
                topics[feed_file(feed, fmt)] = Notification(hub, feed_url(site, feed, fmt))
    return topics


def changed_topics(site: SiteConfig, feeds: Sequence[FeedConfig],
                   changed: Iterable[str]) -> list[Notification]:
    """Notifications for the subscription documents among ``changed``.

    Args:
        changed: paths below ``public/`` whose bytes a build changed
            (``BuildReport.feed_files_changed``).

    Returns:
        One :class:`Notification` per changed document with a hub, sorted.
    """
    topics = configured_topics(site, feeds)
    return sorted((topics[p] for p in set(changed) if p in topics), key=lambda n: n.key)


class PingQueue:
    """The pending notifications of one site, in the ``pings`` table of
    ``state_dir/derived.sqlite`` (:mod:`newswire.state.store`).

    Every change is one transaction of the database, so builds and
    ``newswire ping`` running at the same time never lose an entry. The
    queue is derived data: deleting the database forgets it (those feeds are
    then announced with their next change).

    Args:
        state_dir: the site's ``.newswire/`` folder (created if missing).
    """

    def __init__(self, state_dir: Path) -> None:
        self.path = state_dir / DATABASE_FILE

    def _store(self) -> Store:
        """The database, opened when needed (``sqlite3`` is imported then)."""
        from .state.store import open_store
        try:
            return open_store(self.path)
        except OSError as exc:
            raise OutputError(f"cannot open: {exc}", self.path) from None

    def load(self) -> list[Notification]:
        """The queue, sorted by hub and topic; empty when there is none.

        Raises:
            OutputError: the database cannot be opened or created.
        """
        store = self._store()
        try:
            return _notifications(store.pings())
        finally:
            store.close()

    def add(self, notifications: Iterable[Notification]) -> None:
        """Queue ``notifications``; a topic already queued counts one more change."""
        change = queue_change(notifications)
        if change is None:
            return
        store = self._store()
        try:
            store.modify_pings(change)
        finally:
            store.close()

    def settle(self, report: PingReport) -> None:
        """Record a delivery run: remove what was delivered or dropped (unless
        queued again meanwhile), count the failures."""
        def change(pending: dict[tuple[str, str], tuple[int, int, str | None]]) -> None:
            items = {n.key: n for n in _notifications(pending)}
            for n in [d.notification for d in report.delivered] + report.dropped:
                if items.get(n.key) == n:
                    del pending[n.key]
            for d in report.failed:
                current = items.get(d.notification.key)
                if current is not None and current.key in pending:
                    pending[current.key] = (current.queued, current.attempts + 1, d.message)
        store = self._store()
        try:
            store.modify_pings(change)
        finally:
            store.close()


def _notifications(pending: dict[tuple[str, str], tuple[int, int, str | None]]
                   ) -> list[Notification]:
    return [Notification(hub, topic, *pending[(hub, topic)]) for hub, topic in sorted(pending)]


def queue_change(notifications: Iterable[Notification]) -> Callable[
        [dict[tuple[str, str], tuple[int, int, str | None]]], None] | None:
    """How queueing ``notifications`` changes the pending ones (a topic
    already queued counts one more change), for
    :class:`~newswire.state.store.Changes`; None when there are none."""
    new = list(notifications)
    if not new:
        return None

    def change(pending: dict[tuple[str, str], tuple[int, int, str | None]]) -> None:
        for n in new:
            old = pending.get(n.key)
            pending[n.key] = (old[0] + 1, old[1], old[2]) if old else (
                n.queued, n.attempts, n.last_error)
    return change


def _post(url: str, body: bytes, timeout: float) -> int:
    """POST ``body`` (form-encoded) to ``url``; return the status or raise.

    A redirected POST would turn into a GET: the redirect is reported
    (raised as ``HTTPError``) instead. (``urllib.request`` is imported here,
    not by every ``newswire`` command.)
    """
    import urllib.request

    from . import __version__

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
            return None

    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/x-www-form-urlencoded",
        "User-Agent": f"newswire/{__version__} (WebSub publisher)",
    })
    opener = urllib.request.build_opener(_NoRedirect)
    with opener.open(request, timeout=timeout) as response:
        response.read(65536)
        return int(response.status)


def notify(notification: Notification, settings: PingSettings = PingSettings(),
           sleep: Callable[[float], None] = time.sleep) -> Delivery:
    """Send one publish notification (WebSub §7), retrying temporary failures.

    Sends ``hub.mode=publish&hub.url=<topic>`` as
    ``application/x-www-form-urlencoded`` to the hub. A 2xx answer is
    success. Connection errors, timeouts, 5xx, 408, 425 and 429 are retried
    ``settings.retries`` times, waiting ``backoff``, ``2*backoff``, ...
    seconds; other answers (4xx, a redirect) are not retried.

    Args:
        sleep: waits between attempts (seconds); tests pass a recorder.

    Returns:
        The outcome; never raises for network or HTTP failures.
    """
    import urllib.error

    body = urlencode({"hub.mode": "publish", "hub.url": notification.topic}).encode()
    attempts = 0
    status: int | None = None
    while True:
        attempts += 1
        retriable = True
        try:
            status = _post(notification.hub, body, settings.timeout)
            if 200 <= status < 300:
                return Delivery(notification, True, status, f"HTTP {status}", attempts)
            message = f"HTTP {status}"
        except urllib.error.HTTPError as exc:
            status = exc.code
            detail = exc.read(300).decode("utf-8", "replace").strip().splitlines()
            message = f"HTTP {exc.code} {exc.reason}" + (f": {detail[0]}" if detail else "")
            if 300 <= exc.code < 400:
                message += f" (redirect to {exc.headers.get('Location')}; set the hub to " \
                           "that URL)"
            retriable = exc.code >= 500 or exc.code in _RETRIABLE
            exc.close()
        except TimeoutError:
            status, message = None, f"timed out after {settings.timeout:g} s"
        except urllib.error.URLError as exc:
            status = None
            message = "timed out" if isinstance(exc.reason, TimeoutError) \
                else f"cannot connect: {exc.reason}"
        except (OSError, ValueError) as exc:
            status, message = None, f"cannot connect: {exc}"
        if not retriable or attempts > settings.retries:
            return Delivery(notification, False, status, message, attempts)
        sleep(settings.backoff * 2 ** (attempts - 1))


def deliver(queue: PingQueue, wanted: Collection[tuple[str, str]],
            settings: PingSettings = PingSettings(),
            sleep: Callable[[float], None] = time.sleep) -> PingReport:
    """Send every queued notification and settle the queue.

    A hub that stays unreachable (or keeps answering 5xx) after its retries
    is not tried again in this run: its other notifications fail at once and
    stay queued, so a hub that is down costs one topic's retries, not all.

    Args:
        queue: the site's queue.
        wanted: ``(hub, topic)`` pairs the current configuration has (the
            keys of :func:`configured_topics`' values); queued notifications
            for other hubs or topics are dropped, not sent.

    Raises:
        OutputError: the queue file is unreadable or cannot be written.
    """
    report = PingReport()
    down: dict[str, str] = {}  # hub → why it gave up; the rest of its topics wait
    for notification in queue.load():
        if notification.key not in wanted:
            report.dropped.append(notification)
            continue
        if notification.hub in down:
            report.failed.append(Delivery(notification, False, None,
                                          f"not sent, the hub failed: {down[notification.hub]}",
                                          0))
            continue
        outcome = notify(notification, settings, sleep)
        (report.delivered if outcome.ok else report.failed).append(outcome)
        if not outcome.ok and (outcome.status is None or outcome.status >= 500):
            down[notification.hub] = outcome.message
    queue.settle(report)
    return report
