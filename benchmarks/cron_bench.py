#!/usr/bin/env python3
"""What a cron run costs: full build, rebuild with nothing changed, rebuild
after editing one article, and which files each of them writes.

    python benchmarks/cron_bench.py [--sizes 1000,10000] [--runs 5]
                                    [--corpus ../shared/bench/make_corpus.py]

For every size a site is generated once with ``make_corpus.py`` (kept under
``benchmarks/work/cron/``). Each scenario runs ``newswire build --quiet`` as
a new process, as cron does, ``--runs`` times; the median wall time is
reported:

* ``full``: the first build of the site: no ``public/``, no ``.newswire/``
  (both are moved aside before each run and deleted after the timed runs:
  on ext4, creating many files right after deleting many is much slower);
* ``noop``: the same build again, nothing changed;
* ``noop, cache only``: the same, with the record of the last build deleted
  first, so that the build runs and only the cache of parsed articles saves
  work (what a build costs when something unrelated changed);
* ``edit newest`` / ``edit old``: after appending a sentence to the newest
  Markdown article (in its feeds' newest items) / to one halfway down
  (in no feed's newest items), as ``newswire list`` orders them.

Every run is checked, and the script fails loudly when a check fails:
``noop`` runs leave every file of ``public/`` and ``.newswire/state.json``
untouched (same mtime, same bytes); ``edit`` runs write exactly the edited
article's page plus files that list it (the feeds ``newswire list`` says it
is in, their landing pages, the index); ``noop`` is at least 20 times faster
than ``full``. Results go to ``benchmarks/cron_results.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
NOW = "2026-01-01T00:00:00Z"  # every corpus date is older


def newswire(site: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    env.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.run([sys.executable, "-m", "newswire", "--site", str(site), *args],
                          env=env, capture_output=True)


def timed_build(site: Path) -> float:
    started = time.perf_counter()
    done = newswire(site, "build", "--quiet", "--now", NOW)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"build failed ({done.returncode}):\n{done.stderr.decode()[-2000:]}")
    return elapsed


def stamps(folder: Path) -> dict[str, tuple[int, int]]:
    """(mtime_ns, size) of every file below ``folder``, by relative path."""
    out = {}
    for base, _dirs, names in os.walk(folder):
        for name in names:
            st = os.stat(os.path.join(base, name))
            out[os.path.relpath(os.path.join(base, name), folder)] = (st.st_mtime_ns, st.st_size)
    return out


def written(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> set[str]:
    """Files created, replaced or removed between two :func:`stamps`."""
    return {p for p in set(before) | set(after) if before.get(p) != after.get(p)}


def aside(path: Path, trash: Path) -> None:
    if path.exists():
        trash.mkdir(parents=True, exist_ok=True)
        path.rename(trash / f"{path.name}-{time.monotonic_ns()}")


def corpus(script: Path, size: int, work: Path) -> Path:
    site = work / f"site-{size}"
    if not (site / "content").is_dir():
        subprocess.run([sys.executable, str(script), str(size), str(site)], check=True)
        time.sleep(2.5)  # older than the racy margin: as on a real site
    return site


def listing(site: Path) -> list[dict[str, object]]:
    """``newswire list``: the published articles, newest first."""
    return json.loads(newswire(site, "list", "--now", NOW, "--format", "json").stdout)


def article_feeds(site: Path, source: str) -> list[str]:
    return next(r["feeds"] for r in listing(site) if r["source"] == source)  # type: ignore[return-value]


def allowed_for_edit(site: Path, source: str, page: str) -> set[str]:
    """The files an edit of ``source`` may rewrite: its page, the documents
    of the feeds it is in, their landing pages and the index."""
    allowed = {page, "index.html"}
    for feed in article_feeds(site, source):
        folder = f"feeds/{feed}"
        allowed |= {f"{folder}/rss.xml", f"{folder}/atom.xml", f"{folder}/feed.json",
                    f"{folder}/index.html"}
    return allowed


def page_of(source: str) -> str:
    return source.rsplit(".", 1)[0] + "/index.html"


def bench(site: Path, runs: int, trash: Path) -> dict[str, object]:
    public, state = site / "public", site / ".newswire"
    results: dict[str, object] = {}
    full = []
    for _ in range(runs):
        aside(public, trash)
        aside(state, trash)
        full.append(timed_build(site))
    results["full"] = full
    files = len(stamps(public))
    results["files"] = files

    def no_op(label: str, before_each: object = None) -> None:
        times = []
        for _ in range(runs):
            if callable(before_each):
                before_each()
            before, ledger = stamps(public), (state / "state.json").read_bytes()
            ledger_time = (state / "state.json").stat().st_mtime_ns
            times.append(timed_build(site))
            changed = written(before, stamps(public))
            if changed or (state / "state.json").read_bytes() != ledger \
                    or (state / "state.json").stat().st_mtime_ns != ledger_time:
                raise SystemExit(f"{label}: a build with nothing changed wrote "
                                 f"{sorted(changed)[:10]} (or the state file)")
        results[label] = times

    no_op("noop")
    def forget_last_build() -> None:
        import sqlite3
        with sqlite3.connect(state / "derived.sqlite") as conn:
            conn.execute("DELETE FROM records WHERE name = 'last-build'")
        conn.close()

    no_op("noop, cache only", forget_last_build)

    rows = [r for r in listing(site) if str(r["source"]).endswith(".md")]
    newest = str(rows[0]["source"])
    old = str(rows[len(rows) // 2]["source"])
    for label, source in (("edit newest", newest), ("edit old", old)):
        path = site / "content" / source
        allowed = allowed_for_edit(site, source, page_of(source))
        times, seen = [], set()
        for n in range(runs):
            before = stamps(public)
            with open(path, "a", encoding="utf-8") as handle:
                handle.write(f"\nAn edit, number {n}, for the benchmark.\n")
            times.append(timed_build(site))
            changed = written(before, stamps(public))
            if page_of(source) not in changed or not changed <= allowed:
                raise SystemExit(f"{label}: editing {source} wrote {sorted(changed)}; "
                                 f"only {sorted(allowed)} depend on it")
            seen |= changed
        results[label] = times
        results[f"{label}: files written"] = sorted(seen)
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000", help="comma-separated article counts")
    ap.add_argument("--runs", type=int, default=5, help="runs per scenario (median reported)")
    ap.add_argument("--corpus", type=Path,
                    default=REPO.parent / "shared" / "bench" / "make_corpus.py",
                    help="the corpus generator (make_corpus.py N OUTDIR)")
    ap.add_argument("--work", type=Path, default=HERE / "work" / "cron")
    ap.add_argument("--out", type=Path, default=HERE / "cron_results.json")
    args = ap.parse_args()
    if not args.corpus.is_file():
        raise SystemExit(f"{args.corpus}: not found; give --corpus")
    args.work.mkdir(parents=True, exist_ok=True)
    trash = args.work / "trash"
    report: dict[str, object] = {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()} "
                   f"{platform.release()}, Python {platform.python_version()}",
        "runs": args.runs, "sizes": {}}
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        site = corpus(args.corpus, size, args.work)
        results = bench(site, args.runs, trash)
        shutil.rmtree(trash, ignore_errors=True)
        medians = {k: statistics.median(v) for k, v in results.items()
                   if isinstance(v, list) and v and isinstance(v[0], float)}
        ratio = medians["full"] / medians["noop"]
        report["sizes"][str(size)] = {**results, "medians": medians,  # type: ignore[index]
                                      "full / noop": ratio}
        rows.append((size, medians, ratio, results))
        if ratio < 20:
            print(f"WARNING: {size} articles: nothing-changed build only {ratio:.1f}x faster "
                  "than the full build (target 20x)", file=sys.stderr)
    args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(f"{report['date']}, {report['machine']}, median of {args.runs} runs, wall time of "
          "`newswire build --quiet` as a new process:\n")
    print("| articles | full build | nothing changed | full / nothing | nothing changed, "
          "cache only | edit newest (files written) | edit old (files written) |")
    print("|---|---|---|---|---|---|---|")
    for size, m, ratio, results in rows:
        print(f"| {size:,} | {m['full']:.2f} s | {m['noop']:.3f} s | {ratio:.0f}x | "
              f"{m['noop, cache only']:.2f} s | {m['edit newest']:.2f} s "
              f"({len(results['edit newest: files written'])}) | "  # type: ignore[arg-type]
              f"{m['edit old']:.2f} s ({len(results['edit old: files written'])}) |")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
