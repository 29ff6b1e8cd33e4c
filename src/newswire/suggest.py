"""Near misses of known keys: "did you mean `draft`?" (README "Articles" and "Feeds").

One rule set serves front matter, sidecar files, ``feeds/site.toml`` and
``feeds/<name>.toml``. A key *resembles* a known key when, after
:func:`normalize` (case, ``_``/``-``/spaces and a trailing ``:`` ignored),

1. it is the known key (``Title``, ``image-alt``, ``baseURL``);
2. it is a listed synonym of it (``pubDate`` for ``date``);
3. it is the known key's plural or singular (``drafts``, ``tag``,
   ``categories``);
4. it is one edit away (a letter added, dropped, changed, or two neighbours
   swapped: ``summery``, ``titel``), two edits for known keys of 7 letters
   or more (``catgeroy``); for known keys of 4 letters or fewer the first
   letter must agree too, so short words (``rate``, ``note``) are not taken
   for ``date``.

Keys that resemble nothing (``source``, ``credit``, ``location``,
``subtitle``) are left alone: front matter may carry keys of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

__all__ = ["edit_distance", "normalize", "suggest"]

_IGNORED = re.compile(r"[\s_\-:]+")


def normalize(key: str) -> str:
    """``key`` lower-cased, without ``_``, ``-``, whitespace or ``:``
    (``"Image-Alt:"`` → ``"imagealt"``)."""
    return _IGNORED.sub("", key.casefold())


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Optimal string alignment distance between ``a`` and ``b``: insertions,
    deletions, substitutions and swaps of two neighbouring letters each cost
    1. Returns ``limit`` when the distance is at least ``limit`` (cheap on
    long strings)."""
    if abs(len(a) - len(b)) >= limit:
        return limit
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) >= limit:
            return limit
        previous2, previous = previous, current
    return min(previous[-1], limit)


def _number_forms(word: str) -> set[str]:
    """Singular and plural spellings of a normalized ``word``."""
    forms = {word + "s"}
    if word.endswith("y"):
        forms.add(word[:-1] + "ies")
    if word.endswith("ies"):
        forms.add(word[:-3] + "y")
    if word.endswith("s"):
        forms.add(word[:-1])
    return forms


def suggest(key: str, known: Iterable[str],
            synonyms: Mapping[str, str] | None = None) -> str | None:
    """The known key that ``key`` is a near miss of, or None.

    Args:
        key: a key as written (any case).
        known: the valid keys; ``key`` itself being one of them gives None.
        synonyms: other names people use for a known key, written in any
            case (``{"pubDate": "date"}``); only synonyms of keys in
            ``known`` count.

    Returns:
        The known key, spelt as in ``known``; when several resemble ``key``
        the first rule above decides, then the smallest distance, then the
        order of ``known``.
    """
    keys = list(known)
    if key in keys:
        return None
    word = normalize(key)
    if not word:
        return None
    by_form = {normalize(k): k for k in keys}
    if word in by_form:
        return by_form[word]
    for alias, target in (synonyms or {}).items():
        if normalize(alias) == word and target in keys:
            return target
    for form, k in by_form.items():
        if word in _number_forms(form):
            return k
    best: tuple[int, str] | None = None
    for form, k in by_form.items():
        allowed = 2 if len(form) >= 7 else 1
        if len(form) <= 4 and word[0] != form[0]:
            continue
        distance = edit_distance(word, form, allowed + 1)
        if distance <= allowed and (best is None or distance < best[0]):
            best = (distance, k)
    return best[1] if best else None
