"""Front matter audio/video: values checked at their line, lengths and durations
read from the files, enclosures in RSS, Atom, JSON Feed and on the page."""

from __future__ import annotations

import json
import shutil
import wave
from datetime import timezone
from pathlib import Path

import feedparser
import pytest
from lxml import etree

from newswire.run import BuildOptions, build
from newswire.errors import ArticleError
from newswire.media import parse_duration, parse_media, read_media
from newswire.readers import read_article

from .conftest import NOW, REPO

MP3 = REPO / "content" / "podcast" / "morning-briefing.mp3"
MEDIA_NS = "{http://search.yahoo.com/mrss/}"
ATOM = "{http://www.w3.org/2005/Atom}"


def write_tone(path: Path, seconds: float, rate: int = 8000) -> None:
    """A mono 16-bit WAV file of ``seconds`` of a square-wave tone."""
    frames = b"".join((b"\x00\x20" if (i // 20) % 2 else b"\x00\xe0")
                      for i in range(int(seconds * rate)))
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(frames)


@pytest.mark.parametrize(("value", "seconds"), [
    ("01:02:03", 3723), ("02:03", 123), ("75", 75), (75, 75), (7.6, 8), ("00:00:08.4", 8),
    ("1:00:00", 3600)])
def test_durations(value: object, seconds: int) -> None:
    assert parse_duration(value) == seconds


@pytest.mark.parametrize("value", ["1:60", "1:61:00", "-3", "abc", True, "1:2:3:4", -1])
def test_bad_durations(value: object) -> None:
    with pytest.raises(ValueError):
        parse_duration(value)


def _fail(message: str) -> Exception:
    return ValueError(message)


def test_media_values() -> None:
    media = parse_media({"path": "ep.mp3", "duration": "1:05", "transcript": "ep.vtt"},
                        "audio", _fail, 7)
    assert (media.kind, media.src, media.duration, media.transcript, media.line) == (
        "audio", "ep.mp3", 65, "ep.vtt", 7)
    remote = parse_media({"url": "https://cdn.example.org/e.m4a", "length": "2048"},
                         "audio", _fail)
    assert (remote.length, remote.type) == (2048, None)
    assert parse_media("clip.mp4", "video", _fail).src == "clip.mp4"
    assert parse_media(None, "audio", _fail) is None


@pytest.mark.parametrize(("value", "words"), [
    ("https://cdn.example.org/e.mp3", "give its length"),
    ({"url": "https://cdn.example.org/e", "length": 10}, "give type"),
    ({"path": "e.mp3", "length": "ten"}, "whole number"),
    ({"path": "e.mp3", "size": 10}, "unknown field 'size'"),
    ({"path": "e.mp3", "type": "mpeg"}, "not a MIME type"),
    ({"path": "e.mp3", "duration": "1:99"}, "duration"),
    ({"path": "e.mp3", "transcript": "e.doc"}, ".vtt"),
    ({"length": 10}, "needs url"),
    ("e.xyz", "unknown kind"),
    ("ftp://example.org/e.mp3", "only http(s)"),
    ({"url": "https://cdn.example.org/my episode.mp3", "length": 1}, "holds a space"),
    ({"path": "e.mp3", "chapters": "https://user:pw@cdn.example.org/c.json"}, "user name"),
])
def test_bad_media_values(value: object, words: str) -> None:
    with pytest.raises(ValueError, match=words.replace("(", r"\(").replace(")", r"\)")):
        parse_media(value, "audio", _fail)


def test_remote_media_without_length_is_an_error_at_its_line(tmp_path: Path) -> None:
    article = tmp_path / "content" / "ep.md"
    article.parent.mkdir()
    article.write_text("---\ntitle: Episode\ndate: 2026-01-02\naudio: "
                       "https://cdn.example.org/ep.mp3\n---\nBody.\n", "utf-8")
    with pytest.raises(ArticleError) as caught:
        read_article(article, tmp_path / "content", timezone.utc)
    said = str(caught.value.diagnostic())
    assert said.startswith(f"{article}:4: error: audio: https://cdn.example.org/ep.mp3 is a "
                           "remote file: give its length in bytes")


def test_read_media_wav_and_mp3(tmp_path: Path) -> None:
    tone = tmp_path / "tone.wav"
    write_tone(tone, 3.0)
    assert read_media(tone).length == tone.stat().st_size
    assert read_media(tone).duration == 3
    info = read_media(MP3)
    assert (info.length, info.duration) == (MP3.stat().st_size, 8)


def _site(root: Path, base_url: str = "https://news.example.org/") -> Path:
    (root / "feeds").mkdir(parents=True)
    (root / "feeds" / "site.toml").write_text(
        f'base_url = "{base_url}"\ntitle = "Wire"\nlanguage = "en"\n'
        'author = "Wire Desk"\n', "utf-8")
    folder = root / "content" / "ep"
    folder.mkdir(parents=True)
    shutil.copy(MP3, folder / "one.mp3")
    shutil.copy(REPO / "content" / "newsroom" / "banner.png", folder / "banner.png")
    write_tone(folder / "two.wav", 2.0)
    (folder / "one.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:02.000\nHello.\n", "utf-8")
    (folder / "one.md").write_text(
        "---\ntitle: One\ndate: 2026-01-02T10:00:00Z\nimage: banner.png\n"
        "audio: {path: one.mp3, transcript: one.vtt}\n---\nFirst.\n", "utf-8")
    (folder / "two.md").write_text(
        "---\ntitle: Two\ndate: 2026-01-03T10:00:00Z\naudio: two.wav\n"
        "video: {url: 'https://cdn.example.org/two.mp4', length: 123456, duration: '01:02'}\n"
        "---\nSecond.\n", "utf-8")
    (folder / "plain.md").write_text(
        "---\ntitle: Plain\ndate: 2026-01-01T10:00:00Z\nimage: banner.png\n---\nText.\n",
        "utf-8")
    return root


def test_enclosures_in_every_format_and_the_page(tmp_path: Path) -> None:
    root = _site(tmp_path / "site")
    report = build(root, BuildOptions(now=NOW))
    assert report.errors == [] and report.warnings == []
    public = root / "public"
    one_len = (root / "content/ep/one.mp3").stat().st_size
    two_len = (root / "content/ep/two.wav").stat().st_size
    assert (public / "ep/one.mp3").read_bytes() == MP3.read_bytes()  # copied like images

    rss = etree.parse(str(public / "feeds/main/rss.xml")).getroot()
    items = {i.findtext("title"): i for i in rss.iter("item")}
    (enclosure,) = items["One"].findall("enclosure")
    assert dict(enclosure.attrib) == {"url": "https://news.example.org/ep/one.mp3",
                                      "length": str(one_len), "type": "audio/mpeg"}
    # the image stays as media:thumbnail, not a second enclosure or media:content
    assert items["One"].find(f"{MEDIA_NS}thumbnail").get("url").endswith("/ep/banner.png")
    assert items["One"].find(f"{MEDIA_NS}content") is None
    (enclosure,) = items["Two"].findall("enclosure")
    assert (enclosure.get("length"), enclosure.get("type")) == (str(two_len), "audio/wav")
    plain = items["Plain"].find("enclosure")
    assert plain.get("type") == "image/png"  # articles without media keep the image

    atom = feedparser.parse((public / "feeds/main/atom.xml").read_bytes())
    two = next(e for e in atom.entries if e.title == "Two")
    links = [(link.href, link.type, link.length) for link in two.links
             if link.rel == "enclosure"]
    assert links == [("https://news.example.org/ep/two.wav", "audio/wav", str(two_len)),
                     ("https://cdn.example.org/two.mp4", "video/mp4", "123456")]

    feed = json.loads((public / "feeds/main/feed.json").read_text("utf-8"))
    by_title = {i["title"]: i for i in feed["items"]}
    assert by_title["One"]["attachments"] == [{
        "url": "https://news.example.org/ep/one.mp3", "mime_type": "audio/mpeg",
        "size_in_bytes": one_len, "duration_in_seconds": 8}]
    assert by_title["Two"]["attachments"][1] == {
        "url": "https://cdn.example.org/two.mp4", "mime_type": "video/mp4",
        "size_in_bytes": 123456, "duration_in_seconds": 62}
    assert "attachments" not in by_title["Plain"]

    page = etree.parse(str(public / "ep/one/index.html"), etree.HTMLParser()).getroot()
    (source,) = page.findall(".//figure[@class='media audio']/audio/source")
    assert (source.get("src"), source.get("type")) == (
        "https://news.example.org/ep/one.mp3", "audio/mpeg")
    assert page.find(".//a[@class='transcript']").get("href") == \
        "https://news.example.org/ep/one.vtt"
    assert page.findtext(".//span[@class='duration']") == "0:08"
    og = [(m.get("property"), m.get("content")) for m in page.iter("meta")
          if (m.get("property") or "").startswith(("og:audio", "og:video"))]
    assert og == [("og:audio", "https://news.example.org/ep/one.mp3"),
                  ("og:audio:type", "audio/mpeg")]
    page = etree.parse(str(public / "ep/two/index.html"), etree.HTMLParser()).getroot()
    assert page.find(".//video/source").get("src") == "https://cdn.example.org/two.mp4"
    assert page.findtext(".//figure[@class='media video']//span[@class='duration']") == "1:02"


def test_a_missing_local_file_is_an_error_and_the_article_stays(tmp_path: Path) -> None:
    root = _site(tmp_path / "site")
    (root / "content/ep/one.mp3").unlink()
    (root / "content/ep/one.vtt").unlink()
    report = build(root, BuildOptions(now=NOW))
    (error,) = report.errors
    assert str(error).startswith(f"{root / 'content/ep/one.md'}:5: error: audio: 'one.mp3' "
                                 "is not a file under content/")
    assert (root / "public/ep/one/index.html").is_file()
    rss = etree.parse(str(root / "public/feeds/main/rss.xml")).getroot()
    one = next(i for i in rss.iter("item") if i.findtext("title") == "One")
    assert one.find("enclosure").get("type") == "image/png"


def test_a_replaced_media_file_changes_the_enclosure_on_rebuild(tmp_path: Path) -> None:
    root = _site(tmp_path / "site")
    assert build(root, BuildOptions(now=NOW)).errors == []
    write_tone(root / "content/ep/two.wav", 5.0)  # the same name, a longer recording
    report = build(root, BuildOptions(now=NOW))
    assert report.errors == []
    size = (root / "content/ep/two.wav").stat().st_size
    rss = etree.parse(str(root / "public/feeds/main/rss.xml")).getroot()
    two = next(i for i in rss.iter("item") if i.findtext("title") == "Two")
    assert two.find("enclosure").get("length") == str(size)
    feed = json.loads((root / "public/feeds/main/feed.json").read_text("utf-8"))
    item = next(i for i in feed["items"] if i["title"] == "Two")
    assert item["attachments"][0]["duration_in_seconds"] == 5
    page = (root / "public/ep/two/index.html").read_text("utf-8")
    assert '<span class="duration">0:05</span>' in page
    assert (root / "public/ep/two.wav").stat().st_size == size


def test_a_missing_transcript_is_left_out_with_a_warning(tmp_path: Path) -> None:
    root = _site(tmp_path / "site")
    (root / "content/ep/one.vtt").unlink()
    report = build(root, BuildOptions(now=NOW))
    assert report.errors == []
    (warning,) = report.warnings
    assert str(warning).startswith(f"{root / 'content/ep/one.md'}:5: warning: audio: "
                                   "transcript 'one.vtt' is not a file under content/")
    page = etree.parse(str(root / "public/ep/one/index.html"), etree.HTMLParser()).getroot()
    assert page.find(".//audio/source") is not None
    assert page.find(".//a[@class='transcript']") is None


def test_a_file_that_is_not_what_its_name_says_gets_a_warning(tmp_path: Path) -> None:
    root = _site(tmp_path / "site")
    (root / "content/ep/one.mp3").write_bytes(b"not an MP3 at all\n" * 100)
    report = build(root, BuildOptions(now=NOW))
    assert report.errors == []
    (warning,) = report.warnings
    assert str(warning).startswith(f"{root / 'content/ep/one.md'}:5: warning: audio: the "
                                   "playing time of 'one.mp3' cannot be read: the file does "
                                   "not look like .mp3 media.")
    feed = json.loads((root / "public/feeds/main/feed.json").read_text("utf-8"))
    item = next(i for i in feed["items"] if i["title"] == "One")
    assert item["attachments"] == [{"url": "https://news.example.org/ep/one.mp3",
                                    "mime_type": "audio/mpeg", "size_in_bytes": 1800}]
