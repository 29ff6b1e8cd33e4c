"""Safe HTML for feeds and pages (README "Bad input"), built on nh3.

Everything an article body holds passes through :func:`sanitize_html` once;
RSS, Atom, JSON Feed and the article page all carry the same result.

Policy: no script, style, iframe, object, embed, form or other active
elements (script and style lose their content too), no event-handler or
style attributes, only ``http``, ``https`` and ``mailto`` URLs in ``href``,
``src`` and ``cite`` (so ``javascript:``, ``vbscript:`` and ``data:`` URLs are
removed, images included: a ``data:`` image is dropped, not kept). Relative
URLs are made absolute: fragments (``#fn1``) against the article's page,
anything else against the URL of the folder the article file sits in, which
is where its images and files are published. Characters URLs may not hold
(spaces, quotes, ``<>``) are percent-encoded.

Element ids get a prefix of the article's own (:func:`id_prefix`), and so do
same-page links, so footnotes resolve on the page and stay apart from other
articles' in a feed document. HTML as content management systems export it
keeps its meaning: a first pass lets through, besides the allowed markup,
what :func:`_rework` turns into it (lazy-loading sources, ``<picture>``,
embeds, cell alignment, ``<noscript>`` fallbacks, WordPress's emoji
pictures); WordPress shortcodes of export files (``[caption]``, ``[embed]``)
and URL-alone paragraphs are made HTML before it, and Ghost's
``__GHOST_URL__`` is read as the site's root; when there is any, the
reworked fragment is sanitized again with the final allow-list, so nothing
the rework does can let anything unsafe through.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, quote, unquote, urljoin, urlsplit

import nh3

from .readers.nesting import limit_nesting
from .readers.text import strip_illegal

if TYPE_CHECKING:
    import lxml.html  # imported where used: most bodies never need it (nor the run, its time)

__all__ = ["id_prefix", "plain_text", "sanitize_html", "summarize"]

_TAGS = {
    "a", "abbr", "b", "bdi", "blockquote", "br", "caption", "cite", "code", "col",
    "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption",
    "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li",
    "mark", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp", "section", "small",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "time", "tr", "u", "ul", "var", "wbr",
}
_ATTRIBUTES = {
    "*": {"title", "lang", "dir", "id"},
    "a": {"href", "hreflang", "name"},
    "img": {"src", "alt", "width", "height", "srcset"},
    "blockquote": {"cite"}, "q": {"cite"}, "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"}, "time": {"datetime"},
    "td": {"colspan", "rowspan", "align", "headers"},
    "th": {"colspan", "rowspan", "align", "scope", "headers"},
    "ol": {"start", "reversed", "type"}, "li": {"value"},
    "code": {"class"}, "abbr": {"title"}, "details": {"open"},
}
# What the first pass also lets through, for :func:`_rework` to turn into the
# above: lazy-loading sources, <picture>, embeds (which become links), the
# alignment of table cells, Substack's embed data and <noscript> fallbacks.
_STAGED_TAGS = _TAGS | {"picture", "source", "iframe", "video", "audio", "bdo"}
_LAZY_SOURCES = ("data-lazy-src", "data-src", "data-original", "data-orig-file")
_LAZY_SRCSETS = ("data-lazy-srcset", "data-srcset")
_STAGED_ATTRIBUTES = {
    **_ATTRIBUTES,
    "img": _ATTRIBUTES["img"] | set(_LAZY_SOURCES) | set(_LAZY_SRCSETS) | {"data-caption"},
    "source": {"src", "srcset", "type", *_LAZY_SRCSETS},
    "iframe": {"src", *_LAZY_SOURCES},
    "video": {"src", *_LAZY_SOURCES}, "audio": {"src", *_LAZY_SOURCES},
    "td": _ATTRIBUTES["td"] | {"style", "class"},
    "th": _ATTRIBUTES["th"] | {"style", "class"},
    "div": {"data-attrs"}, "span": {"data-newswire-noscript"},
}
_URL_ATTRIBUTES = {"href", "src", "cite", *_LAZY_SOURCES}
_SRCSET_ATTRIBUTES = {"srcset", *_LAZY_SRCSETS}
_ID_ATTRIBUTES = {"id", "name"}
_URL_SCHEMES = {"http", "https", "mailto"}
_URL_SAFE = "/:?#[]@!$&'()*+,;=%~"  # RFC 3986 reserved characters and '%'
_CLEAN_CONTENT = {"script", "style", "noscript", "template", "iframe", "object",
                  "embed", "svg", "math", "textarea", "select", "title"}
_STAGED_CLEAN_CONTENT = _CLEAN_CONTENT - {"iframe"}
# Each pattern below stops at the next "<" or ">", so no input makes it
# look at one character more than a fixed number of times (linear time).
_NOSCRIPT = re.compile(r"<(/?)noscript\b[^<>]*>", re.I)
_REWORK_MARKERS = ("<picture", "<source", "<iframe", "<video", "<audio", "<bdo", " data-",
                   " srcset=", "/images/core/emoji/")
# The tag markers above, found in one pass (their shared "<" is what the
# search looks for; nine substring searches cost three times as much).
_REWORK_TAG = re.compile("<(?:picture|source|iframe|video|audio|bdo)")
# WordPress writes emoji as pictures of them in feeds and exports
# (wp-staticize-emoji): the picture's alt is the emoji itself.
_EMOJI_IMAGE = ("https://s.w.org/images/core/emoji/", "http://s.w.org/images/core/emoji/")
_NEEDS_REWORK = re.compile(
    r"<(?:img\b(?![^<>]*\ssrc=)|a\b[^<>]*\sname=|t[dh]\b[^<>]*\s(?:style|class)=)")
_ALIGN_STYLE = re.compile(r"(?:^|;)\s*text-align\s*:\s*(left|right|center|justify)\b", re.I)
_ALIGN_CLASS = re.compile(r"(?:^|\s)(?:has-)?text-(?:align-)?(left|right|center|justify)(?:\s|$)")


def id_prefix(article_id: str) -> str:
    """The prefix an article's element ids get in every output: ``a`` and the
    first 8 hex digits of the SHA-256 of its permanent id (guid / atom:id),
    then ``-`` (``fn1`` → ``a1b2c3d4e-fn1``). Ids stay the same as long as the
    article's id does, and two articles in one feed document or page never
    share one."""
    return "a" + hashlib.sha256(article_id.encode("utf-8", "surrogatepass")).hexdigest()[:8] + "-"


def sanitize_html(fragment: str, page_url: str, folder_url: str, prefix: str = "") -> str:
    """Sanitize an HTML fragment and make every URL in it absolute.

    Args:
        fragment: untrusted HTML (a rendered body, raw HTML from an author).
        page_url: the article page's absolute URL (fragment links resolve here).
        folder_url: the absolute URL of the folder the article file sits in
            (relative links and images resolve here).
        prefix: put before every element ``id`` (and ``<a name>``, table
            ``headers``) and before the fragment of every same-page link
            (``#fn1``), so that several articles in one feed document keep
            their footnotes and anchors apart (see :func:`id_prefix`).

    Returns:
        The sanitized fragment: only allowed tags and attributes, only
        http(s)/mailto URLs, all absolute, no XML-illegal characters. What
        content management systems write is kept with its meaning (README
        "Bad input", "HTML from content management systems"): lazy-loaded
        images get their real source, ``<picture>`` becomes its ``<img>``,
        embedded players and posts (``<iframe>``, ``<video>``, ``<audio>``)
        become links, table cell alignment becomes ``align``. No element is nested deeper than
        :data:`~newswire.readers.nesting.MAX_DEPTH`: deeper tags are dropped
        first, their text kept (parsing deep trees is slow).
    """
    if "[caption" in fragment:
        fragment = _caption_shortcodes(fragment)
    if "http" in fragment:
        fragment = _embed_links(fragment)
    fragment = limit_nesting(fragment)[0]
    context = _Context(page_url, folder_url, prefix)
    cleaners = _cleaners()
    outer = getattr(cleaners.local, "context", None)
    cleaners.local.context = context
    try:
        staged = _finish(cleaners.staged.clean(_NOSCRIPT.sub(_noscript_marker, fragment)))
        if not _has_rework_marker(staged) and not _NEEDS_REWORK.search(staged):
            return staged
        return _finish(cleaners.final.clean(_rework(staged, context.absolute)))
    finally:
        cleaners.local.context = outer


def _has_rework_marker(staged: str) -> bool:
    """True when ``staged`` holds one of :data:`_REWORK_MARKERS`."""
    return (_REWORK_TAG.search(staged) is not None or " data-" in staged
            or " srcset=" in staged or "/images/core/emoji/" in staged)


@dataclass(frozen=True)
class _Context:
    """The article a fragment belongs to: where its relative URLs point,
    and the ids its elements have taken so far."""

    page_url: str
    folder_url: str
    prefix: str
    ids: set[str] = field(default_factory=set)

    def absolute(self, url: str) -> str | None:
        """``url`` made absolute (fragments against the page, with the id
        prefix; anything else against the folder) and checked, or None."""
        url = url.strip()
        if not url:
            return None
        if url.startswith(_GHOST_URL):
            # Ghost's exports write the site's own address as a placeholder
            url = "/" + url[len(_GHOST_URL):].lstrip("/")
        if url.startswith("#"):
            fragment_id = url[1:]
            return _safe_url(self.page_url + "#" +
                             (self.prefix + fragment_id if fragment_id else ""))
        return _safe_url(urljoin(self.folder_url, url))

    def check(self, tag: str, attribute: str, value: str) -> str | None:
        """An attribute's value as published, or None to drop it."""
        if attribute in _ID_ATTRIBUTES or attribute == "headers":
            if tag != "a" and attribute == "name":
                return None
            names = value.split()
            if not names:
                return None
            if attribute in _ID_ATTRIBUTES:
                # an id names one element of the page: a second element
                # claiming it (raw HTML repeating one) loses it
                if names[0] in self.ids:
                    return None
                self.ids.add(names[0])
                return self.prefix + names[0]
            return " ".join(self.prefix + name for name in names)
        if attribute in _SRCSET_ATTRIBUTES:
            # an unsafe lazy source stays as an empty attribute, so the
            # rework knows the plain one is only a placeholder
            return _srcset(value, self.absolute) or ("" if attribute in _LAZY_SRCSETS else None)
        if attribute == "style":
            match = _ALIGN_STYLE.search(value)
            return f"text-align: {match.group(1).lower()}" if match else None
        if attribute == "class" and tag in ("td", "th"):
            match = _ALIGN_CLASS.search(value)
            return f"text-{match.group(1)}" if match else None
        if attribute not in _URL_ATTRIBUTES:
            return value
        if attribute.startswith("data-"):
            return self.absolute(value) or ""
        if tag in ("iframe", "video", "audio", "source"):
            return self.absolute(value)
        return _safe_url(value.strip(), relative_ok=True)


@dataclass(frozen=True)
class _Cleaners:
    """The two sanitizer passes, built once per process (building one costs
    more than cleaning a typical body). Their callbacks read the article
    being cleaned from ``local.context``, set around each call by
    :func:`sanitize_html` (per thread, so threads may sanitize at once)."""

    staged: nh3.Cleaner
    final: nh3.Cleaner
    local: threading.local


@functools.cache
def _cleaners() -> _Cleaners:
    local = threading.local()

    def check(tag: str, attribute: str, value: str) -> str | None:
        return local.context.check(tag, attribute, value)

    def absolute(url: str) -> str | None:
        return local.context.absolute(url)

    def cleaner(tags: set[str], attributes: dict[str, set[str]], clean_content: set[str],
                attribute_filter: Callable[[str, str, str], str | None] | None) -> nh3.Cleaner:
        return nh3.Cleaner(
            tags=tags, clean_content_tags=clean_content, attributes=attributes,
            attribute_filter=attribute_filter, url_schemes=_URL_SCHEMES,
            url_relative=absolute, link_rel="noopener noreferrer", strip_comments=True)

    return _Cleaners(
        staged=cleaner(_STAGED_TAGS, _STAGED_ATTRIBUTES, _STAGED_CLEAN_CONTENT, check),
        final=cleaner(_TAGS, _ATTRIBUTES, _CLEAN_CONTENT, None),
        local=local)


# WordPress's [caption] shortcode, as its exports (WXR) hold it: the image
# (in a link or not), then the caption text. The opening tag's attributes
# stop at a bracket or angle bracket, so each is read once (linear time).
_CAPTION_OPEN = re.compile(r"(?:<p>\s*)?\[caption\b[^\[\]<>]*\]")
_CAPTION_CLOSE = re.compile(r"\[/caption\](?:\s*</p>)?")
_EMPTY_PARAGRAPH = re.compile(r"<p>\s*</p>")
_CAPTION_IMAGE = re.compile(r"\s*(?:<a\b[^<>]*>\s*<img\b[^<>]*>\s*</a>|<img\b[^<>]*>)")


def _caption_shortcodes(fragment: str) -> str:
    """WordPress ``[caption]…[/caption]`` shortcodes as the ``<figure>`` with
    ``<figcaption>`` WordPress renders them into; the paragraph Markdown
    put around one goes with it. A shortcode without an image, or without
    its closing tag, is left as text."""
    out: list[str] = []
    position = 0
    closing: re.Match[str] | None = None
    in_paragraph = False
    for opening in _CAPTION_OPEN.finditer(fragment):
        if opening.start() < position:
            continue
        if closing is None or closing.start() < opening.end():
            # the first closing tag after this opening one; reused by the
            # openings before it, so the text is searched once (linear time)
            closing = _CAPTION_CLOSE.search(fragment, opening.end())
        if closing is None:
            break
        image = _CAPTION_IMAGE.match(fragment, opening.end(), closing.start())
        if image is None:
            continue
        wrapped = opening.group(0).startswith("<p") and closing.group(0).endswith("</p>")
        start, end = (opening.start(), closing.end()) if wrapped else \
            (opening.start() + opening.group(0).index("["), closing.start() + len("[/caption]"))
        caption = fragment[image.end():closing.start()].strip()
        before = fragment[position:start]
        opened, closed = before.rfind("<p>"), before.rfind("</p>")
        if opened != closed:  # -1 both when this stretch has neither
            in_paragraph = opened > closed
        # a figure cannot sit in a paragraph: inside one, it closes it and
        # the text after it starts a new one
        out += [before, "</p>" if in_paragraph and not wrapped else "", "<figure>",
                image.group(0).strip(),
                f"<figcaption>{caption}</figcaption>" if caption else "", "</figure>",
                "<p>" if in_paragraph and not wrapped else ""]
        in_paragraph = in_paragraph and not wrapped
        position = end
    out.append(fragment[position:])
    # a shortcode inside a sentence splits its paragraph: no empty one is left
    return _EMPTY_PARAGRAPH.sub("", "".join(out))


# What WordPress embeds from a URL alone: an [embed] shortcode, or a
# paragraph that is only a URL (oEmbed). URLs stop at spaces, quotes, angle
# brackets and square brackets, so each is read once.
_EMBED_SHORTCODE = re.compile(r"\[embed\b[^\[\]<>]*\]\s*(https?://[^\s\[\]<>\"]+)\s*\[/embed\]")
_URL_PARAGRAPH = re.compile(r"<p>\s*(https?://[^\s<>\"]+)\s*</p>")


def _embed_links(fragment: str) -> str:
    """WordPress embeds (``[embed]URL[/embed]``, a paragraph holding only a
    URL, which WordPress shows as the embedded video or post) as links to
    that URL, which a feed reader can follow."""
    if "[embed" in fragment:  # a substring search costs less than the pattern's
        fragment = _EMBED_SHORTCODE.sub(r'<a href="\1">\1</a>', fragment)
    return _URL_PARAGRAPH.sub(r'<p><a href="\1">\1</a></p>', fragment)


def _noscript_marker(match: re.Match[str]) -> str:
    return "</span>" if match.group(1) else '<span data-newswire-noscript="">'


def _finish(cleaned: str) -> str:
    return strip_illegal(cleaned)[0].strip()


_VOID = re.compile(r"<(source|wbr)\b([^<>]*)>")
_GHOST_URL = "__GHOST_URL__"
_EMBEDLY_HOSTS = {"cdn.embedly.com", "embed.ly", "cdn.embed.ly"}
_EMBED_PAGES = (
    (re.compile(r"^https?://(?:www\.)?youtube(?:-nocookie)?\.com/embed/([\w-]+)"),
     "https://www.youtube.com/watch?v={}"),
    (re.compile(r"^https?://player\.vimeo\.com/video/(\d+)"), "https://vimeo.com/{}"),
    (re.compile(r"^https?://open\.spotify\.com/embed/((?:track|album|episode|show|playlist)/\w+)"),
     "https://open.spotify.com/{}"),
)


def _rework(cleaned: str, absolute: Callable[[str], str | None]) -> str:
    """The first pass's output with what feed readers cannot show turned into
    what they can (see :func:`sanitize_html`); sanitized again afterwards."""
    import lxml.html
    root = lxml.html.fragment_fromstring(_VOID.sub(r"<\1\2 />", cleaned), create_parent="div")
    for marker in list(root.iter("span")):
        if marker.get("data-newswire-noscript") is not None:
            _noscript(marker)
    for picture in list(root.iter("picture")):
        _picture(picture)
    for img in list(root.iter("img")):
        _image(img)
    for player in list(root.iter("iframe", "video", "audio")):
        _link_for(player, absolute)
    for box in list(root.iter("div")):
        if box.get("data-attrs") is not None:
            _embed_data(box, absolute)
    for cell in root.iter("td", "th"):
        _alignment(cell)
    for override in root.iter("bdo"):
        # an override can show text in an order other than the one it has
        # (a spoofing device, which feed validators flag); an embedding
        # keeps its direction
        override.tag = "span"
    for anchor in root.iter("a"):
        if anchor.get("name") and not anchor.get("id"):
            anchor.set("id", anchor.attrib.pop("name"))
    for element in root.iter():
        for name in [n for n in element.attrib if n.startswith("data-")]:
            del element.attrib[name]
    _drop_empty(root)
    text = lxml.html.tostring(root, encoding="unicode")
    return text[len("<div>"):-len("</div>")]


def _noscript(marker: lxml.html.HtmlElement) -> None:
    """A ``<noscript>`` right after an ``<img>`` that has no lazy-loading
    ``data-*`` source holds the real image (the ``<img>`` shows a
    placeholder until a script swaps it): its content takes the
    placeholder's place. Any other ``<noscript>`` is for browsers without
    scripts (or repeats an image already resolved) and is dropped."""
    previous = marker.getprevious()
    if previous is not None and previous.tag != "img":
        previous = next(iter(reversed(list(previous.iter("img")))), None)
    if previous is not None and (previous.tail or "").strip() == "" and \
            not any(previous.get(a) for a in (*_LAZY_SOURCES, *_LAZY_SRCSETS)) and \
            next(iter(marker.iter("img")), None) is not None:
        previous.drop_tree()
        marker.drop_tag()
    else:
        marker.drop_tree()


def _picture(picture: lxml.html.HtmlElement) -> None:
    """``<picture>`` becomes its ``<img>``, given a source from the first
    ``<source>`` (one without a ``type``, or of a type every reader shows,
    first) when it has none."""
    import lxml.html
    img = next(iter(picture.iter("img")), None)
    sources = [s for s in picture.iter("source")]
    if img is None:
        img = lxml.html.Element("img")
        picture.append(img)
    if not (img.get("src") or img.get("srcset") or any(img.get(a) for a in _LAZY_SRCSETS)):
        plain = sorted(sources, key=lambda s: s.get("type", "") not in
                       ("", "image/jpeg", "image/png", "image/gif"))
        for source in plain:
            srcset = source.get("srcset") or next(
                (source.get(a) for a in _LAZY_SRCSETS if source.get(a)), None)
            if srcset or source.get("src"):
                img.set("srcset" if srcset else "src", srcset or source.get("src"))
                break
    for source in sources:
        source.drop_tree()
    img.tail = (img.tail or "")
    picture.drop_tag()


def _image(img: lxml.html.HtmlElement) -> None:
    """The image a reader would have loaded: a lazy-loading plugin's
    ``data-*`` source over the placeholder ``src``, else the widest
    ``srcset`` candidate; with none, the ``alt`` text or nothing. A Drupal
    ``data-caption`` becomes a ``<figure>`` caption."""
    import lxml.html
    alt = img.get("alt") or ""
    if (img.get("src") or "").startswith(_EMOJI_IMAGE) and alt.strip():
        _replace_with_text(img, alt.strip())
        return
    real = next((img.get(a) for a in _LAZY_SOURCES if img.get(a)), None)
    srcset = next((img.get(a) for a in _LAZY_SRCSETS if img.get(a)), None) or img.get("srcset")
    if real:
        img.set("src", real)
    elif any(img.get(a) is not None for a in (*_LAZY_SOURCES, *_LAZY_SRCSETS)) and \
            "src" in img.attrib:
        # the real source was unsafe (javascript:, data:) and removed: the
        # plain src is the plugin's placeholder, never the image
        del img.attrib["src"]
    if srcset:
        img.set("srcset", srcset)
        if not img.get("src"):
            img.set("src", _widest(srcset))
    if not img.get("src"):
        if alt.strip():
            _replace_with_text(img, alt.strip())
        else:
            img.drop_tree()
        return
    caption = (img.get("data-caption") or "").strip()
    parent = img.getparent()
    if caption and parent is not None and parent.tag != "figure":
        figure = lxml.html.Element("figure")
        if parent.tag == "p" and parent.getparent() is not None:
            # a figure cannot sit in a paragraph: it goes after it
            parent.remove(img) if not img.tail else img.drop_tree()
            parent.addnext(figure)
            figure.tail, parent.tail = parent.tail, None
            if not parent.text_content().strip() and not len(parent):
                parent.drop_tree()
        else:
            figure.tail = img.tail
            parent.replace(img, figure)
        img.tail = None
        figure.append(img)
        figcaption = lxml.html.Element("figcaption")
        figcaption.text = plain_text(caption)
        figure.append(figcaption)


def _replace_with_text(img: lxml.html.HtmlElement, text: str) -> None:
    """``img`` replaced by ``text`` (its description, or the emoji it shows)."""
    import lxml.html
    span = lxml.html.Element("span")
    span.text = text
    span.tail = img.tail
    img.getparent().replace(img, span)


def _link_for(player: lxml.html.HtmlElement, absolute: Callable[[str], str | None]) -> None:
    """An embedded player or post becomes a link to its page: YouTube, Vimeo
    and Spotify embeds to the page people watch or listen on, anything else
    to what the embed loads. Its text is the embed's ``title``, else the
    media file's name, else the URL."""
    import lxml.html
    url = player.get("src") or next((player.get(a) for a in _LAZY_SOURCES if player.get(a)), None)
    if not url:
        url = next((s.get("src") for s in player.iter("source") if s.get("src")), None)
    url = absolute(url) if url else None
    if not url or not url.startswith(("http://", "https://")):
        player.drop_tree()
        return
    url = _embedded_page(url, absolute) or url
    for pattern, page in _EMBED_PAGES:
        match = pattern.match(url)
        if match:
            url = page.format(match.group(1))
            break
    name = unquote(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1])
    text = (player.get("title") or "").strip() or \
        (name if player.tag != "iframe" and "." in name else url)
    link = lxml.html.Element("a", href=url)
    link.text = text
    link.tail = player.tail
    player.getparent().replace(player, link)


