"""gofeed (the Go feed parser, Debian's golang-github-mmcdole-gofeed-dev) reads
every episode of the sample podcast, in RSS and Atom, with the right
enclosure length and type, and the iTunes duration from RSS."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import mutagen
import pytest

from newswire.run import BuildOptions, build

from ..conftest import NOW, copy_sample_site
from .sites import program

SOURCE = Path(__file__).resolve().parent / "gofeed_dump"
GOPATH = Path("/usr/share/gocode")


def gofeed_dump(tmp: Path) -> Path:
    """Compile gofeed_dump/main.go against Debian's gofeed (no network)."""
    go = program("go")
    if go is None or not (GOPATH / "src/github.com/mmcdole/gofeed").is_dir():
        pytest.skip("Go or gofeed is not installed (Debian packages 'golang-go' and "
                    "'golang-github-mmcdole-gofeed-dev'; .ci/run installs them)")
    binary = tmp / "gofeed_dump"
    env = {**os.environ, "GO111MODULE": "off", "GOPATH": str(GOPATH),
           "GOCACHE": str(tmp / "go-cache"), "GOFLAGS": ""}
    done = subprocess.run([go, "build", "-o", str(binary), "."], cwd=SOURCE, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return binary


@pytest.mark.slow
def test_gofeed_reads_every_episode(tmp_path: Path) -> None:
    binary = gofeed_dump(tmp_path)
    site = copy_sample_site(tmp_path / "site")
    assert build(site, BuildOptions(now=NOW)).errors == []
    want = {}
    for path in sorted((site / "content/podcast").glob("*.mp3")):
        want[f"https://news.example.org/podcast/{path.name}"] = (
            str(path.stat().st_size), "audio/mpeg", str(round(mutagen.File(path).info.length)))
    for name, kind in (("rss.xml", "rss"), ("atom.xml", "atom")):
        done = subprocess.run([str(binary), str(site / "public/feeds/podcast" / name)],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        feed = json.loads(done.stdout)
        assert feed["type"] == kind
        got = {}
        for item in feed["items"]:
            (enclosure,) = item["enclosures"]
            got[enclosure["url"]] = (enclosure["length"], enclosure["type"], item["duration"])
        if kind == "rss":
            assert feed["image"] == "https://news.example.org/podcast/artwork.png"
            assert feed["explicit"] == "false"
            assert got == want
        else:  # Atom has no duration
            assert got == {url: (length, t, "") for url, (length, t, _) in want.items()}
