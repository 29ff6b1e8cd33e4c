"""What a cron run loads: a build after one article was edited imports the
modules that read, render and publish that article, and none of those
only other kinds of work need (the whole pipeline, the process pool, the
scraped-text reader and its datelines, dateutil, the feed checkers, lxml,
the grapheme module...). Checked in a new process, as cron runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import NOW
from .test_edits import edit, eight_stories, settled

#: Modules the edit of one Markdown article (a page no feed document holds
#: in full, with a summary, no relative URL, tags that are slugs already)
#: must not import.
NOT_FOR_AN_EDIT = (
    "newswire.build", "newswire.feedstage", "newswire.feeds.syndication", "newswire.websub",
    "newswire.parallel", "multiprocessing", "concurrent.futures",
    "newswire.readers.plaintext", "newswire.readers.datelines", "dateutil",
    "newswire.validate.atom", "newswire.validate.rss", "newswire.validate.xml",
    "newswire.validate.jsonfeed", "newswire.validate.podcast", "lxml",
    "newswire.shorten", "regex", "slugify", "feedgen", "PIL", "mutagen")


def loaded_by_build(site: Path) -> list[str]:
    """The modules a ``newswire build`` of ``site`` had imported when it
    ended, run as the ``newswire`` command runs."""
    script = (
        "import sys\n"
        "from newswire.__main__ import run\n"
        f"sys.argv = ['newswire', '--site', {str(site)!r}, 'build', '--quiet', '--now', "
        f"{NOW.isoformat()!r}]\n"
        "try:\n    run()\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
        "print('\\n'.join(sorted(sys.modules)))\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True)
    return out.stdout.split()


def among(modules: list[str], names: tuple[str, ...]) -> list[str]:
    return [m for m in modules if any(m == n or m.startswith(n + ".") for n in names)]


def test_an_edit_imports_only_what_reading_and_rendering_one_page_needs(tmp_path):
    site = settled(eight_stories(tmp_path / "site"))
    edit(site, "story-2.md", "\nA correction.\n")
    modules = loaded_by_build(site)
    assert "A correction." in (site / "public/news/story-2/index.html").read_text()
    # what it did need: the Markdown reader, the sanitizer, the page templates
    assert {"newswire.readers.markdown", "newswire.sanitize", "jinja2", "yaml"} <= set(modules)
    assert among(modules, NOT_FOR_AN_EDIT) == []


def test_an_edit_of_a_text_article_loads_the_text_reader(tmp_path):
    """The converse: the modules left out are loaded when needed."""
    site = eight_stories(tmp_path / "site")
    (site / "content" / "news" / "wire.txt").write_text(
        "Wire story\n\n25 April 2019 - The first paragraph.\n")
    settled(site)
    (site / "content" / "news" / "wire.txt").write_text(
        "Wire story\n\n25 April 2019 - The first paragraph, corrected.\n")
    modules = loaded_by_build(site)
    assert "corrected" in (site / "public/news/wire/index.html").read_text()
    assert {"newswire.readers.plaintext", "newswire.readers.datelines"} <= set(modules)


def test_a_run_with_nothing_to_do_imports_no_reader_renderer_or_jinja2(tmp_path):
    site = settled(eight_stories(tmp_path / "site"))
    modules = loaded_by_build(site)
    assert among(modules, NOT_FOR_AN_EDIT + (
        "newswire.readers", "newswire.pages", "newswire.sanitize", "newswire.edits",
        "jinja2", "yaml", "markdown_it_pyrs", "nh3")) == []


def test_a_build_after_an_added_article_loads_no_http_client(tmp_path):
    """The whole pipeline (an added article takes it) loads the HTTP client
    only to notify a hub (``--ping``): not through the sitemaps' escaping
    (``xml.sax.saxutils`` imports ``urllib.request``, 20 ms a build)."""
    site = settled(eight_stories(tmp_path / "site"))
    (site / "content" / "news" / "story-9.md").write_text(
        "---\ntitle: Story 9\ndate: 2026-01-09T08:00:00Z\n---\n\nA new story & more.\n")
    modules = loaded_by_build(site)
    assert "newswire.build" in modules  # the whole pipeline ran
    assert "https://edits.example.org/news/story-9/" in \
        (site / "public" / "sitemap.xml").read_text()
    assert among(modules, ("urllib.request", "http.client", "email", "xml.sax")) == []