def _embedded_page(url: str, absolute: Callable[[str], str | None]) -> str | None:
    """The page an embedding service's player shows (Medium's embeds go
    through Embedly: ``cdn.embedly.com/widgets/media.html?url=<page>&src=<player>``),
    checked like any URL, or None for any other player."""
    parts = urlsplit(url)
    if parts.hostname not in _EMBEDLY_HOSTS or not parts.path.startswith("/widgets/"):
        return None
    query = parse_qs(parts.query)
    for key in ("url", "src"):
        for value in query.get(key, ()):
            page = absolute(value)
            if page and page.startswith(("http://", "https://")):
                return page
    return None


def _embed_data(box: lxml.html.HtmlElement, absolute: Callable[[str], str | None]) -> None:
    """A Substack embed that is only data (``data-attrs`` JSON, nothing
    visible: posts from X/Twitter, Bluesky, Instagram…) becomes a quotation
    of its text with a link to it."""
    import lxml.html
    if box.text_content().strip() or next(iter(box.iter("img", "a")), None) is not None:
        return
    try:
        data = json.loads(box.get("data-attrs") or "")
    except ValueError:
        return
    if not isinstance(data, dict) or not isinstance(data.get("url"), str):
        return
    url = absolute(data["url"])
    if not url or not url.startswith(("http://", "https://")):
        return
    quote_ = lxml.html.Element("blockquote")
    text = data.get("full_text") or data.get("text")
    if isinstance(text, str) and text.strip():
        paragraph = lxml.html.Element("p")
        paragraph.text = text.strip()
        quote_.append(paragraph)
    link = lxml.html.Element("a", href=url)
    link.text = url
    quote_.append(link)
    box.append(quote_)


