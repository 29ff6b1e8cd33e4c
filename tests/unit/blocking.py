"""Calling code that must not block on a named pipe, without hanging the
tests when it does."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

T = TypeVar("T")


def without_blocking(call: Callable[[], T], pipe: Path, seconds: float = 10) -> T:
    """``call()``'s result; fails the test when it is still running after
    ``seconds`` (blocked opening or reading ``pipe``), after unblocking it by
    opening the pipe's other end. Exceptions of ``call`` are raised again."""
    outcome: list[tuple[bool, object]] = []

    def run() -> None:
        try:
            outcome.append((True, call()))
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            outcome.append((False, exc))
    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        try:
            os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            pass
        pytest.fail(f"blocked on the named pipe {pipe.name}")
    ok, value = outcome[0]
    if not ok:
        raise value  # type: ignore[misc]
    return value  # type: ignore[return-value]
