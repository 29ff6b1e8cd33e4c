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
import functools
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from .config import SiteConfig, _key_line
from .errors import Diagnostic
from .model import Entry
from .safeio import read_own_file

if TYPE_CHECKING:
    from .options import SitePaths

__all__ = ["IMAGE_LINES", "ImageInfo", "ImageLines", "card_type", "checked_image",
           "front_matter_line", "front_matter_line_in", "local_image", "missing_image",
           "preview_problems", "read_image", "settings_line", "with_image_info"]

IMAGE_LINES = "image-lines"
"""The name of the database record of :class:`ImageLines`."""

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
    from PIL import Image  # only when there is an image to measure

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
        from PIL import Image

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


class ImageLines:
    """The line of the ``image`` key in the front matter of articles whose
    lead image is missing, kept from one build to the next so that the
    warning about an unchanged article does not read its file again.

    Each line is kept with the SHA-256 of the article's bytes it was found
    in (:attr:`~newswire.model.Article.digest`) and used only for the same
    bytes. Only the line is kept, never the warning: whether the image is
    missing is decided by every build from the files of ``content/`` it
    found, so adding the image file ends the warning at once.

    Args:
        kept: the record an earlier build made (:meth:`to_plain`), or
            anything else (None, a damaged record: nothing is kept).
    """

    def __init__(self, kept: object = None) -> None:
        self._kept: dict[str, tuple[str, int | None]] = {}
        if isinstance(kept, dict):
            for source, value in kept.items():
                if isinstance(value, list) and len(value) == 2 \
                        and type(value[0]) is str and len(value[0]) == 64 \
                        and (value[1] is None or type(value[1]) is int):
                    self._kept[source] = (value[0], value[1])
        self._used: dict[str, tuple[str, int | None]] = {}
        self._found: dict[str, tuple[str, int | None]] = {}

    def found(self, source: str, digest: str, line: int | None) -> None:
        """Note the line of the ``image`` key found where the article of
        ``source`` was read (:func:`front_matter_line_in` of its bytes,
        ``digest``), so that :meth:`line` does not read the file again
        for those bytes. Not kept for the next build unless asked for."""
        self._found[source] = (digest, line)

    def line(self, path: Path, source: str, digest: str) -> int | None:
        """:func:`front_matter_line` of the ``image`` key in the article file
        ``path`` (``source`` below ``content/``, its bytes' ``digest``): the
        line kept or found (:meth:`found`) for those bytes, else found in
        the file."""
        kept = self._kept.get(source)
        if kept is None or kept[0] != digest:
            kept = self._found.get(source)
        if kept is not None and digest and kept[0] == digest:
            line = kept[1]
        else:
            line, kept = front_matter_line(path, "image"), None
        if digest:  # the value kept or found is held once, not twice
            self._used[source] = kept if kept is not None else (digest, line)
        return line

    def to_plain(self) -> dict[str, list[object]]:
        """What to keep for the next build: the lines this build asked for
        (of the articles whose image is missing now), as JSON-ready values."""
        return {source: list(value) for source, value in sorted(self._used.items())}

    def changed(self) -> bool:
        """True when :meth:`to_plain` differs from what was kept."""
        return self._used != self._kept

    def updated(self) -> dict[str, list[object]] | None:
        """After a build that looked at some articles only (the edit path,
        :mod:`newswire.edits`): what was kept, with the lines this build
        asked for in place of theirs, as JSON-ready values; None when that
        is what was kept."""
        merged = {**self._kept, **self._used}
        if merged == self._kept:
            return None
        return {source: list(value) for source, value in sorted(merged.items())}


