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


def public_tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site / "public").as_posix(): p.read_bytes()
            for p in sorted((site / "public").rglob("*")) if p.is_file()}


def _conflicting(records: list[dict], kind: str) -> list[dict]:
    """The ledger's records with a badly merged one added: it repeats the id,
    the source file or the published URL of the second record."""
    a, b = records[0], records[1]
    if kind == "id":
        return [*records[:1], {**b, "id": a["id"]}, *records[2:]]
    if kind == "source":
        return [*records, {**a, "id": "urn:uuid:00000000-0000-4000-8000-00000000abcd",
                           "path": "merged-twice/"}]
    return [*records[:1], {**b, "path": a["path"]}, *records[2:]]


@pytest.mark.parametrize(("kind", "said"), [
    ("id", "id {a[id]} is in the records of {a[source]} (id {a[id]}) and {b[source]} "
     "(id {a[id]})"),
    ("source", "source {a[source]} is in the records of {a[source]} (id {a[id]}) and "
     "{a[source]} (id urn:uuid:00000000-0000-4000-8000-00000000abcd)"),
    ("URL", "URL {a[path]} is in the records of {a[source]} (id {a[id]}) and {b[source]} "
     "(id {b[id]})"),
])
def test_ledger_records_that_contradict_each_other_stop_the_build(sample_site, kind, said):
    import json

    assert run(sample_site).exit_code == 0
    state = sample_site / ".newswire/state.json"
    obj = json.loads(state.read_bytes())
    a, b = obj["articles"][0], obj["articles"][1]
    obj["articles"] = _conflicting(obj["articles"], kind)
    state.write_text(json.dumps(obj, indent=1), "utf-8")
    damaged, before = state.read_bytes(), public_tree(sample_site)
    result = run(sample_site)
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert first.startswith(f"{state}:")
    line = int(first.split(":")[1])
    repeated = _conflicting([a, b], kind)[-1 if kind == "source" else 1]["source"]
    assert json.dumps(repeated) in damaged.decode().splitlines()[line - 1]
    assert "error: the identity ledger contradicts itself (a merge gone wrong?): " \
        + said.format(a=a, b=b) in first
    assert "Nothing was built or removed. Keep one record of each pair" in first
    assert "add 'id'" not in result.output and "Traceback" not in result.output
    assert state.read_bytes() == damaged
    assert public_tree(sample_site) == before


def test_a_removed_record_may_share_its_url_with_a_new_one(sample_site):
    import json

    assert run(sample_site).exit_code == 0
    page = sample_site / "content/newsroom/welcome.md"
    text = page.read_text("utf-8")
    page.unlink()
    assert run(sample_site).exit_code == 0
    (sample_site / "content/newsroom/again.md").write_text(
        text.replace("\nid:", "\nold_id:").replace("Welcome to", "Welcome again to"), "utf-8")
    result = run(sample_site)
    assert result.exit_code == 0, result.output
    records = json.loads((sample_site / ".newswire/state.json").read_bytes())["articles"]
    assert sorted((r["source"], bool(r.get("removed"))) for r in records
                  if r["path"] == "newsroom/welcome/") == [
        ("newsroom/again.md", False), ("newsroom/welcome.md", True)]
    assert run(sample_site).exit_code == 0


def test_two_feeds_with_one_id_stop_the_build(sample_site):
    import json

    assert run(sample_site).exit_code == 0
    state = sample_site / ".newswire/state.json"
    obj = json.loads(state.read_bytes())
    obj["feeds"]["world"] = obj["feeds"]["main"]
    state.write_text(json.dumps(obj, indent=1), "utf-8")
    before = public_tree(sample_site)
    result = run(sample_site)
    assert result.exit_code == 1
    line = result.output.splitlines()[0]
    world = 1 + next(n for n, text in enumerate(state.read_text().splitlines())
                     if text.strip().startswith('"world":'))
    assert line.startswith(f"{state}:{world}: error: the identity ledger contradicts itself (a merge "
                           f"gone wrong?): feeds 'main' and 'world' have one id, "
                           f"{obj['feeds']['main']}.")
    assert public_tree(sample_site) == before