def _alignment(cell: lxml.html.HtmlElement) -> None:
    """A table cell's ``text-align`` style or alignment class becomes ``align``."""
    style, classes = cell.attrib.pop("style", ""), cell.attrib.pop("class", "")
    match = re.search(r"(left|right|center|justify)", style + " " + classes)
    if match and not cell.get("align"):
        cell.set("align", match.group(1))


def _drop_empty(root: lxml.html.HtmlElement) -> None:
    """Links, figures and boxes left with nothing to show (their image had
    no source) go, innermost first; elements with an ``id`` stay (targets)."""
    for element in reversed(list(root.iter("a", "figure", "div", "span"))):
        if element is root or element.get("id") is not None:
            continue
        if element.get("href") and element.tag == "a" and element.text_content().strip():
            continue
        if not element.text_content().strip() and \
                next(iter(element.iter("img", "br", "hr")), None) is None:
            element.drop_tag() if len(element) else element.drop_tree()


def _srcset(value: str, absolute: Callable[[str], str | None]) -> str | None:
    """A ``srcset`` with every candidate's URL made absolute and checked;
    unsafe candidates dropped (HTML §4.8.4.3; URLs may hold commas)."""
    from .validate.links import srcset_candidates
    out = []
    for url, descriptor in srcset_candidates(value):
        safe = absolute(url)
        if safe and safe.startswith(("http://", "https://")):
            out.append(f"{safe} {descriptor}".strip())
    return ", ".join(out) or None


