"""Every regular expression in newswire runs in linear time on its worst input (README "Bad input").

:data:`WORST_CASES` lists every expression of the package, each with a
worst-case input of a given size (long runs of what the expression repeats,
ending where it must fail, so a backtracking engine tries every split). The
audit test collects every ``re.*`` call in ``src/newswire`` from the source
and fails when one has no entry here (a new expression must be audited) or
an entry names an expression that no longer exists.

The linearity test never reads the clock against a number of seconds: it
compares the CPU time of 10 runs on 10 KB with 1 run on 100 KB, the same
number of characters. Linear work gives a ratio near 1, quadratic work
near 10, exponential work never ends (an alarm stops it, and the test fails).

Each measure runs at two scales: ``quick`` (1 KB against 10 KB) in the
developer loop, and ``full`` (10 KB against 100 KB) marked slow, which CI
runs too. The quick audit catches the same growth on inputs a tenth the size
(:func:`test_the_check_catches_quadratic_work` proves it at both scales); the
full one also catches work that turns quadratic only past 10 KB.
"""

from __future__ import annotations

import ast
import gc
import re
import time
from collections import deque
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

import pytest

from newswire import (authors, config, identity, jsonio, media, revisions, sanitize, scaffold,
                      serve, shorten, stopped, suggest, urls)
from newswire.feeds import podcast
from newswire.readers import (_DOC_NAME, datelines, dates, fields, markdown, meta, nesting,
                              plaintext, text, yamlhelp)
from newswire.validate import _ROOT, jsonfeed, links, rss, sniff, values, xml
from newswire.validate import podcast as validate_podcast

from .helpers import TooSlow, alarm

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "newswire"
SMALL, LARGE = 10_000, 100_000


class Scale(NamedTuple):
    """How a growth is measured: input sizes in characters (``large`` is ten
    times ``small``), the least CPU time in seconds the small side must take,
    and how many tries each side gets (the least time of the tries counts)."""

    small: int
    large: int
    floor: float
    tries: int


