"""``newswire new``: a new Markdown article with front matter (README "Commands")."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from pathlib import Path

from slugify import slugify

from .errors import NewswireError

__all__ = ["article_text", "new_article"]


def article_text(title: str, date: datetime, ident: str) -> str:
    """The text of a new article: YAML front matter, then a line to replace.

    The title is written as a double-quoted YAML scalar (JSON string syntax
    is valid YAML), so quotes, colons and ``#`` in it are safe. The article
    starts as a draft, so a cron build does not publish it half-written.
    """
    return (f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n"
            f"date: {date.replace(microsecond=0).isoformat()}\n"
            f"id: {ident}\nsummary: \"\"\ntags: []\ndraft: true\n---\n\n"
            "Write the article here. Set 'draft: false' to publish it.\n")


def new_article(content_dir: Path, title: str, now: datetime, slug: str | None = None,
                ident: str | None = None) -> Path:
    """Write ``content/YYYY/MM/<slug>.md`` and return its path.

    Args:
        content_dir: the site's ``content/`` folder (created if missing).
        title: the article's title (not empty).
        now: its date (timezone-aware, in the site's zone): the folder's year
            and month and the ``date`` key.
        slug: the file name without ``.md`` (default: from the title).
        ident: its permanent id (default: a new random ``urn:uuid:``).

    Raises:
        NewswireError: the title is empty, or the file already exists.
    """
    if not title.strip():
        raise NewswireError("the title is empty; give the article a title")
    name = slugify(slug or title, max_length=80, word_boundary=True) or "article"
    folder = content_dir / f"{now:%Y}" / f"{now:%m}"
    path = folder / f"{name}.md"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(article_text(" ".join(title.split()), now,
                                      ident or f"urn:uuid:{uuid.uuid4()}"))
    except FileExistsError:
        raise NewswireError("already exists; choose another --slug", path) from None
    return path
