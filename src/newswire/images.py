"""Sizes of lead images that live under ``content/`` (read with Pillow).

An entry's ``image_url`` that points into the site (``base_url`` + the path
of a file copied from ``content/``) is a local image: its width, height and
byte length go into ``og:image:width``/``og:image:height``, the RSS
``enclosure length`` and ``media:content`` (Media RSS ``fileSize``,
``width``, ``height``). Images elsewhere keep those unknown.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

from PIL import Image

from .model import Entry

__all__ = ["ImageInfo", "local_image", "read_image", "with_image_info"]


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


def with_image_info(entry: Entry, base_url: str, files: Mapping[str, Path]) -> Entry:
    """``entry`` with ``image_width``/``image_height``/``image_length`` filled in
    when its image is a local file (see :func:`local_image`), else unchanged."""
    path = local_image(entry.image_url, base_url, files) if entry.image_url else None
    if path is None:
        return entry
    try:
        info = read_image(path)
    except OSError:
        return entry
    return dataclasses.replace(entry, image_width=info.width, image_height=info.height,
                               image_length=info.length)
