"""Listing pages (paged index and feed pages, tag and category pages), sitemap.xml,
the Google News sitemap and robots.txt.

The sitemaps are validated with lxml against the sitemaps.org XML schema
when ``NEWSWIRE_SITEMAP_XSD`` names it (``.ci/run`` takes it from the npm
package ``sitemap``), and always element by element.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from lxml import etree, html

from newswire.run import BuildOptions, build
from newswire.pages.paging import term_slug
from newswire.sitemaps import news_language, sitemaps
from ..conftest import forget_last_build

BASE = "https://wire.example.org/"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)
HERE = Path(__file__).parent


def article(root: Path, name: str, title: str, when: datetime, tags=(), category=None,
            url=None, lang=None) -> None:
    lines = [f"title: {title!r}", f"date: {when.isoformat()}", f"tags: {list(tags)!r}"]
    if category:
        lines.append(f"category: {category!r}")
    if url:
        lines.append(f"url: {url}")
    if lang:
        lines.append(f"lang: {lang}")
    path = root / "content" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\n" + "\n".join(lines) + f"\n---\n\nText of {title}.\n", "utf-8")


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Path:
    """120 articles, one an hour before NOW back; a feed of the even ones."""
    root = tmp_path_factory.mktemp("listings") / "site"
    (root / "feeds").mkdir(parents=True)
    (root / "feeds/site.toml").write_text(
        f'base_url = "{BASE}"\ntitle = "The Wire"\nlanguage = "de-AT"\n', "utf-8")
    (root / "feeds/main.toml").write_text('title = "All"\n', "utf-8")
    (root / "feeds/even.toml").write_text('title = "Even"\ninclude_tags = ["even"]\n', "utf-8")
    for n in range(120):
        tags = ["even" if n % 2 == 0 else "odd", "C++" if n == 3 else "Harbour"]
        if n == 5:
            tags = ["harbour", "!!!"]
        article(root, f"a/story-{n:03d}.md", f"Story {n}", NOW - timedelta(hours=n * 2 + 1),
                tags, "Sport" if n % 3 == 0 else "Politics",
                url="https://elsewhere.example.com/x" if n == 7 else None,
                lang="zh-Hant" if n == 1 else None)
    report = build(root, BuildOptions(now=NOW))
    assert not report.errors, report.diagnostics
    return root


def doc(root: Path, folder: str) -> html.HtmlElement:
    return html.fromstring((root / "public" / folder / "index.html").read_bytes())


def listed(page: html.HtmlElement) -> list[str]:
    return page.xpath("//ol[@class='entries']/li/a[@class='title']/@href")


def crawl(root: Path, folder: str) -> tuple[list[str], list[str]]:
    """Follow rel=next from a listing's first page; its entries and page URLs.
    Checks that each page's rel=prev points back at the page before."""
    url, previous, entries, pages = BASE + folder, None, [], []
    while url:
        page = doc(root, url[len(BASE):])
        pages.append(url)
        assert page.xpath("//link[@rel='canonical']/@href") == [url]
        assert page.xpath("//head/link[@rel='prev']/@href") == ([previous] if previous else [])
        assert page.xpath("//nav[@class='pager']/a[@rel='prev']/@href") == \
            ([previous] if previous else [])
        entries += listed(page)
        nexts = page.xpath("//head/link[@rel='next']/@href")
        assert nexts == page.xpath("//nav[@class='pager']/a[@rel='next']/@href")
        previous, url = url, (nexts[0] if nexts else None)
    return entries, pages


def all_articles(root: Path) -> list[str]:
    by_date = sorted(range(120))  # story 0 is the newest
    return [f"{BASE}a/story-{n:03d}/" for n in by_date]


def test_index_pages_through_every_article(big):
    entries, pages = crawl(big, "")
    assert entries == all_articles(big)
    assert pages == [BASE, BASE + "page/2/", BASE + "page/3/"]
    assert len(listed(doc(big, "page/3"))) == 20
    assert doc(big, "").xpath("//section[@id='feeds']")  # page 1 is still the index


def test_feed_landing_page_pages_through_the_feed(big):
    entries, pages = crawl(big, "feeds/even/")
    assert entries == [u for u in all_articles(big) if int(u[-4:-1]) % 2 == 0]
    assert pages == [BASE + "feeds/even/", BASE + "feeds/even/page/2/"]
    assert doc(big, "feeds/even").xpath("//section[@class='addresses']")


