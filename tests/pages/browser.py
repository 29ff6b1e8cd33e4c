"""A small headless Chromium driver over the DevTools protocol, for tests.

Starts Debian's ``chromium`` with a throw-away profile and no network
services of its own, opens pages, and reports what a person would see
(rendered text), what a developer would see (console errors, failed loads,
uncaught exceptions) and a PNG screenshot.
"""

from __future__ import annotations

import base64
import io
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import websocket
from PIL import Image

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--no-default-browser-check", "--disable-extensions", "--mute-audio",
         "--hide-scrollbars", "--remote-debugging-port=0", "--remote-allow-origins=*")


def chromium_path() -> str | None:
    """The Chromium executable on PATH, or None."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


@dataclass
class PageVisit:
    """What one page load showed.

    Attributes:
        url: the URL opened.
        text: the rendered text (``innerText`` of HTML, ``textContent`` of XML).
        errors: console errors, uncaught exceptions and failed loads, as text.
        screenshot: PNG bytes of the viewport.
        values: results of the extra expressions evaluated after load.
    """

    url: str
    text: str
    errors: list[str] = field(default_factory=list)
    screenshot: bytes = b""
    values: dict[str, Any] = field(default_factory=dict)

    def save(self, path: Path) -> None:
        """Write the screenshot to ``path`` as a small palette PNG (for humans and docs)."""
        with Image.open(io.BytesIO(self.screenshot)) as image:
            small = image.convert("RGB").quantize(colors=64)
        small.save(path, optimize=True)

    @property
    def lines(self) -> list[str]:
        """The rendered text's non-blank lines, stripped."""
        return [line.strip() for line in self.text.splitlines() if line.strip()]


class Chromium:
    """One headless Chromium process; use as a context manager."""

    def __init__(self, executable: str, timeout: float = 30.0) -> None:
        self.executable = executable
        self.timeout = timeout
        # Chromium's helper processes may still be writing to the profile for a
        # moment after the browser ends: its removal must not fail the test.
        self._profile = tempfile.TemporaryDirectory(prefix="newswire-chromium-",
                                                    ignore_cleanup_errors=True)
        self._process: subprocess.Popen[bytes] | None = None
        self._ws: websocket.WebSocket | None = None
        self._next_id = 0
        self._events: list[dict[str, Any]] = []

    def __enter__(self) -> Chromium:
        profile = Path(self._profile.name)
        self._process = subprocess.Popen(
            [self.executable, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + self.timeout
        while not (port_file.exists() and port_file.read_text().count("\n") >= 1):
            if self._process.poll() is not None or time.monotonic() > deadline:
                self.__exit__(None, None, None)
                raise RuntimeError("chromium did not start its DevTools endpoint")
            time.sleep(0.05)
        port = int(port_file.read_text().splitlines()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list",
                                    timeout=self.timeout) as response:
            targets = json.load(response)
        page = next(t for t in targets if t["type"] == "page")
        self._ws = websocket.create_connection(page["webSocketDebuggerUrl"],
                                               timeout=self.timeout, suppress_origin=True)
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._ws is not None:
            self._ws.close()
            self._ws = None
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            try:  # the renderer and helper processes of its session too
                os.killpg(self._process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self._process = None
        self._profile.cleanup()

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one DevTools command and return its result; events are kept."""
        assert self._ws is not None
        self._next_id += 1
        self._ws.send(json.dumps({"id": self._next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self._ws.recv())
            if message.get("id") == self._next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            if "method" in message:
                self._events.append(message)

    def _wait_for(self, event: str) -> None:
        assert self._ws is not None
        while not any(e["method"] == event for e in self._events):
            self._events.append(json.loads(self._ws.recv()))

    def evaluate(self, expression: str) -> Any:
        """The JSON value of a JavaScript expression in the page."""
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def visit(self, url: str, *, width: int = 1000, height: int = 800, mobile: bool = False,
              full_page: bool = False, expressions: dict[str, str] | None = None) -> PageVisit:
        """Open ``url`` at the given viewport, wait for its load event, and report."""
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height,
                  deviceScaleFactor=1, mobile=mobile)
        self._events.clear()
        self.call("Page.navigate", url=url)
        self._wait_for("Page.loadEventFired")
        text = self.evaluate("(document.body || document.documentElement).innerText"
                             " ?? document.documentElement.textContent")
        values = {k: self.evaluate(v) for k, v in (expressions or {}).items()}
        shot: dict[str, Any] = {"format": "png"}
        if full_page:
            size = self.call("Page.getLayoutMetrics")["cssContentSize"]
            shot.update(captureBeyondViewport=True, clip={
                "x": 0, "y": 0, "width": width, "height": min(size["height"], 4000),
                "scale": 1})
        png = base64.b64decode(self.call("Page.captureScreenshot", **shot)["data"])
        return PageVisit(url, text or "", self._errors(), png, values)

    def _errors(self) -> list[str]:
        errors = []
        for event in self._events:
            method, params = event["method"], event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                errors.append("console: " + " ".join(
                    str(a.get("value", a.get("description", ""))) for a in params["args"]))
            elif method == "Runtime.exceptionThrown":
                errors.append("exception: " + params["exceptionDetails"].get("text", ""))
            elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
                entry = params["entry"]
                errors.append(f"log: {entry.get('text')} {entry.get('url', '')}".strip())
            elif method == "Network.loadingFailed" and not params.get("canceled"):
                errors.append(f"load failed: {params.get('errorText')} ({params.get('type')})")
            elif method == "Network.responseReceived" and params["response"]["status"] >= 400:
                errors.append(f"HTTP {params['response']['status']}: {params['response']['url']}")
        return errors
