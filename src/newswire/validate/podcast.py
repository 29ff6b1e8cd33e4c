"""Apple Podcasts' requirements for a podcast RSS feed (``PODCAST-*`` codes).

An RSS 2.0 channel carrying any ``itunes:`` element is a podcast, and is
held to what Apple Podcasts (and Spotify, which takes the same feeds)
requires before it lists a show (Apple Podcasts for Creators, "Podcast RSS
feed requirements" and "Artwork requirements"):

* artwork (``itunes:image``): present, a ``.jpg`` or ``.png`` URL (Apple asks
  for those extensions),
  and, when the image is a file of the site being built, JPEG or PNG in RGB,
  square, 1400 to 3000 pixels a side;
* the channel's ``language``;
* ``itunes:explicit`` present, ``true`` or ``false``;
* ``itunes:category`` present, each category and subcategory from Apple's
  list (``data/apple-podcasts-categories.json``, its source named there);
* every episode has a ``guid`` and an ``enclosure`` of a type Apple plays,
  and an ``itunes:duration`` (when given) in seconds or ``HH:MM:SS``;
* artwork and enclosures served over HTTPS;
* and, as warnings, what the W3C Feed Validator warns about: no
  ``itunes:owner`` e-mail address (Spotify verifies a show by it), and one
  file enclosed by two episodes.

Duplicate guids are ``RSS-GUID-DUPLICATE``, an error for every RSS feed.
"""

from __future__ import annotations

import difflib
import json
import re
import warnings
from collections.abc import Callable, Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree

from .finding import Finding, finding
from .xml import children

__all__ = ["APPLE_TYPES", "LocalFile", "categories", "check", "is_podcast"]

ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
#: Enclosure types Apple Podcasts accepts (audio, video, documents).
APPLE_TYPES = ("audio/mpeg", "audio/x-m4a", "audio/mp4", "video/mp4", "video/quicktime",
               "video/x-m4v", "application/pdf")
ARTWORK_MIN, ARTWORK_MAX = 1400, 3000
#: Maps an absolute URL to the local file published there; None when the URL
#: is not the site's. A URL of the site with no file gives a path that does
#: not exist.
LocalFile = Callable[[str], Path | None]


@lru_cache(maxsize=1)
def categories() -> dict[str, tuple[str, ...]]:
    """Apple's podcast categories: category name -> its subcategory names."""
    data = json.loads(resources.files(__package__).joinpath(
        "data/apple-podcasts-categories.json").read_text("utf-8"))
    return {name: tuple(subs) for name, subs in data["categories"].items()}


def is_podcast(channel: etree._Element) -> bool:
    """True when the RSS ``channel`` carries an ``itunes:`` element."""
    return any(isinstance(child.tag, str) and child.tag.startswith(ITUNES)
               for child in children(channel))


