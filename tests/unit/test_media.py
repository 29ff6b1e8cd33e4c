"""Media types, parse_media's checks, enclosures resolved against the site,
and side files (transcripts, chapters)."""

from __future__ import annotations

import json
import wave
from pathlib import Path

import pytest

from newswire.media import (MAX_LENGTH, MediaInfo, enclosure_line, enclosures, media_type,
                            parse_duration, parse_media, read_media, side_file_problem,
                            transcript_type)
from newswire.model import Enclosure, Media

from .conftest import article

BASE = "https://news.example.org/"
SHOWN = Path("content/world/story.md")


def wav(path: Path, seconds: int) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(1)
        w.setframerate(800)
        w.writeframes(b"\x80" * 800 * seconds)
    return path


@pytest.mark.parametrize(("name", "kind", "expected"), [
    ("episode.mp3", "audio", "audio/mpeg"), ("EPISODE.M4A", "audio", "audio/x-m4a"),
    ("show.mp4", "audio", "audio/mp4"), ("show.mp4", "video", "video/mp4"),
    ("https://cdn.example/a.ogg?x=1#t", "audio", "audio/ogg"),
    ("notes.pdf", "video", "application/pdf"), ("clip.mov", "audio", None),
    ("noextension", "audio", None), ("odd#name.mp3", "audio", "audio/mpeg"),
])
def test_media_type(name: str, kind: str, expected: str | None) -> None:
    assert media_type(name, kind) == expected


@pytest.mark.parametrize(("name", "expected"), [
    ("t.vtt", "text/vtt"), ("t.SRT", "application/x-subrip"), ("t.json", "application/json"),
    ("t.htm", "text/html"), ("t.txt", "text/plain"), ("t.doc", None),
])
def test_transcript_type(name: str, expected: str | None) -> None:
    assert transcript_type(name) == expected


@pytest.mark.parametrize(("value", "seconds"), [
    (90, 90), (0.4, 1), (61.5, 62), ("75", 75), ("1:15", 75), ("01:02:03", 3723),
    ("90:00", 5400), ("0:00:00.6", 1), ("99:59:59", 359999),
])
def test_parse_duration(value: object, seconds: int) -> None:
    assert parse_duration(value) == seconds


@pytest.mark.parametrize("value", [True, -1, 0, "0:00", float("nan"), float("inf"), "1:60",
                                   "1:60:00", "100:00:00", "ten", "", "١٢"])
def test_bad_durations(value: object) -> None:
    with pytest.raises(ValueError):
        parse_duration(value)


class Refused(Exception):
    pass


def parse(value: object, kind: str = "audio") -> Media | None:
    return parse_media(value, kind, Refused, line=4)


def test_parse_media_takes_a_path_or_a_mapping() -> None:
    assert parse(None) is None and parse("") is None
    assert parse("episode.mp3") == Media("audio", "episode.mp3", line=4)
    assert parse({"url": "https://cdn.example/e.mp3", "length": "1000", "type": "Audio/MPEG",
                  "duration": "1:00", "transcript": "e.vtt", "chapters": "e.json"}) == \
        Media("audio", "https://cdn.example/e.mp3", 1000, "audio/mpeg", 60, "e.vtt",
              "e.json", 4)


@pytest.mark.parametrize(("value", "words"), [
    ({"ur": "a.mp3"}, "unknown field 'ur'; did you mean 'url'?"),
    ({"url": "a.mp3", "path": "a.mp3"}, "give url or path, not both"),
    ({"length": 3}, "the mapping needs url"),
    ({"url": ["a.mp3"]}, "url must be text"),
    ({"url": "a.mp3", "length": -1}, "is not a whole number of bytes"),
    ({"url": "a.mp3", "length": True}, "is not a whole number of bytes"),
    ({"url": "a.mp3", "length": MAX_LENGTH + 1}, "more than 1 TiB"),
    ({"url": "a.mp3", "type": "mpeg"}, "is not a MIME type"),
    ({"url": "a.mp4", "type": "video/mp4"}, "is a video type, not audio"),
    ({"url": "a.mp3", "duration": "soon"}, "duration: 'soon' is not a duration"),
    ({"url": "a.mp3", "transcript": "t.doc"}, "name a .vtt, .srt"),
    ("ftp://x.example/a.mp3", "only http(s) URLs or paths under content/"),
    ("https://cdn.example/a.mp3", "is a remote file: give its length in bytes"),
    ({"url": "https://cdn.example/a", "length": 5}, "whose name does not tell its type"),
    ("clip.mov", "is named like a video file, not audio"),
    ("clip.xyz", "unknown kind of audio file"),
])
def test_bad_media_values_say_what_is_wrong(value: object, words: str) -> None:
    with pytest.raises(Refused, match=None) as caught:
        parse(value)
    assert words in str(caught.value)


def test_read_media_of_a_wav_file(tmp_path: Path) -> None:
    path = wav(tmp_path / "a.wav", 3)
    assert read_media(path) == MediaInfo(path.stat().st_size, 3)


def test_read_media_of_a_file_of_unknown_format(tmp_path: Path) -> None:
    (tmp_path / "a.mp3").write_bytes(b"not audio at all")
    assert read_media(tmp_path / "a.mp3") == MediaInfo(16, None)


