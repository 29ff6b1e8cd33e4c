"""Writing direction of a language tag (BCP 47), for ``dir`` on pages.

A tag's script subtag decides when it has one (``az-Arab`` is right to
left, ``ku-Latn`` left to right); otherwise its language does. The sets are
the languages and scripts CLDR lays out right to left (``characterOrder``
``right-to-left``) that are in current use.
"""

from __future__ import annotations

import unicodedata
from collections import Counter

__all__ = ["differs", "text_direction", "written_direction"]

RTL_SCRIPTS = frozenset({
    "adlm", "arab", "aran", "hebr", "mand", "mend", "nkoo", "rohg", "samr", "syrc",
    "thaa", "yezi",
})
RTL_LANGUAGES = frozenset({
    "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "lrc", "mzn", "nqo",
    "pnb", "ps", "sd", "syr", "ug", "ur", "yi",
    # "ji", Yiddish's deprecated code (as "iw" is Hebrew's), and languages
    # whose likely script is Arabic or Hanifi Rohingya (CLDR likelySubtags)
    "ji", "azb", "bal", "bqi", "brh", "glk", "haz", "khw", "luz", "ota", "prs", "rhg",
    "sdh", "skr",
})


def text_direction(tag: str | None) -> str:
    """``"rtl"`` or ``"ltr"`` for a BCP 47 tag (``fa``, ``he-IL``, ``az-Arab``,
    ``en_US`` too); ``"ltr"`` for None or an empty tag."""
    if not tag:
        return "ltr"
    parts = tag.replace("_", "-").lower().split("-")
    script = next((p for p in parts[1:] if len(p) == 4 and p.isalpha()), None)
    if script is not None:
        return "rtl" if script in RTL_SCRIPTS else "ltr"
    return "rtl" if parts[0] in RTL_LANGUAGES else "ltr"


def differs(tag: str | None, other: str | None) -> bool:
    """True when ``tag`` is set and is not ``other`` (case and ``_``/``-``
    ignored): the place to say ``xml:lang``/``lang`` again."""
    if not tag:
        return False
    return tag.replace("_", "-").lower() != (other or "").replace("_", "-").lower()


def written_direction(text: str, fallback: str) -> str:
    """``"rtl"`` or ``"ltr"`` as most strongly directional characters of
    ``text`` are written (Unicode bidirectional classes R and AL right to
    left, L left to right), or ``fallback`` when neither has more. For text
    whose language nobody gave (scraped Arabic in an English site); unlike
    HTML's ``dir="auto"`` (the first strong character), a quoted word or a
    name in the other script at the start does not decide."""
    classes = Counter(map(unicodedata.bidirectional, text))  # counted in C
    balance = classes["R"] + classes["AL"] - classes["L"]
    if balance == 0:
        return fallback
    return "rtl" if balance > 0 else "ltr"