def _widest(srcset: str) -> str:
    """The URL of the widest (``w``) or densest (``x``) candidate."""
    from .validate.links import srcset_candidates
    def size(descriptor: str) -> float:
        match = re.fullmatch(r"(\d+(?:\.\d+)?)([wx])", descriptor)
        return float(match.group(1)) * (1 if match.group(2) == "w" else 1000) if match else 0
    candidates = srcset_candidates(srcset)
    return max(candidates, key=lambda c: size(c[1]))[0] if candidates else ""


def _safe_url(url: str, relative_ok: bool = False) -> str | None:
    """``url`` percent-encoded where needed, or None unless it is an
    absolute http(s)/mailto URL (or, with ``relative_ok``, has no scheme)."""
    url = strip_illegal(url)[0]
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in _URL_SCHEMES and not (relative_ok and not parts.scheme):
        return None
    if parts.scheme and parts.scheme.lower() != "mailto" and not parts.netloc:
        return None
    return quote(url, safe=_URL_SAFE)


_BLOCK_END = re.compile(r"</(?:p|div|li|h[1-6]|td|th|dt|dd|caption|figcaption|blockquote|tr|"
                        r"section|figure|pre|summary|details|rt)>|<br\s*/?>", re.I)


def plain_text(fragment: str) -> str:
    """The visible text of an HTML fragment, whitespace collapsed; blocks
    (paragraphs, list items, table cells, ``<br>``…) are kept apart by a space."""
    import lxml.html
    if not fragment.strip():
        return ""
    fragment = _BLOCK_END.sub(r"\g<0> ", fragment)
    try:
        text = lxml.html.fragment_fromstring(fragment, create_parent="div").text_content()
    except Exception:  # lxml raises several types on odd fragments; fall back to regex
        text = html.unescape(re.sub(r"<[^<>]*+>", " ", fragment))
    return " ".join(text.split())


