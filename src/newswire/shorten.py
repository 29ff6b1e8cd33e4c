"""Shortening text in any script without breaking what a reader sees.

Summaries are cut from a body's first paragraph (``og:description``,
``twitter:description``, RSS ``description``, JSON Feed ``summary``, the
JSON-LD ``description``). Text in Japanese, Chinese or Thai has no spaces
between words, so a cut "at the last space" either finds none or finds one
far back (the only space of a Japanese paragraph may sit inside an English
name). :func:`shorten` cuts instead, in this order of preference, at the
last

1. sentence end (Unicode ``Sentence_Terminal``: ``.`` ``!`` ``?`` ``。``
   ``！`` ``？`` ``।`` ``؟`` …, with the closing quotes or brackets after it),
2. clause end (Unicode ``Terminal_Punctuation`` and dashes: ``,`` ``;``
   ``、`` ``，`` ``،`` …),
3. space,
4. grapheme cluster boundary (Unicode Standard Annex #29, through the
   ``regex`` module's ``\\X``),

that leaves at least half of ``limit``. Punctuation of the Western kind
counts only when a space follows it (``1,000`` and ``3.5`` are never cut);
full-width punctuation (``。``, ``、``) ends a clause wherever it stands.
Nothing is ever cut inside a grapheme cluster: emoji ZWJ sequences, flags,
skin-tone modifiers, combining marks, Hangul syllables and Indic conjuncts
stay whole.
"""

from __future__ import annotations

import unicodedata

import regex

__all__ = ["ELLIPSIS", "grapheme_boundaries", "is_boundary", "shorten"]

ELLIPSIS = "…"

_GRAPHEME = regex.compile(r"\X")
_OTHER = regex.compile(r"\p{Grapheme_Cluster_Break=Other}")
# A sentence or clause mark, the closing quotes/brackets after it, and then
# (for marks that are not full-width) the space that must follow.
_SENTENCE = regex.compile(r"\p{Sentence_Terminal}+[\p{Pe}\p{Pf}\"']*")
_CLAUSE = regex.compile(r"[\p{Terminal_Punctuation}\p{Pd}]+[\p{Pe}\p{Pf}\"']*")
_SPACE = regex.compile(r"\s+")
_TRAILING = ",;:.-–—、，،؛；：·"


def grapheme_boundaries(text: str) -> list[int]:
    """Every index of ``text`` where a grapheme cluster starts or ends
    (UAX #29 extended grapheme clusters), from 0 to ``len(text)``."""
    return [0] + [m.end() for m in _GRAPHEME.finditer(text)]


def is_boundary(text: str, index: int) -> bool:
    """True when ``text`` may be cut at ``index`` without splitting a
    grapheme cluster (UAX #29).

    Two neighbours of ``Grapheme_Cluster_Break=Other`` always have a
    boundary between them (no rule of UAX #29 joins them), which answers
    nearly every cut after a space or a punctuation mark at once; anything
    else is segmented from the nearest such sure boundary before it.
    """
    if index <= 0 or index >= len(text):
        return True
    if _sure(text, index):
        return True
    start = index - 1
    while start > 0 and not _sure(text, start):
        start -= 1
    for match in _GRAPHEME.finditer(text, start):
        if match.end() >= index:
            return match.end() == index
    return True


def _sure(text: str, index: int) -> bool:
    return _OTHER.match(text, index - 1) is not None and _OTHER.match(text, index) is not None


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _marks(pattern: regex.Pattern[str], text: str, low: int, high: int) -> list[int]:
    """Ends of ``pattern``'s matches in ``text[:high]`` at ``low`` or later that
    are a real break: a full-width mark, or a space (or the end) after it."""
    found = []
    for match in pattern.finditer(text, 0, high):
        end = match.end()
        if end < low:
            continue
        if end == len(text) or text[end].isspace() or _wide(text[match.end() - 1]) \
                or _wide(text[match.start()]):
            found.append(end)
    return found


def shorten(text: str, limit: int = 280) -> str:
    """``text`` itself when it has at most ``limit`` characters (code points),
    else a prefix of at most ``limit`` characters cut as the module says,
    never shorter than ``limit // 2``.

    A cut after a whole sentence ends with that sentence; any other cut has
    its trailing clause punctuation and spaces removed and ``…`` added (so
    the result may have ``limit + 1`` characters).

    Raises:
        ValueError: ``limit`` is smaller than 2.
    """
    if limit < 2:
        raise ValueError(f"limit must be at least 2, got {limit}")
    if len(text) <= limit:
        return text
    low = limit // 2
    sentences = [i for i in _marks(_SENTENCE, text, low, limit) if is_boundary(text, i)]
    if sentences:
        return text[:sentences[-1]].rstrip()
    for candidates in (_marks(_CLAUSE, text, low, limit),
                       [m.start() for m in _SPACE.finditer(text, low, limit + 1)]):
        cuts = [i for i in candidates if is_boundary(text, i)]
        if cuts:
            return _finish(text[:cuts[-1]])
    cut = limit
    while cut > 0 and not is_boundary(text, cut):
        cut -= 1
    return _finish(text[:cut])


def _finish(cut: str) -> str:
    """A cut ended with ``…``, trailing clause punctuation and spaces removed."""
    trimmed = cut.rstrip().rstrip(_TRAILING).rstrip()
    return (trimmed or cut) + ELLIPSIS
