"""The values one article brings into every feed document, checked before
any document is assembled (README "Bad input").

Readers check each value where they read it, with the line of its key;
this is the net behind them: the same predicates the validators apply to
the written documents (:mod:`newswire.validate.values`), applied to one
article's values, so an article that would make a document invalid is
named and left out, and the documents are published without it. No I/O.
"""

from __future__ import annotations

from datetime import datetime

from ..config import SiteConfig
from ..entries import lead_image_url
from ..model import Article
from ..validate.values import has_email, is_absolute_iri, is_web_url

__all__ = ["article_problems"]


def _year_problem(key: str, value: datetime | None) -> str | None:
    if value is None or 1000 <= value.year <= 9999:
        return None
    return f"{key}: year {value.year} cannot be written in a feed (four digits, 1000-9999)"


def article_problems(article: Article, site: SiteConfig) -> list[str]:
    """What in ``article`` would make an RSS 2.0, Atom (RFC 4287) or JSON
    Feed 1.1 document invalid, one phrase each (empty when nothing would).

    Checked: the ``id`` (an absolute IRI without white space, RFC 4287
    §4.2.6), ``url`` and the lead image (absolute http(s) URLs with a
    host), each author's ``uri`` (an absolute IRI) and e-mail address, the
    title (not empty) and the years of ``date`` and ``updated``.
    """
    problems: list[str] = []
    if not article.title.strip():
        problems.append("title: empty; give the article a title")
    if article.id is not None and not is_absolute_iri(article.id):
        problems.append(f"id: {article.id!r} is not an absolute URI; use one like urn:uuid:…")
    if article.url is not None and not is_web_url(article.url):
        problems.append(f"url: {article.url!r} is not an absolute http(s) URL with a host")
    if article.image is not None:
        image = lead_image_url(article, site)
        if image is None or not is_web_url(image):
            problems.append(f"image: {article.image!r} does not make an http(s) URL with a "
                            "host; write https://… or a path to a file under content/")
    for author in article.authors:
        if author.uri is not None and not is_absolute_iri(author.uri):
            problems.append(f"author: uri {author.uri!r} is not an absolute URL")
        if author.email is not None and not has_email(author.email):
            problems.append(f"author: {author.email!r} is not an e-mail address")
    for key, value in (("date", article.published), ("updated", article.updated)):
        problem = _year_problem(key, value)
        if problem:
            problems.append(problem)
    return problems
