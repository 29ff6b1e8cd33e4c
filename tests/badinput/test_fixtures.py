"""Every kind of bad input (README "Bad input") built together with good articles.

Each file in ``tests/fixtures/bad/`` is one kind of bad input; the test adds
the ones that cannot be committed (a 50 MB article, a binary file named
``.md``, a symlink leaving ``content/``), builds everything with two good
articles, and checks that the good ones publish, each bad one gets its
``path:line: level: message`` line, and the exit status is as documented.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import feedparser
import pytest

from newswire import parallel
from newswire.errors import ArticleError

from .helpers import check_feed, diagnostics, feed_files, json_items, make_site, pages, run_build, write

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "bad"
GOOD = {
    "good/first.md": "---\ntitle: First good story\ndate: 2019-04-20\n---\nAll is well.\n",
    "good/second.txt": "Second good story\n\n  • It is fine\n\n21 April 2019Nothing wrong here.\n",
}

# file -> (level, line or None, words the message holds). Files published
# despite a warning say so in PUBLISHED below.
EXPECTED = {
    "undecodable-bytes.txt": ("warning", 3, "2 byte(s) could not be decoded"),
    "control-characters.md": ("warning", 2, "removed 7 character(s) that XML does not allow"),
    "yaml-colon-title.md": ("error", 2, "a title containing ': ' needs quotes"),
    "yaml-tabs.md": ("error", 4, "YAML does not allow tabs for indentation"),
    "yaml-duplicate-key.md": ("error", 3, "key 'title' is given twice; keep one"),
    "toml-error.md": ("error", 2, "front matter is not valid TOML"),
    "missing-title.md": ("error", 2, "no title; add 'title: …' to the front matter"),
    "empty-title.md": ("error", 2, "no title; add 'title: …' to the front matter"),
    "impossible-date.md": ("error", 3, "date: '2019-02-30' is not a valid date (day is out of "
                           "range for month)"),
    "two-digit-year.md": ("error", 3, "date: '04/05/19' has a two-digit year; write the year "
                          "in full"),
    "two-digit-year-dateline.txt": ("error", 3, "dateline '25/04/19' has a two-digit year"),
    "ambiguous-day-month.md": ("warning", 3, "date: '04/05/2019' read day first, as 4 May; "
                               "write YYYY-05-04"),
    "before-1000.md": ("error", 3, "year 999 is before 1000"),
    "after-9999.md": ("error", 3, "year 10000 is out of range"),
    "unknown-timezone.md": ("error", 3, "unknown time zone 'Mars/Olympus'; use an IANA name"),
    "impossible-zone-offset.txt": ("error", 3, "offset 'UTC+27:00' is out of range"),
    "duplicate-id-a.md": ("error", 1, "same id urn:uuid:00000000-0000-4000-8000-000000000001 "
                          "as duplicate-id-b.md; give each article its own 'id'"),
    "duplicate-id-b.md": ("error", 1, "same id urn:uuid:00000000-0000-4000-8000-000000000001 "
                          "as duplicate-id-a.md"),
    "duplicate-slug-a.md": ("error", 1, "same URL /same-story/ as duplicate-slug-b.md; give "
                            "each article its own 'slug'"),
    "duplicate-slug-b.md": ("error", 1, "same URL /same-story/ as duplicate-slug-a.md"),
    "empty.md": ("error", 1, "the file is empty"),
    "empty.txt": ("error", 1, "the file is empty"),
    "slug-escape.md": ("error", 3, "slug: '../../../etc/passwd' is not one URL segment"),
    "long-title.md": ("warning", 2, "the title is 799 characters long"),
    "surrogate-reference.md": ("error", 2, "title: &#55357; is half of a UTF-16 surrogate pair"),
    "separator-controls.txt": ("warning", 3, "removed 1 character(s)"),
    "huge.md": ("error", None, "the file is 50 MiB; articles over 1 MiB are refused unread"),
    "binary.md": ("error", None, "binary data, not text"),
    "outside-link.md": ("error", None, "symbolic link points outside content/"),
}
# Read correctly, no message: file -> (page path, title).
CLEAN = {
    "cp1252-curly-quotes.txt": ("cp1252-curly-quotes/", "Curly \u201cquotes\u201d from Windows"),
    "latin1.txt": ("latin1/", "Caf\u00e9 \u00e0 Gen\u00e8ve"),
    "mixed-encodings.txt": ("mixed-encodings/", "Mixed \u201cencodings\u201d"),
    "bom.md": ("bom/", "Byte order mark"),
    "crlf.md": ("crlf/", "Windows line endings"),
    "lone-cr.txt": ("lone-cr/", "Old Mac line endings"),
    "yaml-no-yes.md": ("yaml-no-yes/", "NO"),
    "yaml-date-object.md": ("yaml-date-object/", "YAML date"),
    "year-1850.md": ("year-1850/", "Year 1850"),
    "cp1252-read-as-latin1.md": ("cp1252-read-as-latin1/", "\u201cQuoted\u201d \u2013 dashed"),
}
PUBLISHED_WITH_WARNING = {
    "undecodable-bytes.txt": ("undecodable-bytes/", "Undecodable bytes"),
    "control-characters.md": ("control-characters/", "Control characters"),
    "ambiguous-day-month.txt": ("ambiguous-day-month/", "Ambiguous day and month"),
    "long-title.md": ("long-title/", ("Long " * 160).strip()),
    "separator-controls.txt": ("separator-controls/", "Separator controls"),
}


@pytest.fixture
def bad_site(tmp_path: Path) -> Path:
    site = make_site(tmp_path / "site", GOOD)
    content = site / "content"
    for path in sorted(FIXTURES.iterdir()):
        if path.suffix in (".md", ".txt") and path.name != "README.md":
            shutil.copyfile(path, content / path.name)
    with open(content / "huge.md", "wb") as handle:  # sparse: 50 MB without writing them
        handle.truncate(50 * 1024 * 1024)
    write(content / "binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    secret = write(tmp_path / "secret.md", "---\ntitle: Outside\n---\nNot content.\n")
    os.symlink(secret, content / "outside-link.md")
    return site


def _line_for(lines: list[str], prefix: str) -> str:
    found = [line for line in lines if line.startswith(prefix)]
    assert len(found) == 1, (prefix, found)
    return found[0]


def test_every_bad_input_reported_good_ones_published(bad_site: Path) -> None:
    result = run_build(bad_site)
    lines = diagnostics(result)
    content = bad_site / "content"
    for name, (level, line, words) in EXPECTED.items():
        where = f"{content / name}:{line}:" if line else f"{content / name}:"
        shown = _line_for(lines, f"{content / name}:")
        assert shown.startswith(f"{where} {level}: "), shown
        assert words in shown, shown
    for name in CLEAN:
        assert not any(x.startswith(f"{content / name}:") for x in lines), name
    assert "Traceback" not in result.output + result.stderr
    # Articles in error make the build exit 1 (README "Building by cron"), after publishing the rest.
    assert result.exit_code == 1
    published = pages(bad_site)
    expected_pages = {"good/first/", "good/second/"}
    expected_pages |= {page for page, _ in CLEAN.values()}
    expected_pages |= {page for page, _ in PUBLISHED_WITH_WARNING.values()}
    assert set(published) == expected_pages
    for page, title in list(CLEAN.values()) + list(PUBLISHED_WITH_WARNING.values()):
        assert published[page].findtext(".//h1") == title
    assert not (bad_site / "public" / "etc").exists()
    for name, data in feed_files(bad_site).items():
        check_feed(name, data)
    titles = {item["title"] for item in json_items(bad_site)}
    assert titles == {"First good story", "Second good story"} | {
        t for _, t in list(CLEAN.values()) + list(PUBLISHED_WITH_WARNING.values())}


def test_values_read_from_bad_encodings_and_front_matter(bad_site: Path) -> None:
    run_build(bad_site)
    published = pages(bad_site)
    body = published["control-characters/"].findtext(".//div[@class='body']/p")
    assert body == "NUL BEL VT  U+FFFE  U+FFFF  lone surrogate  end."  # VT is a space
    assert published["separator-controls/"].findtext(".//div[@class='body']/p") == (
        "The vote was delayed again.")
    assert published["cp1252-read-as-latin1/"].findtext(".//div[@class='body']/p") == (
        "It\u2019s here\u2026")
    assert published["undecodable-bytes/"].findtext(".//div[@class='body']/p") == (
        "The bytes \ufffd and \ufffd mean nothing in cp1252.")
    assert published["mixed-encodings/"].findtext(".//div[@class='body']/p") == (
        "A cp1252 line: \u201cquoted\u201d caf\u00e9.")
    assert [p.text for p in published["lone-cr/"].findall(".//div[@class='body']/p")] == [
        "First paragraph.", "Second paragraph."]
    items = {item["title"]: item for item in json_items(bad_site)}
    assert items["NO"]["tags"] == ["yes", "no", "on"]  # YAML 1.1 booleans stay words
    assert items["YAML date"]["date_published"] == "2019-04-25T00:00:00+02:00"
    assert items["YAML date"]["date_modified"] == "2019-04-26T10:30:00+02:00"
    assert items["Ambiguous day and month"]["date_published"] == "2019-05-04T00:00:00+02:00"
    # Before standard time, Rome's offset was +00:49:56: rounded to whole minutes.
    assert items["Year 1850"]["date_published"] == "1850-03-01T00:00:00+00:50"
    rss = feedparser.parse((bad_site / "public/feeds/main/rss.xml").read_bytes())
    old = next(e for e in rss.entries if e.title == "Year 1850")
    assert old.published_parsed[:3] == (1850, 2, 28)  # 23:10 UTC the day before


def test_strict_reports_every_problem_and_publishes_nothing(bad_site: Path) -> None:
    result = run_build(bad_site, "--strict")
    assert result.exit_code == 1
    errors = [line for line in diagnostics(result) if ": error: " in line]
    assert {line.split(":")[0] for line in errors} == {
        str(bad_site / "content" / name)
        for name, (level, _, _) in EXPECTED.items() if level == "error"}
    assert "nothing published" in result.stderr
    assert not (bad_site / "public" / "feeds").exists()
    assert not (bad_site / "public" / "good").exists()


def test_good_site_exits_zero_and_warnings_do_not_fail(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", GOOD | {
        "long.md": "---\ntitle: " + "Long " * 60 + "\ndate: 2019-04-22\n---\nText.\n"})
    result = run_build(site, "--strict")
    assert result.exit_code == 0, result.stderr
    assert diagnostics(result) == [
        f"{site / 'content' / 'long.md'}:2: warning: the title is 299 characters long; feed readers and "
        "share cards cut titles, keep it under 200 and put the rest in the summary"]


def test_unexpected_exception_names_the_file_and_the_others_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = make_site(tmp_path / "site", GOOD | {"crash.md": "---\ntitle: Crash\n---\nx\n"})
    real = parallel.read_article

    def failing(path: Path, content: Path, zone: object, *rest: object):  # type: ignore[no-untyped-def]
        if path.name == "crash.md":
            raise KeyError("surprise")
        return real(path, content, zone, *rest)
    monkeypatch.setattr(parallel, "read_article", failing)
    result = run_build(site)
    assert result.exit_code == 1
    [line] = diagnostics(result)
    assert line.startswith(f"{site / 'content' / 'crash.md'}: error: unexpected KeyError: 'surprise'; ")
    assert "please report it" in line
    assert set(pages(site)) == {"good/first/", "good/second/"}


def test_feed_path_escaping_public_is_refused(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", GOOD)
    (site / "feeds" / "evil.toml").write_text('path = "../../outside"\n', encoding="utf-8")
    result = run_build(site)
    assert result.exit_code == 1
    assert f"{site / 'feeds' / 'evil.toml'}:1: error: path: '../../outside' would leave public/" in result.stderr
    assert not (tmp_path / "outside").exists()


def test_article_error_carries_path_and_line(tmp_path: Path) -> None:
    from newswire.readers import read_article
    from zoneinfo import ZoneInfo
    path = write(tmp_path / "a.md", "---\ntitle: A\ndate: 2019-02-30\n---\n")
    with pytest.raises(ArticleError) as caught:
        read_article(path, tmp_path, ZoneInfo("UTC"))
    assert (caught.value.path, caught.value.line) == (path, 3)
