"""Scraped plain-text articles, the seed's shape (README "Articles", scraped text).

::

    Title line
      • standfirst bullet(s)          -> summary
    Share                             -> dropped (share-widget residue)
    [caption or byline lines]         -> kept as paragraphs
    25 April 2019First paragraph…     -> date split off the first paragraph
    Paragraph…                        -> one <p> per blank-line-separated block

Every part but the title may be missing. A sidecar ``<stem>.toml`` or
``<stem>.yaml`` beside the file adds front-matter keys (author, tags, image,
url, id…); its values win over what the text implies.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import ArticleError, Diagnostic
from .datelines import near_miss, read_dateline
from .dates import DateError, split_dateline
from .fields import LoneSurrogate, decode_references
from .result import ReadResult, make_article
from .text import DecodedText, normalize_controls, strip_illegal

__all__ = ["read_plaintext"]

_BULLET = re.compile(r"^\s*[\u2022\u00b7\u25aa\u25cf*-]\s+(?P<text>\S.*)$")
_SHARE = re.compile(r"^\s*+share(?:\s++this(?:\s++article)?)?\s*+:?\s*+$", re.IGNORECASE)
_DATELINE_SEARCH = 3  # blocks after the header in which a dateline may stand
# What separates a dateline from the text: "25 April 2019 - Text", " – ", " — ", " | ".
_DATELINE_SEPARATOR = re.compile(r"^(?:-{1,2}|\u2013|\u2014|\|)\s+")
# Sentence-final punctuation, optionally followed by closing quotes or brackets.
_SENTENCE_END = re.compile(r"[.!?\u2026\u3002\uff01\uff1f][\"'\u2019\u201d\u00bb)\]]*$")
_CJK_STOPS = ("\u3002", "\uff01", "\uff1f")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]$")


def _sentences(items: list[str]) -> str:
    """Bullet lines as one text: each a sentence of its own (a full stop added
    where one is missing, ``。`` after Chinese or Japanese), so two bullets
    never run together. A single bullet is kept as written."""
    if len(items) == 1:
        return items[0]
    out = ""
    for item in items:
        if not _SENTENCE_END.search(item):
            item += "\u3002" if _CJK.search(item) else "."
        out += ("" if not out or out.endswith(_CJK_STOPS) else " ") + item
    return out


def _paragraph_html(lines: list[str]) -> str:
    """One block as HTML: a list when it is two or more bullet lines (a single
    dash-led line may be speech), else a paragraph."""
    bullets = [_BULLET.match(line) for line in lines]
    if len(bullets) > 1 and all(bullets):
        items = "".join(f"<li>{html.escape(b.group('text').strip(), quote=False)}</li>"  # type: ignore[union-attr]
                        for b in bullets)
        return f"<ul>{items}</ul>\n"
    return f"<p>{html.escape(' '.join(lines), quote=False)}</p>\n"


def _blocks(lines: list[str], start: int) -> list[tuple[int, list[str]]]:
    """Blank-line-separated blocks from ``lines[start:]`` as (1-based line, lines)."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    first = 0
    for index in range(start, len(lines)):
        line = lines[index]
        if line.strip():
            if not current:
                first = index + 1
            current.append(line.strip())
        elif current:
            blocks.append((first, current))
            current = []
    if current:
        blocks.append((first, current))
    return blocks


def _decoded(text: str, path: Path, line: int | None,
             warnings: list[tuple[int | None, str]]) -> str:
    """``text`` with its HTML character references decoded once (scraped
    text is plain text; ``&amp;`` in it is what a page's source held); a
    reference that names no character (``&#0;``) is removed, with a warning
    appended to ``warnings`` against ``line``.

    Raises:
        ArticleError: a lone UTF-16 surrogate reference, with ``line``.
    """
    if "&" not in text:
        return text
    try:
        decoded = decode_references(text)
    except LoneSurrogate as exc:
        raise ArticleError(str(exc), path, line) from None
    decoded, dropped, _ = normalize_controls(decoded)
    decoded, illegal = strip_illegal(decoded)
    if dropped + illegal:
        warnings.append((line, f"removed {dropped + illegal} character reference(s) that "
                         "name no character (&#0;, &#1;, &#x110000;...); delete them"))
    return decoded


