"""limit_nesting: tags below the depth limit are dropped, their text kept."""

from __future__ import annotations

from lxml import html

from newswire.readers.nesting import MAX_DEPTH, limit_nesting


def depth(fragment: str) -> int:
    root = html.fragment_fromstring(fragment, create_parent="body")
    return max(len(list(e.iterancestors())) for e in root.iter())


def test_a_shallow_fragment_is_the_very_same_string() -> None:
    text = "<p>Kim <em>met</em> Putin.</p>" * 200
    out, dropped = limit_nesting(text)
    assert out is text and dropped == 0


def test_deep_tags_are_dropped_and_their_text_kept() -> None:
    fragment = "<div>" * 150 + "core" + "</div>" * 150
    out, dropped = limit_nesting(fragment)
    assert dropped == 50
    assert out == "<div>" * MAX_DEPTH + "core" + "</div>" * MAX_DEPTH
    assert depth(out) <= MAX_DEPTH + 1


def test_a_smaller_limit() -> None:
    out, dropped = limit_nesting("<b><i><u>x</u></i></b><p>y</p>", max_depth=2)
    assert (out, dropped) == ("<b><i>x</i></b><p>y</p>", 1)


def test_void_and_self_closed_elements_do_not_nest() -> None:
    fragment = "<div>" + "<br><img src=x><span/>" * 50 + "</div>"
    assert limit_nesting(fragment, max_depth=1) == (fragment, 0)


def test_repeated_paragraphs_close_each_other() -> None:
    fragment = "<div>" + "<p>para" * 60 + "</div>"
    assert limit_nesting(fragment, max_depth=2) == (fragment, 0)


def test_an_end_tag_closes_the_elements_opened_inside_it() -> None:
    fragment = "<section><div><span>a</section>" * 40 + "<b><i>deep</i></b>"
    out, dropped = limit_nesting(fragment, max_depth=3)
    assert (out, dropped) == (fragment, 0)


def test_stray_end_tags_are_left_for_the_sanitizer() -> None:
    fragment = "</div>" * 120 + "<p>x</p>"
    assert limit_nesting(fragment, max_depth=1) == (fragment, 0)


def test_uppercase_names_count_as_the_same_element() -> None:
    out, dropped = limit_nesting("<DIV><div>x</DIV></div>", max_depth=1)
    assert (out, dropped) == ("<DIV>x</div>", 1)  # </DIV> closed the inner one
