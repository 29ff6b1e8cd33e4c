"""An SMTP server on 127.0.0.1 (aiosmtpd) that keeps every message it is sent."""

from __future__ import annotations

import email
import email.policy
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage

import pytest

from .sites import free_port


class Sink:
    """aiosmtpd handler: every accepted message, parsed, in ``messages``."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.messages.append(message)  # type: ignore[arg-type]
        return "250 OK"

    def take(self) -> list[EmailMessage]:
        """The messages received since the last call."""
        with self._lock:
            taken, self.messages = self.messages, []
        return taken


@contextmanager
def smtp_sink() -> Iterator[tuple[Sink, int]]:
    """Yield the sink and the port it listens on (127.0.0.1); stop it after."""
    controller_module = pytest.importorskip(
        "aiosmtpd.controller", reason="pip install -e '.[test]' installs aiosmtpd")
    sink = Sink()
    port = free_port()
    controller = controller_module.Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield sink, port
    finally:
        controller.stop()
