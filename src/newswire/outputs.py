"""Which output owns which path below ``public/`` (README "Feeds" and "Output: every URL").

Every file a build writes has one owner: the site (its index page, the
OPML list, stylesheets and icon), a feed (its documents, its landing page,
its ``archive/`` folder), an article (its page) or a file of ``content/``
copied as it is. Two owners wanting one path would overwrite each other on
every build, so a claim on a taken path is refused, naming both owners.
No I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .config import FeedConfig
from .feeds import feed_file

__all__ = ["OVERRIDABLE", "SITE_FILES", "Claims", "feed_claims"]

SITE_FILES = {"index.html": "the site's index page", "feeds.opml": "the OPML list of feeds",
              "style.css": "the pages' stylesheet", "feed.css": "the feeds' stylesheet",
              "favicon.ico": "the site icon", "sitemap.xml": "the sitemap",
              "news-sitemap.xml": "the Google News sitemap", "robots.txt": "robots.txt"}
"""Files every site writes at the root of ``public/``, with their owner."""

OVERRIDABLE = frozenset({"style.css", "feed.css", "favicon.ico", "sitemap.xml",
                         "news-sitemap.xml", "robots.txt"})
"""Site files a file of the same name in ``content/`` replaces on purpose."""


def feed_claims(feed: FeedConfig, where: str) -> dict[str, str]:
    """The paths one feed writes, file by file, plus its ``archive/`` folder
    (a key ending in ``/``: everything below it), each mapped to ``where``."""
    paths = {feed_file(feed, fmt): where for fmt in feed.formats}
    paths[f"{feed.path}/index.html"] = where
    paths[f"{feed.path}/archive/"] = where
    return paths


@dataclass
class Claims:
    """Paths below ``public/`` and who owns each one.

    A key ending in ``/`` claims a folder: every path below it. Article
    pages (:meth:`claim_page`, one per article) are held apart, by their
    source, and their owner's text is made only when a message needs it.
    """

    owners: dict[str, str] = field(default_factory=dict)
    #: The hash of every folder above a claimed path (``"feeds/world"``, no
    #: slash): a number, not the folder's text, per folder; a path found
    #: here is checked against the claims. The folder of an article page
    #: (a site has one per article) is not here: :attr:`_pages` holds it.
    _folders: set[int] = field(default_factory=set, init=False, repr=False)
    #: Article pages claimed, by page path (``"news/a/"``, the folder its
    #: ``index.html`` is in: the very string the article's identity holds,
    #: not a second one per article) → source below :attr:`_content`.
    _pages: dict[str, str] = field(default_factory=dict, init=False, repr=False)
    _content: str | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        for path in self.owners:
            self._note_folders(path)

    def _note_folders(self, path: str) -> None:
        parts = path.rstrip("/").split("/")
        for end in range(1, len(parts) + (path.endswith("/"))):
            self._folders.add(hash("/".join(parts[:end])))

    def _page_source(self, path: str) -> str | None:
        """The source of the article whose page file is exactly ``path``
        (its page path + ``index.html``), or None."""
        if not path.endswith("index.html"):
            return None
        folder = path[:-len("index.html")]
        return self._pages.get(folder) if not folder or folder.endswith("/") else None

    def _owner_of(self, path: str) -> str | None:
        """The owner of exactly ``path``, or None."""
        who = self.owners.get(path)
        if who is None and self._pages:
            source = self._page_source(path)
            if source is not None:
                return _page_owner(self._content or "", source)
        return who

    def _below(self, folder: str) -> str | None:
        """The owner of the first path claimed below ``folder`` (ending in
        ``/``), or None."""
        taken = next((taken for taken in self.owners if taken.startswith(folder)), None)
        if taken is not None:
            return self._owner_of(taken)
        # a page's file is below a folder (ending in "/") when its page path is
        page = next((page for page in self._pages if page.startswith(folder)), None)
        if page is not None:
            return _page_owner(self._content or "", self._pages[page])
        return None

    def owner(self, path: str) -> str | None:
        """Who already owns ``path`` (the file, or a folder above it), or None.

        A file is owned too when another owner needs its name as a folder
        (``index.html`` claimed as a file, ``index.html/rss.xml`` wanted),
        and the other way round.
        """
        who = self._owner_of(path)
        if who is not None:
            return who
        parts = path.split("/")
        for end in range(1, len(parts)):
            above = "/".join(parts[:end])
            who = self._owner_of(above + "/")
            if who is None:
                who = self._owner_of(above)  # a file where this path needs a folder
            if who is not None:
                return who
        if path.endswith("/"):
            return self._owner_of(path[:-1]) or self._below(path)  # a file where this folder would go
        if hash(path) in self._folders or (  # a folder where this file would go
                self._pages and path + "/" in self._pages):
            return self._below(path + "/")
        return None

    def claim(self, path: str, who: str) -> str | None:
        """Give ``path`` to ``who``; return the owner it already had instead
        (and change nothing), or None when it was free."""
        other = self.owner(path)
        if other is not None and other != who:
            return other
        self.owners[path] = who
        self._note_folders(path)
        return None

    def claim_page(self, page_path: str, content: str, source: str) -> str | None:
        """:meth:`claim` of ``page_path + "index.html"`` for the page of the
        article ``source`` (its path below the folder ``content``), the
        owner named "the page of content/source" (held as the source
        alone); ``page_path`` is the article's page path (its
        :attr:`~newswire.model.Identity.path`, ``"news/a/"``), held as it
        is given."""
        path = page_path + "index.html"
        if self._content is None:
            self._content = content
        if content != self._content or (page_path and not page_path.endswith("/")):
            return self.claim(path, _page_owner(content, source))
        other = self.owner(path)
        if other is not None and other != _page_owner(content, source):
            return other
        if path not in self.owners:
            self._pages[page_path] = source
            self._note_folders(page_path[:-1])  # those above its own (see _pages)
        return None

    def claim_all(self, paths: Mapping[str, str]) -> list[tuple[str, str, str]]:
        """Claim each path for its owner; return ``(path, owner, other)``
        for every path already owned by another."""
        return [(path, who, other) for path, who in paths.items()
                if (other := self.claim(path, who)) is not None]

    def page_owner(self, page_path: str) -> str | None:
        """Who owns the ``index.html`` of an article page path
        (``"feeds/world/"``), or None."""
        return self.owner(page_path + "index.html")

    @classmethod
    def of_site(cls, feeds: Iterable[tuple[FeedConfig, str]]) -> tuple[
            Claims, list[tuple[str, str, str]]]:
        """The claims of the site files and every feed (with the text that
        names each feed in messages), and the conflicts among them."""
        claims = cls(dict(SITE_FILES))
        conflicts: list[tuple[str, str, str]] = []
        for feed, where in feeds:
            conflicts += claims.claim_all(feed_claims(feed, where))
        return claims, conflicts


def _page_owner(content: str, source: str) -> str:
    """How messages name the owner of an article's page."""
    return f"the page of {content}/{source}"
