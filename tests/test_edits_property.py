"""Random runs of a newsroom's day: edits, corrections, new and deleted
stories, changed settings, each built by a run that may take the edit path
(:mod:`newswire.edits`) and compared with the whole pipeline on a copy of
the site: output, report and records must be the same after every step."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newswire.options import BuildOptions

from .conftest import NOW
from .test_edits import SITE, article, settled
from .test_edits_trial import same_as_whole

TAGS = ("world", "science", "sport")
STEPS = ("append", "lead", "title", "tag", "date", "draft", "comment", "touch", "image",
         "add", "delete", "sidecar", "hub")


def _site(root: Path, stories: int, max_items: int) -> None:
    (root / "feeds").mkdir(parents=True)
    (root / "feeds" / "site.toml").write_text(SITE)
    (root / "feeds" / "main.toml").write_text(
        f'title = "All"\ndescription = "All."\nmax_items = {max_items}\n')
    (root / "feeds" / "science.toml").write_text(
        'title = "Science"\ndescription = "Science."\ninclude_tags = ["science"]\n'
        "max_items = 2\nformats = [\"rss\", \"json\"]\n")
    (root / "feeds" / "everything.toml").write_text(  # RFC 5005 archive pages of two
        'title = "Everything"\ndescription = "Everything."\nmax_items = 2\narchive = true\n'
        'formats = ["atom"]\n')
    news = root / "content" / "news"
    news.mkdir(parents=True)
    for n in range(1, stories + 1):
        (news / f"story-{n}.md").write_text(article(n, tags=f"[{TAGS[n % 3]}]"))
    (root / "content" / "notes").mkdir()
    (root / "content" / "notes" / "note.txt").write_text("A note\n\nThe text of the note.\n")
    (root / "content" / "notes" / "note.toml").write_text(
        'date = "2026-01-05T12:00:00Z"\ntags = ["science"]\n')


def _step(root: Path, step: str, n: int, serial: int) -> None:
    """Change the site as ``step`` says, at story ``n`` (one that exists).
    Every step changes some file (a run with nothing changed is skipped,
    which the whole pipeline, called directly, never is)."""
    news = root / "content" / "news"
    stories = sorted(news.glob("story-*.md"))
    path = stories[n % len(stories)]
    text = path.read_text()
    if step == "append":
        path.write_text(text + f"\nCorrection {serial}: a figure was wrong.\n")
    elif step == "lead":  # the first paragraph: the summary when none is given
        path.write_text(text.replace("first paragraph", f"first paragraph ({serial})", 1))
    elif step == "title":
        path.write_text(text.replace("title: Story", f"title: Story {serial} of", 1))
    elif step == "tag":
        path.write_text(text.replace("tags: [", "tags: [science, ", 1))
    elif step == "date":
        path.write_text(text.replace("date: 2026-01-", "date: 2025-12-", 1)
                        if "date: 2026-01-" in text else
                        text.replace("date: 2025-12-", "date: 2026-01-", 1))
    elif step == "draft":
        path.write_text(text.replace("---\n", "---\ndraft: true\n", 1))
    elif step == "comment":
        path.write_text(text.replace("---\n", f"---\n# checked {serial}\n", 1))
    elif step == "touch":
        os.utime(path)
    elif step == "image":
        path.write_text(text.replace("---\n", f"---\nimage: missing-{serial}.jpg\n", 1))
    elif step == "add":
        (news / f"story-{20 + serial}.md").write_text(article(20 + serial % 9))
    elif step == "delete":
        if len(stories) > 2:
            path.unlink()
        else:
            path.write_text(text + f"\nKept {serial}.\n")
    elif step == "sidecar":
        note = root / "content" / "notes"
        (note / "note.txt").write_text(f"A note\n\nThe text of the note, take {serial}.\n")
    elif step == "hub":
        settings_file = root / "feeds" / "site.toml"
        hub = 'hub = "https://hub.example.net/"\n'
        settings_file.write_text(SITE if hub in settings_file.read_text() else SITE + hub)


def _day(stories: int, max_items: int, steps: list[tuple[str, int]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        root = tmp / "site"
        _site(root, stories, max_items)
        settled(root)
        for serial, (step, n) in enumerate(steps, start=1):
            _step(root, step, n, serial)
            # steps follow each other within seconds: how many files a build
            # reads again as too recently changed to trust depends on timing
            same_as_whole(root, tmp, BuildOptions(now=NOW), name=f"whole-{serial}",
                          reads=False)


@pytest.mark.parametrize("stories, max_items, steps", [
    # an article whose lead image is missing, edited: the line of its image
    # key is kept for its new bytes, as the whole pipeline keeps it
    (3, 1, [("image", 17), ("delete", 0), ("append", 1)]),
])
def test_days_that_went_wrong_once(stories, max_items, steps):
    _day(stories, max_items, steps)


_DAYS = dict(stories=st.integers(3, 7), max_items=st.integers(1, 4),
             steps=st.lists(st.tuples(st.sampled_from(STEPS), st.integers(0, 20)),
                            min_size=1, max_size=5))


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(**_DAYS)
def test_every_step_gives_what_the_whole_pipeline_gives(stories, max_items, steps):
    _day(stories, max_items, steps)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(**_DAYS)
def test_every_step_of_many_days_gives_what_the_whole_pipeline_gives(stories, max_items,
                                                                       steps):
    _day(stories, max_items, steps)