FULL = Scale(SMALL, LARGE, floor=0.005, tries=5)
QUICK = Scale(SMALL // 10, LARGE // 10, floor=0.002, tries=3)
#: The developer loop's audit, and the full one (slow; CI runs both).
SCALES = [pytest.param(QUICK, id="quick"), pytest.param(FULL, id="full", marks=pytest.mark.slow)]
ZONE = ZoneInfo("UTC")
# Quadratic work makes the large run 10 times the small ones; linear work
# about as long (a little more: large strings miss the CPU caches).
MAX_RATIO = 4.0
_RE_FUNCTIONS = {"compile", "match", "fullmatch", "search", "sub", "subn", "split",
                 "findall", "finditer"}
_ENGINES = {"re", "regex"}  # the standard module, and the one with Unicode properties


def fill(n: int, unit: str, head: str = "", tail: str = "") -> str:
    """``head`` + ``unit`` repeated to ``n`` characters + ``tail``."""
    return head + unit * max(1, n // len(unit)) + tail


# How the readers find the line of a front-matter key (an f-string pattern).
LINE_OF_KEY = 'rf"^\\s*[\'\\"]?{re.escape(key)}[\'\\"]?\\s*[:=]"'


def drain(matches: Iterable[object]) -> None:
    """Go through ``matches`` keeping none (memory would blur the measure)."""
    deque(matches, maxlen=0)


def _every_index(pattern: Any, text: str) -> None:
    """``pattern.match`` at every index of ``text``, as ``is_boundary`` may."""
    drain(pattern.match(text, index) for index in range(len(text)))


def _line_of_key(key: str) -> re.Pattern[str]:
    return re.compile(rf"^\s*['\"]?{re.escape(key)}['\"]?\s*[:=]")


#: (module below src/newswire, the name the pattern is assigned to at module or
#: class level, else the source text of the pattern argument) -> a run of the
#: expression on a worst-case input of about n characters.
WORST_CASES: dict[tuple[str, str], Callable[[int], object]] = {
    # authors.py
    ("authors.py", "_ADDRESS"): lambda n: authors._ADDRESS.fullmatch(fill(n, "a", "", "@@")),
    ("authors.py", "_EMAIL_NAME"):
        lambda n: authors._EMAIL_NAME.match(fill(n, "a.", "a@", "b (")),
    ("authors.py", "_ILLEGAL"): lambda n: authors._ILLEGAL.sub("", fill(n, "a\x00")),
    # config.py
    ("config.py", "_LANG"): lambda n: config._LANG.match(fill(n, "-abc", "en", "!")),
    ("config.py", "_NAME"): lambda n: config._NAME.match(fill(n, "-", "a", "!")),
    ("config.py", "_TOML_POSITION"): lambda n: (
        config._TOML_POSITION.search(fill(n // 2, "(at line 1, column ")),
        config._TOML_POSITION.sub("", fill(n // 2, " ", "x", "("))),
    ("config.py", 'r"[-_]"'): lambda n: re.split(r"[-_]", fill(n, "a-")),
    ("config.py", r"""rf'^[ \t]*+("?){re.escape(key)}\1[ \t]*+='"""):
        lambda n: config._key_line(fill(n, "\n \t"), "path"),
    ("config.py", "_EMAIL"): lambda n: config._EMAIL.match(fill(n, ".", "a@", "@")),
    ("config.py", "_UUID"): lambda n: config._UUID.match(fill(n, "0")),
    ("config.py", "_CONTROL"): lambda n: config._CONTROL.search(fill(n, "a\u00e9")),
    # identity.py
    ("identity.py", "_BLOCK_END"): lambda n: identity._BLOCK_END.split(fill(n, " ", "</p", "x")),
    ("identity.py", "_TAG"): lambda n: identity._TAG.sub(" ", fill(n, "<")),
    # feeds/podcast.py
    ("feeds/podcast.py", "_SCHEME"): lambda n: podcast._SCHEME.sub("", fill(n, "a+", "", ":/")),
    # media.py
    ("media.py", "_ABSOLUTE"): lambda n: media._ABSOLUTE.match(fill(n, "a+")),
    ("media.py", "_BYTES"): lambda n: media._BYTES.match(fill(n, "1", "", "x")),
    ("media.py", "_CLOCK"): lambda n: media._CLOCK.match(fill(n, "1", "", ":x")),
    ("media.py", "_MIME"): lambda n: media._MIME.match(fill(n, "a", "a/", "/")),
    ("media.py", "_SECONDS"): lambda n: media._SECONDS.match(fill(n, "1", "", ".x")),
    # readers/__init__.py
    ("readers/__init__.py", "_DOC_NAME"): lambda n: _DOC_NAME.match(fill(n, "A", "", "a")),
    # readers/dates.py
    ("readers/dates.py", "_AMBIGUOUS"): lambda n: dates._AMBIGUOUS.match(fill(n, " a", " ", "1")),
    ("readers/dates.py", "_dateline"): lambda n: dates._dateline().match(fill(n, " ", "Monday 25")),
    ("readers/dates.py", "_DIGIT_RUN"): lambda n: dates._DIGIT_RUN.findall(fill(n, "1")),
    ("readers/dates.py", "_IANA_ZONE"): lambda n: dates._IANA_ZONE.fullmatch(fill(n, "a/", "", "!")),
    ("readers/dates.py", "_ISO_DATE"):
        lambda n: dates._ISO_DATE.match(fill(n, "1", "2019-01-01T10:10:10.", "x")),
    ("readers/dates.py", "_TRAILING_ZONE"): lambda n: dates._TRAILING_ZONE.search(fill(n, " ", "", "x")),
    ("readers/dates.py", "_TWO_DIGIT_YEAR"): lambda n: dates._TWO_DIGIT_YEAR.match(fill(n, " ")),
    ("readers/dates.py", "_YEAR_FIRST"): lambda n: dates._YEAR_FIRST.match(fill(n, " ")),
    ("readers/dates.py", 'r"[A-Za-z]{2}"'): lambda n: re.search(r"[A-Za-z]{2}", fill(n, "a1")),
    ("readers/dates.py", r'r"^\d{4}-\d{2}-\d{2}"'):
        lambda n: re.match(r"^\d{4}-\d{2}-\d{2}", fill(n, "1")),
    ("readers/dates.py", r'r"(?<=\d{4})\s*[-\u2013\u2014|]\s*(?=\d{1,2}[:.h]\d{2})"'):
        lambda n: re.sub(r"(?<=\d{4})\s*[-\u2013\u2014|]\s*(?=\d{1,2}[:.h]\d{2})", " ",
                         fill(n, " ", "2019", "x")),
    ("readers/dates.py", r'r"(?<!\s)\s*+Uhr$"'):
        lambda n: re.sub(r"(?<!\s)\s*+Uhr$", "", fill(n, " ", "10:30", "Uhrx")),
    # readers/datelines.py (most see a paragraph's first HEAD_CHARS characters only)
    ("readers/datelines.py", "_OPENING"): lambda n: datelines._OPENING.match(fill(n, " ", "", "(")),
    ("readers/datelines.py", "_YEAR"): lambda n: drain(datelines._YEAR.finditer(fill(n, "12345"))),
    ("readers/datelines.py", "_TOKEN"): lambda n: drain(datelines._TOKEN.finditer(fill(n, "a1."))),
    ("readers/datelines.py", "_TRAILER"): lambda n: datelines._TRAILER.match(fill(n, " ", "", "x")),
    ("readers/datelines.py", "_TIME"): lambda n: datelines._TIME.match(fill(n, " ,", "", "x")),
    ("readers/datelines.py", "_ASIDE"): lambda n: datelines._ASIDE.match(fill(n, " ", "", "(x")),
    ("readers/datelines.py", "_MONTH_PAIR"): lambda n: datelines._MONTH_PAIR.sub("", fill(n, "a")),
    ("readers/datelines.py", "_SEPARATOR"): lambda n: datelines._SEPARATOR.match(fill(n, " -", "", "x")),
    ("readers/datelines.py", "_DAY_MONTH"): lambda n: datelines._DAY_MONTH.match(fill(n, "a", "1 de ", "1")),
    ("readers/datelines.py", "_CJK_DAY_MONTH"):
        lambda n: drain(datelines._CJK_DAY_MONTH.finditer(fill(n, "1月 "))),
    ("readers/datelines.py", "_ERA"): lambda n: drain(datelines._ERA.finditer(fill(n, "令和 "))),
    ("readers/datelines.py", r'r"(?<!\d)(?:29|30|31)(?!\d)"'):
        lambda n: re.search(r"(?<!\d)(?:29|30|31)(?!\d)", fill(n, "301")),
    **{("readers/datelines.py", f'r"[{span}]"'): (
        lambda n, pattern=pattern: pattern.search(fill(n, "a")))
       for pattern, span in ((p, p.pattern[1:-1]) for p, _ in datelines._SCRIPTS)},
    ("readers/datelines.py", "_LABEL"): lambda n: datelines._LABEL.match(fill(n, " ", "published on", "x")),
    ("readers/datelines.py", "_LATIN_LETTER"): lambda n: datelines._LATIN_LETTER.search(fill(n, "1 ")),
    ("readers/datelines.py", "_CJK_PARTS"):
        lambda n: drain(datelines._CJK_PARTS.finditer(fill(n, " ", "2019", "x"))),
    ("readers/datelines.py", "_CJK_FULL_DATE"):
        lambda n: drain(datelines._CJK_FULL_DATE.finditer(fill(n, "2019年 4月 ", "", "x"))),
    # readers/fields.py
    ("readers/fields.py", "_NUMERIC"): lambda n: drain(fields._NUMERIC.finditer(fill(n, "&#x1"))),
    ("readers/fields.py", "_BREAKING_SPACE"): lambda n: fields._BREAKING_SPACE.sub(" ", fill(n, " \u00a0")),
    # readers/markdown.py
    ("readers/markdown.py", "_FOOTNOTE_SYNTAX"):
        lambda n: markdown._FOOTNOTE_SYNTAX.search(fill(n, "[ ^ ")),
    # readers/frontmatter.py
    ("readers/frontmatter.py", r'r"-{3,}|\.{3}" if handler is yaml_front_matter else r"\+{3,}"'):
        lambda n: re.compile(r"-{3,}|\.{3}").fullmatch(fill(n, "-", "", "x")),
    ("readers/frontmatter.py", 'r"-{3,}"'): lambda n: re.fullmatch(r"-{3,}", fill(n, "-", "", "x")),
    ("readers/frontmatter.py", r'r"\+{3,}"'):
        lambda n: re.fullmatch(r"\+{3,}", fill(n, "+", "", "x")),
    ("readers/frontmatter.py", 'r"^(?:true|True|TRUE|false|False|FALSE)$"'):
        lambda n: re.match(r"^(?:true|True|TRUE|false|False|FALSE)$", fill(n, "e", "tru")),
    ("readers/frontmatter.py", LINE_OF_KEY):
        lambda n: _line_of_key("date").match(fill(n, " ", "", "date" + " " * 50)),
    # readers/meta.py
    ("readers/meta.py", "_NOT_IN_URLS"): lambda n: meta._NOT_IN_URLS.search(fill(n, "a")),
    ("readers/meta.py", "_URI_SCHEME"): lambda n: meta._URI_SCHEME.match(fill(n, "a:", "a", " ")),
    # readers/nesting.py: the whole pass, on 100,000 nested elements
    ("readers/nesting.py", "_TAG"): lambda n: nesting.limit_nesting(fill(n, "<div>")),
    # readers/plaintext.py
    ("readers/plaintext.py", "_BULLET"): lambda n: plaintext._BULLET.match(fill(n, " ", " -")),
    ("readers/plaintext.py", "_SHARE"): lambda n: plaintext._SHARE.match(fill(n, " ", "share", "x")),
    ("readers/plaintext.py", "_CJK"): lambda n: plaintext._CJK.search(fill(n, "\u4e00a")),
    ("readers/plaintext.py", "_DATELINE_SEPARATOR"):
        lambda n: plaintext._DATELINE_SEPARATOR.sub("", fill(n, " ", "-", "x"), count=1),
    ("readers/plaintext.py", "_SENTENCE_END"):
        lambda n: plaintext._SENTENCE_END.search(fill(n, ".'", "", "x")),
    # readers/yamlhelp.py: lines of front matter
    ("readers/yamlhelp.py", "_KEY_NO_SPACE"):
        lambda n: yamlhelp._KEY_NO_SPACE.match(fill(n, "a", " ", ": ")),
    ("readers/yamlhelp.py", "_KEY_VALUE"):
        lambda n: yamlhelp._KEY_VALUE.match(fill(n, "a ", "", ":x")),
    ("readers/yamlhelp.py", "_QUOTED_START"):
        lambda n: yamlhelp._QUOTED_START.match(fill(n, "a ", "", ": " + " " * 10 + "x")),
    # readers/text.py
    ("readers/text.py", "_ILLEGAL"): lambda n: text._ILLEGAL.subn("", fill(n, "\x00a")),
    ("readers/text.py", "_CONTROLS"): lambda n: text._CONTROLS.search(fill(n, "a")),
    ("readers/text.py", "_TOUCHED"): lambda n: text._TOUCHED.search(fill(n, "a")),
    ("readers/text.py", "_DROPPED"): lambda n: text._DROPPED.subn("", fill(n, "\x81a")),
    ("readers/text.py", "_LINE_BREAK"): lambda n: text._LINE_BREAK.split(fill(n, "\r").encode()),
    # sanitize.py
    ("sanitize.py", "_P_START"): lambda n: drain(sanitize._paragraphs(fill(n, "<p", "", "x"))),
    ("sanitize.py", 'r"<[^<>]*+>"'): lambda n: re.sub(r"<[^<>]*+>", " ", fill(n, "<")),
    ("sanitize.py", "_CAPTION_OPEN"):
        lambda n: drain(sanitize._CAPTION_OPEN.finditer(fill(n, "<p> [caption a"))),
    ("sanitize.py", "_CAPTION_CLOSE"):
        lambda n: drain(sanitize._CAPTION_CLOSE.finditer(fill(n, " ", "[/caption]", "x"))),
    ("sanitize.py", "_CAPTION_IMAGE"):
        lambda n: sanitize._CAPTION_IMAGE.match(fill(n, " ", "<a ", "x")),
    ("sanitize.py", "_EMPTY_PARAGRAPH"): lambda n: sanitize._EMPTY_PARAGRAPH.sub("", fill(n, "<p> ")),
    ("sanitize.py", "_EMBED_SHORTCODE"):
        lambda n: sanitize._EMBED_SHORTCODE.sub("", fill(n, " ", "[embed]https://a", "x")),
    ("sanitize.py", "_URL_PARAGRAPH"):
        lambda n: sanitize._URL_PARAGRAPH.sub("", fill(n, "a", "<p>https://", " x")),
    ("sanitize.py", "_NOSCRIPT"): lambda n: sanitize._NOSCRIPT.sub("", fill(n, " ", "<noscript")),
    ("sanitize.py", "_REWORK_TAG"): lambda n: sanitize._REWORK_TAG.search(fill(n, "<bd")),
    ("sanitize.py", "_NEEDS_REWORK"):
        lambda n: sanitize._NEEDS_REWORK.search(fill(n, " src", "<img ", "<")),
    ("sanitize.py", "_ALIGN_STYLE"): lambda n: sanitize._ALIGN_STYLE.search(fill(n, "; ", "", "x")),
    ("sanitize.py", "_ALIGN_CLASS"): lambda n: sanitize._ALIGN_CLASS.search(fill(n, " text-")),
    ("sanitize.py", "_VOID"): lambda n: sanitize._VOID.sub("", fill(n, " ", "<source", "<")),
    ("sanitize.py", "_BLOCK_END"): lambda n: sanitize._BLOCK_END.sub("", fill(n, " ", "<br", "x")),
    ("sanitize.py", "_NOTE_MARK"):
        lambda n: sanitize._NOTE_MARK.sub("", fill(n, 'href="#" ', "<sup><a ", "<")),
    ("sanitize.py", r'r"(\d+(?:\.\d+)?)([wx])"'):
        lambda n: re.fullmatch(r"(\d+(?:\.\d+)?)([wx])", fill(n, "1", "", ".")),
    ("sanitize.py", 'r"(left|right|center|justify)"'):
        lambda n: re.search(r"(left|right|center|justify)", fill(n, "lef")),
    ("sanitize.py", r'r"^https?://(?:www\.)?youtube(?:-nocookie)?\.com/embed/([\w-]+)"'):
        lambda n: sanitize._EMBED_PAGES[0][0].match(fill(n, "-", "https://youtube.com/embed/")),
    ("sanitize.py", r'r"^https?://player\.vimeo\.com/video/(\d+)"'):
        lambda n: sanitize._EMBED_PAGES[1][0].match(fill(n, "1", "https://player.vimeo.com/video/")),
    ("sanitize.py",
     r'r"^https?://open\.spotify\.com/embed/((?:track|album|episode|show|playlist)/\w+)"'):
        lambda n: sanitize._EMBED_PAGES[2][0].match(fill(n, "a", "https://open.spotify.com/embed/track/")),
    ("sanitize.py", """r'<img [^<>]*?alt="([^"<>]*)"'"""):
        lambda n: re.findall(r'<img [^<>]*?alt="([^"<>]*)"', fill(n, 'alt="x ', "<img ")),
    # shorten.py (the regex module: Unicode properties)
    ("shorten.py", "_GRAPHEME"): lambda n: drain(shorten._GRAPHEME.finditer(fill(n, "e\u0301"))),
    ("shorten.py", "_OTHER"): lambda n: _every_index(shorten._OTHER, fill(n, "a\u0300")),
    ("shorten.py", "_SENTENCE"): lambda n: drain(shorten._SENTENCE.finditer(fill(n, ".\u201d"))),
    ("shorten.py", "_CLAUSE"): lambda n: drain(shorten._CLAUSE.finditer(fill(n, ",)"))),
    ("shorten.py", "_SPACE"): lambda n: drain(shorten._SPACE.finditer(fill(n, " a"))),
    # revisions.py
    ("revisions.py", "_TAG"): lambda n: revisions._TAG.sub(" ", fill(n, "<")),
    # scaffold.py
    ("scaffold.py", "_WORD_BREAK"): lambda n: scaffold._WORD_BREAK.split(fill(n, "-.", "a", "b")),
    ("scaffold.py", "_ZONE_NAME"): lambda n: scaffold._ZONE_NAME.fullmatch(fill(n, "a/", "", "!")),
    # serve.py
    ("serve.py", "_ARCHIVE_NAME"): lambda n: serve._ARCHIVE_NAME.match(fill(n, "1", "rss-1", "x")),
    ("serve.py", "_TEXTUAL"): lambda n: serve._TEXTUAL.match(fill(n, "+", "application/", "x")),
    # urls.py
    ("urls.py", "_BAD_ESCAPE"): lambda n: urls._BAD_ESCAPE.findall(fill(n, "%")),
    ("urls.py", "_NOT_IN_URLS"): lambda n: urls._NOT_IN_URLS.search(fill(n, "a")),
    ("urls.py", "_SCHEME"): lambda n: urls._SCHEME.match(fill(n, "a+")),
    ("urls.py", "_ABSOLUTE"): lambda n: urls._ABSOLUTE.match(fill(n, "a+", "", ":/")),
    # stopped.py
    ("stopped.py", "_ARCHIVE"): lambda n: stopped._ARCHIVE.search(fill(n, "archive/")),
    # suggest.py
    ("suggest.py", "_IGNORED"): lambda n: suggest._IGNORED.sub("", fill(n, "_a")),
    # validate/__init__.py: the 48-byte file that took 30 s, grown
    ("validate/__init__.py", "_ROOT"): lambda n: _ROOT.match(fill(n, " ", "<!-- c -->", "<")),
    # validate/jsonfeed.py
    ("validate/jsonfeed.py", '"\\n"'): lambda n: drain(re.finditer("\n", fill(n, "\n"))),
    ("validate/jsonfeed.py", "_NON_SPACE"): lambda n: jsonfeed._NON_SPACE.search(fill(n, " ")),
    ("validate/jsonfeed.py", "_SCALAR"): lambda n: jsonfeed._SCALAR.match(fill(n, "a")),
    # validate/podcast.py
    ("validate/podcast.py", "_DURATION"):
        lambda n: validate_podcast._DURATION.match(fill(n, "1", "", ":x")),
    # validate/links.py
    ("validate/links.py", "_CANDIDATE"):
        lambda n: drain(links._CANDIDATE.finditer(fill(n, " ", "href", "x"))),
    # validate/rss.py
    ("validate/rss.py", "_DIGITS"): lambda n: rss._DIGITS.fullmatch(fill(n, "1", "", "x")),
    ("validate/rss.py", "_LOOKS_LIKE_HTML"):
        lambda n: rss._LOOKS_LIKE_HTML.search(fill(n, " x", "<a")),
    # validate/values.py
    ("validate/values.py", "_EMAIL"): lambda n: values._EMAIL.search(fill(n, "a")),
    ("validate/values.py", "_RFC3339"):
        lambda n: values._RFC3339.match(fill(n, "1", "2019-01-01T00:00:00.", "x")),
    ("validate/values.py", "_RFC822"): lambda n: values._RFC822.fullmatch(fill(n, "1", "1 Jan ", "x")),
    ("validate/values.py", "_SCHEME"): lambda n: values._SCHEME.match(fill(n, "a")),
    ("validate/values.py", "_SPACE_OR_CONTROL"): lambda n: values._SPACE_OR_CONTROL.search(fill(n, "a")),
    ("validate/values.py", "_WEB_URL"): lambda n: values._WEB_URL.fullmatch(fill(n, "a@", "http://", "\x00")),
    # validate/xml.py
    ("validate/xml.py", "_CHAR_REF"): lambda n: drain(xml._CHAR_REF.finditer(fill(n, "1", "&#"))),
    ("validate/xml.py", "_DECLARATION"):
        lambda n: xml._DECLARATION.match(fill(n, "a", '<?xml version="')),
    ("validate/xml.py", "_ILLEGAL"): lambda n: drain(xml._ILLEGAL.finditer(fill(n, "a\x01"))),
    ("validate/xml.py", "_PREFIX"): lambda n: xml._PREFIX.match(fill(n, "a", "Namespace prefix ")),
}

#: Whole functions that read input through several expressions (and bound
#: what each sees), on the inputs reported to hang them.
WORST_FUNCTIONS: dict[str, Callable[[int], object]] = {
    "markdown title from '# a' + spaces + 'x'":
        lambda n: markdown._leading_heading(fill(n, " ", "# a", "x")),
    "dateline after many spaces": lambda n: dates.split_dateline(fill(n, " ", "", "x"), None),
    "dateline in another language, then spaces":
        lambda n: datelines.read_dateline(fill(n, " ", "25 de abril de 2019", "x"), ZONE, "es"),
    "front-matter date of spaces and letters":
        lambda n: _refused(lambda: dates.parse_date(fill(n, " a", "1 "), None)),
    "day-first warning": lambda n: dates.ambiguity(fill(n, " a", " ", "1")),
    "author 'Name <' without an address": lambda n: authors._name_and_email(fill(n, " ", "a", "<")),
    "sniffing a feed": lambda n: sniff(fill(n, " ", "<!-- c -->", "<").encode()),
    "e-mail in a feed's text": lambda n: values.has_email(fill(n, ".", "a@")),
    "summary of paragraphs never closed": lambda n: sanitize.summarize(fill(n, "<p>a ")),
    "summary of footnote marks never closed":
        lambda n: sanitize.summarize(fill(n, '<sup><a href="#x" ', "<p>")),
    "shortening text of combining marks": lambda n: shorten.shorten(fill(n, "a\u0301\u0302")),
    "caption shortcodes opened and never closed":
        lambda n: sanitize._caption_shortcodes(fill(n, "[caption]", "", "<img src=a>[/caption]")),
    "caption shortcodes closed, each without an image":
        lambda n: sanitize._caption_shortcodes(fill(n, "<p>[caption]x[/caption] ")),
    "paragraphs of URLs never closed":
        lambda n: sanitize._embed_links(fill(n, "<p>https://a ", "", "x")),
    "character references of many digits": lambda n: fields.decode_references(fill(n, "0", "&#")),
    "sanitizing 100,000 nested elements": lambda n: sanitize.sanitize_html(
        fill(n, "<div>"), "https://example.org/a/", "https://example.org/"),
}


def _refused(call: Callable[[], object]) -> None:
    try:
        call()
    except ValueError:
        pass


def collect_patterns() -> set[tuple[str, str]]:
    """Every ``re.<function>(...)`` and ``regex.<function>(...)`` call in the
    package, keyed as :data:`WORST_CASES` is."""
    found: set[tuple[str, str]] = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        named: dict[int, str] = {}
        bodies = [tree.body] + [node.body for node in ast.walk(tree)
                                if isinstance(node, ast.ClassDef)]
        for body in bodies:
            for statement in body:
                if (isinstance(statement, ast.Assign) and len(statement.targets) == 1
                        and isinstance(statement.targets[0], ast.Name)):
                    named[id(statement.value)] = statement.targets[0].id
        for node in ast.walk(tree):  # compiled when first used: named by its accessor
            if isinstance(node, ast.FunctionDef):
                for statement in node.body:
                    if isinstance(statement, ast.Return) and statement.value is not None:
                        named[id(statement.value)] = node.name
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id in _ENGINES
                    and node.func.attr in _RE_FUNCTIONS):
                key = named.get(id(node)) or ast.get_source_segment(source, node.args[0])
                found.add((path.relative_to(PACKAGE).as_posix(), str(key)))
    return found


def test_every_expression_in_the_package_has_a_worst_case() -> None:
    found = collect_patterns()
    missing = sorted(found - set(WORST_CASES))
    stale = sorted(set(WORST_CASES) - found)
    assert not missing, f"audit these expressions and add worst cases for them: {missing}"
    assert not stale, f"these expressions are gone; remove their entries: {stale}"


def test_expressions_are_only_made_where_the_audit_sees_them() -> None:
    for path in PACKAGE.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "from re import" not in source and "from regex import" not in source, path
        assert " as re\n" not in source and "import sre" not in source, path


def _cost(run: Callable[[int], object], size: int, times: int, tries: int) -> float:
    """The least CPU time, of ``tries`` tries, of ``times`` runs at ``size``."""
    best = float("inf")
    for _ in range(tries):
        start = time.thread_time()
        for _ in range(times):
            run(size)
        best = min(best, time.thread_time() - start)
    return best


def growth(run: Callable[[int], object], scale: Scale = FULL) -> float:
    """Cost of one run at ``scale.large`` over ten runs at ``scale.small``
    (about 1 for linear work, 10 for quadratic), repeated until the small
    side takes ``scale.floor`` seconds, long enough for the clock's
    resolution not to matter."""
    gc.disable()
    try:
        with alarm(60):
            repeat = 1
            while True:
                small = _cost(run, scale.small, 10 * repeat, scale.tries)
                if small >= scale.floor or repeat >= 1024:
                    break
                repeat *= 4
            large = _cost(run, scale.large, repeat, scale.tries)
    except TooSlow:
        return float("inf")
    finally:
        gc.enable()
    return large / max(small, 1e-9)


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("key", sorted(WORST_CASES), ids="::".join)
def test_expression_is_linear_on_its_worst_input(key: tuple[str, str], scale: Scale) -> None:
    ratio = growth(WORST_CASES[key], scale)
    assert ratio < MAX_RATIO, (f"{key}: {scale.large:,} characters cost {ratio:.1f} "
                               f"times 10 × {scale.small:,}")


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("name", sorted(WORST_FUNCTIONS))
def test_reader_is_linear_on_its_worst_input(name: str, scale: Scale) -> None:
    ratio = growth(WORST_FUNCTIONS[name], scale)
    assert ratio < MAX_RATIO, (f"{name}: {scale.large:,} characters cost {ratio:.1f} "
                               f"times 10 × {scale.small:,}")


@pytest.mark.parametrize("scale", SCALES)
def test_the_check_catches_quadratic_work(scale: Scale) -> None:
    # The measure itself: the old expression for Share lines, on its worst input.
    old = re.compile(r"^\s*share(?:\s+this(?:\s+article)?)?\s*:?\s*$", re.IGNORECASE)
    assert growth(lambda n: old.match(fill(n // 10, " ", "share", "x")), scale) >= MAX_RATIO
