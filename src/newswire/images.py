"""Sizes of lead images that live under ``content/`` (read with Pillow).

An entry's ``image_url`` that points into the site (``base_url`` + the path
of a file copied from ``content/``) is a local image: its width, height and
byte length go into ``og:image:width``/``og:image:height``, the RSS
``enclosure length`` and ``media:content`` (Media RSS ``fileSize``,
``width``, ``height``). Images elsewhere keep those unknown.

The real size also chooses the Twitter (X) card and is checked against what
the platforms that draw link previews publish (:func:`card_type`,
:func:`preview_problems`): X's large card needs at least 300x157 pixels and
its small one 144x144, at most 4096x4096 and 5 MB
(developer.x.com, "Cards markup"); Open Graph images need at least 200x200
and are shown at 1.91:1, 1200x630 being the size Facebook and LinkedIn
recommend (developers.facebook.com, "Sharing: Images").
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

from PIL import Image

from .model import Entry

__all__ = ["ImageInfo", "card_type", "local_image", "preview_problems", "read_image",
           "with_image_info"]

LARGE_CARD_MIN = (300, 157)
SMALL_CARD_MIN = (144, 144)
OPEN_GRAPH_MIN = (200, 200)
MAX_SIDE = 4096
MAX_BYTES = 5 * 1024 * 1024
PREVIEW_RATIO = 1.91
RATIO_RANGE = (1.5, 2.5)
RECOMMENDED = "1200x630"


@dataclasses.dataclass(frozen=True)
class ImageInfo:
    """What a local image file tells about itself.

    Attributes:
        length: size of the file in bytes.
        width, height: size in pixels, or None when Pillow cannot read the
            file as an image (a PDF, a damaged file).
    """

    length: int
    width: int | None = None
    height: int | None = None


def local_image(url: str, base_url: str, files: Mapping[str, Path]) -> Path | None:
    """The file under ``content/`` published at ``url``, or None.

    Args:
        url: absolute image URL.
        base_url: the site's root URL, ending in ``/``.
        files: the files copied to ``public/``, by POSIX path below ``content/``.
    """
    if not url.startswith(base_url):
        return None
    path = unquote(urlsplit(url[len(base_url):]).path)
    return files.get(path)


def read_image(path: Path) -> ImageInfo:
    """Byte length and pixel size of an image file.

    Only the image header is read. A file Pillow cannot open as an image
    still gets its length; its width and height are None.

    Raises:
        OSError: the file cannot be read at all.
    """
    length = path.stat().st_size
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
    except (OSError, ValueError, Image.DecompressionBombError):
        return ImageInfo(length)
    return ImageInfo(length, width, height)


def with_image_info(entry: Entry, base_url: str, files: Mapping[str, Path],
                    known: dict[Path, ImageInfo] | None = None) -> Entry:
    """``entry`` with ``image_width``/``image_height``/``image_length`` filled in
    when its image is a local file (see :func:`local_image`), else unchanged.

    Args:
        known: the images read so far in this build (path → info), filled
            in here: a site's ``default_image`` is the lead image of every
            article without one, and is read once, not once per article.
    """
    path = local_image(entry.image_url, base_url, files) if entry.image_url else None
    if path is None:
        return entry
    info = known.get(path) if known is not None else None
    if info is None:
        try:
            info = read_image(path)
        except OSError:
            return entry
        if known is not None:
            known[path] = info
    return dataclasses.replace(entry, image_width=info.width, image_height=info.height,
                               image_length=info.length)


def card_type(width: int | None, height: int | None, length: int | None = None) -> str:
    """The Twitter (X) card for a lead image of this size in pixels:
    ``summary_large_image`` when it is at least 300x157 or its size is
    unknown (an image elsewhere), else ``summary``. A local file (``length``
    in bytes known) whose size Pillow cannot read is no image a platform can
    show either: ``summary``."""
    if width is None or height is None:
        return "summary" if length is not None else "summary_large_image"
    if width >= LARGE_CARD_MIN[0] and height >= LARGE_CARD_MIN[1]:
        return "summary_large_image"
    return "summary"


def preview_problems(width: int | None, height: int | None, length: int | None) -> list[str]:
    """What keeps a lead image of this size (pixels) and length (bytes) from
    showing as announced in link previews, each as a phrase; empty when
    nothing does or the size is unknown (an image elsewhere: ``length`` is
    None). A local file whose size cannot be read is a problem itself."""
    problems = []
    if (width is None or height is None) and length is not None:
        problems.append("cannot be read as an image (damaged, not an image, or over "
                        f"{2 * (Image.MAX_IMAGE_PIXELS or 0) // 1_000_000} million pixels), "
                        "so link previews show no picture and the page announces a small "
                        "'summary' card")
    if width and height:
        if card_type(width, height) == "summary":
            problems.append(f"is {width}x{height} pixels, smaller than the {LARGE_CARD_MIN[0]}x"
                            f"{LARGE_CARD_MIN[1]} a large X/Twitter card needs, so the page "
                            "announces a small 'summary' card")
            if width < SMALL_CARD_MIN[0] or height < SMALL_CARD_MIN[1]:
                problems.append(f"is below even the {SMALL_CARD_MIN[0]}x{SMALL_CARD_MIN[1]} "
                                "of the small card")
        if width < OPEN_GRAPH_MIN[0] or height < OPEN_GRAPH_MIN[1]:
            problems.append(f"is below the {OPEN_GRAPH_MIN[0]}x{OPEN_GRAPH_MIN[1]} pixels "
                            "Open Graph asks for: Facebook and LinkedIn show no picture")
        if max(width, height) > MAX_SIDE:
            problems.append(f"is {width}x{height} pixels, more than the {MAX_SIDE} pixels a "
                            "side X/Twitter accepts")
        ratio = width / height
        if card_type(width, height) == "summary_large_image" and \
                not RATIO_RANGE[0] <= ratio <= RATIO_RANGE[1]:
            problems.append(f"has a {ratio:.2f}:1 shape, far from the {PREVIEW_RATIO}:1 of "
                            "large previews, which will crop it")
    if length is not None and length > MAX_BYTES:
        problems.append(f"is {length / 1048576:.1f} MB, over the 5 MB X/Twitter and "
                        "Facebook accept")
    return problems
