"""A damaged or missing identity ledger stops the build instead of changing ids."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from newswire.cli import main

NOW = ("--now", "2026-11-29T00:00:00Z")


def run(site: Path, *args: str):
    return CliRunner().invoke(main, ["--site", str(site), "build", *NOW, *args],
                              catch_exceptions=False)


@pytest.mark.parametrize("damage", [b"{", b"", b'{"version": 1, "feeds": {}, "articles": {}}',
                                    b'{"version": 7, "articles": []}', b"[1, 2]"])
def test_damaged_ledger_is_refused_and_kept(sample_site, damage):
    assert run(sample_site).exit_code == 0
    state = sample_site / ".newswire/state.json"
    state.write_bytes(damage)
    (sample_site / "content/extra.md").write_text("---\ntitle: New\ndate: 2020-01-01\n---\nx\n")
    result = run(sample_site)
    assert result.exit_code == 1
    assert result.output.startswith(f"{state}:1: error: the identity ledger is damaged")
    assert "Traceback" not in result.output
    assert state.read_bytes() == damage
    assert not (sample_site / "public/extra").exists()


def test_missing_ledger_of_a_published_site_is_refused(sample_site):
    assert run(sample_site).exit_code == 0
    rss = (sample_site / "public/feeds/main/rss.xml").read_bytes()
    (sample_site / ".newswire/state.json").unlink()
    (sample_site / "content/extra.md").write_text("---\ntitle: New\ndate: 2020-01-01\n---\nx\n")
    result = run(sample_site)
    assert result.exit_code == 1
    assert "the identity ledger is missing, but this site was published before" in result.output
    assert (sample_site / "public/feeds/main/rss.xml").read_bytes() == rss
    (sample_site / ".newswire/derived.sqlite").unlink()  # a new ledger, on purpose
    assert run(sample_site).exit_code == 0


def test_wrong_shaped_manifest_is_ignored(sample_site):
    assert run(sample_site).exit_code == 0
    import sqlite3
    with sqlite3.connect(sample_site / ".newswire/derived.sqlite") as conn:
        conn.execute("DROP TABLE manifest")
        conn.execute("CREATE TABLE manifest(path, sha256, size, mtime_ns)")
        conn.execute("INSERT INTO manifest VALUES (1, 2, 'x', NULL)")
    conn.close()
    (sample_site / "content/extra.md").write_text("---\ntitle: New\ndate: 2020-01-01\n---\nx\n")
    result = run(sample_site)
    assert result.exit_code == 0, result.output
    assert "1 article added" in result.output


def test_a_file_where_a_folder_belongs_is_reported(sample_site):
    assert run(sample_site).exit_code == 0
    import shutil
    shutil.rmtree(sample_site / "public/feeds/world")
    (sample_site / "public/feeds/world").write_text("x")
    (sample_site / "content/extra.md").write_text(
        "---\ntitle: New\ndate: 2020-01-01\ntags: [world]\n---\nx\n")
    result = run(sample_site)
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "error: cannot write" in result.output


def test_rename_is_neither_added_nor_removed(sample_site):
    assert run(sample_site).exit_code == 0
    content = sample_site / "content/world"
    (content / "wikinews-2004-12-10-nobel-maathai.txt").rename(content / "nobel.txt")
    (content / "wikinews-2004-12-10-nobel-maathai.toml").rename(content / "nobel.toml")
    result = run(sample_site)
    assert result.exit_code == 0
    assert "0 articles added" in result.output and "removed" not in result.output


@pytest.mark.slow
def test_workers_end_when_the_build_is_killed(tmp_path):
    corpus = Path(__file__).resolve().parents[2] / "shared/bench/make_corpus.py"
    if not corpus.is_file():
        pytest.skip("the benchmark corpus generator is not beside the repository")
    subprocess.run([sys.executable, str(corpus), "1500", str(tmp_path)], check=True)
    env = dict(os.environ)
    build = subprocess.Popen([sys.executable, "-m", "newswire", "--site", str(tmp_path),
                              "build", "--quiet"], env=env, start_new_session=True)
    children: set[int] = set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not children and build.poll() is None:
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(build.pid)],
                             capture_output=True, text=True).stdout
        children = {int(p) for p in out.split()}
        time.sleep(0.05)
    if not children:
        build.wait()
        pytest.skip("the build finished before it started workers")
    build.send_signal(signal.SIGKILL)
    build.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(Path(f"/proc/{p}").exists() for p in children):
        time.sleep(0.1)
    alive = [p for p in children if Path(f"/proc/{p}").exists()
             and "newswire" in Path(f"/proc/{p}/cmdline").read_bytes().decode(errors="replace")]
    assert alive == []
