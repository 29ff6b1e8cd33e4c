"""Audio and video attached to articles: front matter ``audio``/``video`` to
enclosures (README "Articles" and "Podcasts").

Three steps, each a function:

* :func:`parse_media` checks a front-matter value (a path or URL, or a
  mapping with ``url``/``path``, ``length``, ``type``, ``duration``,
  ``transcript``, ``chapters``) and returns a :class:`~newswire.model.Media`;
  readers call it, so a bad value is reported at its line.
* :func:`read_media` reads a local file's byte length and playing time
  (``mutagen`` for MP3, MP4/M4A, Ogg, FLAC, WAV...; the standard ``wave``
  module as a fallback for WAV).
* :func:`enclosures` resolves an article's media against the site: absolute
  URLs, and for files under ``content/`` (published to ``public/`` like
  images) the real length and duration.

The RSS 2.0 ``enclosure`` needs ``url``, ``length`` (bytes) and ``type``
(MIME); Apple Podcasts reads ``itunes:duration`` in seconds; JSON Feed 1.1
``attachments`` carry ``size_in_bytes`` and ``duration_in_seconds``.
"""

from __future__ import annotations

import difflib
import errno
import os
import re
import stat
import wave
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from .errors import Diagnostic
from .model import Article, Enclosure, Media
from .urls import check_http_url

__all__ = ["ENCLOSURE_CODES", "KINDS", "MAX_DURATION", "MAX_LENGTH", "MEDIA_KEYS", "MediaInfo",
           "enclosure_line", "enclosures", "media_type", "parse_duration", "parse_media",
           "read_media", "side_file_problem", "transcript_type"]

#: The front-matter keys holding media, in the order enclosures are listed.
KINDS = ("audio", "video")
#: Keys of the mapping form of ``audio``/``video``.
MEDIA_KEYS = ("url", "path", "length", "type", "duration", "transcript", "chapters")

# File name extension -> MIME type, per kind. Types as Apple Podcasts lists
# them where it lists them (audio/mpeg, audio/x-m4a, video/mp4, video/quicktime,
# video/x-m4v, application/pdf), else IANA's media types registry.
_TYPES: dict[str, dict[str, str]] = {
    "audio": {".mp3": "audio/mpeg", ".m4a": "audio/x-m4a", ".mp4": "audio/mp4",
              ".aac": "audio/aac", ".ogg": "audio/ogg", ".oga": "audio/ogg",
              ".opus": "audio/ogg", ".flac": "audio/flac", ".wav": "audio/wav",
              ".pdf": "application/pdf", ".epub": "application/epub+zip"},
    "video": {".mp4": "video/mp4", ".m4v": "video/x-m4v", ".mov": "video/quicktime",
              ".webm": "video/webm", ".ogv": "video/ogg",
              ".pdf": "application/pdf", ".epub": "application/epub+zip"},
}
# Transcript formats the Podcasting 2.0 namespace names for podcast:transcript.
_TRANSCRIPT_TYPES = {".vtt": "text/vtt", ".srt": "application/x-subrip",
                     ".json": "application/json", ".html": "text/html",
                     ".htm": "text/html", ".txt": "text/plain"}
# Extensions whose playing time mutagen (or wave) reads.
_READABLE = frozenset({".mp3", ".m4a", ".m4b", ".mp4", ".m4v", ".aac", ".ogg", ".oga",
                       ".opus", ".flac", ".wav"})
_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_MIME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*$")
_CLOCK = re.compile(r"^(?:(?P<h>[0-9]+):)?(?P<m>[0-9]+):(?P<s>[0-9]+(?:\.[0-9]+)?)$")
_SECONDS = re.compile(r"^[0-9]+(?:\.[0-9]+)?$")
_BYTES = re.compile(r"^[0-9]+$")
#: The longest playing time taken (99:59:59): longer is a slip of the pen
#: (milliseconds for seconds, a year for a time).
MAX_DURATION = 100 * 3600 - 1
#: The largest byte length taken (1 TiB): no episode is larger, and JSON
#: readers hold every integer up to it exactly.
MAX_LENGTH = 2 ** 40


def _suffix(value: str) -> str:
    """The lower-case extension of a URL's path, or of a file path (where
    ``#`` and ``?`` are part of the name)."""
    path = urlsplit(value).path if _ABSOLUTE.match(value) else value
    return PurePosixPath(path).suffix.lower()


