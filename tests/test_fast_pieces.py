"""The compiled pieces of the pipeline give what the pure-Python ones gave.

Each faster piece (the compiled Markdown renderer, the prebuilt sanitizer)
is checked against the reference it replaced on every article of the sample
site, of a generated benchmark corpus, and of the test fixtures, and on the
constructs where the two could part (footnotes, raw HTML, tables).
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from newswire import jsonio
from newswire.readers.frontmatter import split_front_matter
from newswire.readers.markdown import render_markdown
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
            body = split_front_matter(text, path)[2]
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


def _reference_sanitize(fragment: str, page_url: str, folder_url: str, prefix: str) -> str:
    """The sanitizer as it was: ``nh3.clean`` given every option on each call."""
    import nh3

    from newswire import sanitize as s

    context = s._Context(page_url, folder_url, prefix)

    def clean(html: str, tags: set[str], attributes: dict[str, set[str]],
              clean_content: set[str], check: object) -> str:
        return s._finish(nh3.clean(
            html, tags=tags, clean_content_tags=clean_content, attributes=attributes,
            attribute_filter=check, url_schemes=s._URL_SCHEMES, url_relative=context.absolute,
            link_rel="noopener noreferrer", strip_comments=True))

    if "[caption" in fragment:
        fragment = s._caption_shortcodes(fragment)
    if "http" in fragment:
        fragment = s._embed_links(fragment)
    fragment = s.limit_nesting(fragment)[0]
    staged = clean(s._NOSCRIPT.sub(s._noscript_marker, fragment), s._STAGED_TAGS,
                   s._STAGED_ATTRIBUTES, s._STAGED_CLEAN_CONTENT, context.check)
    if not any(marker in staged for marker in s._REWORK_MARKERS) and \
            not s._NEEDS_REWORK.search(staged):
        return staged
    return clean(s._rework(staged, context.absolute), s._TAGS, s._ATTRIBUTES,
                 s._CLEAN_CONTENT, None)


def _assert_same_sanitized(fragments: list[tuple[str, str]]) -> None:
    assert fragments
    prefix = id_prefix("tag:news.example.org,2026:story")
    for name, fragment in fragments:
        for page, folder in ((PAGE, FOLDER), ("https://x.example/a/b/", "https://x.example/a/")):
            assert sanitize_html(fragment, page, folder, prefix) == \
                _reference_sanitize(fragment, page, folder, prefix), name


def test_sanitized_bodies_of_the_sample_site_and_fixtures_are_as_before() -> None:
    bodies = _bodies(REPO / "content") + _bodies(REPO / "tests")
    _assert_same_sanitized([(p, render_markdown(b)) for p, b in bodies])
    _assert_same_sanitized([(p, p.read_text(encoding="utf-8", errors="replace"))
                            for p in sorted((REPO / "content").rglob("*.html"))] or
                           [("none", "<p>x</p>")])


def test_sanitized_bodies_of_the_benchmark_corpus_are_as_before(corpus: Path) -> None:
    _assert_same_sanitized([(p, render_markdown(b)) for p, b in _bodies(corpus / "content")])


def test_sanitized_cms_constructs_are_as_before() -> None:
    from tests.cms.constructs import CONSTRUCTS

    _assert_same_sanitized([(c.name, c.html) for c in CONSTRUCTS])


@pytest.mark.slow
def test_sanitized_pairs_of_cms_constructs_are_as_before() -> None:
    """Every two constructs in one body (1,540 bodies; each one alone is
    checked in the developer loop above)."""
    from tests.cms.constructs import CONSTRUCTS

    _assert_same_sanitized([(repr(c), "\n".join(c)) for c in itertools.combinations(
        [c.html for c in CONSTRUCTS], 2)])


def test_sanitizing_inside_a_sanitizer_callback_keeps_each_articles_urls() -> None:
    """The prebuilt cleaners read the article from a per-thread context; a
    sanitize call made while another is running restores the outer one."""
    from newswire import sanitize as s

    inner: list[str] = []
    check = s._Context.check

    def nested(self: s._Context, tag: str, attribute: str, value: str) -> str | None:
        if not inner:
            inner.append("")
            inner[0] = sanitize_html('<a href="y.html">y</a>', "https://o.example/p/",
                                     "https://o.example/", "b-")
        return check(self, tag, attribute, value)

    s._Context.check = nested  # type: ignore[method-assign]
    try:
        html = sanitize_html('<a id="n" href="x.html">x</a><img src="i.png">', PAGE, FOLDER, "a-")
    finally:
        s._Context.check = check  # type: ignore[method-assign]
    assert 'href="https://o.example/y.html"' in inner[0]
    assert f'href="{FOLDER}x.html"' in html and f'src="{FOLDER}i.png"' in html
    assert 'id="a-n"' in html


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(1 << 70), max_value=1 << 70) |
    st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=4) |
    st.dictionaries(st.text(max_size=5), children, max_size=4),
    max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(_JSON, st.sampled_from([0, 1, 2, 4]), st.booleans())
def test_indented_json_is_what_the_json_module_writes(obj: object, indent: int,
                                                      ascii_only: bool) -> None:
    assert jsonio.dumps(obj, indent, ensure_ascii=ascii_only) == \
        json.dumps(obj, indent=indent, ensure_ascii=ascii_only)


@settings(max_examples=300, deadline=None)
@given(_JSON, st.booleans())
def test_compact_json_is_what_the_json_module_writes(obj: object, ascii_only: bool) -> None:
    assert jsonio.compact(obj, ensure_ascii=ascii_only) == \
        json.dumps(obj, ensure_ascii=ascii_only, separators=(",", ":"))


@settings(max_examples=200, deadline=None)
@given(_JSON)
def test_json_reads_back_what_the_json_module_reads(obj: object) -> None:
    text = json.dumps(obj)
    assert jsonio.loads(text) == json.loads(text)
    assert jsonio.loads(text.encode("utf-8", "surrogatepass")) == json.loads(text)


def test_json_edge_values_are_written_as_the_json_module_writes() -> None:
    for obj in ({}, [], {"a": {}, "b": []}, "\ud800", "\x00\x1f\x7f\u2028</script>",
                [1 << 64, -(1 << 63) - 1, 1.0, 1e16, -0.0], {1: "int key"}, ("a", "b"),
                {"é": ["ü", {"x": None, "y": True}]}):
        for indent in (0, 1, 2):
            assert jsonio.dumps(obj, indent) == json.dumps(obj, indent=indent,
                                                           ensure_ascii=False), obj
    # DEL is ASCII, and json escapes it where ASCII is asked for
    assert jsonio.dumps({"\x7f": "\x7f"}, 2, ensure_ascii=True) == \
        '{\n  "\\u007f": "\\u007f"\n}'
    assert jsonio.compact(["\x7f"], ensure_ascii=True) == '["\\u007f"]'
    assert jsonio.compact(["\x7f"]) == '["\x7f"]'
    assert jsonio.loads("[NaN, 123456789012345678901234567890]")[1] == \
        123456789012345678901234567890
    with pytest.raises(ValueError):
        jsonio.loads(b"{broken")


def test_page_chrome_rendered_once_is_what_each_page_gets_alone(
        sample_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The parts every page shares are rendered once per build for each set
    of feeds and page language; each page is still byte for byte what a
    renderer that never saw another page writes for it."""
    from newswire.run import BuildOptions, build
    from newswire.config import load_feeds, load_site
    from newswire.pages import PageRenderer

    from .conftest import NOW

    jobs: list[tuple[object, tuple[str, ...]]] = []
    article = PageRenderer.article

    def record(self: PageRenderer, entry: object, in_feeds: tuple[str, ...]) -> bytes:
        jobs.append((entry, in_feeds))
        return article(self, entry, in_feeds)  # type: ignore[arg-type]

    monkeypatch.setattr(PageRenderer, "article", record)
    build(sample_site, BuildOptions(now=NOW))
    monkeypatch.undo()
    site, feeds = load_site(sample_site / "feeds"), load_feeds(sample_site / "feeds")
    shared = PageRenderer(site, feeds)
    assert len(jobs) > 5
    for entry, in_feeds in jobs:
        assert shared.article(entry, in_feeds) == \
            PageRenderer(site, feeds).article(entry, in_feeds)  # type: ignore[arg-type]
    assert 0 < len(shared._chrome) < len(jobs)


@pytest.mark.parametrize("body", ["[`", "[i(D`Tt", "Before [`code and after.\n\n- item\n"])
def test_bodies_the_compiled_renderer_panics_on_render_as_the_reference(body, capfd) -> None:
    from newswire.readers.markdown import _compiled_render
    assert _compiled_render(body) is None  # the compiled renderer fails on these...
    assert render_markdown(body).rstrip() == _reference(body).rstrip()  # ...the reference not
    out, err = capfd.readouterr()
    assert "panicked" not in err and err == ""
    import sys
    print("after", file=sys.stderr)  # the standard error works again
    assert capfd.readouterr().err == "after\n"
