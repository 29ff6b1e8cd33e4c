"""``newswire init``: a working site in an empty or missing folder (README "Commands").

:func:`init_site` writes the few files a site needs — settings, one feed, a
sample article and a ``.gitignore`` — and nothing else. It never overwrites:
every file is checked before the first is written, and each is created with
``O_EXCL``, so a file that appears meanwhile is not replaced either.

Nothing here asks the user anything: the title comes from the folder's name,
the time zone from the system (else UTC), the language from the locale
(else ``en``), and ``base_url`` is a clearly marked placeholder unless given.
"""

from __future__ import annotations

import json
import os
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .config import language_tag
from .errors import ConfigError, NewswireError
from .urls import check_http_url

__all__ = ["PLACEHOLDER_URL", "InitResult", "detect_language", "detect_timezone",
           "init_site", "site_title"]

_ZONE_NAME = re.compile(r"[A-Za-z0-9_+-]++(?:/[A-Za-z0-9_+-]++)*+")
_WORD_BREAK = re.compile(r"[-_.\s]+")

PLACEHOLDER_URL = "https://example.com/"
"""``base_url`` written when none is given (RFC 2606 reserves the domain)."""

GITIGNORE = """\
# newswire: generated output and derived state (see README, Building by cron)
/public/
/.newswire/*
# the identity ledger and the recorded edit dates are kept with the content
!/.newswire/state.json
!/.newswire/updated.json
"""


@dataclass(frozen=True)
class InitResult:
    """What :func:`init_site` wrote.

    Attributes:
        root: the site folder (absolute).
        files: the files written, relative to ``root`` (POSIX), in order.
        base_url, title, timezone, language: the settings chosen.
        placeholder: True when ``base_url`` is :data:`PLACEHOLDER_URL`.
    """

    root: Path
    files: tuple[str, ...]
    base_url: str
    title: str
    timezone: str
    language: str
    placeholder: bool


def detect_timezone(environ: Mapping[str, str] | None = None,
                    localtime: Path = Path("/etc/localtime"),
                    timezone_file: Path = Path("/etc/timezone")) -> str:
    """The system's IANA time zone name, or ``"UTC"`` when it cannot be told.

    Looked for in order: ``TZ`` (a zone name, with or without a leading
    ``:``), the target of the ``/etc/localtime`` symbolic link
    (``…/zoneinfo/Europe/Rome``), ``/etc/timezone`` (Debian). Only names
    :class:`zoneinfo.ZoneInfo` knows are returned.
    """
    env = os.environ if environ is None else environ
    candidates: list[str] = []
    if env.get("TZ"):
        candidates.append(env["TZ"].removeprefix(":"))
    try:
        target = os.readlink(localtime)
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    try:
        candidates.append(timezone_file.read_text("utf-8").strip())
    except (OSError, UnicodeDecodeError):
        pass
    for name in candidates:
        if not _ZONE_NAME.fullmatch(name or ""):
            continue
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            continue
        return "UTC" if name in ("Etc/UTC", "Etc/Universal", "Universal", "Zulu") else name
    return "UTC"


def detect_language(environ: Mapping[str, str] | None = None) -> str:
    """A BCP 47 tag from the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``:
    ``fr_FR.UTF-8`` → ``fr-FR``), or ``"en"`` for ``C``/``POSIX``/unset."""
    env = os.environ if environ is None else environ
    for key in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(key, "").split(".")[0].split("@")[0]
        if value and value not in ("C", "POSIX"):
            try:
                return language_tag(value)
            except ValueError:
                continue
    return "en"


def site_title(folder: Path) -> str:
    """A title from the folder's name: ``my-wire`` → ``My wire``; a name
    with capitals is kept as written (``Example_Wire`` → ``Example Wire``)."""
    words = " ".join(_WORD_BREAK.split(folder.name)).strip()
    if not words:
        return "News"
    return words[:1].upper() + words[1:] if words == words.lower() else words


def _toml_string(value: str) -> str:
    """A TOML basic string (JSON string syntax is valid TOML for these values)."""
    return json.dumps(value, ensure_ascii=False)


