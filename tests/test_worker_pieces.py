"""The cheaper forms of the per-article work give what the forms they replaced gave.

Reading, sanitizing and rendering an article run once per article in the
build's worker processes, so a few microseconds saved in each add up
(README "Performance"). Each shortcut here is held to the code it replaced,
written out in this file as the reference, on random inputs built from the
characters where the two could part.
"""

from __future__ import annotations

import unicodedata
from datetime import timezone
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newswire import identity, sanitize
from newswire.direction import written_direction
from newswire.errors import ArticleError
from newswire.model import Article
from newswire.readers import text as text_module
from newswire.readers.markdown import _FOOTNOTE_SYNTAX, _may_have_footnotes
from newswire.readers.meta import parse_metadata


def _decode_before(data: bytes) -> text_module.DecodedText:
    """:func:`~newswire.readers.text.decode` as it was: every text through
    :func:`normalize_controls` and :func:`strip_illegal`."""
    text, encoding = text_module._decode_bytes(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    undecodable = text.count("\ufffd") - data.count("\ufffd".encode())
    undecodable_line = text_module._line_of(text, text.index("\ufffd")) \
        if undecodable > 0 else None
    normalized, dropped_count, dropped_at = text_module.normalize_controls(text)
    dropped_line = text_module._line_of(text, dropped_at) if dropped_at is not None else None
    text = normalized
    first = text_module._ILLEGAL.search(text)
    removed_line = text_module._line_of(text, first.start()) if first else None
    if dropped_line is not None and (removed_line is None or dropped_line < removed_line):
        removed_line = dropped_line
    text, removed = text_module.strip_illegal(text)
    removed += dropped_count
    return text_module.DecodedText(text, encoding, removed, removed_line,
                                   max(undecodable, 0), undecodable_line)


# Characters on both sides of every class the decoder treats apart: C0
# controls, tab/LF/CR, DEL, C1 controls (defined and undefined in cp1252),
# NEL, lone surrogates, U+FFFD/U+FFFE/U+FFFF, letters of several scripts.
_TRICKY = st.sampled_from(
    "ab \t\n\r\x00\x01\x08\x0b\x0c\x0e\x1b\x1f\x7f\x80\x81\x85\x93\x9d\x9f\xa0é"
    "\u0663\u05d0\ud800\udfff\ufffd\ufffe\uffff\U0001f600")


@settings(max_examples=400, deadline=None)
@given(st.lists(_TRICKY, max_size=40).map("".join),
       st.sampled_from(["utf-8", "surrogatepass", "cp1252", "utf-16"]))
def test_decoded_text_is_what_it_was(text: str, how: str) -> None:
    if how == "surrogatepass":
        data = text.encode("utf-8", "surrogatepass")
    elif how == "cp1252":
        data = text.encode("cp1252", "replace")
    elif how == "utf-16":
        data = text.encode("utf-16", "surrogatepass")
    else:
        data = text.encode("utf-8", "replace")
    assert text_module.decode(data) == _decode_before(data)


@pytest.mark.parametrize("data", [
    b"plain text\nwith lines\r\nand more\r", "caf\u00e9 \u0663 \U0001f600".encode(),
    b"nul\x00here", "quoted \u0093text\u0094 and \u0085".encode(), b"bad \xff byte",
    "\ufeffBOM \u2028 and \x7f".encode(), b"",
])
def test_decoded_text_of_known_cases_is_what_it_was(data: bytes) -> None:
    assert text_module.decode(data) == _decode_before(data)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="[]^ab`\n \\", max_size=30))
def test_the_footnote_check_finds_what_the_pattern_finds(body: str) -> None:
    assert _may_have_footnotes(body) == (_FOOTNOTE_SYNTAX.search(body) is not None)


def _embed_links_before(fragment: str) -> str:
    fragment = sanitize._EMBED_SHORTCODE.sub(r'<a href="\1">\1</a>', fragment)
    return sanitize._URL_PARAGRAPH.sub(r'<p><a href="\1">\1</a></p>', fragment)


_EMBED_PARTS = st.sampled_from(["[embed]", "[embed width=1]", "[/embed]", "[EMBED]", "[embe",
                                "https://v.example/x", "http://a.b", " ", "\n", "<p>",
                                "</p>", "[", "]", '"', "text"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_EMBED_PARTS, max_size=12).map("".join))
def test_embeds_become_links_as_they_did(fragment: str) -> None:
    assert sanitize._embed_links(fragment) == _embed_links_before(fragment)


def _written_direction_before(text: str, fallback: str) -> str:
    balance = 0
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            balance += 1
        elif kind == "L":
            balance -= 1
    if balance == 0:
        return fallback
    return "rtl" if balance > 0 else "ltr"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aZ 1.\u05d0\u0627\u0663\u200f\u200e\u00e9\u4e00", max_size=20),
       st.sampled_from(["ltr", "rtl"]))
def test_written_direction_is_what_it_was(text: str, fallback: str) -> None:
    assert written_direction(text, fallback) == _written_direction_before(text, fallback)


def _slug_before(text: str) -> str:
    from slugify import slugify
    return slugify(text, max_length=80, word_boundary=True, save_order=True)


