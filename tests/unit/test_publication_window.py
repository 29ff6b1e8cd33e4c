"""build.publication_window: the range of now that publishes the same articles."""

from __future__ import annotations

from datetime import timedelta

from newswire.build import publication_window
from newswire.options import BuildOptions

from .conftest import APRIL, article

NOW = APRIL + timedelta(days=5)


def test_from_the_newest_published_to_the_earliest_later_dated() -> None:
    articles = [article("a.md", days=1), article("b.md", days=3), article("c.md", days=7),
                article("d.md", days=9)]
    assert publication_window(articles, BuildOptions(now=NOW)) == (
        APRIL + timedelta(days=3), APRIL + timedelta(days=7))


def test_an_article_dated_now_is_published_now() -> None:
    assert publication_window([article("a.md", days=5)], BuildOptions(now=NOW)) == (NOW, None)


def test_drafts_count_only_when_published() -> None:
    articles = [article("a.md", days=1), article("draft.md", days=4, draft=True),
                article("later.md", days=6, draft=True)]
    assert publication_window(articles, BuildOptions(now=NOW)) == (
        APRIL + timedelta(days=1), None)
    assert publication_window(articles, BuildOptions(now=NOW, drafts=True)) == (
        APRIL + timedelta(days=4), APRIL + timedelta(days=6))


def test_with_future_every_now_publishes_the_same() -> None:
    articles = [article("a.md", days=1), article("later.md", days=9)]
    assert publication_window(articles, BuildOptions(now=NOW, future=True)) == (None, None)


def test_an_undated_article_counts_with_its_recorded_first_publication() -> None:
    undated = article("u.md", published=None)
    assert publication_window([undated], BuildOptions(now=NOW)) == (None, None)
    recorded = {"u.md": APRIL + timedelta(days=8)}
    assert publication_window([undated], BuildOptions(now=NOW), recorded) == (
        None, APRIL + timedelta(days=8))