def media_type(value: str, kind: str) -> str | None:
    """The MIME type of a media file of ``kind`` (``audio``/``video``) from its
    name's extension (``episode.mp3`` → ``audio/mpeg``), or None if unknown."""
    return _TYPES[kind].get(_suffix(value))


def transcript_type(value: str) -> str | None:
    """MIME type of a transcript from its extension (``.vtt`` → ``text/vtt``,
    ``.srt`` → ``application/x-subrip``), or None if unknown."""
    return _TRANSCRIPT_TYPES.get(_suffix(value))


def parse_duration(value: object) -> int:
    """A playing time as whole seconds (rounded).

    Accepts ``HH:MM:SS``, ``MM:SS`` (fractions of a second allowed) and a
    number of seconds (an int, float or numeric text in ASCII digits), more
    than 0 (rounded to whole seconds, at least 1) and at most
    :data:`MAX_DURATION` (99:59:59).

    Raises:
        ValueError: anything else, minutes or seconds of 60 or more in the
            clock forms, a number of 0 or less, or a time longer than
            99:59:59.
    """
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a duration")
    if isinstance(value, (int, float)):
        if value < 0 or value != value or value == float("inf"):
            raise ValueError(f"{value!r} is not a duration")
        return _seconds(value, value)
    text = str(value).strip()
    if _SECONDS.match(text):
        return _seconds(float(text), text)
    match = _CLOCK.match(text)
    if match is None:
        raise ValueError(f"{text!r} is not a duration")
    hours = int(match["h"] or 0)
    minutes, seconds = int(match["m"]), float(match["s"])
    if (match["h"] is not None and minutes >= 60) or seconds >= 60:
        raise ValueError(f"{text!r} is not a duration: minutes and seconds go up to 59")
    return _seconds(hours * 3600 + minutes * 60 + seconds, text)


def _seconds(value: float, shown: object) -> int:
    """``value`` seconds rounded, checked to be a playing time."""
    if value > MAX_DURATION:
        raise ValueError(f"{shown!r} is longer than 99:59:59 (in seconds, not milliseconds?)")
    if value <= 0:
        raise ValueError(f"{shown!r} is no playing time; give the length of the recording")
    return max(1, round(value))