def _derived_path_before(article: Article) -> str:
    import uuid
    source = PurePosixPath(article.source)
    folders = [s for s in (_slug_before(part) for part in source.parent.parts) if s]
    slug = _slug_before(article.slug or "") or _slug_before(source.stem)
    if not slug:
        slug = "article-" + uuid.uuid5(uuid.NAMESPACE_URL, article.source).hex[:12]
    return "/".join([*folders, slug]) + "/"


_PART = st.text(alphabet="aB9 -_.ñ\u0627\u4e00&'", min_size=1, max_size=12).filter(
    lambda part: part not in (".", ".."))


@settings(max_examples=300, deadline=None)
@given(st.lists(_PART, min_size=1, max_size=4), st.one_of(st.none(), _PART))
def test_derived_paths_are_what_they_were(parts: list[str], slug: str | None) -> None:
    article = Article(source="/".join(parts) + ".md", title="t", body_html="", slug=slug)
    assert identity.derived_path(article) == _derived_path_before(article)
    assert identity.derived_path(article) == _derived_path_before(article)  # cached


def test_folder_slugs_are_made_once_per_process() -> None:
    identity._slug.cache_clear()
    for number in range(5):
        identity.derived_path(Article(source=f"World News/2026/story {number}.md",
                                      title="t", body_html=""))
    info = identity._slug.cache_info()
    # each folder slugged once (two), plus "" and a stem per article
    assert info.misses == 2 + 1 + 5
    assert info.hits == 4 * 2 + 4


def test_front_matter_without_media_asks_for_no_media_line() -> None:
    asked: list[str] = []

    def line_of(key: str) -> int:
        asked.append(key)
        return 7
    front = parse_metadata({"title": "T", "audio": "", "video": None}, Path("a.md"),
                           line_of, timezone.utc)
    assert "audio" not in front.fields and "video" not in front.fields
    assert "audio" not in asked and "video" not in asked


def test_a_bad_media_value_is_still_reported_on_its_line() -> None:
    with pytest.raises(ArticleError) as caught:
        parse_metadata({"title": "T", "audio": ["not", "a", "file"]}, Path("a.md"),
                       lambda key: {"audio": 4}.get(key, 2), timezone.utc)
    assert caught.value.line == 4
    assert "audio" in caught.value.message


_MARKER_PARTS = st.sampled_from([*sanitize._REWORK_MARKERS, "<", " ", "data", "-", "=",
                                 "<pic", "ture", "<b", "do", "<p>", "</picture>", "srcset",
                                 "/images/core/", "emoji/", "<PICTURE", "x"])


@settings(max_examples=500, deadline=None)
@given(st.lists(_MARKER_PARTS, max_size=10).map("".join))
def test_rework_markers_are_found_as_they_were(staged: str) -> None:
    assert sanitize._has_rework_marker(staged) == \
        any(marker in staged for marker in sanitize._REWORK_MARKERS)


@pytest.mark.parametrize("marker", sanitize._REWORK_MARKERS)
def test_each_rework_marker_is_found_alone(marker: str) -> None:
    assert sanitize._has_rework_marker(f"<p>text {marker} more</p>")
    assert not sanitize._has_rework_marker(f"<p>text {marker[:-1]} more</p>")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=20), st.text(max_size=20))
def test_share_text_is_encoded_as_it_was(title: str, url: str) -> None:
    from urllib.parse import quote

    from newswire.pages.share import share_links, share_text
    links = {link.name: link.href for link in share_links(url, title)}
    text = quote(share_text(url, title), safe="")
    assert links["Bluesky"] == f"https://bsky.app/intent/compose?text={text}"
    assert links["WhatsApp"] == f"https://wa.me/?text={text}"


@pytest.mark.parametrize("lang", [None, "", "en", "EN", "en_US", "ar", "he-IL", "az-Arab"])
@pytest.mark.parametrize("around", [None, "en", "en-us", "ar"])
def test_language_attributes_are_what_they_were(lang: str | None, around: str | None) -> None:
    from newswire.pages import lang_attrs
    expected = lang_attrs.__wrapped__(lang, around)
    assert lang_attrs(lang, around) == expected
    assert lang_attrs(lang, around) == expected  # from the cache


@pytest.mark.parametrize("text", ["25 April 2019", "April 25, 2019 10:32 AM EST",
                                  "Thursday, 14.03.2006 09:00 +0200", "02/01/2015",
                                  "25 April 2019 10:30 GMT+2"])
def test_a_written_date_is_parsed_once_and_the_same(text: str) -> None:
    from newswire.readers import dates
    expected = dates._dateutil.__wrapped__(text)
    dates._dateutil.cache_clear()
    assert dates._dateutil(text) == expected
    got = dates._dateutil(text)
    assert got == expected and got.tzinfo == expected.tzinfo
    assert dates._dateutil.cache_info().hits == 1


@pytest.mark.parametrize("text", ["31 February 2019", "25 April 19", "April 2019",
                                  "25 April 2019 10:30 XYZT"])
def test_a_written_date_that_is_refused_is_refused_every_time(text: str) -> None:
    from newswire.readers import dates
    for _ in range(2):
        with pytest.raises(dates.DateError):
            dates._dateutil(text)
