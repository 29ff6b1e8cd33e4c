"""Tiny Tiny RSS, as Debian packages it (``tt-rss``), on a PostgreSQL database
of its own: its web front end under PHP's built-in server (to log in and
import OPML like a user), its command-line updater, and its tables.

The package is installed system-wide, configured by /etc/tt-rss. Each test
instance is a folder holding the application's entry scripts and its own
``config.php`` (database, cache and lock folders), the package's libraries
linked from /usr/share/tt-rss/www, so nothing outside the folder is changed.

Tiny Tiny RSS refuses to fetch from loopback addresses and from ports other
than 80 and 443 (a defence against server-side request forgery), and tests
may only listen on 127.0.0.1. So the site gets a name under ``.test`` (RFC
6761: never resolves), and Tiny Tiny RSS reaches it through its documented
``_HTTP_PROXY`` setting, pointing at the site's nginx, which answers
absolute-form requests (``GET http://news.example.test/...``) itself.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from .services import Account, Postgres, stop
from .sites import free_port, http_get, program

PACKAGE = Path("/usr/share/tt-rss")
SCHEMA = PACKAGE / "schema" / "ttrss_schema_pgsql.sql"
ADMIN = ("admin", "password")  # the account the schema creates

CONFIG = """<?php
define('_HTTP_PROXY', '{proxy}');
define('DB_TYPE', 'pgsql');
define('DB_HOST', '127.0.0.1');
define('DB_PORT', '{db_port}');
define('DB_USER', '{db_user}');
define('DB_NAME', '{db_name}');
define('DB_PASS', '');
define('MYSQL_CHARSET', 'UTF8');
define('SELF_URL_PATH', '{self_url}');
define('SINGLE_USER_MODE', false);
define('SIMPLE_UPDATE_MODE', false);
define('PHP_EXECUTABLE', '{php}');
define('LOCK_DIRECTORY', '{var}/lock');
define('CACHE_DIR', '{var}/cache');
define('ICONS_DIR', '{var}/feed-icons');
define('ICONS_URL', 'feed-icons');
define('AUTH_AUTO_CREATE', true);
define('AUTH_AUTO_LOGIN', true);
define('FORCE_ARTICLE_PURGE', 0);
define('ENABLE_REGISTRATION', false);
define('REG_NOTIFY_ADDRESS', 'desk@example.test');
define('REG_MAX_USERS', 10);
define('SESSION_COOKIE_LIFETIME', 86400);
define('SMTP_FROM_NAME', 'Tiny Tiny RSS');
define('SMTP_FROM_ADDRESS', 'desk@example.test');
define('DIGEST_SUBJECT', 'New headlines');
define('CHECK_FOR_UPDATES', false);
define('ENABLE_GZIP_OUTPUT', false);
define('PLUGINS', 'auth_internal');
define('LOG_DESTINATION', 'sql');
define('CONFIG_VERSION', 26);
"""


def ttrss_programs() -> str:
    """The PHP command-line binary, after checking the package is there (else skip)."""
    if not (PACKAGE / "www" / "update.php").is_file() or not SCHEMA.is_file():
        pytest.skip("Tiny Tiny RSS is not installed (Debian package 'tt-rss'; .ci/run "
                    "installs it)")
    php = program("php")
    if php is None:
        pytest.skip("PHP is not installed (Debian package 'php-cli'; .ci/run installs it)")
    modules = subprocess.run([php, "-m"], capture_output=True, text=True).stdout.split()
    missing = [m for m in ("pdo_pgsql", "curl", "intl", "mbstring", "dom") if m not in modules]
    if missing:
        pytest.skip(f"PHP lacks {', '.join(missing)} (Debian packages php-pgsql, php-curl, "
                    "php-intl, php-mbstring, php-xml; .ci/run installs them)")
    return php


def install(www: Path) -> None:
    """Entry scripts copied (they find config.php beside them), libraries linked."""
    www.mkdir()
    for entry in sorted((PACKAGE / "www").iterdir()):
        if entry.name in ("config.php", "feed-icons"):
            continue
        if entry.name == "api":  # api/index.php reads ../config.php
            shutil.copytree(entry, www / entry.name)
        elif entry.is_dir():
            (www / entry.name).symlink_to(entry.resolve())
        else:
            shutil.copy2(entry, www / entry.name)


@dataclass
class TinyTinyRSS:
    """One running instance: its web front end at ``url``, its files in ``www``,
    its tables in the database ``database`` of ``postgres``."""

    url: str
    www: Path
    php: str
    account: Account
    postgres: Postgres
    database: str
    env: dict[str, str]

    def connect(self):
        """A connection to the instance's database (rows as dicts)."""
        return self.postgres.connect(self.database)

    def import_opml(self, opml: bytes) -> str:
        """Log in as the schema's admin and upload ``opml`` through Preferences →
        Feeds → OPML import; return the page the import printed (text)."""
        with requests.Session() as web:
            web.trust_env = False
            login = web.post(self.url + "public.php", data={
                "op": "login", "login": ADMIN[0], "password": ADMIN[1]}, timeout=30)
            assert login.ok and "ttrss_sid" in web.cookies, login.text[:2000]
            page = web.post(self.url + "backend.php", data={"op": "opml", "method": "import"},
                            files={"opml_file": ("feeds.opml", opml, "text/x-opml")},
                            timeout=60)
            assert page.ok, page.text[:2000]
            return page.text

    def update(self) -> str:
        """Run the updater over every feed, due or not (``update.php --feeds
        --force-update``); return what it printed. Fails when it failed."""
        result = self.account.run([self.php, "update.php", "--feeds", "--force-update"],
                                  cwd=self.www, env=self.env, timeout=300)
        output = result.stdout + result.stderr
        assert result.returncode == 0, output
        return output


@contextmanager
def running_ttrss(folder: Path, account: Account, postgres: Postgres,
                  proxy: str) -> Iterator[TinyTinyRSS]:
    """A fresh instance in ``folder`` on a new database, fetching through ``proxy``
    (``host:port``); its web front end on 127.0.0.1 until the block ends."""
    php = ttrss_programs()
    database = f"ttrss_{folder.name.replace('-', '_').lower()}"
    postgres.create_database(database)
    with postgres.connect(database) as db:
        db.execute(SCHEMA.read_text("utf-8"))
    www = account.own(folder) / "www"
    install(www)
    var = account.own(folder / "var")
    for sub in ("lock", "cache", "cache/images", "cache/upload", "cache/export",
                "feed-icons"):
        account.own(var / sub)
    # PHP keeps uploads (the OPML file) in TMPDIR: one the account can write
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8",
           "HOME": str(var), "TMPDIR": str(account.own(var / "tmp"))}
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    (www / "config.php").write_text(CONFIG.format(
        proxy=proxy, db_port=postgres.port, db_user=postgres.user, db_name=database,
        self_url=url, php=php, var=var), "utf-8")
    server = account.start([php, "-S", f"127.0.0.1:{port}", "-t", str(www)], cwd=www,
                           env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            if server.poll() is not None:
                pytest.fail("PHP's web server stopped at start")
            try:
                http_get(url + "public.php?op=getProfiles")
                break
            except OSError:
                time.sleep(0.05)
        yield TinyTinyRSS(url, www, php, account, postgres, database, env)
    finally:
        stop(server)
