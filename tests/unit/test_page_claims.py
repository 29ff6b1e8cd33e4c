"""Article pages claimed by their source (Claims.claim_page): the same
answers and messages as a claim with the owner's text, for every order of
pages, files and folders claimed."""

from __future__ import annotations

import itertools

import pytest

from newswire.outputs import Claims

CONTENT = "/site/content"
PATHS = ["news/a/index.html", "news/a", "news/", "news/a/", "news", "news/b/index.html",
         "news/a/index.html/x", "index.html", "index.html/", "other/index.html",
         "feeds/world/archive/", "feeds/world/archive/2.xml", "feeds/world/archive"]


def text(source: str) -> str:
    return f"the page of {CONTENT}/{source}"


@pytest.mark.parametrize("order", list(itertools.permutations(range(4))))
def test_pages_by_source_answer_as_pages_by_text(order: tuple[int, ...]) -> None:
    claims = [("page", "news/a/", "news/a.md"), ("page", "news/b/", "b.md"),
              ("file", "index.html", "the site's index page"),
              ("file", "feeds/world/archive/", "feed 'world'")]
    by_source, by_text = Claims(), Claims()
    for kind, path, who in (claims[i] for i in order):
        if kind == "page":
            answer = by_source.claim_page(path, CONTENT, who)
            assert answer == by_text.claim(path + "index.html", text(who))
        else:
            assert by_source.claim(path, who) == by_text.claim(path, who)
    for path in PATHS:
        assert by_source.owner(path) == by_text.owner(path), path
        for who in ("someone", text("news/a.md"), text("b.md")):
            assert Claims.claim(_copy(by_source), path, who) == \
                Claims.claim(_copy(by_text), path, who), (path, who)


def _copy(claims: Claims) -> Claims:
    copy = Claims(dict(claims.owners))
    for path, source in claims._pages.items():
        copy.claim_page(path, CONTENT, source)
    return copy


def test_a_page_wanted_twice_names_the_first_article() -> None:
    claims = Claims()
    assert claims.claim_page("news/a/", CONTENT, "news/a.md") is None
    assert claims.claim_page("news/a/", CONTENT, "news/a.md") is None  # again: fine
    assert claims.claim_page("news/a/", CONTENT, "other.md") == text("news/a.md")
    assert claims.claim("news/a", "a file of content/") == text("news/a.md")
    assert claims.claim("news/a/index.html/x", "a file of content/") == text("news/a.md")
    assert claims.claim("news/", "a feed") == text("news/a.md")
    assert claims.claim("news/b/index.html", "a feed") is None


def test_a_page_where_a_file_or_folder_is_claimed_names_that_owner() -> None:
    claims = Claims({"news/a": "a file of content/", "feeds/": "feed 'world'"})
    assert claims.claim_page("news/a/", CONTENT, "x.md") == "a file of content/"
    assert claims.claim_page("feeds/b/", CONTENT, "y.md") == "feed 'world'"
    assert claims.claim_page("news/", CONTENT, "z.md") is None
    assert claims.owner("news/index.html") == text("z.md")


def test_pages_of_another_content_folder_are_named_by_theirs() -> None:
    claims = Claims()
    assert claims.claim_page("a/", CONTENT, "a.md") is None
    assert claims.claim_page("b/", "/elsewhere", "b.md") is None
    assert claims.owner("a/index.html") == text("a.md")
    assert claims.owner("b/index.html") == "the page of /elsewhere/b.md"


def test_a_page_is_held_by_the_page_path_given_and_no_folder_of_its_own() -> None:
    # a build claims one page per article: the key is the string its
    # identity holds, and the page's own folder is found through it
    claims = Claims()
    page_path = "".join(["news/", "a/"])  # a string of its own, not a constant
    assert claims.claim_page(page_path, CONTENT, "news/a.md") is None
    assert [key for key in claims._pages if key is page_path] == [page_path]
    assert hash("news/a") not in claims._folders
    assert hash("news") in claims._folders
    assert claims.owner("news/a") == text("news/a.md")  # a file where its folder is
    assert claims.page_owner("news/a/") == text("news/a.md")
    assert claims.owner("news/aindex.html") is None
