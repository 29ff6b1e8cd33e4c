"""A generated site of many articles for tests that need builds long enough
to be interrupted: Markdown with front matter and scraped-text files, dated
one after the other, tagged for two feeds. Same arguments, same bytes."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

WORDS = ("harbour council vote budget river bridge storm rail school court "
         "museum orbit launch clinic market wage strike drought festival "
         "Zürich Kraków café naïve Ελλάδα 東京").split()
SITE = ('base_url = "https://wire.example.org/"\ntitle = "{title}"\n'
        'timezone = "Europe/Rome"\nlanguage = "en"\n')
FEEDS = {"all": 'title = "Everything"\nmax_items = 40\narchive = true\n',
         "city": 'title = "City"\ninclude_tags = ["city"]\n'}


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def article_text(number: int, edition: int = 0) -> tuple[str, str]:
    """(file name, text) of article ``number``; another ``edition`` changes its words."""
    rng = random.Random(number * 1000 + edition)
    when = datetime(2024, 1, 1, 6, tzinfo=timezone.utc) + timedelta(hours=7 * number)
    title = _sentence(rng, 5).rstrip(".") + f" ({number})"
    paragraphs = [" ".join(_sentence(rng, rng.randint(8, 20)) for _ in range(4))
                  for _ in range(rng.randint(3, 8))]
    if number % 5 == 4:
        text = (f"{title}\n\n  \u2022 {_sentence(rng, 9)}\n\nShare\n\n"
                f"{when:%d %B %Y}{paragraphs[0]}\n\n" + "\n\n".join(paragraphs[1:]) + "\n")
        return f"n{number:05d}.txt", text
    tags = ["city"] if number % 3 == 0 else ["world"]
    text = (f'---\ntitle: "{title}"\ndate: {when.isoformat()}\ntags: {tags}\n'
            f'summary: "{_sentence(rng, 10)}"\n---\n\n' + "\n\n".join(paragraphs) + "\n")
    return f"n{number:05d}.md", text


def write_site(root: Path, count: int, title: str = "Generated Wire") -> None:
    """Write ``feeds/`` and ``content/`` for ``count`` articles below ``root``."""
    (root / "feeds").mkdir(parents=True, exist_ok=True)
    (root / "feeds" / "site.toml").write_text(SITE.format(title=title), encoding="utf-8")
    for name, text in FEEDS.items():
        (root / "feeds" / f"{name}.toml").write_text(text, encoding="utf-8")
    for number in range(count):
        write_article(root, number)


def write_article(root: Path, number: int, edition: int = 0) -> Path:
    """Write one article (in a folder per 100) and return its path."""
    name, text = article_text(number, edition)
    path = root / "content" / f"batch{number // 100:02d}" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def remove_article(root: Path, number: int) -> None:
    """Delete one article's file."""
    name, _ = article_text(number)
    (root / "content" / f"batch{number // 100:02d}" / name).unlink()
