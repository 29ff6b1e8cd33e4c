"""Site and feed settings: ``feeds/site.toml`` and ``feeds/<name>.toml`` (README "A site").

Both are read into frozen dataclasses. Unknown keys and values of the wrong
type are :class:`~newswire.errors.ConfigError` naming the file, the line and
the key, so a typo is never silently ignored.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .authors import FORMS as AUTHOR_FORMS, parse_author, parse_authors
from .errors import ConfigError, Diagnostic
from .fieldreader import FieldReader
from .model import Author
from .safeio import RefusedFile, read_regular_file
from .suggest import suggest


__all__ = ["FEED_FORMATS", "MAIN_FEED", "FeedConfig", "PodcastSettings", "SiteConfig",
           "language_tag", "load_feeds", "load_site", "toml_mistake"]

FEED_FORMATS = ("rss", "atom", "json")
MAIN_FEED = "main"
"""The all-articles feed every site has unless ``feeds/main.toml`` turns it off."""
_LANG = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True)
class SiteConfig:
    """``feeds/site.toml``.

    Attributes:
        base_url: absolute http(s) URL of the site root, always ending in ``/``.
        title, description: the site's name and one-line description
            (without ``title`` in the file, the host name of ``base_url``).
        language: BCP 47 tag (``en-US``), or None.
        timezone: the zone naive dates in articles are read in (IANA).
        author: the first default author's name (given alone, in any form
            :func:`~newswire.authors.parse_author` reads, it fills in
            ``authors``).
        authors: the default authors of articles that name none; ``author``
            in ``site.toml`` takes every form an article's ``author`` takes
            (see :mod:`newswire.authors`).
        hub: WebSub hub URL, or None.
        twitter_site: the site's ``@handle`` for Twitter Cards, or None.
        default_image: image for pages and cards of articles without one.
        updated: ``"auto"``: an edit of a published article's title or body
            sets its ``updated`` to the build that saw it (see
            :mod:`newswire.revisions`); ``"manual"`` (default): ``updated``
            comes from front matter only.
        notes: warnings about the file that do not stop a build (no
            ``title``), as diagnostics naming ``site.toml``.
    """

    base_url: str
    title: str = "newswire"
    description: str = ""
    language: str | None = None
    timezone: ZoneInfo = ZoneInfo("UTC")
    author: str | None = None
    hub: str | None = None
    twitter_site: str | None = None
    default_image: str | None = None
    authors: tuple[Author, ...] = ()
    notes: tuple[Diagnostic, ...] = field(default=(), compare=False, repr=False)
    updated: str = "manual"

    def __post_init__(self) -> None:
        """Keep ``author`` and ``authors`` in step, whichever was given."""
        if self.author and not self.authors:
            object.__setattr__(self, "authors", (parse_author(self.author),))
        if self.authors:
            object.__setattr__(self, "author", self.authors[0].name)


UPDATED_MODES = ("manual", "auto")


@dataclass(frozen=True)
class PodcastSettings:
    """The podcast settings of a feed (``podcast = true``, see README "Podcasts").

    Written as Apple Podcasts' ``itunes:`` tags and the Podcasting 2.0
    namespace's ``podcast:guid`` and ``podcast:locked``; whether they satisfy
    Apple's rules is for validation (``PODCAST-*`` codes) to say.

    Attributes:
        image: ``itunes_image``: the show's artwork, a path below ``content/``
            or an absolute URL, or None.
        categories: ``itunes_category``: (category, subcategory or None)
            pairs, as written (``"News > Daily News"``).
        explicit: ``itunes_explicit``: the show contains explicit material.
        owner_name, owner_email: ``itunes_owner``: who directories contact.
        type: ``itunes_type``: ``episodic`` (newest first) or ``serial``.
        author: ``itunes_author``, or None for the site's author.
        locked: ``podcast_locked``: other platforms may not import the show
            (``podcast:locked``, its owner the owner's e-mail address).
        guid: ``podcast_guid``: the show's permanent ``podcast:guid`` when it
            must not follow the feed's URL (a feed that moved), or None.
    """

    image: str | None = None
    categories: tuple[tuple[str, str | None], ...] = ()
    explicit: bool = False
    owner_name: str | None = None
    owner_email: str | None = None
    type: str = "episodic"
    author: str | None = None
    locked: bool = True
    guid: str | None = None


@dataclass(frozen=True)
class FeedConfig:
    """One ``feeds/<name>.toml``: which articles a feed holds and how it is written.

    Attributes:
        name: the file's stem, unique per site.
        path: folder below ``public/`` the feed's files go to (POSIX, no
            leading slash), default ``feeds/<name>``.
        formats: subset of ``rss``, ``atom``, ``json``, in that order.
        max_items: number of newest items in the subscription document.
        include_*: selection; empty means no restriction on that facet.
        exclude_tags: articles carrying any of these are left out.
        summary_only: write summaries only, no full content.
        archive: write RFC 5005 archive documents for older items.
        hub: WebSub hub URL for this feed (overrides the site's).
        updated: ``"auto"`` or ``"manual"`` for this feed's items, or None
            for the site's setting.
        podcast: podcast settings when ``podcast = true``: the feed then
            holds only articles with audio or video, and its RSS carries
            the ``itunes:`` and ``podcast:`` tags; else None.
        enabled: False when the file turns the feed off (``enabled =
            false``); :func:`load_feeds` leaves such feeds out.
    """

    name: str
    title: str
    path: str
    description: str = ""
    formats: tuple[str, ...] = FEED_FORMATS
    max_items: int = 50
    include_tags: tuple[str, ...] = ()
    include_categories: tuple[str, ...] = ()
    include_authors: tuple[str, ...] = ()
    include_paths: tuple[str, ...] = ()
    exclude_tags: tuple[str, ...] = ()
    summary_only: bool = False
    archive: bool = False
    hub: str | None = None
    updated: str | None = None
    podcast: PodcastSettings | None = None
    enabled: bool = True


def _key_line(text: str, key: str) -> int | None:
    """1-based line on which ``key`` is assigned in TOML ``text``, if found."""
    pattern = re.compile(rf'^[ \t]*+("?){re.escape(key)}\1[ \t]*+=', re.M)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None


#: A settings file (``feeds/*.toml``): a few hundred bytes in practice.
MAX_SETTINGS_BYTES = 1024 * 1024
#: Characters no feed document can hold (XML 1.0 §2.2) and other control
#: characters that stand for nothing: C0 but tab, line feed and carriage
#: return; DEL; C1; the noncharacters U+FFFE and U+FFFF.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def _control_problem(value: Any) -> str | None:
    """The first control character in any string of ``value`` (nested
    tables and arrays included), as ``U+XXXX``, or None."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found = _CONTROL.search(item)
            if found:
                return f"U+{ord(found.group()):04X}"
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def _check_characters(data: dict[str, Any], text: str, path: Path) -> None:
    for key, value in data.items():
        found = _control_problem({key: value})
        if found is not None:
            raise ConfigError(f"{key}: holds the control character {found}, which feeds "
                              "cannot carry; delete it (an escape like \\u0000 in TOML "
                              "writes one)", path, _key_line(text, key))


def _read_toml(path: Path) -> tuple[dict[str, Any], str]:
    try:
        text = read_regular_file(path, MAX_SETTINGS_BYTES, "settings file").decode("utf-8-sig")
    except RefusedFile as exc:
        raise ConfigError(exc.message, path) from None
    except FileNotFoundError:
        site = path.parent.parent.resolve().name or "/"
        raise ConfigError(f"file not found in the site folder {site!r}; every site needs "
                          "feeds/site.toml with at least base_url (run newswire in the "
                          "site folder, or name it with --site or NEWSWIRE_SITE; "
                          "`newswire init` starts a new site)",
                          path) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not UTF-8 ({exc.reason}); save the file as UTF-8", path) from None
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", path) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, message = toml_mistake(exc)
        raise ConfigError(f"invalid TOML: {message}", path, line) from None
    except RecursionError:
        raise ConfigError("invalid TOML: arrays or tables nested too deeply to read; "
                          "simplify the value", path) from None
    _check_characters(data, text, path)
    return data, text


class _Fields(FieldReader):
    """Typed access to one TOML table, every error naming file, line and key.

    Settings are strict: a text setting must be a TOML string, a switch
    ``true`` or ``false``, a number a whole number.
    """

    def __init__(self, data: dict[str, Any], text: str, path: Path) -> None:
        super().__init__(data, path, lambda key: _key_line(text, key), ConfigError)

    def check_known(self, known: set[str], synonyms: dict[str, str]) -> None:
        for key in self.data:
            if key not in known:
                near = suggest(key, sorted(known), synonyms)
                if near is not None:
                    raise self.fail(key, f"unknown key; did you mean `{near}`?")
                hint = ", ".join(sorted(known))
                raise self.fail(key, f"unknown key; known keys are: {hint}")

    def authors(self, key: str) -> tuple[Author, ...]:
        try:
            return parse_authors(self.data.get(key))
        except ValueError as exc:
            message = str(exc)
            if message.startswith("must be"):
                message = f"must be {AUTHOR_FORMS}"
            raise self.fail(key, message) from None

    def text(self, key: str) -> str | None:
        return self.str(key)

    def str(self, key: str, default: str | None = None) -> str | None:
        value = self.data.get(key, default)
        if value is not None and not isinstance(value, str):
            raise self.fail(key, f"must be a string, not {type(value).__name__}")
        return value

    def bool(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(key, "must be true or false")
        return value

    def int(self, key: str, default: int, minimum: int) -> int:
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise self.fail(key, f"must be a whole number of at least {minimum}")
        return value

    def choice(self, key: str, choices: tuple[str, ...]) -> str | None:
        value = self.str(key)
        if value is not None and value not in choices:
            raise self.fail(key, f"must be one of {', '.join(repr(c) for c in choices)}, "
                            f"not {value!r}")
        return value

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, 'must be a list of strings, like ["world", "asia"]')
        return tuple(value)

    def http_url(self, key: str, *, required: bool = False) -> str | None:
        if required and self.str(key) is None:
            raise ConfigError(f"{key}: required; set it to the absolute URL the "
                              'site is served from, like "https://news.example.org/"',
                              self.path)
        return self.url(key, site_root=key == "base_url")


#: Where tomllib's messages say the mistake is: `` (at line 3, column 7)``.
_TOML_POSITION = re.compile(r"(?<!\s)\s*+\(at line (\d+), column \d+\)")


def toml_mistake(exc: tomllib.TOMLDecodeError) -> tuple[int | None, str]:
    """What :mod:`tomllib` says is wrong, for messages that give the line their own way.

    Returns:
        The 1-based line of the parsed text that ``exc`` names (None when it
        names none: ``at end of document``), and its message without the
        position.
    """
    text = str(exc)
    match = _TOML_POSITION.search(text)
    return (int(match.group(1)) if match else None), _TOML_POSITION.sub("", text)


def language_tag(value: str) -> str:
    """``en_us`` / ``en-US`` → BCP 47 ``en-US`` (RFC 5646 case conventions).

    Raises:
        ValueError: the value does not look like a language tag.
    """
    if not _LANG.match(value):
        raise ValueError(f"not a language tag: {value!r} (use BCP 47, like en-US)")
    parts = re.split(r"[-_]", value)
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 2:
            out.append(part.upper())
        elif len(part) == 4:
            out.append(part.title())
        else:
            out.append(part.lower())
    return "-".join(out)


_SITE_KEYS = {"base_url", "title", "description", "language", "timezone", "author",
              "hub", "twitter_site", "default_image", "updated"}
#: Names other tools give to site settings (Hugo, Pelican, Jekyll).
_SITE_SYNONYMS = {"url": "base_url", "site_url": "base_url", "siteurl": "base_url",
                  "lang": "language", "language_code": "language", "name": "title",
                  "sitename": "title", "tz": "timezone", "authors": "author",
                  "websub": "hub", "websub_hub": "hub", "twitter": "twitter_site",
                  "image": "default_image", "tagline": "description"}


def load_site(feeds_dir: Path) -> SiteConfig:
    """Read ``feeds_dir/site.toml``.

    Raises:
        ConfigError: missing file or ``base_url``, bad TOML, unknown key,
            wrong type, unknown time zone or language tag.
    """
    path = feeds_dir / "site.toml"
    data, text = _read_toml(path)
    f = _Fields(data, text, path)
    f.check_known(_SITE_KEYS, _SITE_SYNONYMS)
    base_url = f.http_url("base_url", required=True)
    assert base_url is not None
    if not base_url.endswith("/"):
        base_url += "/"
    zone_name = f.str("timezone", "UTC")
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise f.fail("timezone", f"unknown time zone {zone_name!r}; use an IANA "
                     'name like "Europe/Rome" or "UTC"') from None
    language = f.checked_text("language", language_tag)
    title = f.str("title")
    notes: tuple[Diagnostic, ...] = ()
    if not title or not title.strip():
        host = urlsplit(base_url).hostname or base_url
        line = _key_line(text, "title")
        notes = (Diagnostic("warning", f"the site has no title; feeds, pages and share "
                            f"cards call it {host!r} until you set one, like "
                            'title = "Example Wire"', path, line),)
        title = host
    return SiteConfig(
        base_url=base_url,
        title=title.strip(),
        description=f.str("description", "") or "",
        language=language,
        timezone=zone,
        authors=f.authors("author"),
        hub=f.http_url("hub"),
        twitter_site=f.str("twitter_site"),
        default_image=f.reference("default_image"),
        updated=f.choice("updated", UPDATED_MODES) or "manual",
        notes=notes,
    )


_FEED_KEYS = {"title", "description", "formats", "max_items", "include_tags",
              "include_categories", "include_authors", "include_paths", "exclude_tags",
              "summary_only", "archive", "hub", "path", "enabled", "updated"} | {
              "podcast", "itunes_image", "itunes_category", "itunes_explicit", "itunes_owner",
              "itunes_type", "itunes_author", "podcast_locked", "podcast_guid"}
#: Names other tools and habits give to feed settings.
_FEED_SYNONYMS = {"name": "title", "limit": "max_items", "items": "max_items",
                  "size": "max_items", "tags": "include_tags", "categories": "include_categories",
                  "category": "include_categories", "authors": "include_authors",
                  "author": "include_authors", "paths": "include_paths",
                  "include": "include_paths", "exclude": "exclude_tags",
                  "summary": "summary_only", "archives": "archive", "websub": "hub",
                  "enable": "enabled", "disabled": "enabled", "active": "enabled"}
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


#: What a feed ``path`` may hold besides letters: RFC 3986 unreserved
#: characters, and ``/`` between folders.
_PATH_ASCII = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/")


def _feed_path(f: _Fields, name: str) -> str:
    raw = f.str("path", f"feeds/{name}")
    assert raw is not None
    posix = PurePosixPath(raw.strip("/"))
    if (raw.startswith("/") and raw.strip("/") == "") or raw.strip() == "":
        raise f.fail("path", "must name a folder below public/, like \"feeds/world\"")
    if not posix.parts or posix.as_posix() == ".":
        raise f.fail("path", f"{raw!r} is public/ itself, where the site's index page goes; "
                     "name a folder below it, like \"feeds/world\"")
    if any(part in ("..", ".") for part in posix.parts) or "\\" in raw or raw.startswith("/"):
        raise f.fail("path", f"{raw!r} would leave public/; use a relative folder "
                     "without '..', like \"feeds/world\"")
    if posix.parts and posix.parts[0].startswith("."):
        raise f.fail("path", f"{raw!r} is a hidden folder; choose a visible one")
    odd = sorted({c for c in posix.as_posix() if c not in _PATH_ASCII and not
                  (ord(c) > 127 and c.isalnum())})
    if odd:
        shown = " ".join(repr(c) for c in odd)
        raise f.fail("path", f"{raw!r} holds {shown}, which a URL cannot carry as it is; "
                     "use letters, digits, '-', '_', '.' and '/', like \"feeds/world\"")
    return posix.as_posix()


def load_feed(path: Path) -> FeedConfig:
    """Read one ``feeds/<name>.toml``.

    Raises:
        ConfigError: bad TOML, unknown key, wrong type, unknown format, or a
            ``path`` that would escape ``public/``.
    """
    data, text = _read_toml(path)
    f = _Fields(data, text, path)
    f.check_known(_FEED_KEYS, _FEED_SYNONYMS)
    name = path.stem
    if not _NAME.match(name):
        raise ConfigError("feed file names may use letters, digits, '.', '_' and '-'",
                          path)
    formats = f.strings("formats") if "formats" in data else FEED_FORMATS
    for fmt in formats:
        if fmt not in FEED_FORMATS:
            raise f.fail("formats", f"unknown format {fmt!r}; choose from rss, atom, json")
    if not formats:
        raise f.fail("formats", "must name at least one of rss, atom, json")
    podcast = _podcast(f)
    if podcast is not None and "rss" not in formats:
        raise f.fail("formats", "a podcast is an RSS feed: add \"rss\" to formats "
                     "(the itunes: and podcast: tags go there)")
    return FeedConfig(
        name=name,
        title=f.str("title", name) or name,
        path=_feed_path(f, name),
        description=f.str("description", "") or "",
        formats=tuple(fmt for fmt in FEED_FORMATS if fmt in formats),
        max_items=f.int("max_items", 50, 1),
        include_tags=f.strings("include_tags"),
        include_categories=f.strings("include_categories"),
        include_authors=f.strings("include_authors"),
        include_paths=f.strings("include_paths"),
        exclude_tags=f.strings("exclude_tags"),
        summary_only=f.bool("summary_only", False),
        archive=f.bool("archive", False),
        hub=f.http_url("hub"),
        enabled=f.bool("enabled", True),
        podcast=podcast,
        updated=f.choice("updated", UPDATED_MODES),
    )


_PODCAST_KEYS = ("itunes_image", "itunes_category", "itunes_explicit", "itunes_owner",
                 "itunes_type", "itunes_author", "podcast_locked", "podcast_guid")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
# local@domain with a dot inside the domain; the look-ahead finds the dot
# without letting two repeats compete for the same characters (linear time)
_EMAIL = re.compile(r"^[^<>@\s]++@(?=[^<>@\s]+\.[^<>@\s])[^<>@\s]++$")


def _podcast(f: _Fields) -> PodcastSettings | None:
    """The podcast keys of a feed file (see :class:`PodcastSettings`)."""
    if not f.bool("podcast", False):
        for key in _PODCAST_KEYS:
            if key in f.data:
                raise f.fail(key, "is a podcast setting; add podcast = true to make this "
                             "feed a podcast, or remove it")
        return None
    for key in ("itunes_explicit", "podcast_locked"):
        if isinstance(f.data.get(key), str):
            raise f.fail(key, f"must be true or false, without quotes (not "
                         f"{f.data[key]!r})")
    given = f.data.get("itunes_category", [])
    if not isinstance(given, (str, list)) or not all(isinstance(v, str) for v in (
            given if isinstance(given, list) else [given])):
        raise f.fail("itunes_category", 'must be a category or a list of them, like '
                     '"News" or ["News > Daily News", "Technology"]')
    categories = []
    for value in f.strings("itunes_category"):
        main, _, sub = (part.strip() for part in value.partition(">"))
        if not main:
            raise f.fail("itunes_category", f"{value!r}: write a category like \"News\" or "
                         "\"News > Daily News\"")
        categories.append((main, sub or None))
    owner = f.data.get("itunes_owner")
    name = email = None
    if owner is not None:
        if not isinstance(owner, dict) or set(owner) - {"name", "email"} or not all(
                isinstance(v, str) and v.strip() for v in owner.values()) \
                or set(owner) != {"name", "email"}:
            raise f.fail("itunes_owner", 'must be a table with name and email, like '
                         'itunes_owner = { name = "Example Wire", email = "podcast@example.org" }')
        name, email = owner["name"].strip(), owner["email"].strip()
        if not _EMAIL.match(email):
            raise f.fail("itunes_owner", f"{email!r} is not an e-mail address")
    kind = f.str("itunes_type", "episodic")
    if kind not in ("episodic", "serial"):
        raise f.fail("itunes_type", f"{kind!r}: use \"episodic\" (newest first) or "
                     "\"serial\" (in order)")
    guid = f.str("podcast_guid")
    if guid is not None and not _UUID.match(guid.strip().lower()):
        raise f.fail("podcast_guid", f"{guid!r} is not a UUID like "
                     "917393e3-1b1e-5cef-ace4-edaa54e1f810")
    image = f.str("itunes_image")
    if image is not None and not image.strip().endswith((".jpg", ".png")):
        raise f.fail("itunes_image", f"{image!r}: Apple Podcasts takes artwork named .jpg "
                     "or .png (JPEG or PNG, in lower case); rename the file")
    return PodcastSettings(
        image=image.strip() if image and image.strip() else None,
        categories=tuple(categories),
        explicit=f.bool("itunes_explicit", False),
        owner_name=name, owner_email=email,
        type=kind or "episodic",
        author=f.str("itunes_author"),
        locked=f.bool("podcast_locked", True),
        guid=guid.strip().lower() if guid else None,
    )


def load_feeds(feeds_dir: Path) -> tuple[FeedConfig, ...]:
    """The site's feeds: every ``feeds_dir/*.toml`` but ``site.toml``, and the
    all-articles feed ``main``, sorted by name.

    ``main`` exists whether or not other feed files do (adding a feed file
    must not take the feed everyone subscribed to away); ``feeds/main.toml``
    configures it, and ``enabled = false`` there turns it off. Any feed file
    with ``enabled = false`` is left out.

    Raises:
        ConfigError: as :func:`load_feed`, two feeds writing to one folder,
            or two podcasts with one ``podcast_guid``.
    """
    paths = sorted(p for p in feeds_dir.glob("*.toml") if p.name != "site.toml")
    loaded = [(load_feed(p), p) for p in paths]
    if not any(feed.name == MAIN_FEED for feed, _ in loaded):
        loaded.append((FeedConfig(name=MAIN_FEED, title="All stories",
                                  path=f"feeds/{MAIN_FEED}"), None))
    loaded = sorted(((f, p) for f, p in loaded if f.enabled), key=lambda fp: fp[0].name)
    seen: dict[str, str] = {}
    for feed, path in loaded:
        if feed.path in seen:
            other = seen[feed.path]
            main = MAIN_FEED in (other, feed.name) and not (feeds_dir / "main.toml").exists()
            hint = ("; the all-articles feed 'main' is published there: give the other "
                    "feed another path, or turn main off with enabled = false in "
                    "feeds/main.toml" if main else "; give each its own path")
            where = path if path is not None else feeds_dir / f"{other}.toml"
            raise ConfigError(f"path: feeds {other!r} and {feed.name!r} both "
                              f"write to public/{feed.path}/{hint}",
                              where, _key_line(where.read_text("utf-8"), "path"))
        seen[feed.path] = feed.name
    shows: dict[str, str] = {}
    for feed, path in loaded:
        guid = feed.podcast.guid if feed.podcast else None
        if guid is None or path is None:
            continue
        if guid in shows:
            raise ConfigError(f"podcast_guid: feeds {shows[guid]!r} and {feed.name!r} "
                              "both claim this show's guid; directories would take them "
                              "for one show: keep it on one of them",
                              path, _key_line(path.read_text("utf-8"), "podcast_guid"))
        shows[guid] = feed.name
    return tuple(feed for feed, _ in loaded)