def test_tag_and_category_pages_are_linked_from_articles(big):
    page = doc(big, "a/story-004")
    tag_links = page.xpath("//p[@class='tags']/a[@rel='tag']")
    assert [(a.text, a.get("href")) for a in tag_links] == [
        ("even", BASE + "tags/even/"), ("Harbour", BASE + "tags/harbour/")]
    assert page.xpath("//p[@class='section']/a/@href") == [BASE + "categories/politics/"]
    harbour, _ = crawl(big, "tags/harbour/")
    # "Harbour" and "harbour" are one tag; C++ has its own page
    assert harbour == [u for u in all_articles(big) if not u.endswith("story-003/")]
    assert doc(big, "tags/harbour").xpath("//h1")[0].text == "Harbour"
    assert listed(doc(big, "tags/c")) == [BASE + "a/story-003/"]
    assert listed(doc(big, f"tags/{term_slug('!!!')}")) == [BASE + "a/story-005/"]
    sport, _ = crawl(big, "categories/sport/")
    assert sport == [u for u in all_articles(big) if int(u[-4:-1]) % 3 == 0]
    overview = doc(big, "tags").xpath("//ul[@class='terms']//a/@href")
    assert BASE + "tags/harbour/" in overview and BASE + "tags/even/" in overview
    assert BASE + "tags/" in doc(big, "").xpath("//p[@class='browse']/a/@href")


def test_slugs_depend_on_the_term_only():
    assert term_slug("Kim Jong-Un") == "kim-jong-un"
    assert term_slug("Ελλάδα") == "ellada"
    assert term_slug("!!!") == term_slug("!!!") != term_slug("???")
    assert term_slug("!!!").startswith("term-")


def schema() -> etree.XMLSchema | None:
    """The sitemaps.org schema plus tests/pages/sitemap-news.xsd, or None."""
    xsd = os.environ.get("NEWSWIRE_SITEMAP_XSD")
    if not xsd or not Path(xsd).is_file():
        return None
    wrapper = f"""<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">
      <xsd:import namespace="http://www.sitemaps.org/schemas/sitemap/0.9"
                  schemaLocation="{Path(xsd).resolve().as_uri()}"/>
      <xsd:import namespace="http://www.google.com/schemas/sitemap-news/0.9"
                  schemaLocation="{(HERE / 'sitemap-news.xsd').resolve().as_uri()}"/>
    </xsd:schema>"""
    return etree.XMLSchema(etree.fromstring(wrapper.encode()))


def check_schema(path: Path) -> None:
    checker = schema()
    if checker is None:
        return
    tree = etree.parse(str(path))
    assert checker.validate(tree), checker.error_log


def test_sitemap_lists_every_page_with_lastmod(big):
    path = big / "public/sitemap.xml"
    check_schema(path)
    root = etree.parse(str(path)).getroot()
    assert root.tag == SM + "urlset"
    urls = {}
    for url in root:
        assert url.tag == SM + "url"
        assert [c.tag for c in url] == [SM + "loc", SM + "lastmod"]
        lastmod = datetime.fromisoformat(url.findtext(SM + "lastmod"))
        assert lastmod.utcoffset() is not None
        urls[url.findtext(SM + "loc")] = lastmod
    pages = {BASE + p.parent.relative_to(big / "public").as_posix() + "/"
             for p in (big / "public").rglob("index.html")}
    pages = {u.replace(BASE + "./", BASE) for u in pages}
    elsewhere = BASE + "a/story-007/"
    assert set(urls) == pages - {elsewhere}
    assert urls[BASE + "a/story-010/"] == NOW - timedelta(hours=21)
    assert urls[BASE] == NOW - timedelta(hours=1)


def test_news_sitemap_holds_the_last_two_days(big):
    path = big / "public/news-sitemap.xml"
    check_schema(path)
    root = etree.parse(str(path)).getroot()
    rows = []
    for url in root.iter(SM + "url"):
        news = url.find(NEWS + "news")
        assert [c.tag for c in news] == [NEWS + "publication", NEWS + "publication_date",
                                         NEWS + "title"]
        rows.append((url.findtext(SM + "loc"), news.findtext(f"{NEWS}publication/{NEWS}name"),
                     news.findtext(f"{NEWS}publication/{NEWS}language"),
                     news.findtext(NEWS + "publication_date"), news.findtext(NEWS + "title")))
    # published 1, 3, … 47 hours before NOW: 24 stories; story 7 lives elsewhere
    expected = [(f"{BASE}a/story-{n:03d}/", "The Wire", "zh-tw" if n == 1 else "de",
                 (NOW - timedelta(hours=2 * n + 1)).isoformat(), f"Story {n}")
                for n in range(24) if n != 7]
    assert rows == expected


def test_robots_txt_names_both_sitemaps(big):
    lines = (big / "public/robots.txt").read_text("utf-8").splitlines()
    assert lines[:2] == ["User-agent: *", "Allow: /"]
    assert [ln for ln in lines if ln.startswith("Sitemap:")] == [
        f"Sitemap: {BASE}sitemap.xml", f"Sitemap: {BASE}news-sitemap.xml"]


def test_rebuild_is_byte_identical_and_the_news_window_moves(big, tmp_path):
    import shutil

    root = tmp_path / "copy"
    shutil.copytree(big, root, symlinks=True)
    forget_last_build(root)
    report = build(root, BuildOptions(now=NOW))
    assert report.result is not None and report.result.written == []
    # two days later nothing changed in content/, but the News sitemap did
    later = build(root, BuildOptions(now=NOW + timedelta(hours=44)))
    assert not later.unchanged
    assert later.result is not None and later.result.written == ["news-sitemap.xml"]
    locs = etree.parse(str(root / "public/news-sitemap.xml")).getroot().findall(
        f"{SM}url/{SM}loc")
    assert [u.text for u in locs] == [f"{BASE}a/story-{n:03d}/" for n in range(2)]