def checked_image(entry: Entry, site: SiteConfig, assets: Mapping[str, Path],
                  paths: SitePaths, warn: Callable[[Diagnostic], None],
                  known: dict[Path, ImageInfo] | None = None,
                  lines: ImageLines | None = None) -> Entry:
    """The entry with its local image's sizes (:func:`with_image_info`).

    A site-local ``image_url`` that is not a file under ``content/`` is
    dropped (no broken cards), with the warning of :func:`missing_image`; a
    local image that link previews would not show as announced
    (:func:`preview_problems`) is kept, with a warning at the article (or at
    ``feeds/site.toml`` for the site's ``default_image``). Warnings go to
    ``warn``, one call each.

    Args:
        assets: the files copied to ``public/``, by POSIX path below ``content/``.
        paths: the site's folders, to name files in messages.
        known: the images read so far in this build (see :func:`with_image_info`).
        lines: the lines of ``image`` keys kept by the last build, for the
            warning of :func:`missing_image` (None: each is found in its file).
    """
    if entry.image_url and entry.image_url.startswith(site.base_url) and \
            local_image(entry.image_url, site.base_url, assets) is None:
        warn(missing_image(entry, site, paths, lines))
        return dataclasses.replace(entry, image_url=None)
    entry = with_image_info(entry, site.base_url, assets, known)
    problems = preview_problems(entry.image_width, entry.image_height, entry.image_length)
    if problems:
        own = entry.article.image is not None
        where = paths.content / entry.article.source if own else paths.feeds / "site.toml"
        file = local_image(entry.image_url or "", site.base_url, assets)
        if file is not None and file.is_relative_to(paths.root):
            file = file.relative_to(paths.root)
        warn(Diagnostic(
            "warning", f"{'image' if own else 'default_image'} {file or entry.image_url} "
            f"{'; it '.join(problems)}. Use a JPEG or PNG of about {RECOMMENDED} pixels "
            "(1.91:1, under 5 MB) for link previews", where))
    return entry


def missing_image(entry: Entry, site: SiteConfig, paths: SitePaths,
                  lines: ImageLines | None = None) -> Diagnostic:
    """The warning for a site-local lead image (``entry.image_url``) that is
    not a file under ``content/``: at the article's ``image`` line, naming the
    value written and the file looked for; for the site's ``default_image``,
    one warning at its line in ``feeds/site.toml`` (not one per article that
    has no image). With ``lines``, the line kept for the same article bytes
    is used (see :class:`ImageLines`)."""
    image_url = entry.image_url or ""
    shown = _looked_for(paths.content, paths.root,
                        unquote(image_url[len(site.base_url):]).split("?")[0])
    article = entry.article
    if article.image is None:
        settings = paths.feeds / "site.toml"
        return Diagnostic(
            "warning", f"default_image {site.default_image!r}: no file {shown}; articles "
            "without an image of their own are published without one. Put the image "
            "there, fix the path (relative to content/) or use an absolute URL",
            settings, settings_line(settings, "default_image"))
    source = paths.content / article.source
    return Diagnostic(
        "warning", f"image {article.image!r}: no file {shown}; the article is published "
        "without it. Put the image there, fix the 'image' path (relative to the article "
        "file) or use an absolute URL", source,
        lines.line(source, article.source, article.digest) if lines is not None
        else front_matter_line(source, "image"))


@functools.lru_cache(maxsize=1024)
def _looked_for(content: Path, root: Path, relative: str) -> Path:
    """The file a missing image was looked for as messages show it: below
    the site folder when it is there (many articles name one image: made
    once for each)."""
    wanted = content / relative
    return wanted.relative_to(root) if wanted.is_relative_to(root) else wanted


def front_matter_line(path: Path, key: str) -> int | None:
    """1-based line of ``key:`` (YAML) or ``key =`` (TOML) in the front matter
    of the Markdown article ``path`` (any suffix :data:`~newswire.readers.READERS`
    gives to the Markdown reader), if found; None for other files, a file
    that cannot be read, or a key not in its front matter."""
    from .readers import READERS
    from .readers.markdown import read_markdown
    if READERS.get(path.suffix.lower()) is not read_markdown:
        return None
    try:
        data = read_own_file(path)
    except OSError:
        return None
    return front_matter_line_in(data, path.suffix, key)


def front_matter_line_in(data: bytes, suffix: str, key: str) -> int | None:
    """:func:`front_matter_line` of an article file's bytes ``data`` (read
    already: where the article was read), its name ending in ``suffix``."""
    from .readers import READERS
    from .readers.frontmatter import key_line
    from .readers.markdown import read_markdown
    if READERS.get(suffix.lower()) is not read_markdown:
        return None
    lines = data.decode("utf-8-sig", "replace").splitlines()
    if not lines or lines[0].strip() not in ("---", "+++"):
        return None
    end = next((index for index, line in enumerate(lines[1:], start=1)
                if line.strip() == lines[0].strip()), len(lines))
    return key_line(lines[1:end], key, 2)


def settings_line(path: Path, key: str) -> int | None:
    """1-based line of ``key`` in the settings (TOML) file ``path``, if found;
    None when the file cannot be read."""
    try:
        return _key_line(read_own_file(path).decode("utf-8-sig", "replace"), key)
    except OSError:
        return None