def check(channel: etree._Element, path: str,
          local: LocalFile | None = None) -> Iterator[Finding]:
    """Findings for the podcast ``channel`` of an RSS 2.0 document.

    Args:
        channel: the ``channel`` element.
        path: how findings name the file.
        local: finds the local file of the artwork URL, to check its pixels
            (the build passes the site's files); None checks only what the
            feed says (presence, URL, extension).
    """
    yield from _artwork(channel, path, local)
    language = next(children(channel, "language"), None)
    if language is None or not (language.text or "").strip():
        yield finding(path, (language if language is not None else channel).sourceline,
                      "PODCAST-LANGUAGE",
                      "the channel has no <language>; Apple Podcasts requires the show's "
                      "language (set language in feeds/site.toml, like \"en\")")
    explicit = next(children(channel, ITUNES + "explicit"), None)
    if explicit is None:
        yield finding(path, channel.sourceline, "PODCAST-EXPLICIT",
                      "the channel has no <itunes:explicit>; Apple Podcasts requires it: "
                      "add <itunes:explicit>false</itunes:explicit> (or true)")
    elif (explicit.text or "").strip().lower() not in ("true", "false"):
        yield finding(path, explicit.sourceline, "PODCAST-EXPLICIT",
                      f"<itunes:explicit> is {(explicit.text or '').strip()!r}; write true "
                      "or false (the old yes becomes true, no and clean become false)")
    yield from _categories(channel, path)
    email = next((e for owner in children(channel, ITUNES + "owner")
                  for e in children(owner, ITUNES + "email") if (e.text or "").strip()), None)
    if email is None:
        yield finding(path, channel.sourceline, "PODCAST-OWNER",
                      "the channel has no <itunes:owner> with an <itunes:email>; directories "
                      "contact the show there and Spotify verifies it by that address "
                      "(itunes_owner = { name = \"...\", email = \"...\" } in the feed's "
                      "settings)")
    enclosed: dict[str, int | None] = {}
    for item in children(channel, "item"):
        yield from _episode(item, path)
        for enclosure in children(item, "enclosure"):
            url = (enclosure.get("url") or "").strip()
            if url in enclosed:
                yield finding(path, enclosure.sourceline, "PODCAST-ENCLOSURE-DUPLICATE",
                              f"enclosure {url!r} is also the enclosure of the episode at "
                              f"line {enclosed[url]}; podcast apps take them for one "
                              "episode: give each episode its own file")
            elif url:
                enclosed[url] = enclosure.sourceline


def _artwork(channel: etree._Element, path: str, local: LocalFile | None) -> Iterator[Finding]:
    image = next(children(channel, ITUNES + "image"), None)
    href = (image.get("href") or "").strip() if image is not None else ""
    if not href:
        yield finding(path, (image if image is not None else channel).sourceline,
                      "PODCAST-ARTWORK-MISSING",
                      "the channel has no <itunes:image href=\"...\"/>; Apple Podcasts "
                      "requires show artwork (itunes_image in the feed's settings)")
        return
    assert image is not None
    line = image.sourceline
    if not href.lower().startswith("https://"):
        yield finding(path, line, "PODCAST-HTTPS",
                      f"artwork {href!r} is not an https:// URL; Apple Podcasts fetches "
                      "artwork and episodes over HTTPS only")
    suffix = Path(urlsplit(href).path).suffix.lower()
    if suffix not in (".jpg", ".png"):
        yield finding(path, line, "PODCAST-ARTWORK-FORMAT",
                      f"artwork {href!r} is not a .jpg or .png file; Apple Podcasts takes "
                      "JPEG or PNG artwork")
        return
    file = local(href) if local is not None else None
    if file is not None:
        yield from _artwork_file(file, href, path, line)


def _artwork_file(file: Path, href: str, path: str, line: int | None) -> Iterator[Finding]:
    from PIL import Image  # only builds check pixels: validate stays quick to start

    if not file.is_file():
        yield finding(path, line, "PODCAST-ARTWORK-MISSING",
                      f"artwork {href!r} is not a file of the site ({file} is missing); "
                      "put the image there or fix itunes_image (a path below content/)")
        return
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                kind, mode, (width, height) = image.format, image.mode, image.size
                if mode == "P" and "transparency" in image.info:
                    mode = "P with transparency"
    except (OSError, ValueError, Image.DecompressionBombError):
        yield finding(path, line, "PODCAST-ARTWORK-FORMAT",
                      f"artwork {href!r} ({file}) cannot be read as an image; save it as "
                      "JPEG or PNG")
        return
    if kind not in ("JPEG", "PNG"):
        yield finding(path, line, "PODCAST-ARTWORK-FORMAT",
                      f"artwork {href!r} ({file}) is {kind}, not JPEG or PNG; convert it")
    elif mode not in ("RGB", "P"):
        yield finding(path, line, "PODCAST-ARTWORK-FORMAT",
                      f"artwork {href!r} ({file}) is in {mode} colour mode; Apple Podcasts "
                      "takes RGB only (no transparency, no CMYK or greyscale): save it as RGB")
    if width != height or not ARTWORK_MIN <= width <= ARTWORK_MAX:
        yield finding(path, line, "PODCAST-ARTWORK-SIZE",
                      f"artwork {href!r} ({file}) is {width}x{height} pixels; Apple Podcasts "
                      f"takes square artwork from {ARTWORK_MIN}x{ARTWORK_MIN} to "
                      f"{ARTWORK_MAX}x{ARTWORK_MAX}")