def _is_remote(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def parse_media(value: Any, kind: str, fail: Callable[[str], Exception],
                line: int | None = None) -> Media | None:
    """Check one front-matter ``audio``/``video`` value.

    Args:
        value: a path (relative to the article file) or an absolute http(s)
            URL, or a mapping with ``url`` or ``path`` and optional
            ``length`` (bytes), ``type`` (MIME), ``duration`` (``HH:MM:SS``,
            ``MM:SS`` or seconds), ``transcript`` and ``chapters`` (paths or
            URLs). None or ``""``: no media.
        kind: ``"audio"`` or ``"video"``.
        fail: makes the exception to raise from a message (the reader's, so
            it carries the file and the key's line).
        line: the key's line, kept on the result for later messages.

    Returns:
        The :class:`~newswire.model.Media`, or None.

    Raises:
        whatever ``fail`` returns: a wrong type, an unknown mapping key, a
        URL that is not http(s), a bad length, type or duration, or a remote
        file (absolute URL) without ``length``, or without ``type`` when its
        extension does not tell it.
    """
    if value is None or value == "":
        return None
    if isinstance(value, Mapping):
        fields = {str(k): v for k, v in value.items()}
        unknown = sorted(set(fields) - set(MEDIA_KEYS))
        if unknown:
            near = difflib.get_close_matches(unknown[0].lower(), MEDIA_KEYS, 1, 0.6)
            hint = f"did you mean {near[0]!r}? " if near else ""
            raise fail(f"unknown field {unknown[0]!r}; {hint}use {', '.join(MEDIA_KEYS)}")
        if "url" in fields and "path" in fields:
            raise fail("give url or path, not both")
        src = fields.get("url", fields.get("path"))
        if src is None:
            raise fail("the mapping needs url (or path): the file's address")
    else:
        fields, src = {}, value
    src = _text(src, "url", fail)
    length = fields.get("length")
    if length is not None:
        if isinstance(length, bool) or not isinstance(length, int) and not (
                isinstance(length, str) and _BYTES.match(length.strip())):
            raise fail(f"length {length!r} is not a whole number of bytes")
        length = int(length)
        if length < 0:
            raise fail(f"length {length!r} is not a whole number of bytes")
        if length > MAX_LENGTH:
            raise fail(f"length {length} bytes is more than 1 TiB; give the file's size "
                       "in bytes")
    media_type_ = fields.get("type")
    if media_type_ is not None:
        media_type_ = _text(media_type_, "type", fail).lower()  # RFC 2045: any case
        if not _MIME.match(media_type_):
            raise fail(f"type {media_type_!r} is not a MIME type like audio/mpeg")
        major = media_type_.partition("/")[0]
        if major in KINDS and major != kind:
            raise fail(f"type {media_type_} is a {major} type, not {kind}: give the file "
                       f"as {major}:, or the {kind} type")
    duration = None
    if fields.get("duration") not in (None, ""):
        try:
            duration = parse_duration(fields["duration"])
        except ValueError as exc:
            raise fail(f"duration: {exc}; write HH:MM:SS, MM:SS or a number of "
                       "seconds") from None
    transcript = _reference(fields.get("transcript"), "transcript", fail)
    chapters = _reference(fields.get("chapters"), "chapters", fail)
    if transcript is not None and transcript_type(transcript) is None:
        raise fail(f"transcript {transcript!r}: name a .vtt, .srt, .html, .txt or .json file")
    src = _reference(src, "url", fail) or src
    if _is_remote(src):
        if length is None:
            raise fail(f"{src} is a remote file: give its length in bytes (and type), "
                       f"as in {kind}: {{url: {src}, length: 12345678, type: "
                       f"{media_type(src, kind) or 'audio/mpeg'}}}")
        if media_type_ is None and media_type(src, kind) is None:
            raise fail(f"{src} is a remote file whose name does not tell its type: "
                       "give type, like audio/mpeg")
    elif media_type_ is None and media_type(src, kind) is None:
        raise fail(_unknown_kind(src, kind))
    return Media(kind, src, length, media_type_, duration, transcript, chapters, line)


def _unknown_kind(src: str, kind: str) -> str:
    """Why ``src`` is not a file of ``kind`` by its name, and what to do."""
    other = "video" if kind == "audio" else "audio"
    if media_type(src, other) is not None:
        article = "an" if other == "audio" else "a"
        return (f"{src!r} is named like {article} {other} file, not {kind}: give it as "
                f"{other}: {src}, or give type")
    names = (".mp3, .m4a, .mp4, .ogg, .opus, .flac, .wav" if kind == "audio"
             else ".mp4, .m4v, .mov, .webm, .ogv")
    return f"{src!r}: unknown kind of {kind} file; name a {names} file or give type"


def _text(value: Any, name: str, fail: Callable[[str], Exception]) -> str:
    if isinstance(value, (Mapping, list, bool)) or value is None:
        what = "a MIME type like audio/mpeg" if name == "type" else "a path or URL"
        raise fail(f"{name} must be text ({what})")
    text = str(value).strip()
    if not text:
        raise fail(f"{name} is empty")
    return text


def _reference(value: Any, name: str, fail: Callable[[str], Exception]) -> str | None:
    """A path or absolute http(s) URL, or None."""
    if value is None or value == "":
        return None
    text = _text(value, name, fail)
    if _ABSOLUTE.match(text) and not _is_remote(text):
        raise fail(f"{name} {text!r}: only http(s) URLs or paths under content/")
    if _is_remote(text):
        try:
            return check_http_url(text)
        except ValueError as exc:
            raise fail(f"{name}: {exc}") from None
    return text


@dataclass(frozen=True)
class MediaInfo:
    """What a local media file tells about itself.

    Attributes:
        length: size in bytes.
        duration: playing time in whole seconds, or None when the file's
            format cannot be read.
    """

    length: int
    duration: int | None = None


def read_media(path: Path) -> MediaInfo:
    """Byte length and playing time of an audio or video file.

    ``mutagen`` reads the headers of MP3, MP4/M4A, Ogg, FLAC, WAV and more;
    WAV files it cannot read are tried with the standard ``wave`` module.

    Raises:
        OSError: the file cannot be read at all, or is not a regular file
            (a folder, a named pipe or device, which would never end).
    """
    length = _regular(path).st_size
    return MediaInfo(length, _duration(path))


def _regular(path: Path) -> os.stat_result:
    """``path``'s status, after checking it is a regular file.

    Raises:
        OSError: it is not (reading a named pipe would wait forever).
    """
    status = path.stat()
    if not stat.S_ISREG(status.st_mode):
        raise OSError(errno.EINVAL, "not a regular file", str(path))
    return status


def _duration(path: Path) -> int | None:
    import mutagen

    try:
        audio = mutagen.File(path)
    except (mutagen.MutagenError, OSError, ValueError, EOFError):
        audio = None
    seconds = getattr(getattr(audio, "info", None), "length", None)
    if isinstance(seconds, (int, float)) and seconds > 0:
        return round(seconds)
    if path.suffix.lower() == ".wav":
        try:
            with wave.open(str(path), "rb") as w:
                if w.getframerate() > 0:
                    return round(w.getnframes() / w.getframerate())
        except (wave.Error, EOFError, OSError):
            return None
    return None


def _clock(seconds: int) -> str:
    """``H:MM:SS`` or ``M:SS``."""
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def _unpublished(folder: Path, src: str) -> str:
    """Why a file that is there is not published (a hidden or ``_`` name),
    as a clause; "" when there is no such file."""
    if _is_remote(src) or not (folder / src).is_file():
        return ""
    hidden = [part for part in PurePosixPath(src).parts if part.startswith((".", "_"))
              and part not in (".", "..")]
    if hidden:
        return (f": it is there, but names starting with '.' or '_' ({hidden[-1]}) are "
                "not published; rename it")
    return ""


def _local(url: str, base_url: str, files: Mapping[str, Path]) -> Path | None:
    if not url.startswith(base_url):
        return None
    return files.get(unquote(urlsplit(url[len(base_url):]).path))


def enclosures(article: Article, base_url: str, files: Mapping[str, Path],
               shown: Path) -> tuple[tuple[Enclosure, ...], list[Diagnostic]]:
    """An article's audio and video as enclosures, and what was wrong.

    A relative ``src`` resolves against the article file's folder (as
    ``image`` does) and must be a file under ``content/`` (``files``: those
    copied to ``public/``, by POSIX path below ``content/``), whose length
    is the file's and whose duration is read from it unless front matter
    gives one. A remote file keeps the values front matter gives, and so
    does an absolute URL on the site that is not a file under ``content/``
    (media the web server serves from elsewhere, like ``/media/``). A
    transcript or chapters file on the site that is missing is left out
    with a warning.

    Args:
        article: the article as read.
        base_url: the site's root URL, ending in ``/``.
        files: the site's files under ``content/``.
        shown: how messages name the article's file.

    Returns:
        The enclosures (audio first), and diagnostics: an error for media
        that is not a file under ``content/`` (the article is published
        without it), warnings for missing transcripts or chapters and for a
        file whose playing time cannot be read although its kind should
        tell it.
    """
    from .entries import _encoded, _folder_url  # entries -> sanitize -> readers -> here

    folder = _folder_url(base_url, article.source)
    found: list[Enclosure] = []
    said: list[Diagnostic] = []
    for media in (article.audio, article.video):
        if media is None:
            continue
        url = urljoin(folder, _encoded(media.src))
        kind_type = media.type or media_type(media.src, media.kind) or "application/octet-stream"
        length, duration = media.length, media.duration
        if not _is_remote(media.src) or url.startswith(base_url):
            path = _local(url, base_url, files)
            info = None
            if path is not None:
                try:
                    info = read_media(path)
                except OSError:
                    info = None
            if info is not None and info.length == 0:
                said.append(Diagnostic(
                    "error", f"{media.kind}: {media.src!r} is an empty file (0 bytes); the "
                    f"article is published without its {media.kind}. Put the recording "
                    "there", shown, media.line))
                continue
            if info is None and _is_remote(media.src) and media.length is not None:
                info = MediaInfo(media.length, media.duration)  # served beside content/
            if info is None:
                said.append(Diagnostic(
                    "error", f"{media.kind}: {media.src!r} is not a file under content/ "
                    f"({url}){_unpublished(shown.parent, media.src)}; the article is "
                    f"published without its {media.kind}. Fix the path (relative to the "
                    "article file) or give an absolute URL with length and type",
                    shown, media.line))
                continue
            length = info.length
            duration = media.duration if media.duration is not None else info.duration
            if media.duration is not None and info.duration is not None and abs(
                    media.duration - info.duration) > max(2, info.duration // 20):
                said.append(Diagnostic(
                    "warning", f"{media.kind}: duration {_clock(media.duration)} is given, "
                    f"but {media.src!r} plays {_clock(info.duration)}; the given one is "
                    "published. Remove duration to use the file's (a re-recorded file?)",
                    shown, media.line))
            if duration is None and path is not None and path.suffix.lower() in _READABLE:
                said.append(Diagnostic(
                    "warning", f"{media.kind}: the playing time of {media.src!r} cannot be "
                    f"read: the file does not look like {path.suffix.lower()} media. It is "
                    "published without a duration; re-encode it or give duration "
                    "(HH:MM:SS)", shown, media.line))
        if length is None or not url.startswith(("http://", "https://")):
            continue
        transcript = _side_file(media.transcript, "transcript", media, folder, base_url,
                                files, shown, said)
        chapters = _side_file(media.chapters, "chapters", media, folder, base_url, files,
                              shown, said)
        found.append(Enclosure(
            media.kind, url, length, kind_type, duration, transcript,
            transcript_type(media.transcript) if transcript and media.transcript else None,
            chapters))
    return tuple(found), said


#: Validation codes about an item's enclosure (RSS 2.0, Apple Podcasts).
ENCLOSURE_CODES = frozenset({"RSS-ENCLOSURE", "PODCAST-ENCLOSURE", "PODCAST-HTTPS"})


def enclosure_line(article: Article, code: str) -> int | None:
    """The front-matter line of the media an item's RSS ``enclosure`` comes
    from (its ``audio``, else its ``video``), when a finding of ``code``
    concerns the enclosure; else None."""
    media = article.audio or article.video
    return media.line if media is not None and code in ENCLOSURE_CODES else None


def _side_file(value: str | None, name: str, media: Media, folder: str, base_url: str,
               files: Mapping[str, Path], shown: Path, said: list[Diagnostic]) -> str | None:
    """Absolute URL of a transcript or chapters file; None (with a warning) when
    it points into the site but is not a file under ``content/``."""
    from .entries import _encoded

    if value is None:
        return None
    url = urljoin(folder, _encoded(value))
    if not _is_remote(value) or url.startswith(base_url):
        path = _local(url, base_url, files)
        if path is None:
            said.append(Diagnostic(
                "warning", f"{media.kind}: {name} {value!r} is not a file under content/ "
                f"({url}); it is left out. Fix the path (relative to the article file)",
                shown, media.line))
            return None
        problem = side_file_problem(path, name)
        if problem is not None:
            said.append(Diagnostic(
                "warning", f"{media.kind}: {name} {value!r} {problem}; it is left out",
                shown, media.line))
            return None
    return url if url.startswith(("http://", "https://")) else None


def side_file_problem(path: Path, name: str) -> str | None:
    """What makes a local transcript or chapters file unusable, or None.

    ``chapters``: JSON in the Podcasting 2.0 chapters format (an object with
    a ``version`` and a ``chapters`` list of objects, each with a numeric
    ``startTime`` in seconds). ``transcript``: a WebVTT file (``.vtt``)
    starts with ``WEBVTT``; other formats are not looked into. An empty file
    is refused either way.
    """
    try:
        _regular(path)
        data = path.read_bytes()
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if not data.strip():
        return "is empty"
    if name == "chapters":
        import json

        try:
            doc = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            return (f"is not JSON ({str(exc).splitlines()[0][:80]}); write Podcasting 2.0 "
                    'chapters: {"version": "1.2.0", "chapters": [{"startTime": 0, ...}]}')
        chapters = doc.get("chapters") if isinstance(doc, dict) else None
        if not isinstance(doc, dict) or "version" not in doc or not isinstance(chapters, list) \
                or not all(isinstance(c, dict) and isinstance(c.get("startTime"), (int, float))
                           and not isinstance(c.get("startTime"), bool) for c in chapters):
            return ('is not in the Podcasting 2.0 chapters format: {"version": "1.2.0", '
                    '"chapters": [{"startTime": 0, "title": "..."}, ...]}')
    elif path.suffix.lower() == ".vtt" and not data.removeprefix(b"\xef\xbb\xbf").startswith(
            b"WEBVTT"):
        return "is not WebVTT: its first line must be WEBVTT"
    return None
