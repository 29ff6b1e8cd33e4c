"""Share metadata of an article page: Open Graph, Twitter Card, schema.org JSON-LD.

Values only, as ordered ``(name, content)`` pairs and plain dicts; the
templates write them. Dates are ISO 8601 with their offset.
"""

from __future__ import annotations

import locale
from typing import Any

from .. import jsonio
from ..config import SiteConfig
from ..feeds.document import guess_type
from ..images import card_type
from ..model import Author, Entry

__all__ = ["news_article", "og_locale", "open_graph", "script_json", "twitter_card"]

# Characters that must not appear raw inside <script>: "</script>", "<!--" and
# "&" sequences could end or change the script element (HTML §4.12.1.3).
_SCRIPT_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                   ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def og_locale(tag: str | None) -> str | None:
    """A BCP 47 tag in the ``language_TERRITORY`` form ``og:locale`` asks for.

    ``en-GB`` → ``en_GB``; a bare language takes its usual territory from the
    C library's locale alias table (``en`` → ``en_US``, ``fr`` → ``fr_FR``),
    without touching the process locale. None for None.
    """
    if not tag:
        return None
    parts = tag.replace("_", "-").split("-")
    language = parts[0].lower()
    region = next((p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()), None)
    if region is None:
        normal = locale.normalize(language).split(".", 1)[0].split("@", 1)[0]
        found, _, territory = normal.partition("_")
        if found == language and len(territory) == 2 and not _user_assigned(territory):
            return normal
        return language
    return f"{language}_{region}"


def _user_assigned(code: str) -> bool:
    """ISO 3166-1 codes reserved for private use (AA, QM–QZ, XA–XZ, ZZ): no country."""
    return code in ("AA", "ZZ") or (code[0] == "Q" and code[1] >= "M") or code[0] == "X"


def _author_ref(author: Author) -> str:
    return author.uri or author.name


def _image_type(url: str) -> str | None:
    found = guess_type(url)
    return found if found.startswith("image/") else None


def open_graph(entry: Entry, site: SiteConfig) -> list[tuple[str, str]]:
    """Open Graph properties (https://ogp.me/, type ``article``), in order.

    ``og:url`` is the canonical URL (``entry.link``); ``og:image`` comes with
    ``:type``, ``:width``, ``:height`` and ``:alt`` when known; then
    ``article:published_time``, ``modified_time``, one ``author`` per author
    (profile URL, else name), ``section`` and one ``tag`` per tag.
    """
    a = entry.article
    props = [("og:type", "article"), ("og:title", entry.title),
             ("og:description", entry.summary), ("og:url", entry.link),
             ("og:site_name", site.title)]
    loc = og_locale(entry.lang)
    if loc:
        props.append(("og:locale", loc))
    if entry.image_url:
        props.append(("og:image", entry.image_url))
        image_type = _image_type(entry.image_url)
        if image_type:
            props.append(("og:image:type", image_type))
        if entry.image_width and entry.image_height:
            props += [("og:image:width", str(entry.image_width)),
                      ("og:image:height", str(entry.image_height))]
        if a.image_alt:
            props.append(("og:image:alt", a.image_alt))
    props += [("article:published_time", entry.published.isoformat()),
              ("article:modified_time", entry.updated.isoformat())]
    props += [("article:author", _author_ref(x)) for x in entry.authors]
    if a.category:
        props.append(("article:section", a.category))
    props += [("article:tag", t) for t in a.tags]
    return props


def twitter_card(entry: Entry, site: SiteConfig) -> list[tuple[str, str]]:
    """Twitter (X) Card tags: ``summary_large_image`` with an image of at
    least 300x157 pixels (or of unknown size, elsewhere), else ``summary`` (see
    :func:`newswire.images.card_type`).

    ``twitter:site`` is the site's ``twitter_site`` handle, ``@`` added when missing.
    """
    card = card_type(entry.image_width, entry.image_height, entry.image_length) \
        if entry.image_url else "summary"
    props = [("twitter:card", card)]
    if site.twitter_site:
        handle = site.twitter_site.strip()
        props.append(("twitter:site", handle if handle.startswith("@") else "@" + handle))
    props += [("twitter:title", entry.title), ("twitter:description", entry.summary)]
    if entry.image_url:
        props.append(("twitter:image", entry.image_url))
        if entry.article.image_alt:
            props.append(("twitter:image:alt", entry.article.image_alt))
    return props


def news_article(entry: Entry, site: SiteConfig) -> dict[str, Any]:
    """One schema.org ``NewsArticle`` (https://schema.org/NewsArticle) as a dict.

    headline, description, url, datePublished, dateModified, author (Person
    list), image (ImageObject with width/height when known), publisher
    (Organization: the site), mainEntityOfPage (the canonical page),
    inLanguage, articleSection and keywords when the article has them.
    """
    a = entry.article
    obj: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": entry.title,
        "description": entry.summary,
        "url": entry.link,
        "datePublished": entry.published.isoformat(),
        "dateModified": entry.updated.isoformat(),
    }
    if entry.authors:
        obj["author"] = [{"@type": "Person", "name": x.name, **({"url": x.uri} if x.uri else {})}
                         for x in entry.authors]
    if entry.image_url:
        image: dict[str, Any] = {"@type": "ImageObject", "url": entry.image_url}
        if entry.image_width and entry.image_height:
            image["width"] = entry.image_width
            image["height"] = entry.image_height
        if a.image_alt:
            image["caption"] = a.image_alt
        obj["image"] = [image]
    obj["publisher"] = {"@type": "Organization", "name": site.title, "url": site.base_url}
    obj["mainEntityOfPage"] = {"@type": "WebPage", "@id": entry.link}
    if entry.lang:
        obj["inLanguage"] = entry.lang
    if a.category:
        obj["articleSection"] = a.category
    if a.tags:
        obj["keywords"] = list(a.tags)
    return obj


def script_json(obj: Any) -> str:
    """JSON for inside ``<script type="application/ld+json">``.

    ``<``, ``>``, ``&`` and U+2028/U+2029 are written as ``\\uXXXX`` escapes,
    so no text in the data can close the script element or open a comment;
    the JSON parses to the same value.
    """
    text = jsonio.dumps(obj, indent=1)
    for char, escape in _SCRIPT_ESCAPES:
        if char in text:
            text = text.replace(char, escape)
    return text