def read_plaintext(path: Path, decoded: DecodedText, source: str, zone: Any,
                   sidecar: Mapping[str, Any] | None = None,
                   language: str | None = None) -> ReadResult:
    """Read a scraped-text article.

    A dateline the cheap rules of :func:`~.dates.split_dateline` do not read
    is looked for with :func:`~.datelines.read_dateline`, in the sidecar's
    ``lang`` or else ``language``; a first paragraph that starts with
    something only partly a date gets a warning.

    Args:
        path: the file, for messages.
        decoded: its text.
        source: its path relative to ``content/``.
        zone: the site's time zone for the dateline.
        sidecar: ``Article`` fields already read from the sidecar file (see
            :class:`~.meta.FrontMatter`); they win over what the text implies.
        language: the site's language (BCP 47), or None.

    Returns:
        The article (title from the first line, standfirst bullets as the
        summary, the dateline as ``published``) and warnings about the text.

    Raises:
        ArticleError: the file holds no text, or the dateline names no real date.
    """
    lines = decoded.text.split("\n")
    title_index = next((i for i, line in enumerate(lines) if line.strip()), None)
    if title_index is None:
        raise ArticleError("the file is empty; a text article needs at least a title "
                           "on its first line", path, 1)
    blocks = _blocks(lines, title_index + 1)
    fields: dict[str, Any] = {"title": " ".join(lines[title_index].split())}
    warnings: list[tuple[int | None, str]] = []

    standfirst: list[str] = []
    standfirst_line = blocks[0][0] if blocks else None
    while blocks and all(_BULLET.match(line) for line in blocks[0][1]):
        standfirst += [_BULLET.match(line).group("text").strip()  # type: ignore[union-attr]
                       for line in blocks[0][1]]
        blocks.pop(0)
    blocks = [b for b in blocks if not (len(b[1]) == 1 and _SHARE.match(b[1][0]))]

    fields["title"] = " ".join(_decoded(fields["title"], path, title_index + 1,
                                            warnings).split())
    standfirst = [_decoded(text, path, standfirst_line, warnings) for text in standfirst]
    # each block as its lines (a block of bullet lines becomes a list)
    paragraphs = [[_decoded(text, path, line, warnings) for text in block]
                  for line, block in blocks]
    language = (sidecar or {}).get("lang") or language
    dated = False
    for index in range(min(_DATELINE_SEARCH, len(blocks))):
        try:
            text = " ".join(paragraphs[index])
            found = split_dateline(text, zone)
            if found is None:
                dateline = read_dateline(text, zone, language)
                found = (dateline.published, dateline.rest) if dateline else None
        except DateError as exc:
            raise ArticleError(f"{exc}; fix the date at the start of this paragraph",
                               path, blocks[index][0]) from None
        if found is not None:
            fields["published"], rest = found
            rest = _DATELINE_SEPARATOR.sub("", rest, count=1)
            if rest:
                paragraphs[index] = [rest]
            else:
                del paragraphs[index]
            dated = True
            break
    missed = near_miss(" ".join(paragraphs[0]), language) if paragraphs and not dated else None
    if missed:
        warnings.append((blocks[0][0], f"the first paragraph starts with {missed!r}, which "
                         "reads only partly as a date (its day, month or year is missing), "
                         "so the article is dated when first published; write the "
                         "dateline in full (25 April 2019) or give 'date' in a sidecar file"))

    if standfirst:
        fields["summary"] = _sentences(standfirst)
    fields["body_html"] = "".join(_paragraph_html(p) for p in paragraphs)
    fields["body_line"] = blocks[0][0] if blocks else title_index + 1
    if sidecar:
        fields.update(sidecar)
    return ReadResult(make_article(path, source, fields), title_index + 1,
                      tuple(Diagnostic("warning", message, path, line)
                            for line, message in warnings))
