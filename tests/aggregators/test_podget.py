"""Debian's podcatcher podget subscribes to the sample podcast served by nginx
(docs/nginx.conf) and downloads every episode, byte for byte; a second run
downloads nothing new."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from newswire.run import BuildOptions, build

from ..conftest import NOW, copy_sample_site
from .nginx import running_nginx
from .sites import free_port, http_get
from .test_readers import need

HUB = "https://hub.example.org/"


def _podget(tmp: Path, feed_url: str, env: dict[str, str]) -> Path:
    """Run podget once with its own configuration folder; return its library.

    podget first writes its default configuration (it refuses files
    without its version line); the library folder, the server list and the
    playlist setting are then changed in it."""
    program = need("podget", "podget")
    config, library = tmp / "podget", tmp / "library"
    if not config.is_dir():
        subprocess.run([program, "--dir_config", str(config), "--create-config", "podgetrc"],
                       env=env, capture_output=True, timeout=120, check=True)
        rc = config / "podgetrc"
        text = rc.read_text("utf-8")
        for key, value in (("DIR_LIBRARY", str(library)), ("NO_PLAYLIST", "1"),
                           ("MIN_SPACE", "0")):
            text, count = re.subn(rf"^{key}=.*$", f"{key}={value}", text, flags=re.M)
            assert count == 1, key
        rc.write_text(text, "utf-8")
        (config / "serverlist").write_text(f"{feed_url} News Example_Wire\n", "utf-8")
    done = subprocess.run([program, "--dir_config", str(config), "--silent"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return library


@pytest.mark.slow
def test_podget_downloads_every_episode(tmp_path: Path, client_env: dict[str, str]) -> None:
    need("podget", "podget")
    port = free_port()
    base_url = f"http://127.0.0.1:{port}/"
    site = copy_sample_site(tmp_path / "site")
    settings = site / "feeds/site.toml"
    settings.write_text(settings.read_text("utf-8").replace("https://news.example.org/",
                                                            base_url), "utf-8")
    report = build(site, BuildOptions(now=NOW))
    assert report.errors == []
    feed_url = f"{base_url}feeds/podcast/rss.xml"
    rss = etree.parse(str(site / "public/feeds/podcast/rss.xml")).getroot()
    enclosures = {e.get("url").rsplit("/", 1)[1]: int(e.get("length"))
                  for e in rss.iter("enclosure")}
    assert set(enclosures) == {"evening-wrap.mp3", "morning-briefing.mp3"}
    with running_nginx(tmp_path / "nginx", site / "public", port, base_url, HUB) as log:
        status, headers, _ = http_get(f"{base_url}podcast/evening-wrap.mp3")
        assert (status, headers["Content-Type"]) == (200, "audio/mpeg")
        status, headers, body = http_get(f"{base_url}podcast/evening-wrap.mp3",
                                         {"Range": "bytes=0-99"})
        assert (status, len(body)) == (206, 100)  # players seek with range requests
        library = _podget(tmp_path, feed_url, client_env)
        got = {p.name: p.stat().st_size for p in (library / "News/Example_Wire").iterdir()}
        assert got == enclosures
        for name in got:
            assert (library / "News/Example_Wire" / name).read_bytes() == \
                (site / "content/podcast" / name).read_bytes()
        downloads = [line for line in log.read_text("utf-8").splitlines() if ".mp3 " in line]
        assert len(downloads) == 4  # ours (two), then one GET per episode
        _podget(tmp_path, feed_url, client_env)  # nothing new: nothing downloaded again
        again = [line for line in log.read_text("utf-8").splitlines() if ".mp3 " in line]
        assert again == downloads