def _site_toml(base_url: str, placeholder: bool, title: str, zone: str, language: str) -> str:
    marker = ("  # PLACEHOLDER: replace with the address the site will be served from"
              if placeholder else "")
    return (
        "# Site-wide settings (README: \"Site settings\").\n"
        f"base_url = {_toml_string(base_url)}{marker}\n"
        f"title = {_toml_string(title)}\n"
        f"description = {_toml_string('News from ' + title + '.')}\n"
        f"language = {_toml_string(language)}\n"
        f"timezone = {_toml_string(zone)}\n"
        "# author = \"Your Name <you@example.com>\"\n"
        "# updated = \"auto\"    # show edits of published articles as updates\n")


def _feed_toml() -> str:
    return ("# One feed (README: \"Feeds\"); add more files like this one.\n"
            "title = \"All stories\"\n"
            "description = \"Every story, newest first.\"\n"
            "max_items = 50\n"
            "archive = true\n")


def _sample_article(title: str, now: datetime) -> str:
    return (
        "---\n"
        f"title: {json.dumps('Welcome to ' + title, ensure_ascii=False)}\n"
        f"date: {now.replace(microsecond=0).isoformat()}\n"
        f"id: urn:uuid:{uuid.uuid4()}\n"
        "summary: A sample article; edit or delete it.\n"
        "tags: [newswire]\n"
        "category: Notes\n"
        "---\n\n"
        "This is a sample article. Every `*.md` file under `content/` is an\n"
        "article: YAML front matter between `---` lines, then the text in\n"
        "Markdown.\n\n"
        "Write the next one with `newswire new \"Its title\"`, preview the site\n"
        "with `newswire serve`, and publish it with `newswire build`.\n")


def init_site(root: Path, now: datetime, base_url: str | None = None,
              timezone: str | None = None, language: str | None = None,
              environ: Mapping[str, str] | None = None) -> InitResult:
    """Write a new site into ``root`` (created when missing).

    Files: ``feeds/site.toml``, ``feeds/main.toml``, one sample article
    ``content/welcome.md`` dated ``now`` (timezone-aware) with a permanent
    ``urn:uuid:`` id, and ``.gitignore`` (``public/`` and ``.newswire/``
    but its recorded files). ``newswire build`` works right after.

    Args:
        base_url: the site's address; None writes :data:`PLACEHOLDER_URL`,
            marked as a placeholder.
        timezone, language: default :func:`detect_timezone` and
            :func:`detect_language` (reading ``environ``, else the process's).

    Raises:
        ConfigError: ``base_url``, ``timezone`` or ``language`` is not valid.
        NewswireError: one of the files already exists (named; nothing was
            written), or a file cannot be written.
    """
    if base_url is not None:
        try:
            base_url = check_http_url(base_url, site_root=True)
        except ValueError as exc:
            raise ConfigError(f"--base-url: {exc}") from None
        base_url = base_url if base_url.endswith("/") else base_url + "/"
    zone = timezone or detect_timezone(environ)
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"--timezone: unknown time zone {zone!r}; use an IANA name "
                          'like "Europe/Rome" or "UTC"') from None
    try:
        lang = language_tag(language) if language else detect_language(environ)
    except ValueError as exc:
        raise ConfigError(f"--language: {exc}") from None
    root = root.absolute()
    title = site_title(root.resolve() if root.exists() else root)
    url = base_url or PLACEHOLDER_URL
    files = {
        "feeds/site.toml": _site_toml(url, base_url is None, title, zone, lang),
        "feeds/main.toml": _feed_toml(),
        "content/welcome.md": _sample_article(title, now.astimezone(ZoneInfo(zone))),
        ".gitignore": GITIGNORE,
    }
    if root.exists() and not root.is_dir():
        raise NewswireError("is not a folder; give init a new or empty folder", root)
    for name in files:
        if os.path.lexists(root / name):
            raise NewswireError("already exists; newswire init never overwrites a file. "
                                "Run it in an empty folder, or move the file away",
                                root / name)
    for name, text in files.items():
        path = root / name
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except FileExistsError:
            raise NewswireError("already exists; newswire init never overwrites a file",
                                path) from None
        except OSError as exc:
            raise NewswireError(f"cannot write: {exc.strerror}", path) from None
    return InitResult(root, tuple(files), url, title, zone, lang, base_url is None)
