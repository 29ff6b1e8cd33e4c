"""The site's author accepts every form an article's author accepts."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest
from lxml import etree, html

from newswire.run import BuildOptions, build
from newswire.config import load_site
from newswire.errors import ConfigError
from newswire.model import Author

from .conftest import NOW


def make_site(root: Path, author: str) -> Path:
    (root / "feeds").mkdir(parents=True)
    (root / "content").mkdir()
    (root / "feeds/site.toml").write_text(
        f'base_url = "https://x.org/"\ntitle = "X"\n{author}\n', "utf-8")
    (root / "content/a.md").write_text("---\ntitle: A\ndate: 2020-01-01\n---\nBody.\n", "utf-8")
    return root


@pytest.mark.parametrize(("line", "authors"), [
    ('author = "Desk"', (Author("Desk"),)),
    ('author = "Desk <desk@x.org>"', (Author("Desk", "desk@x.org"),)),
    ('author = "desk@x.org"', (Author("desk@x.org", "desk@x.org"),)),
    ('author = "desk@x.org (The Desk)"', (Author("The Desk", "desk@x.org"),)),
    ('author = {name = "Desk", email = "desk@x.org", uri = "https://x.org/desk"}',
     (Author("Desk", "desk@x.org", "https://x.org/desk"),)),
    ('[author]\nname = "Desk"\nurl = "https://x.org/desk"', (Author("Desk", None, "https://x.org/desk"),)),
    ('author = ["Ann <ann@x.org>", {name = "Bob"}]', (Author("Ann", "ann@x.org"), Author("Bob"))),
])
def test_site_author_forms(tmp_path, line, authors):
    site = load_site(make_site(tmp_path, line) / "feeds")
    assert site.authors == authors
    assert site.author == authors[0].name


@pytest.mark.parametrize(("line", "words"), [
    ("author = 3", "author: must be a name, 'Name <email>', 'email (Name)', a mapping"),
    ('author = {name = "D", mail = "d@x.org"}', "author: unknown author field 'mail'; did you mean `email`?"),
    ('author = {name = "D", twitter = "@d"}', "unknown author field 'twitter'; use name, email and uri"),
    ('author = {email = "d@x.org"}', "author: an author mapping needs a name"),
    ('author = {name = "D", email = "nope"}', "'nope' is not an e-mail address"),
])
def test_site_author_errors(tmp_path, line, words):
    with pytest.raises(ConfigError) as caught:
        load_site(make_site(tmp_path, line) / "feeds")
    assert words in caught.value.message and caught.value.line == 3


def test_name_and_email_land_in_their_places_everywhere(tmp_path):
    root = make_site(tmp_path, 'author = "Desk <desk@x.org>"')
    report = build(root, BuildOptions(now=NOW))
    assert not report.errors
    feeds = root / "public/feeds/main"
    atom = feedparser.parse((feeds / "atom.xml").read_bytes())
    assert atom.feed.author_detail == {"name": "Desk", "email": "desk@x.org"}
    assert atom.entries[0].author_detail == {"name": "Desk", "email": "desk@x.org"}
    rss = etree.fromstring((feeds / "rss.xml").read_bytes())
    assert rss.findtext("channel/managingEditor") == "desk@x.org (Desk)"
    assert rss.findtext("channel/item/author") == "desk@x.org (Desk)"
    feed = json.loads((feeds / "feed.json").read_bytes())
    assert feed["authors"] == [{"name": "Desk"}]
    assert feed["items"][0]["authors"] == [{"name": "Desk"}]
    page = html.fromstring((root / "public/a/index.html").read_bytes())
    ld = json.loads(page.xpath("//script[@type='application/ld+json']")[0].text)
    assert ld["author"] == [{"@type": "Person", "name": "Desk"}]
    assert page.xpath("string(//p[@class='byline']/span[@class='authors'])") == "Desk"
    assert b"desk@x.org" not in (root / "public/a/index.html").read_bytes()


def test_site_config_built_in_code_keeps_author_and_authors_in_step():
    from newswire.config import SiteConfig

    site = SiteConfig(base_url="https://x.org/", author="Desk <desk@x.org>")
    assert site.authors == (Author("Desk", "desk@x.org"),) and site.author == "Desk"
    site = SiteConfig(base_url="https://x.org/", authors=(Author("Ann"), Author("Bob")))
    assert site.author == "Ann"


@pytest.mark.parametrize("value", ['"Jane Doe <jane@example.com>"', '"jane@example.com (Jane Doe)"',
                                   '{name: Jane Doe, email: jane@example.com}'])
def test_article_author_takes_the_same_forms(tmp_path, value):
    from zoneinfo import ZoneInfo

    from newswire.readers import read_article

    path = tmp_path / "a.md"
    path.write_text(f"---\ntitle: A\nauthor: {value}\n---\nB\n", "utf-8")
    article, _ = read_article(path, tmp_path, ZoneInfo("UTC"))
    assert article.authors == (Author("Jane Doe", "jane@example.com"),)