def test_read_media_refuses_a_folder(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        read_media(tmp_path)


def test_a_local_file_gives_its_length_and_duration(tmp_path: Path) -> None:
    path = wav(tmp_path / "ep 1.wav", 2)
    a = article(audio=Media("audio", "ep 1.wav", line=3))
    found, said = enclosures(a, BASE, {"world/ep 1.wav": path}, SHOWN)
    assert said == []
    assert found == (Enclosure("audio", BASE + "world/ep%201.wav", path.stat().st_size,
                               "audio/wav", 2),)


def test_a_remote_file_keeps_what_front_matter_gives() -> None:
    a = article(video=Media("video", "https://cdn.example/v.mp4", 500, None, 30))
    found, said = enclosures(a, BASE, {}, SHOWN)
    assert said == [] and found == (Enclosure("video", "https://cdn.example/v.mp4", 500,
                                              "video/mp4", 30),)


def test_audio_comes_before_video() -> None:
    a = article(audio=Media("audio", "https://cdn.example/a.mp3", 1),
                video=Media("video", "https://cdn.example/v.mp4", 2))
    assert [e.kind for e in enclosures(a, BASE, {}, SHOWN)[0]] == ["audio", "video"]


def test_a_missing_local_file_is_an_error_and_no_enclosure() -> None:
    a = article(audio=Media("audio", "gone.mp3", line=7))
    found, [error] = enclosures(a, BASE, {}, SHOWN)
    assert found == ()
    assert (error.level, error.path, error.line) == ("error", SHOWN, 7)
    assert "'gone.mp3' is not a file under content/ (https://news.example.org/world/gone.mp3)" \
        in error.message


def test_an_empty_local_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "a.mp3").write_bytes(b"")
    a = article(audio=Media("audio", "a.mp3"))
    found, [error] = enclosures(a, BASE, {"world/a.mp3": tmp_path / "a.mp3"}, SHOWN)
    assert found == () and "is an empty file (0 bytes)" in error.message


def test_a_given_duration_far_from_the_files_is_a_warning(tmp_path: Path) -> None:
    path = wav(tmp_path / "a.wav", 10)
    a = article(audio=Media("audio", "a.wav", duration=60))
    found, [warning] = enclosures(a, BASE, {"world/a.wav": path}, SHOWN)
    assert found[0].duration == 60
    assert warning.level == "warning"
    assert "duration 1:00 is given, but 'a.wav' plays 0:10" in warning.message


def test_an_unreadable_playing_time_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "a.mp3").write_bytes(b"not audio")
    a = article(audio=Media("audio", "a.mp3"))
    found, [warning] = enclosures(a, BASE, {"world/a.mp3": tmp_path / "a.mp3"}, SHOWN)
    assert found[0].duration is None and found[0].length == 9
    assert "cannot be read: the file does not look like .mp3 media" in warning.message


def test_side_files_resolve_or_are_left_out_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "t.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:01.000\nHi\n")
    a = article(audio=Media("audio", "https://cdn.example/a.mp3", 9, transcript="t.vtt",
                            chapters="c.json"))
    [found], [warning] = enclosures(a, BASE, {"world/t.vtt": tmp_path / "t.vtt"}, SHOWN)
    assert found.transcript_url == BASE + "world/t.vtt"
    assert found.transcript_type == "text/vtt" and found.chapters_url is None
    assert "chapters 'c.json' is not a file under content/" in warning.message


def test_side_file_problem(tmp_path: Path) -> None:
    def write(name: str, text: str) -> Path:
        (tmp_path / name).write_text(text)
        return tmp_path / name
    good = '{"version": "1.2.0", "chapters": [{"startTime": 0}, {"startTime": 61.5}]}'
    assert side_file_problem(write("c.json", good), "chapters") is None
    assert side_file_problem(write("t.vtt", "\ufeffWEBVTT\n"), "transcript") is None
    assert side_file_problem(write("t.srt", "1\n00:00:00,000 --> x\n"), "transcript") is None
    assert side_file_problem(write("e.vtt", " \n"), "transcript") == "is empty"
    assert side_file_problem(write("x.vtt", "hello"), "transcript") == (
        "is not WebVTT: its first line must be WEBVTT")
    assert side_file_problem(write("n.json", "{"), "chapters").startswith("is not JSON (")
    for doc in ([], {"chapters": []}, {"version": "1", "chapters": [{"startTime": True}]},
                {"version": "1", "chapters": [{"title": "x"}]}):
        assert side_file_problem(write("b.json", json.dumps(doc)), "chapters").startswith(
            "is not in the Podcasting 2.0 chapters format")
    assert side_file_problem(tmp_path / "gone.json", "chapters").startswith("cannot be read (")


def test_enclosure_line_points_at_the_media_for_enclosure_findings() -> None:
    a = article(audio=Media("audio", "a.mp3", line=5), video=Media("video", "v.mp4", line=9))
    assert enclosure_line(a, "RSS-ENCLOSURE") == 5
    assert enclosure_line(a, "PODCAST-HTTPS") == 5
    assert enclosure_line(a, "RSS-DATE") is None
    assert enclosure_line(article(video=Media("video", "v.mp4", line=9)),
                          "PODCAST-ENCLOSURE") == 9
    assert enclosure_line(article(), "RSS-ENCLOSURE") is None
