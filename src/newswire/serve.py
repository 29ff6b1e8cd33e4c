"""``newswire serve``: a preview HTTP server for ``public/`` (README "Commands").

It answers the way the production configuration in ``docs/nginx.conf``
does, so what a feed reader sees in preview is what it will see live:

* Content-Type by file: ``application/rss+xml``, ``application/atom+xml``,
  ``application/feed+json`` for feed documents and archive pages (RFC 4287
  §7, JSON Feed 1.1), ``text/html``, ``text/css``..., text types with
  ``charset=utf-8``;
* validators (RFC 9110 §8.8, §13): a strong ``ETag`` (digest of the bytes)
  and ``Last-Modified`` (the file's mtime); ``If-None-Match`` — or, without
  it, ``If-Modified-Since`` — answered with ``304 Not Modified``;
* for feed documents, ``Link: <hub>; rel="hub"`` and ``<topic>; rel="self"``
  (WebSub §4, discovery by HTTP header); archive pages get only ``self``;
* a folder's ``index.html`` for its URL with a trailing slash (a 301 adds
  the slash), never a listing;
* only files inside ``public/``: ``..``, encoded or not, backslashes, NUL,
  hidden files and symbolic links leading out all answer 404.

Built on :mod:`http.server`; GET and HEAD only; binds 127.0.0.1.
"""

from __future__ import annotations

import hashlib
import mimetypes
import posixpath
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .config import FeedConfig, SiteConfig
from .feeds import feed_file, feed_url
from .feeds.document import FEED_MEDIA_TYPES
from .safeio import read_own_file

__all__ = ["FeedRoute", "PreviewServer", "content_type", "feed_routes", "make_server"]

HOST = "127.0.0.1"
IDLE_SECONDS = 15.0
_TYPES = {
    ".html": "text/html", ".htm": "text/html", ".css": "text/css",
    ".js": "text/javascript", ".txt": "text/plain", ".md": "text/markdown",
    ".xml": "application/xml", ".opml": "text/x-opml", ".json": "application/json",
    ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp",
    ".avif": "image/avif", ".ico": "image/x-icon", ".pdf": "application/pdf",
}
_TEXTUAL = re.compile(r"^(text/|application/(.+\+)?(xml|json)$|image/svg\+xml$)")
_ARCHIVE_NAME = re.compile(r"^(rss|atom|feed)-[1-9][0-9]*\.(xml|json)$")
_ARCHIVE_FORMAT = {"rss": "rss", "atom": "atom", "feed": "json"}


@dataclass(frozen=True)
class FeedRoute:
    """HTTP facts of one feed document.

    Attributes:
        media_type: its Content-Type without parameters.
        self_url: its public URL (``Link rel="self"``, the WebSub topic).
        hub: the WebSub hub (``Link rel="hub"``), or None (archive pages).
    """

    media_type: str
    self_url: str
    hub: str | None = None

    def links(self) -> list[str]:
        """``Link`` header values (RFC 8288), hub first."""
        values = [f'<{self.hub}>; rel="hub"'] if self.hub else []
        return values + [f'<{self.self_url}>; rel="self"']


def feed_routes(site: SiteConfig, feeds: Sequence[FeedConfig]) -> Callable[[str], FeedRoute | None]:
    """A lookup: path below ``public/`` (POSIX) → its :class:`FeedRoute`, or None.

    Subscription documents are known by path; RFC 5005 archive pages by
    their folder (``<feed path>/archive/``) and name (``rss-N.xml``...).
    """
    exact: dict[str, FeedRoute] = {}
    archives: dict[str, tuple[str, ...]] = {}
    for feed in feeds:
        hub = feed.hub or site.hub
        for fmt in feed.formats:
            exact[feed_file(feed, fmt)] = FeedRoute(FEED_MEDIA_TYPES[fmt], feed_url(site, feed, fmt),
                                                    hub)
        archives[feed.path + "/archive"] = feed.formats

    def lookup(path: str) -> FeedRoute | None:
        if path in exact:
            return exact[path]
        folder, name = posixpath.split(path)
        match = _ARCHIVE_NAME.match(name)
        if match and folder in archives and _ARCHIVE_FORMAT[match.group(1)] in archives[folder]:
            return FeedRoute(FEED_MEDIA_TYPES[_ARCHIVE_FORMAT[match.group(1)]], site.base_url + path)
        return None
    return lookup


def content_type(path: str, route: FeedRoute | None = None) -> str:
    """The Content-Type for a file path, ``; charset=utf-8`` on text types.

    Unknown extensions are ``application/octet-stream``.
    """
    if route is not None:
        media = route.media_type
    else:
        suffix = posixpath.splitext(path)[1].lower()
        media = _TYPES.get(suffix) or mimetypes.guess_type("x" + suffix)[0] \
            or "application/octet-stream"
    return media + "; charset=utf-8" if _TEXTUAL.match(media) else media


def _etag(data: bytes) -> str:
    return '"' + hashlib.sha256(data).hexdigest()[:32] + '"'


def _etag_matches(header: str, etag: str) -> bool:
    """If-None-Match: weak comparison against a list, or ``*`` (RFC 9110 §13.1.2)."""
    if header.strip() == "*":
        return True
    tags = [t.strip() for t in header.split(",")]
    return any(t.removeprefix("W/") == etag for t in tags)