def _categories(channel: etree._Element, path: str) -> Iterator[Finding]:
    known = categories()
    found = list(children(channel, ITUNES + "category"))
    if not found:
        yield finding(path, channel.sourceline, "PODCAST-CATEGORY",
                      "the channel has no <itunes:category>; Apple Podcasts requires one "
                      "from its list (itunes_category in the feed's settings, like "
                      "\"News > Daily News\")")
    for element in found:
        name = (element.get("text") or "").strip()
        if name not in known:
            hint = _nearest(name, known) or f"; choose one of {', '.join(known)}"
            yield finding(path, element.sourceline, "PODCAST-CATEGORY",
                          f"{name!r} is not an Apple Podcasts category{hint}")
            continue
        for sub in children(element, ITUNES + "category"):
            sub_name = (sub.get("text") or "").strip()
            if sub_name not in known[name]:
                listed = ", ".join(known[name]) or "none"
                yield finding(path, sub.sourceline, "PODCAST-CATEGORY",
                              f"{sub_name!r} is not a subcategory of {name!r}"
                              f"{_nearest(sub_name, known[name])} (its subcategories: "
                              f"{listed})")


def _nearest(name: str, choices: object) -> str:
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)  # type: ignore[call-overload]
    return f"; did you mean {close[0]!r}?" if close else ""


# itunes:duration as Apple reads it: seconds, or [H:]MM:SS / M:SS.
_DURATION = re.compile(r"^(?:[0-9]+|(?:[0-9]+:)?[0-5]?[0-9]:[0-5][0-9])$")


def _episode(item: etree._Element, path: str) -> Iterator[Finding]:
    duration = next(children(item, ITUNES + "duration"), None)
    if duration is not None and not _DURATION.match((duration.text or "").strip()):
        yield finding(path, duration.sourceline, "PODCAST-DURATION",
                      f"<itunes:duration> is {(duration.text or '').strip()!r}; write the "
                      "playing time in seconds (161) or as HH:MM:SS (00:02:41)")
    guid = next(children(item, "guid"), None)
    if guid is None or not (guid.text or "").strip():
        yield finding(path, (guid if guid is not None else item).sourceline, "PODCAST-GUID",
                      "the episode has no guid; Apple Podcasts tells episodes apart by "
                      "guid: give every item a permanent, unique one")
    enclosure = next(children(item, "enclosure"), None)
    if enclosure is None:
        yield finding(path, item.sourceline, "PODCAST-ENCLOSURE",
                      "the episode has no <enclosure>; every podcast episode needs its "
                      "audio or video file")
        return
    media_type = (enclosure.get("type") or "").strip().lower()
    if media_type not in APPLE_TYPES:
        yield finding(path, enclosure.sourceline, "PODCAST-ENCLOSURE",
                      f"enclosure type {media_type!r} is not one Apple Podcasts plays "
                      f"({', '.join(APPLE_TYPES)}); publish MP3 or M4A audio, MP4, MOV "
                      "or M4V video")
    url = (enclosure.get("url") or "").strip()
    if url and not url.lower().startswith("https://"):
        yield finding(path, enclosure.sourceline, "PODCAST-HTTPS",
                      f"enclosure {url!r} is not an https:// URL; Apple Podcasts fetches "
                      "artwork and episodes over HTTPS only")
