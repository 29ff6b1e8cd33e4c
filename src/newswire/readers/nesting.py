"""Bounding how deeply the elements of an HTML fragment nest (README "Bad input").

An HTML parser's work grows with the depth of the tree as well as its size:
100,000 nested ``<div>`` make html5ever (inside nh3) take minutes. Nothing
a person writes nests that deep, so before a body is sanitized the start and
end tags below :data:`MAX_DEPTH` open elements are dropped: their content
stays, in the element that holds them (the fragment is flattened there).

The scan is one pass over the tags, with one expression that cannot
backtrack (a tag is ``<``, a name, then anything but ``<`` and ``>`` up to
``>``); it is not an HTML parser, and need not be one: it only has to count
no fewer open elements than a parser would for deep input, and to leave
fragments within the limit exactly as they are.
"""

from __future__ import annotations

import re

__all__ = ["MAX_DEPTH", "limit_nesting"]

#: Elements open at once, at most; deeper start and end tags are dropped.
MAX_DEPTH = 100

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*+)([^<>]*+)>")
# HTML §13.1.2 void elements: never opened.
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                   "meta", "param", "source", "track", "wbr"})
# Elements a start tag of the same name closes when it is the current one.
_SELF_CLOSING_SIBLINGS = frozenset({"p", "li", "dt", "dd", "option", "tr", "td", "th"})


def limit_nesting(fragment: str, max_depth: int = MAX_DEPTH) -> tuple[str, int]:
    """``fragment`` with the tags of elements nested deeper than ``max_depth``
    removed, and how many start tags were removed (0: unchanged, the very
    same string is returned).

    Linear in the length of ``fragment``. End tags close the nearest open
    element of their name (and those opened inside it); an end tag whose
    start tag was removed is removed too; stray end tags are left for the
    sanitizer.
    """
    if fragment.count("<") <= max_depth:
        return fragment, 0
    stack: list[tuple[str, bool]] = []   # (name, kept)
    open_names: dict[str, int] = {}
    pieces: list[str] = []
    start = dropped = 0
    for match in _TAG.finditer(fragment):
        closing, name = match.group(1) == "/", match.group(2).lower()
        keep = True
        if closing:
            if open_names.get(name):
                while stack:
                    top, kept = stack.pop()
                    open_names[top] -= 1
                    if top == name:
                        keep = kept
                        break
        elif name not in _VOID and not match.group(3).endswith("/"):
            if stack and stack[-1][0] == name and name in _SELF_CLOSING_SIBLINGS:
                stack.pop()
                open_names[name] -= 1
            keep = len(stack) < max_depth
            stack.append((name, keep))
            open_names[name] = open_names.get(name, 0) + 1
            dropped += not keep
        if not keep:
            pieces.append(fragment[start:match.start()])
            start = match.end()
    if not dropped:
        return fragment, 0
    pieces.append(fragment[start:])
    return "".join(pieces), dropped