def test_listing_page_taken_by_an_article_is_left_out_with_a_warning(tmp_path):
    root = tmp_path / "s"
    (root / "feeds").mkdir(parents=True)
    (root / "feeds/site.toml").write_text(f'base_url = "{BASE}"\n', "utf-8")
    article(root, "tags/world.md", "A page called world", NOW - timedelta(days=1), ["world"])
    report = build(root, BuildOptions(now=NOW))
    assert not report.errors
    warned = [str(d) for d in report.warnings if "not published" in d.message]
    assert len(warned) == 1
    assert f"{BASE}tags/world/ is not published as the page of the tag 'world': it is the " \
        f"page of {root / 'content/tags/world.md'}" in warned[0]
    assert doc(root, "tags/world").xpath("//h1")[0].text_content() == "A page called world"


def test_large_sitemaps_are_split_with_an_index():
    when = datetime(2026, 1, 1, tzinfo=timezone.utc)
    files = sitemaps(BASE, [(f"{BASE}{n}/", when + timedelta(days=n)) for n in range(5)],
                     limit=2)
    assert [name for name, _ in files] == ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml",
                                           "sitemap-3.xml"]
    index = etree.fromstring(files[0][1])
    assert index.tag == SM + "sitemapindex"
    assert [s.findtext(SM + "loc") for s in index] == [
        f"{BASE}sitemap-{n}.xml" for n in (1, 2, 3)]
    assert index[2].findtext(SM + "lastmod") == "2026-01-05T00:00:00+00:00"
    assert len(etree.fromstring(files[3][1])) == 1


def test_news_language_codes():
    assert news_language("en-GB") == "en"
    assert news_language("zh-Hans-CN") == "zh-cn"
    assert news_language("zh-HK") == "zh-tw"
    assert news_language(None) == "en"


def test_unchanged_listing_pages_are_not_rendered_again(big, tmp_path, monkeypatch):
    import shutil

    from newswire.pages import PageRenderer

    root = tmp_path / "copy"
    shutil.copytree(big, root, symlinks=True)
    # a copied public/ has new ctimes: its first build checks every file by
    # its bytes (writing none); the edits below are measured after it
    report = build(root, BuildOptions(now=NOW))
    assert not report.errors and report.result is not None and report.result.written == []
    rendered: list[str] = []
    original = PageRenderer.listing_page

    def counting(self, page, browse=()):
        rendered.append(page.file)
        return original(self, page, browse)
    monkeypatch.setattr(PageRenderer, "listing_page", counting)
    path = root / "content/a/story-100.md"
    # a front-matter key no list shows: no listing page is rendered again
    path.write_text(path.read_text("utf-8").replace("---\n\n", "editor: Sam\n---\n\n"),
                    "utf-8")
    report = build(root, BuildOptions(now=NOW))
    assert not report.errors and report.result is not None
    assert report.result.written == [] and rendered == []
    # a new title: exactly the pages that list the story are rendered again
    path.write_text(path.read_text("utf-8").replace("Story 100", "Story one hundred"), "utf-8")
    report = build(root, BuildOptions(now=NOW))
    listing_story = sorted(
        p.relative_to(root / "public").as_posix() for p in (root / "public").rglob("index.html")
        if BASE + "a/story-100/" in listed(html.fromstring(p.read_bytes())))
    assert len(listing_story) == 6  # index, 2 feeds, 2 tags, 1 category
    # (a page made from its rows is rendered around an empty list, and the
    # first one of a build also whole, to check the two: a path may come twice)
    assert sorted(set(rendered)) == listing_story
    assert set(rendered) <= set(report.result.written)


def test_content_files_replace_robots_and_cannot_take_a_tag_page(tmp_path):
    root = tmp_path / "s"
    (root / "feeds").mkdir(parents=True)
    (root / "feeds/site.toml").write_text(f'base_url = "{BASE}"\n', "utf-8")
    article(root, "news/one.md", "One", NOW - timedelta(days=1), ["port"])
    (root / "content/robots.txt").write_text("User-agent: *\nDisallow: /drafts/\n", "utf-8")
    (root / "content/tags/port").mkdir(parents=True)
    (root / "content/tags/port/index.html").write_text("<p>mine</p>", "utf-8")
    report = build(root, BuildOptions(now=NOW))
    assert (root / "public/robots.txt").read_text("utf-8") == \
        "User-agent: *\nDisallow: /drafts/\n"
    errors = [str(d) for d in report.errors]
    assert len(errors) == 1 and "not copied: public/tags/port/index.html is written by the " \
        "page of the tag 'port'" in errors[0]
    assert listed(doc(root, "tags/port")) == [BASE + "news/one/"]
