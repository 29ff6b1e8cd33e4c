"""Titles and summaries full of characters that break naive pages: share links
stay correctly percent-encoded and the JSON-LD block can never be closed early."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import extruct
from lxml import html

from newswire.run import BuildOptions, build
from newswire.pages.metadata import script_json

from ..conftest import NOW

TITLE = 'Q&A: 100% "sure" #1 </script><script>alert(1)</script> <!-- café + 日本 ?x=1'
SUMMARY = "Ends with </SCRIPT > and & and > and <!-- too"
BASE = "https://news.example.org/"


def hostile_site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "feeds").mkdir(parents=True)
    (root / "content").mkdir()
    (root / "feeds/site.toml").write_text(
        f'base_url = "{BASE}"\ntitle = "A & B <News>"\nlanguage = "fr"\n', "utf-8")
    front = json.dumps({"title": TITLE, "summary": SUMMARY, "date": "2024-02-29T12:00:00Z",
                        "tags": ["a&b", "c d"], "slug": "hostile"}, ensure_ascii=False)
    (root / "content/hostile.md").write_text(f"---\n{front}\n---\n\nBody <b>text</b>.\n",
                                             "utf-8")
    report = build(root, BuildOptions(now=NOW))
    assert report.errors == []
    return root


def test_json_ld_cannot_close_its_script(tmp_path):
    root = hostile_site(tmp_path)
    raw = (root / "public/hostile/index.html").read_bytes()
    doc = html.fromstring(raw)
    scripts = doc.xpath("//script")
    assert [s.get("type") for s in scripts] == ["application/ld+json"]
    text = scripts[0].text
    assert "<" not in text and ">" not in text and "&" not in text
    data = json.loads(text)
    assert data["headline"] == TITLE
    assert data["description"] == SUMMARY
    assert data["publisher"]["name"] == "A & B <News>"
    (ld,) = extruct.extract(raw, base_url=BASE + "hostile/", syntaxes=["json-ld"])["json-ld"]
    assert ld["headline"] == TITLE
    assert doc.xpath("//h1")[0].text_content() == TITLE


def test_script_json_round_trips():
    value = {"a": "</script><!--<script>&amp;\u2028\u2029", "b": [1, None, True]}
    text = script_json(value)
    assert json.loads(text) == value
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in text


def test_share_links_carry_exact_url_and_title(tmp_path):
    root = hostile_site(tmp_path)
    doc = html.fromstring((root / "public/hostile/index.html").read_bytes())
    links = {a.text_content(): a.get("href") for a in doc.xpath("//ul[@class='share-links']//a")}
    url = BASE + "hostile/"
    assert sorted(links) == sorted(
        ["E-mail", "Bluesky", "X", "Facebook", "LinkedIn", "WhatsApp", "Telegram"])

    def query(name: str) -> dict[str, list[str]]:
        parts = urlsplit(links[name])
        assert " " not in links[name] and "#" not in links[name]
        return parse_qs(parts.query, keep_blank_values=True)

    mail = urlsplit(links["E-mail"])
    assert mail.scheme == "mailto" and mail.path == ""
    mail_q = dict(p.split("=", 1) for p in mail.query.split("&"))
    assert unquote(mail_q["subject"]) == TITLE and unquote(mail_q["body"]) == url
    assert "+" not in links["E-mail"]  # RFC 6068: "+" would stay a plus sign
    assert query("Bluesky") == {"text": [f"{TITLE} {url}"]}
    assert query("X") == {"text": [TITLE], "url": [url]}
    assert query("Facebook") == {"u": [url]}
    assert query("LinkedIn") == {"url": [url]}
    assert query("WhatsApp") == {"text": [f"{TITLE} {url}"]}
    assert query("Telegram") == {"url": [url], "text": [TITLE]}
    assert urlsplit(links["Bluesky"]).netloc == "bsky.app"
    assert doc.xpath("//input[@id='share-url']/@value") == [url]
    assert doc.xpath("//textarea[@id='share-text']")[0].text == f"{TITLE} {url}"


def test_meta_values_are_attribute_escaped(tmp_path):
    root = hostile_site(tmp_path)
    raw = (root / "public/hostile/index.html").read_bytes()
    doc = html.fromstring(raw)
    og = {m.get("property"): m.get("content") for m in doc.xpath("//meta[@property]")}
    assert og["og:title"] == TITLE
    assert og["og:description"] == SUMMARY
    assert og["og:site_name"] == "A & B <News>"
    assert og["og:locale"] == "fr_FR"
    assert doc.get("lang") == "fr"
    assert doc.xpath("//title")[0].text == f"{TITLE} – A & B <News>"
