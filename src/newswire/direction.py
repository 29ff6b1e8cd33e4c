"""Writing direction of a language tag (BCP 47), for ``dir`` on pages.

A tag's script subtag decides when it has one (``az-Arab`` is right to
left, ``ku-Latn`` left to right); otherwise its language does. The sets are
the languages and scripts CLDR lays out right to left (``characterOrder``
``right-to-left``) that are in current use.
"""

from __future__ import annotations

__all__ = ["differs", "text_direction"]

RTL_SCRIPTS = frozenset({
    "adlm", "arab", "aran", "hebr", "mand", "mend", "nkoo", "rohg", "samr", "syrc",
    "thaa", "yezi",
})
RTL_LANGUAGES = frozenset({
    "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "lrc", "mzn", "nqo",
    "pnb", "ps", "sd", "syr", "ug", "ur", "yi",
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
