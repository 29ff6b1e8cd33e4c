"""What a format reader hands over: :class:`ReadResult` (README "Articles").

Each reader (:data:`~newswire.readers.READERS`: Markdown, scraped text)
turns one decoded file into a :class:`ReadResult`;
:func:`~newswire.readers.read_article` then applies the checks every format
shares (body size, nesting depth, an empty or very long title) and adds the
digest of the file's bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ArticleError, Diagnostic
from ..model import Article

__all__ = ["ReadResult", "make_article"]


@dataclass(frozen=True)
class ReadResult:
    """One article file as its format's reader understood it.

    Attributes:
        article: the article, its ``digest`` still empty (the caller knows
            the bytes it hashes: the file's and its sidecar's); its ``title``
            may be empty, which the caller refuses with ``title_line``.
        title_line: 1-based line of the file the title comes from (the
            front-matter ``title`` key, the heading that gave it, or the
            first line of a text article), for messages about the title.
        warnings: problems that do not keep the article out (a day-first
            date, control characters removed, a half-written dateline), as
            warning diagnostics naming the file they are in and their line.
    """

    article: Article
    title_line: int = 1
    warnings: tuple[Diagnostic, ...] = ()


def make_article(path: Path, source: str, fields: Mapping[str, Any]) -> Article:
    """The :class:`~newswire.model.Article` of ``fields`` (its keyword
    arguments, all but ``source`` and ``digest``) read from ``path``.

    Raises:
        ArticleError: a field the model refuses (a date without a time zone).
    """
    try:
        return Article(source=source, **fields)
    except (TypeError, ValueError) as exc:  # a field newswire did not expect
        raise ArticleError(f"cannot use this article: {exc}", path) from None
