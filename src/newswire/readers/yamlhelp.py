"""YAML errors told where the mistake is, with a fix that fits it.

PyYAML reports where it *noticed* a problem, often lines after the mistake:
an unclosed quote on line 2 is noticed at the end of the front matter. This
module finds the line people need to edit and says what to change there:

=================================  ==================================  ===========================
mistake                            seen by PyYAML as                   told
=================================  ==================================  ===========================
``title: "Kim meets`` (no ``"``)   end of stream / an unexpected       the quote opened on that
                                   scalar lines later                  line is never closed
``date:2019-04-25``                could not find expected ':'         a space is needed after
                                                                       ``date:``
``  date: 2019-04-25`` (indented)  mapping values are not allowed     the line is indented; keys
                                                                       start at the line's start
``title: a: b``                    mapping values are not allowed     a value holding ``: ``
                                                                       needs quotes
``tags: [a, b`` (no ``]``)         expected ',' or ']'                 the list opened on that
                                                                       line is never closed
=================================  ==================================  ===========================
"""

from __future__ import annotations

import re

import yaml

__all__ = ["explain"]

_KEY_NO_SPACE = re.compile(r"^\s*(?P<key>[A-Za-z_][\w-]*):(?P<rest>[^\s:/].*)$")
_KEY_VALUE = re.compile(r"^(?P<indent>\s*)(?P<key>[^\s:#'\"][^:#]*?):(?:\s+(?P<value>.*))?$")
_QUOTED_START = re.compile(r"^\s*[^\s:#'\"][^:#]*?:\s+(?P<quote>['\"])(?P<rest>.*)$")


def _closes(text: str, quote: str) -> bool:
    """True when ``text`` holds ``quote`` unescaped."""
    if quote == '"':
        text = text.replace("\\\\", "").replace('\\"', "")
    else:
        text = text.replace("''", "")
    return quote in text


def _unclosed_quote(line: str) -> str | None:
    """The quote character a ``key: "value`` line opens and does not close."""
    match = _QUOTED_START.match(line)
    if match is None or _closes(match["rest"], match["quote"]):
        return None
    return match["quote"]


def _blamed_quote(lines: list[str], noticed: int | None) -> tuple[int, str] | None:
    """(line, quote) of a quote that is never closed, or closed only on the
    line where YAML noticed a problem (it read the lines between as text)."""
    index = 0
    last = len(lines) - 1 if noticed is None else min(noticed, len(lines) - 1)
    while index <= last:
        quote = _unclosed_quote(lines[index])
        if quote is None:
            index += 1
            continue
        close = next((j for j in range(index + 1, len(lines)) if _closes(lines[j], quote)),
                     None)
        if close is None or noticed is None or close >= noticed:
            return index, quote
        index = close + 1
    return None


def explain(exc: yaml.YAMLError, lines: list[str]) -> tuple[int | None, str]:
    """Where a YAML mistake is, and what to do about it.

    Args:
        exc: what PyYAML raised while reading ``lines``.
        lines: the YAML text, split at line breaks.

    Returns:
        ``(line, message)``: the 0-based line of ``lines`` to edit (None
        when unknown) and the message, starting with what PyYAML found and
        ending with the fix.
    """
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    problem = str(getattr(exc, "problem", None) or exc)
    context = str(getattr(exc, "context", None) or "")
    noticed = problem_mark.line if problem_mark is not None else (
        context_mark.line if context_mark is not None else None)
    # An unclosed quote swallows the lines after it: find the line that opened it.
    blamed = _blamed_quote(lines, noticed)
    if blamed is not None:
        index, quote = blamed
        return index, (f"the quote {quote} opened on this line is never closed; end "
                       f"the value with {quote}, or remove the {quote} it starts with")
    # "date:2019" is one text to YAML, which then stumbles on a later line.
    upto = lines if noticed is None else lines[:noticed + 1]
    missing_space = key_without_space(upto)
    if missing_space is not None:
        return missing_space
    if "found character '\\t'" in str(exc):
        return noticed, f"{problem}; YAML does not allow tabs for indentation, use spaces"
    if "simple key" in context and context_mark is not None:
        index = context_mark.line
        match = _KEY_NO_SPACE.match(lines[index]) if index < len(lines) else None
        if match is not None:
            return index, (f"a space is needed after '{match['key']}:' (write "
                           f"'{match['key']}: {match['rest']}')")
        return index, f"{problem}; each line needs the form 'key: value'"
    if "flow sequence" in context or "flow mapping" in context:
        opener, closer = ("[", "]") if "sequence" in context else ("{", "}")
        index = context_mark.line if context_mark is not None else noticed
        return index, (f"the {'list' if opener == '[' else 'mapping'} opened with "
                       f"'{opener}' on this line is never closed; end it with '{closer}'")
    if "mapping values are not allowed" in problem and noticed is not None \
            and noticed < len(lines):
        line = lines[noticed]
        match = _KEY_VALUE.match(line)
        if match is not None and match["indent"]:
            return noticed, (f"this line is indented, so YAML reads '{match['key'].strip()}:' "
                             "as part of the line above; start every key at the beginning "
                             "of its line (remove the spaces before it)")
        if match is not None and match["value"]:
            key, value = match["key"].strip(), match["value"].strip().replace('"', '\\"')
            return noticed, (f"{problem}; a {key} containing ': ' needs quotes, like "
                             f"{key}: \"{value}\"")
        return noticed, f"{problem}; a value containing ': ' needs quotes"
    if "document start" in problem and lines and lines[0][:1].isspace():
        return 0, ("the first key is indented; start every key at the beginning of its "
                   "line (remove the spaces before it)")
    return noticed, problem


def key_without_space(lines: list[str]) -> tuple[int, str] | None:
    """The first ``key:value`` line (a space missing after the colon), as
    (0-based line, message), for front matter that YAML read as one text."""
    for index, line in enumerate(lines):
        match = _KEY_NO_SPACE.match(line)
        if match is not None:
            return index, (f"a space is needed after '{match['key']}:' (write "
                           f"'{match['key']}: {match['rest']}')")
    return None
