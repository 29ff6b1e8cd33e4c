"""A real nginx on 127.0.0.1 serving a built site with the documented configuration."""

from __future__ import annotations

import os
import pwd
import subprocess
import time
import urllib.error
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from .services import die_with_parent
from .sites import http_get, program

DOCUMENTED = Path(__file__).resolve().parents[2] / "docs" / "nginx.conf"
DOC_BASE = "https://news.example.org"
DOC_HUB = "https://hub.example.org/"

MAIN_CONF = """\
worker_processes 1;
daemon off;
{user}
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include {mime_types};
    default_type application/octet-stream;
    log_format conditional '$status "$request" inm=$http_if_none_match ims=$http_if_modified_since ua=$http_user_agent';
    access_log {tmp}/access.log conditional;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/site.conf;
}}
"""


def site_conf(public: Path, port: int, base_url: str, hub: str) -> str:
    """docs/nginx.conf with its placeholders filled in, as its header says to do."""
    text = DOCUMENTED.read_text("utf-8")
    for old, new in (("listen 80;", f"listen 127.0.0.1:{port};"),
                     ("root /srv/news/public;", f"root {public};"),
                     (DOC_BASE, base_url.rstrip("/")), (DOC_HUB, hub)):
        assert old in text, f"docs/nginx.conf no longer contains {old!r}"
        text = text.replace(old, new)
    return text


def nginx_program() -> str:
    found = program("nginx")
    if found is None:
        pytest.skip("nginx is not installed (Debian package 'nginx'; .ci/run installs it)")
    return found


@contextmanager
def running_nginx(tmp: Path, public: Path, port: int, base_url: str,
                  hub: str, extra: str = "") -> Iterator[Path]:
    """Start nginx in the foreground; yield its access log; stop it.

    ``extra`` is appended to the site's configuration (more ``server`` blocks).
    """
    binary = nginx_program()
    tmp.mkdir(parents=True, exist_ok=True)
    mime_types = Path("/etc/nginx/mime.types")
    if not mime_types.is_file():
        pytest.skip("nginx is installed without /etc/nginx/mime.types")
    (tmp / "site.conf").write_text(site_conf(public, port, base_url, hub) + extra,
                                   "utf-8")
    # workers started by root run as 'nobody', who cannot enter pytest's
    # private temporary folders: run them as the current user instead
    user = f"user {pwd.getpwuid(os.getuid()).pw_name};" if os.getuid() == 0 else ""
    (tmp / "nginx.conf").write_text(MAIN_CONF.format(tmp=tmp, user=user,
                                                     mime_types=mime_types), "utf-8")
    test = subprocess.run([binary, "-t", "-p", str(tmp), "-e", str(tmp / "error.log"),
                           "-c", str(tmp / "nginx.conf")], capture_output=True, text=True)
    assert test.returncode == 0, test.stderr
    process = subprocess.Popen([binary, "-p", str(tmp), "-e", str(tmp / "error.log"),
                                "-c", str(tmp / "nginx.conf")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               preexec_fn=die_with_parent)
    try:
        for _ in range(200):
            if process.poll() is not None:
                pytest.fail(f"nginx stopped: {process.stderr.read().decode()}")
            try:
                http_get(f"http://127.0.0.1:{port}/")
                break
            except (urllib.error.URLError, OSError):
                time.sleep(0.05)
        yield tmp / "access.log"
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stderr:
            process.stderr.close()
