"""validate.podcast: Apple Podcasts' requirements on a channel, each finding
at its line; artwork pixels checked when the file is local."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from PIL import Image

from newswire.validate import podcast

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
ART = "https://x.org/art.jpg"

GOOD = f"""<rss version="2.0" xmlns:itunes="{ITUNES}"><channel>
<title>Show</title>
<language>en</language>
<itunes:image href="{ART}"/>
<itunes:explicit>false</itunes:explicit>
<itunes:category text="News"><itunes:category text="Daily News"/></itunes:category>
<itunes:owner><itunes:name>Desk</itunes:name><itunes:email>d@x.org</itunes:email></itunes:owner>
<item>
<guid>urn:uuid:1</guid>
<enclosure url="https://x.org/1.mp3" length="9" type="audio/mpeg"/>
<itunes:duration>00:02:41</itunes:duration>
</item>
</channel></rss>
"""


def check(text: str, local: object = None) -> list[tuple[str, int | None]]:
    channel = etree.fromstring(text.encode())[0]
    return [(f.code, f.line) for f in podcast.check(channel, "f.xml", local)]  # type: ignore[arg-type]


def test_a_channel_apple_takes() -> None:
    assert check(GOOD) == []


@pytest.mark.parametrize(("old", "new", "expected"), [
    (f'<itunes:image href="{ART}"/>', "", ("PODCAST-ARTWORK-MISSING", 1)),
    (ART, "http://x.org/art.jpg", ("PODCAST-HTTPS", 4)),
    (ART, "https://x.org/art.gif", ("PODCAST-ARTWORK-FORMAT", 4)),
    ("<language>en</language>", "", ("PODCAST-LANGUAGE", 1)),
    ("<language>en</language>", "<language> </language>", ("PODCAST-LANGUAGE", 3)),
    ("<itunes:explicit>false", "<itunes:explicit>clean", ("PODCAST-EXPLICIT", 5)),
    ('<itunes:category text="News">', '<itunes:category text="Newz">',
     ("PODCAST-CATEGORY", 6)),
    ('text="Daily News"', 'text="Sports"', ("PODCAST-CATEGORY", 6)),
    ("<itunes:email>d@x.org</itunes:email>", "", ("PODCAST-OWNER", 1)),
    ("<guid>urn:uuid:1</guid>", "", ("PODCAST-GUID", 8)),
    ('type="audio/mpeg"', 'type="audio/ogg"', ("PODCAST-ENCLOSURE", 10)),
    ('url="https://x.org/1.mp3"', 'url="http://x.org/1.mp3"', ("PODCAST-HTTPS", 10)),
    ("00:02:41", "2 minutes", ("PODCAST-DURATION", 11)),
])
def test_each_requirement(old: str, new: str, expected: tuple[str, int]) -> None:
    text = GOOD.replace(old, new)
    assert text != GOOD
    assert expected in check(text)


def test_a_category_near_miss_is_named() -> None:
    channel = etree.fromstring(GOOD.replace('text="News"', 'text="Newz"').encode())[0]
    [found] = podcast.check(channel, "f.xml")
    assert "did you mean 'News'?" in found.message


def test_an_episode_without_enclosure_and_a_shared_file() -> None:
    item = ('<item><guid>urn:uuid:2</guid>'
            '<enclosure url="https://x.org/1.mp3" length="9" type="audio/mpeg"/></item>\n')
    assert ("PODCAST-ENCLOSURE-DUPLICATE", 13) in check(GOOD.replace("</channel>",
                                                                     item + "</channel>"))
    bare = "<item><guid>urn:uuid:3</guid></item>\n"
    assert ("PODCAST-ENCLOSURE", 13) in check(GOOD.replace("</channel>", bare + "</channel>"))


def artwork(tmp_path: Path, size: tuple[int, int], mode: str = "RGB",
            kind: str = "JPEG") -> object:
    file = tmp_path / "art.jpg"
    Image.new(mode, size).save(file, kind)
    return lambda url: file if url == ART else None


@pytest.mark.parametrize(("size", "mode", "kind", "code"), [
    ((1400, 1400), "RGB", "JPEG", None),
    ((1400, 1000), "RGB", "JPEG", "PODCAST-ARTWORK-SIZE"),
    ((1000, 1000), "RGB", "JPEG", "PODCAST-ARTWORK-SIZE"),
    ((1400, 1400), "L", "JPEG", "PODCAST-ARTWORK-FORMAT"),
    ((1400, 1400), "RGB", "GIF", "PODCAST-ARTWORK-FORMAT"),
])
def test_local_artwork_pixels(tmp_path: Path, size: tuple[int, int], mode: str, kind: str,
                              code: str | None) -> None:
    found = check(GOOD, artwork(tmp_path, size, mode, kind))
    assert found == ([] if code is None else [(code, 4)])


def test_missing_or_unreadable_local_artwork(tmp_path: Path) -> None:
    assert check(GOOD, lambda url: tmp_path / "gone.jpg") == [("PODCAST-ARTWORK-MISSING", 4)]
    (tmp_path / "bad.jpg").write_bytes(b"not an image")
    assert check(GOOD, lambda url: tmp_path / "bad.jpg") == [("PODCAST-ARTWORK-FORMAT", 4)]
