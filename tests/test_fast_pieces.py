"""The compiled pieces of the pipeline give what the pure-Python ones gave.

Each faster piece (the compiled Markdown renderer, the prebuilt sanitizer)
is checked against the reference it replaced on every article of the sample
site, of a generated benchmark corpus, and of the test fixtures, and on the
constructs where the two could part (footnotes, raw HTML, tables).
"""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from newswire.readers.markdown import _split, render_markdown
from newswire.sanitize import id_prefix, sanitize_html

REPO = Path(__file__).resolve().parent.parent
CORPUS_SCRIPT = next((folder / "shared" / "bench" / "make_corpus.py"
                      for folder in (REPO.parent, REPO.parent.parent)
                      if (folder / "shared" / "bench" / "make_corpus.py").is_file()), None)
PAGE = "https://news.example.org/world/2026/story/"
FOLDER = "https://news.example.org/world/2026/"


def _reference(text: str) -> str:
    """The HTML markdown-it-py and mdit-py-plugins' footnotes write."""
    parser = MarkdownIt("commonmark", {"html": True}).enable("table").use(footnote_plugin)
    return parser.render(text)


def _bodies(folder: Path) -> list[tuple[str, str]]:
    """(path, Markdown body) of every ``.md`` file under ``folder``."""
    found = []
    for path in sorted(folder.rglob("*.md")):
        text = path.read_text(encoding="utf-8", errors="replace")
        try:
            body = _split(text, path)[2]
        except Exception:  # a fixture with broken front matter: its whole text
            body = text
        found.append((str(path), body))
    return found


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if CORPUS_SCRIPT is None:
        pytest.skip("the benchmark corpus generator is not beside the repository")
    site = tmp_path_factory.mktemp("corpus")
    subprocess.run([sys.executable, str(CORPUS_SCRIPT), "400", str(site)], check=True,
                   capture_output=True)
    return site


def _assert_same_html(bodies: list[tuple[str, str]]) -> None:
    assert bodies
    prefix = id_prefix("tag:news.example.org,2026:story")
    for path, body in bodies:
        expected, got = _reference(body), render_markdown(body)
        # markdown-it-py leaves out the newline after raw HTML that ends the
        # document; the sanitizer strips the fragment's ends anyway
        assert got.rstrip() == expected.rstrip(), path
        assert sanitize_html(got, PAGE, FOLDER, prefix) == \
            sanitize_html(expected, PAGE, FOLDER, prefix), path


def test_markdown_bodies_of_the_sample_site_render_as_before() -> None:
    bodies = _bodies(REPO / "content")
    assert any("[^" in body for _, body in bodies)  # footnotes included
    _assert_same_html(bodies)


def test_markdown_bodies_of_the_test_fixtures_render_as_before() -> None:
    _assert_same_html(_bodies(REPO / "tests"))


def test_markdown_bodies_of_the_benchmark_corpus_render_as_before(corpus: Path) -> None:
    bodies = _bodies(corpus / "content")
    assert len(bodies) > 200
    _assert_same_html(bodies)


_PIECES = [
    "| a | b |\n|:--|--:|\n| `|` | **2** |", "| a | b |\n| - | - |\n| 1 |",
    "<div>\n*md*\n</div>", "<!-- note -->", "<span>x</span> and <b>y</b>",
    "[a](<b c>) [d](#frag) [e](x.html#f) [f](javascript:alert(1))",
    "![img](a b.png \"t\") ![i](pic.png)", "&copy; &#0; &#x110000; &bogus;", "a  \nb\\\nc",
    "* a\n* b\n\n  c", "1) x\n2) y", "> q\n> > qq", "```py\nx<y\n```", "    code\n",
    "Setext\n===", "# H *e* #", "[ref]\n\n[ref]: /u 'T'", "<https://example.org/a?b=c&d>",
    "[l](http://a.example/\u00e9?q=\u00e9#\u00e9)", "\u202e rtl \u05e9\u05dc\u05d5\u05dd",
    "a[^1] b[^1] c[^x]", "[^1]: one\n\n    second", "[^x]: ex[^y]", "[^y]: why[^1]",
    "q^[an inline note]", "r[^a]", "[^a]: A\n> quoted",
]


def test_markdown_constructs_render_as_before() -> None:
    """Every pair and some triples of constructs, footnotes of every kind
    included (inline, repeated, referenced from a note, defined twice)."""
    combos = [c for n in (1, 2) for c in itertools.permutations(_PIECES, n)]
    combos += [_PIECES[i:i + 3] for i in range(len(_PIECES) - 2)]
    _assert_same_html([(repr(c), "\n\n".join(c)) for c in combos])


def test_footnote_ids_are_prefixed_per_article() -> None:
    prefix = id_prefix("tag:news.example.org,2026:story")
    html = sanitize_html(render_markdown("a[^n] b[^n] c^[inline]\n\n[^n]: Note.\n"),
                         PAGE, FOLDER, prefix)
    assert f'href="{PAGE}#{prefix}fn1" id="{prefix}fnref1"' in html
    assert f'id="{prefix}fnref1:1" rel="noopener noreferrer">[1:1]</a>' in html
    assert f'<li id="{prefix}fn2">' in html