# A footnote reference: a superscript that is only a link within the page.
# (The tag must close before its attributes are searched, and once one href
# is found the tag is not searched again: each tag is read a fixed number of
# times, however many href-like attributes it holds.)
_NOTE_MARK = re.compile(r"<sup>\s*+<a (?=[^<>]*+>)(?>[^<>]*?\bhref=\"[^\"#<>]*+#[^\"<>]*+\"[^<>]*+>)"
                        r"[^<]{0,20}</a>\s*+</sup>")


_P_START = re.compile(r"<p\b[^<>]*+>")


def _paragraphs(fragment: str) -> Iterator[str]:
    """The inner HTML of each ``<p>…</p>`` of ``fragment``, in order: from a
    start tag to the next ``</p>``. One pass (a search resumes after the
    last end tag), so it takes linear time whatever the fragment holds."""
    position = 0
    while (start := _P_START.search(fragment, position)) is not None:
        end = fragment.find("</p>", start.end())
        if end < 0:
            return
        yield fragment[start.end():end]
        position = end + 4


def summarize(fragment: str, limit: int = 280) -> str:
    """A plain-text summary: the text of the first paragraph that has any
    (a paragraph holding only an image has none), else of the whole
    fragment, without footnote reference marks (for a body of images only,
    the first image's ``alt`` text), shortened to about
    ``limit`` characters at a sentence, clause, word or grapheme boundary of
    its script (see :func:`newswire.shorten.shorten`)."""
    from .shorten import shorten
    for paragraph in _paragraphs(fragment):
        text = plain_text(_NOTE_MARK.sub("", paragraph))
        if text:
            return shorten(text, limit)
    text = plain_text(_NOTE_MARK.sub("", fragment))
    if not text:
        # a body of images only: what the first described one shows
        alts = (html.unescape(a).strip() for a in re.findall(r'<img [^<>]*?alt="([^"<>]*)"', fragment))
        text = " ".join(next((a for a in alts if a), "").split())
    return shorten(text, limit)