def _not_modified_since(header: str, mtime: float) -> bool:
    try:
        since = parsedate_to_datetime(header)
    except (TypeError, ValueError, IndexError):
        return False
    if since is None or since.tzinfo is None:
        return False
    return int(mtime) <= since.timestamp()


class PreviewServer(ThreadingHTTPServer):
    """A threading HTTP server for one ``public/`` folder.

    Args:
        address: ``(host, port)``; port 0 picks a free port (see
            ``server_address``).
        public: the folder served.
        routes: :func:`feed_routes` of the site.
        log: called with one line per request, or None for silence.
    """

    daemon_threads = True

    def __init__(self, address: tuple[str, int], public: Path,
                 routes: Callable[[str], FeedRoute | None],
                 log: Callable[[str], None] | None = None) -> None:
        self.public = public.resolve()
        self.routes = routes
        self.log = log
        super().__init__(address, _Handler)

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that goes away mid-response (a closed tab, a reader's
        timeout) is nothing wrong: say nothing. Anything else is printed as
        :mod:`socketserver` does."""
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT/``."""
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}/"

    def locate(self, url_path: str) -> tuple[str, Path | None]:
        """Map a request path to ``("file", path)``, ``("slash", None)`` when
        a folder was asked for without its trailing slash, or
        ``("missing", None)``."""
        decoded = unquote(url_path, errors="strict") if "%" in url_path else url_path
        if "\x00" in decoded or "\\" in decoded or not decoded.startswith("/"):
            return "missing", None
        parts = [p for p in decoded.split("/") if p]
        if any(p in (".", "..") or p.startswith(".") for p in parts):
            return "missing", None
        target = self.public.joinpath(*parts)
        try:
            resolved = target.resolve(strict=True)
        except (OSError, RuntimeError):
            return "missing", None
        if not resolved.is_relative_to(self.public):
            return "missing", None
        if resolved.is_dir():
            if not decoded.endswith("/"):
                return "slash", None
            resolved = resolved / "index.html"
            if not resolved.is_file():
                return "missing", None
        if not resolved.is_file():
            return "missing", None
        return "file", resolved


class _Handler(BaseHTTPRequestHandler):
    """GET and HEAD for :class:`PreviewServer`."""

    server: PreviewServer
    server_version = "newswire-serve"
    protocol_version = "HTTP/1.1"
    #: Seconds a connection may stay silent (a request sent a byte at a
    #: time, an idle keep-alive connection) before it is closed, so clients
    #: that never finish cannot hold threads forever.
    timeout = IDLE_SECONDS

    def log_error(self, format: str, *args: object) -> None:  # noqa: A002
        if format.startswith("Request timed out"):
            return  # a silent client was let go: nothing wrong with the site
        super().log_error(format, *args)

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._respond(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._respond(send_body=False)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        if self.server.log is not None:
            self.server.log(f"{self.address_string()} {format % args}")

    def _simple(self, status: HTTPStatus, send_body: bool,
                headers: dict[str, str] | None = None) -> None:
        body = f"{status.value} {status.phrase}\n".encode()
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _respond(self, send_body: bool) -> None:
        split = urlsplit(self.path)
        try:
            kind, file = self.server.locate(split.path)
        except UnicodeDecodeError:
            kind, file = "missing", None
        if kind == "slash":
            location = split.path + "/" + (f"?{split.query}" if split.query else "")
            self._simple(HTTPStatus.MOVED_PERMANENTLY, send_body, {"Location": location})
            return
        if file is None:
            self._simple(HTTPStatus.NOT_FOUND, send_body)
            return
        relative = file.relative_to(self.server.public).as_posix()
        route = self.server.routes(relative)
        try:
            data = read_own_file(file)
            mtime = file.stat().st_mtime
        except OSError:
            self._simple(HTTPStatus.NOT_FOUND, send_body)
            return
        etag = _etag(data)
        validators = {"ETag": etag, "Last-Modified": formatdate(mtime, usegmt=True),
                      "Cache-Control": "no-cache"}
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        fresh = _etag_matches(inm, etag) if inm is not None else \
            ims is not None and _not_modified_since(ims, mtime)
        self.send_response(HTTPStatus.NOT_MODIFIED if fresh else HTTPStatus.OK)
        for name, value in validators.items():
            self.send_header(name, value)
        for link in route.links() if route else []:
            self.send_header("Link", link)
        if fresh:
            self.end_headers()
            return
        self.send_header("Content-Type", content_type(relative, route))
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if send_body:
            self.wfile.write(data)


def make_server(public: Path, site: SiteConfig, feeds: Sequence[FeedConfig], port: int = 0,
                log: Callable[[str], None] | None = None) -> PreviewServer:
    """A :class:`PreviewServer` for ``public/`` bound to 127.0.0.1:``port``.

    Call ``serve_forever()`` on it (and ``shutdown()`` from another thread).

    Raises:
        OSError: the port is taken or cannot be bound.
    """
    return PreviewServer((HOST, port), public, feed_routes(site, feeds), log)
