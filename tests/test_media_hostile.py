"""Hostile and mistaken ``audio``/``video`` values: each a clear message at
its line, nothing silently dropped, nothing invalid published."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from lxml import etree

from newswire.run import BuildOptions, build
from newswire.media import (MAX_DURATION, parse_duration, parse_media, read_media,
                            side_file_problem)

from .conftest import NOW
from .test_media import MP3, _site


def _fail(message: str) -> Exception:
    return ValueError(message)


@pytest.mark.parametrize("value", [0, "0", "0:00", "00:00:00", -0.0, "99:59:60",
                                   "100:00:00", 360000, 1e9, 10 ** 23, "1e9", "²:00",
                                   "١٢٣", "nan", float("inf")])
def test_durations_that_are_no_playing_time_are_refused(value: object) -> None:
    with pytest.raises(ValueError):
        parse_duration(value)


def test_the_longest_duration_taken_is_99_59_59() -> None:
    assert parse_duration("99:59:59") == MAX_DURATION == 359999
    assert parse_duration(0.5) == parse_duration(0.2) == 1
    assert parse_duration("1:2:3") == 3723


@pytest.mark.parametrize(("length", "words"), [
    ("²", "not a whole number of bytes"),        # int() would raise on it
    ("١٢٣", "not a whole number of bytes"),      # digits, but not ASCII ones
    ("12abc", "not a whole number of bytes"),
    (2 ** 40 + 1, "more than 1 TiB"),
    ("99999999999999999999999999", "more than 1 TiB"),
])
def test_bad_remote_lengths_are_refused(length: object, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        parse_media({"url": "https://cdn.example.org/e.mp3", "length": length}, "audio",
                    _fail)


def test_a_near_miss_field_names_the_right_one() -> None:
    with pytest.raises(ValueError, match="unknown field 'lenght'; did you mean 'length'"):
        parse_media({"url": "https://cdn.example.org/e.mp3", "lenght": 5}, "audio", _fail)


def test_audio_given_as_video_says_to_use_audio() -> None:
    with pytest.raises(ValueError) as caught:
        parse_media("episode.mp3", "video", _fail)
    assert str(caught.value) == ("'episode.mp3' is named like an audio file, not video: "
                                 "give it as audio: episode.mp3, or give type")
    with pytest.raises(ValueError, match="named like a video file, not audio"):
        parse_media("clip.mov", "audio", _fail)


def test_a_file_name_with_hash_and_question_mark_is_a_file(tmp_path: Path) -> None:
    root = _site(tmp_path / "site")
    shutil.copy(MP3, root / "content/ep/one #1?.mp3")
    article = root / "content/ep/one.md"
    article.write_text(article.read_text("utf-8").replace("path: one.mp3",
                                                          "path: 'one #1?.mp3'"), "utf-8")
    report = build(root, BuildOptions(now=NOW))
    assert report.errors == []
    rss = etree.parse(str(root / "public/feeds/main/rss.xml")).getroot()
    one = next(i for i in rss.iter("item") if i.findtext("title") == "One")
    assert one.find("enclosure").attrib == {
        "url": "https://news.example.org/ep/one%20%231%3F.mp3",
        "length": str(MP3.stat().st_size), "type": "audio/mpeg"}


def test_a_path_leaving_the_site_is_an_error_not_a_silent_drop(tmp_path: Path) -> None:
    # base_url with a path: '../' past it resolves to another site's URL
    root = _site(tmp_path / "site", "https://news.example.org/wire/")
    article = root / "content/ep/one.md"
    article.write_text(article.read_text("utf-8").replace(
        "path: one.mp3, transcript: one.vtt",
        "path: ../../../etc/passwd.mp3, transcript: one.vtt"), "utf-8")
    two = root / "content/ep/two.md"
    two.write_text(two.read_text("utf-8").replace(
        "audio: two.wav", "audio: {path: two.wav, transcript: ../../../x.vtt}"), "utf-8")
    report = build(root, BuildOptions(now=NOW))
    (error,) = report.errors
    assert str(error).startswith(
        f"{article}:5: error: audio: '../../../etc/passwd.mp3' is not a file under content/ "
        "(https://news.example.org/etc/passwd.mp3); the article is published without")
    (warning,) = report.warnings
    assert str(warning).startswith(f"{two}:4: warning: audio: transcript '../../../x.vtt' "
                                   "is not a file under content/")
    feed = json.loads((root / "public/feeds/main/feed.json").read_text("utf-8"))
    by_title = {i["title"]: i for i in feed["items"]}
    assert "attachments" not in by_title["One"]
    assert [a["url"] for a in by_title["Two"]["attachments"]] == [
        "https://news.example.org/wire/ep/two.wav", "https://cdn.example.org/two.mp4"]
    page = etree.parse(str(root / "public/ep/two/index.html"), etree.HTMLParser()).getroot()
    assert page.find(".//a[@class='transcript']") is None


def test_an_empty_media_file_is_an_error_and_no_enclosure(tmp_path: Path) -> None:
    root = _site(tmp_path / "site")
    (root / "content/ep/one.mp3").write_bytes(b"")
    report = build(root, BuildOptions(now=NOW))
    (error,) = report.errors
    assert str(error) == (f"{root / 'content/ep/one.md'}:5: error: audio: 'one.mp3' is an "
                          "empty file (0 bytes); the article is published without its "
                          "audio. Put the recording there")
    rss = etree.parse(str(root / "public/feeds/main/rss.xml")).getroot()
    one = next(i for i in rss.iter("item") if i.findtext("title") == "One")
    assert [e.get("type") for e in one.findall("enclosure")] == ["image/png"]
    assert (root / "public/ep/one/index.html").is_file()


def test_a_zero_duration_is_refused_at_its_line(tmp_path: Path) -> None:
    root = _site(tmp_path / "site")
    two = root / "content/ep/two.md"
    two.write_text(two.read_text("utf-8").replace("duration: '01:02'", "duration: 0"),
                   "utf-8")
    report = build(root, BuildOptions(now=NOW))
    (error,) = report.errors
    assert str(error).startswith(f"{two}:5: error: video: duration: 0 is no playing time")


def test_all_capital_media_and_image_names_are_published(tmp_path: Path) -> None:
    # recorders and cameras name files EP1.MP3, IMG_0042.JPG: assets, not documentation
    root = _site(tmp_path / "site")
    (root / "content/ep/one.mp3").rename(root / "content/ep/EP1.MP3")
    (root / "content/ep/banner.png").rename(root / "content/ep/IMG_0042.PNG")
    (root / "content/ep/LICENSE").write_text("All rights reserved.\n", "utf-8")
    for name in ("one.md", "plain.md"):
        article = root / "content/ep" / name
        article.write_text(article.read_text("utf-8").replace("one.mp3", "EP1.MP3")
                           .replace("banner.png", "IMG_0042.PNG"), "utf-8")
    report = build(root, BuildOptions(now=NOW))
    assert report.errors == []
    assert (root / "public/ep/EP1.MP3").read_bytes() == MP3.read_bytes()
    assert (root / "public/ep/IMG_0042.PNG").is_file()
    assert not (root / "public/ep/LICENSE").exists()
    rss = etree.parse(str(root / "public/feeds/main/rss.xml")).getroot()
    one = next(i for i in rss.iter("item") if i.findtext("title") == "One")
    assert one.find("enclosure").attrib == {"url": "https://news.example.org/ep/EP1.MP3",
                                            "length": str(MP3.stat().st_size),
                                            "type": "audio/mpeg"}


def test_a_type_is_written_in_lower_case_and_matches_its_kind() -> None:
    media = parse_media({"path": "e.mp3", "type": "Audio/MPEG"}, "audio", _fail)
    assert media.type == "audio/mpeg"
    with pytest.raises(ValueError, match="type video/mp4 is a video type, not audio"):
        parse_media({"path": "e.mp4", "type": "video/mp4"}, "audio", _fail)
    assert parse_media({"path": "e.pdf", "type": "application/pdf"}, "video", _fail).type \
        == "application/pdf"


@pytest.mark.parametrize(("name", "data", "words"), [
    ("chapters", b"{not json", "is not JSON ("),
    ("chapters", b'{"chapters": [{"startTime": 0}]}', "is not in the Podcasting 2.0 chapters"),
    ("chapters", b'{"version": "1.2.0", "chapters": [{"startTime": "0"}]}',
     "is not in the Podcasting 2.0 chapters"),
    ("chapters", b"", "is empty"),
    ("transcript", b"1\n00:00:00,000 --> 00:00:02,000\nHello.\n", "is not WebVTT"),
])
def test_unusable_transcripts_and_chapters_are_left_out(tmp_path: Path, name: str,
                                                        data: bytes, words: str) -> None:
    root = _site(tmp_path / "site")
    (root / "content/ep/one.vtt").unlink()
    file = f"one.{'json' if name == 'chapters' else 'vtt'}"
    (root / "content/ep" / file).write_bytes(data)
    article = root / "content/ep/one.md"
    article.write_text(article.read_text("utf-8").replace("transcript: one.vtt",
                                                          f"{name}: {file}"), "utf-8")
    report = build(root, BuildOptions(now=NOW))
    assert report.errors == []
    (warning,) = report.warnings
    assert str(warning).startswith(f"{article}:5: warning: audio: {name} 'one.")
    assert words in str(warning) and str(warning).endswith("; it is left out")
    page = etree.parse(str(root / "public/ep/one/index.html"), etree.HTMLParser()).getroot()
    assert page.find(".//audio/source") is not None
    assert page.find(".//a[@class='transcript']") is None


def test_good_chapters_and_transcripts_are_kept(tmp_path: Path) -> None:
    root = _site(tmp_path / "site")
    (root / "content/ep/one.json").write_bytes(
        b'\xef\xbb\xbf{"version": "1.2.0", "chapters": [{"startTime": 0, "title": "A"}]}')
    article = root / "content/ep/one.md"
    article.write_text(article.read_text("utf-8").replace(
        "transcript: one.vtt", "transcript: one.vtt, chapters: one.json"), "utf-8")
    report = build(root, BuildOptions(now=NOW))
    assert report.errors == [] and report.warnings == []
    page = etree.parse(str(root / "public/ep/one/index.html"), etree.HTMLParser()).getroot()
    assert page.find(".//a[@class='transcript']").get("href").endswith("/ep/one.vtt")


def test_media_on_the_site_served_beside_content_keeps_its_given_length(
        tmp_path: Path) -> None:
    root = _site(tmp_path / "site")
    two = root / "content/ep/two.md"
    text = two.read_text("utf-8").replace(
        "https://cdn.example.org/two.mp4", "https://news.example.org/media/two.mp4")
    two.write_text(text, "utf-8")
    one = root / "content/ep/one.md"  # the site's own file by its absolute URL: the real length
    one.write_text(one.read_text("utf-8").replace(
        "path: one.mp3", "url: 'https://news.example.org/ep/one.mp3', length: 1"), "utf-8")
    report = build(root, BuildOptions(now=NOW))
    assert report.errors == []
    feed = json.loads((root / "public/feeds/main/feed.json").read_text("utf-8"))
    by_title = {i["title"]: i for i in feed["items"]}
    assert by_title["Two"]["attachments"][1] == {
        "url": "https://news.example.org/media/two.mp4", "mime_type": "video/mp4",
        "size_in_bytes": 123456, "duration_in_seconds": 62}
    assert by_title["One"]["attachments"][0]["size_in_bytes"] == MP3.stat().st_size


def test_a_named_pipe_is_not_read_as_media(tmp_path: Path) -> None:
    # opening a FIFO for reading would wait for a writer forever
    pipe = tmp_path / "episode.mp3"
    os.mkfifo(pipe)
    with pytest.raises(OSError, match="not a regular file"):
        read_media(pipe)
    assert side_file_problem(pipe, "chapters").startswith("cannot be read (not a regular file")
    folder = tmp_path / "folder.mp3"
    folder.mkdir()
    with pytest.raises(OSError):
        read_media(folder)


def test_a_named_pipe_as_audio_is_an_error_not_a_hang(tmp_path: Path) -> None:
    from .badinput.helpers import alarm

    root = _site(tmp_path / "site")
    (root / "content/ep/one.mp3").unlink()
    os.mkfifo(root / "content/ep/one.mp3")
    with alarm(60):
        report = build(root, BuildOptions(now=NOW))
    said = [str(e) for e in report.errors]
    assert f"{root / 'content/ep/one.md'}:5: error: audio: 'one.mp3' is not a file under " \
           "content/" in "\n".join(said)
    rss = etree.parse(str(root / "public/feeds/main/rss.xml")).getroot()
    one = next(i for i in rss.iter("item") if i.findtext("title") == "One")
    assert [e.get("type") for e in one.findall("enclosure")] == ["image/png"]


def test_a_hidden_media_file_is_an_error_saying_why(tmp_path: Path) -> None:
    root = _site(tmp_path / "site")
    (root / "content/ep/_raw").mkdir()
    (root / "content/ep/one.mp3").rename(root / "content/ep/_raw/one.mp3")
    article = root / "content/ep/one.md"
    article.write_text(article.read_text("utf-8").replace("path: one.mp3",
                                                          "path: _raw/one.mp3"), "utf-8")
    report = build(root, BuildOptions(now=NOW))
    (error,) = report.errors
    assert str(error).startswith(
        f"{article}:5: error: audio: '_raw/one.mp3' is not a file under content/ "
        "(https://news.example.org/ep/_raw/one.mp3): it is there, but names starting with "
        "'.' or '_' (_raw) are not published; rename it; the article is published without")


def test_a_given_duration_the_file_contradicts_gets_a_warning(tmp_path: Path) -> None:
    root = _site(tmp_path / "site")  # one.mp3 plays 8 seconds
    article = root / "content/ep/one.md"
    article.write_text(article.read_text("utf-8").replace(
        "path: one.mp3", "path: one.mp3, duration: '02:41'"), "utf-8")
    report = build(root, BuildOptions(now=NOW))
    (warning,) = report.warnings
    assert str(warning) == (
        f"{article}:5: warning: audio: duration 2:41 is given, but 'one.mp3' plays 0:08; the "
        "given one is published. Remove duration to use the file's (a re-recorded file?)")
    article.write_text(article.read_text("utf-8").replace("'02:41'", "'00:09'"), "utf-8")
    assert build(root, BuildOptions(now=NOW)).warnings == []  # within 2 seconds
