"""Listing pages: which lists of articles a site has, and how they are paged.

Every article is reachable from HTML: the index and each feed's landing
page list all their articles, newest first, :data:`PAGE_SIZE` a page
(``/``, ``/page/2/``, ``/page/3/``…; ``/feeds/<name>/page/2/``…), and so
does a page per tag (``/tags/<slug>/``) and per category
(``/categories/<slug>/``), with ``/tags/`` and ``/categories/`` listing
them all. No I/O, no rendering: :class:`Listing` and :class:`ListingPage`
say what a page holds and where it goes.

Slugs depend on the term alone (:func:`term_slug`), so a tag's page never
moves when other tags come and go. Tags and categories are compared
case-insensitively, as feed selection does; spellings that give one slug
share a page.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from ..config import FeedConfig
from ..model import Entry

__all__ = ["PAGE_SIZE", "Listing", "ListingPage", "Term", "category_listings", "feed_listing",
           "index_listing", "tag_listings", "term_slug", "term_url"]

PAGE_SIZE = 50
"""Articles on one listing page."""

_SLUG_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")


def _is_slug(term: str) -> bool:
    """True for a term that is its own slug: lower-case ASCII letters and
    digits in words joined by single hyphens, under slugify's 80 characters."""
    return (0 < len(term) < 80 and _SLUG_CHARACTERS.issuperset(term)
            and term[0] != "-" and term[-1] != "-" and "--" not in term)

TAGS, CATEGORIES = "tags", "categories"


def term_slug(term: str) -> str:
    """The URL slug of a tag or category: ``"Kim Jong-Un"`` → ``kim-jong-un``,
    ``"Ελλάδα"`` → ``ellada``; a term with no letter or digit to keep
    (``"!!!"``) gets ``term-`` and a digest of its case-folded text."""
    if _is_slug(term):
        return term  # what slugify makes of a slug already (without loading it)
    from slugify import slugify
    slug = slugify(term, max_length=80, word_boundary=True)
    if slug:
        return slug
    digest = hashlib.sha256(term.casefold().encode("utf-8", "surrogatepass")).hexdigest()
    return "term-" + digest[:10]


def term_url(base_url: str, kind: str, term: str) -> str:
    """Absolute URL of a tag's (``kind="tags"``) or category's page."""
    return f"{base_url}{kind}/{term_slug(term)}/"


@dataclass(frozen=True, slots=True)
class Listing:
    """One list of entries, newest first, published as numbered pages.

    Attributes:
        kind: ``"index"``, ``"feed"``, ``"tags"`` or ``"categories"``.
        folder: where its first page goes below the site root: ``""`` (the
            index), ``"feeds/world/"``, ``"tags/harbour/"``.
        title: the heading (site title, feed title, the tag as written).
        entries: every entry of the list, newest first.
        feed: the feed, for a feed's landing page.
    """

    kind: str
    folder: str
    title: str
    entries: tuple[Entry, ...]
    feed: FeedConfig | None = None

    def pages(self, size: int = PAGE_SIZE) -> list[ListingPage]:
        """Its pages, first to last; an empty list still has one (empty) page."""
        chunks = [self.entries[i:i + size] for i in range(0, len(self.entries), size)] or [()]
        return [ListingPage(self, n, len(chunks), chunk) for n, chunk in
                enumerate(chunks, start=1)]


@dataclass(frozen=True, slots=True)
class ListingPage:
    """Page ``number`` (1-based) of ``count`` pages of a :class:`Listing`."""

    listing: Listing
    number: int
    count: int
    entries: tuple[Entry, ...]

    def folder_of(self, number: int) -> str:
        """The folder of page ``number`` of the same listing (``page/N/`` below
        the first page's)."""
        return self.listing.folder + ("" if number == 1 else f"page/{number}/")

    @property
    def file(self) -> str:
        """Its file below the site root (``tags/harbour/page/2/index.html``)."""
        return self.folder_of(self.number) + "index.html"

    def url(self, base_url: str) -> str:
        """Its absolute URL."""
        return base_url + self.folder_of(self.number)

    def prev_url(self, base_url: str) -> str | None:
        """The newer page's URL (``rel="prev"``), or None on the first page."""
        return base_url + self.folder_of(self.number - 1) if self.number > 1 else None

    def next_url(self, base_url: str) -> str | None:
        """The older page's URL (``rel="next"``), or None on the last page."""
        return base_url + self.folder_of(self.number + 1) if self.number < self.count \
            else None

    @property
    def lastmod(self) -> datetime | None:
        """The latest ``updated`` of its entries, or None when it has none."""
        return max((e.updated for e in self.entries), default=None)


@dataclass(frozen=True, slots=True)
class Term:
    """A tag or category page: its slug, the spellings it gathers, its listing."""

    slug: str
    names: tuple[str, ...]
    listing: Listing


def index_listing(title: str, entries: Sequence[Entry]) -> Listing:
    """The index: every entry."""
    return Listing("index", "", title, tuple(entries))


def feed_listing(feed: FeedConfig, entries: Sequence[Entry],
                 membership: Mapping[str, Sequence[str]]) -> Listing:
    """A feed's landing page: the entries the feed selects (every one of
    them, not only those in its subscription document)."""
    return Listing("feed", feed.path + "/", feed.title,
                   tuple(e for e in entries if feed.name in membership.get(e.id, ())), feed)


def _terms(kind: str, entries: Sequence[Entry],
           terms_of: Callable[[Entry], Iterable[str]]) -> list[Term]:
    spellings: dict[str, dict[str, int]] = {}
    members: dict[str, list[Entry]] = {}
    slugs: dict[str, str] = {}  # a site has few terms, used by many entries
    for entry in entries:
        seen: set[str] = set()
        for term in terms_of(entry):
            if not term.strip():
                continue
            slug = slugs.get(term)
            if slug is None:
                slug = slugs[term] = term_slug(term)
            counts = spellings.setdefault(slug, {})
            counts[term] = counts.get(term, 0) + 1
            if slug not in seen:
                seen.add(slug)
                members.setdefault(slug, []).append(entry)
    out = []
    for slug in sorted(members):
        # spellings by use, most used first; ties in code-point order
        names = tuple(sorted(spellings[slug], key=lambda n: (-spellings[slug][n], n)))
        folded: list[str] = []
        for name in names:  # one heading per case-insensitive spelling
            if name.casefold() not in (f.casefold() for f in folded):
                folded.append(name)
        out.append(Term(slug, tuple(folded), Listing(kind, f"{kind}/{slug}/",
                                                     " / ".join(folded), tuple(members[slug]))))
    return out


def tag_listings(entries: Sequence[Entry]) -> list[Term]:
    """One :class:`Term` per tag slug, in slug order; entries keep their order."""
    return _terms(TAGS, entries, lambda e: e.article.tags)


def category_listings(entries: Sequence[Entry]) -> list[Term]:
    """One :class:`Term` per category slug, in slug order."""
    return _terms(CATEGORIES, entries,
                  lambda e: (e.article.category,) if e.article.category else ())
