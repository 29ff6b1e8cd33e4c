#!/usr/bin/env python3
"""Build time and memory of newswire, Pelican and Hugo on the same generated sites.

    python benchmarks/run.py [--sizes 1000,10000,100000] [--runs 3] ...

For every size it generates a site with ``make_corpus.py`` (once, kept under
``benchmarks/work/``), gives each tool a copy in the form that tool reads, and
measures, ``--runs`` times each (the median is reported):

* ``full``: build into an empty output folder, with no cache or state;
* ``noop``: build again with nothing changed;
* ``edit``: build after appending a sentence to one article;
* ``add``: build after adding one article.

For each run: wall time, CPU time (user + system of the build and every
process it started) and peak memory (the largest sum over the build's
processes of their proportional set size, PSS, sampled every 20 ms, so
memory forked workers share is counted once; and the largest single
process's peak RSS from ``wait4``), plus how many output files the build
created, replaced or touched. Results go to ``benchmarks/results.json``
and a plot to ``docs/benchmark.png``; ratios are printed.

Pelican runs from its own virtual environment under ``benchmarks/work/``
(created with pip when missing; ``--no-pelican`` to skip), Hugo when the
``hugo`` program is installed (Debian package ``hugo``). Both read only the
Markdown files, with their front matter converted to what each expects.

Old output folders are moved aside before a timed build and deleted after
the timed runs of a tool and size: on some file systems creating many files
right after deleting many others is several times slower.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SCENARIOS = ("full", "noop", "edit", "add")
TOOLS = ("newswire", "pelican", "hugo")
NOW = "2026-01-01T00:00:00Z"  # fixed "now" for newswire: every corpus date is older


# ---------------------------------------------------------------- measuring

@dataclass
class Run:
    """One timed build."""

    wall: float
    cpu: float
    rss_mb: float  # peak of the summed PSS of the build's process tree
    max_process_rss_mb: float  # peak RSS of its largest single process
    files_changed: int = 0  # output files created, replaced or touched
    status: int = 0


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found += [int(x) for x in handle.read().split()]
    except OSError:
        pass
    return found


def _memory_kb(pid: int) -> int:
    """Proportional set size of one process (memory shared with its forked
    workers counted once overall), else its resident set size."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    with open(f"/proc/{pid}/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def _tree_rss_kb(pid: int) -> int:
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            total += _memory_kb(current)
        except OSError:
            continue
        todo += _children(current)
    return total


def measure(argv: list[str], cwd: Path, env: dict[str, str] | None = None,
            timeout: float | None = None) -> Run:
    """Run ``argv`` and return its wall time, CPU time and peak memory."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss_kb(proc.pid))
            done.wait(0.02)
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stderr: list[bytes] = []
    reader = threading.Thread(target=lambda: stderr.append(proc.stderr.read()), daemon=True)
    reader.start()
    timer = threading.Timer(timeout, proc.kill) if timeout else None
    if timer:
        timer.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if timer:
        timer.cancel()
    done.set()
    sampler.join()
    reader.join()
    if proc.returncode != 0:
        sys.stderr.write(b"".join(stderr).decode(errors="replace")[-3000:])
    return Run(wall=wall, cpu=usage.ru_utime + usage.ru_stime, rss_mb=peak[0] / 1024,
               max_process_rss_mb=usage.ru_maxrss / 1024, status=proc.returncode)


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """(inode, mtime) of every file below ``folder``."""
    out = {}
    for base, _dirs, files in os.walk(folder):
        for name in files:
            st = os.stat(os.path.join(base, name))
            out[os.path.join(base, name)] = (st.st_ino, st.st_mtime_ns)
    return out


def changed(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> int:
    return sum(1 for path, stamp in after.items() if before.get(path) != stamp)


# ---------------------------------------------------------------- sites

FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def front_matter(text: str) -> tuple[dict[str, str], str]:
    """The corpus's simple YAML front matter as raw strings, and the body."""
    match = FRONT.match(text)
    assert match, "corpus Markdown always has front matter"
    fields = {}
    for line in match.group(1).split("\n"):
        key, _, value = line.partition(":")
        value = value.strip()
        if value.startswith('"') and value.endswith('"'):
            value = value[1:-1]
        fields[key.strip()] = value
    return fields, text[match.end():]


def tags_of(value: str) -> list[str]:
    return [t.strip() for t in value.strip("[]").split(",") if t.strip()]


def to_pelican(text: str, slug: str) -> str:
    fields, body = front_matter(text)
    lines = [f"Title: {fields['title']}", f"Date: {fields['date']}",
             f"Slug: {slug}", f"Author: {fields['author']}",
             f"Tags: {', '.join(tags_of(fields.get('tags', '')))}",
             f"Summary: {fields['summary']}"]
    if "updated" in fields:
        lines.append(f"Modified: {fields['updated']}")
    return "\n".join(lines) + "\n\n" + body


def to_hugo(text: str, slug: str) -> str:
    fields, body = front_matter(text)
    lines = ["---", f"title: {json.dumps(fields['title'], ensure_ascii=False)}",
             f"date: {fields['date']}", f"slug: {slug}",
             f"summary: {json.dumps(fields['summary'], ensure_ascii=False)}",
             f"author: {json.dumps(fields['author'], ensure_ascii=False)}",
             f"tags: {json.dumps(tags_of(fields.get('tags', '')))}"]
    if "updated" in fields:
        lines.append(f"lastmod: {fields['updated']}")
    return "\n".join(lines) + "\n---\n" + body


PELICAN_CONF = '''AUTHOR = "Example Wire Desk"
SITENAME = "Example Wire"
SITEURL = "https://news.example.org"
TIMEZONE = "Europe/Rome"
DEFAULT_LANG = "en"
PATH = "content"
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = "cache"
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = "feeds/{slug}.atom.xml"
FEED_MAX_ITEMS = 50
DEFAULT_PAGINATION = 50
RELATIVE_URLS = False
'''

HUGO_CONF = '''baseURL = "https://news.example.org/"
title = "Example Wire"
languageCode = "en"
timeZone = "Europe/Rome"
disableKinds = ["taxonomy", "term"]
[taxonomies]
  tag = "tags"
[services.rss]
  limit = 50
[outputs]
  home = ["HTML", "RSS"]
  section = ["HTML", "RSS"]
'''

HUGO_LAYOUTS = {
    "_default/baseof.html": '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
                            '<title>{{ .Title }}</title></head>\n<body>{{ block "main" . }}'
                            '{{ end }}</body></html>\n',
    "_default/single.html": '{{ define "main" }}<article><h1>{{ .Title }}</h1>'
                            '<time>{{ .Date.Format "2006-01-02" }}</time>{{ .Content }}'
                            '</article>{{ end }}\n',
    "_default/list.html": '{{ define "main" }}<ul>{{ range first 50 .Pages }}<li>'
                          '<a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}'
                          '</ul>{{ end }}\n',
}


def make_corpus(script: Path, size: int, work: Path) -> Path:
    """The generated site of ``size`` articles (made once)."""
    corpus = work / "corpus" / str(size)
    done = corpus / ".complete"
    if not done.exists():
        if corpus.exists():
            shutil.rmtree(corpus)
        print(f"generating {size} articles with {script}", flush=True)
        subprocess.run([sys.executable, str(script), str(size), str(corpus)], check=True)
        done.write_text("ok\n")
    return corpus


def site_for(tool: str, corpus: Path, size: int, work: Path) -> Path:
    """A fresh copy of the corpus in the form ``tool`` reads."""
    site = work / tool / str(size)
    aside(site, work)
    site.mkdir(parents=True)
    if tool == "newswire":
        shutil.copytree(corpus / "feeds", site / "feeds")
        shutil.copytree(corpus / "content", site / "content")
        return site
    for source in sorted((corpus / "content").rglob("*.md")):
        relative = source.relative_to(corpus / "content")
        text = source.read_text(encoding="utf-8")
        slug = relative.stem
        if tool == "pelican":
            target = site / "content" / relative
            converted = to_pelican(text, slug)
        else:
            target = site / "content" / "posts" / relative
            converted = to_hugo(text, slug)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(converted, encoding="utf-8")
    if tool == "pelican":
        (site / "pelicanconf.py").write_text(PELICAN_CONF)
    else:
        (site / "config.toml").write_text(HUGO_CONF)
        for name, text in HUGO_LAYOUTS.items():
            path = site / "layouts" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
    return site


def aside(path: Path, work: Path) -> None:
    """Move ``path`` into ``work/trash/`` (deleted later, never right before a timed run)."""
    if path.exists():
        trash = work / "trash"
        trash.mkdir(parents=True, exist_ok=True)
        path.rename(trash / f"{path.name}-{time.time_ns()}")


def empty_trash(work: Path) -> None:
    shutil.rmtree(work / "trash", ignore_errors=True)


# ---------------------------------------------------------------- tools

@dataclass
class Tool:
    name: str
    argv: list[str]
    output: str  # output folder, relative to the site
    state: list[str]  # folders holding caches/state, emptied for a full build
    content_glob: str  # the article files it reads
    env: dict[str, str] = field(default_factory=dict)


def tools(args: argparse.Namespace, work: Path) -> dict[str, Tool]:
    found: dict[str, Tool] = {}
    src = str(REPO / "src")
    env = {"PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}
    found["newswire"] = Tool("newswire", [args.python, "-m", "newswire", "build", "--quiet",
                                          "--now", NOW],
                             "public", [".newswire"], "content/**/*.md", env)
    if "pelican" in args.tools:
        pelican = work / "pelican-venv" / "bin" / "pelican"
        if not pelican.exists() and args.install_pelican:
            print("installing Pelican into", work / "pelican-venv", flush=True)
            subprocess.run([sys.executable, "-m", "venv", str(work / "pelican-venv")], check=True)
            subprocess.run([str(work / "pelican-venv" / "bin" / "pip"), "install", "-q",
                            "pelican", "markdown"], check=True)
        if pelican.exists():
            found["pelican"] = Tool("pelican", [str(pelican), "content", "-s", "pelicanconf.py",
                                                "-o", "output", "-q"],
                                    "output", ["cache"], "content/**/*.md")
        else:
            print("Pelican not installed: skipped", flush=True)
    if "hugo" in args.tools:
        hugo = shutil.which("hugo")
        if hugo:
            found["hugo"] = Tool("hugo", [hugo, "--quiet", "-d", "public"], "public",
                                 ["resources"], "content/**/*.md")
        else:
            print("hugo not installed (apt-get install hugo): skipped", flush=True)
    return {name: tool for name, tool in found.items() if name in args.tools}


def tool_environment(tool: Tool) -> dict[str, str]:
    """The environment a tool's builds run in: this one, with the tool's own
    variables, and without PYTHONDONTWRITEBYTECODE, which would make every
    run of newswire and Pelican compile all their modules from source again
    (a cost no installed copy pays)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, **tool.env}


def version(tool: Tool) -> str:
    try:
        if tool.name == "newswire":
            argv = [tool.argv[0], "-m", "newswire", "--version"]
        elif tool.name == "pelican":
            argv = [tool.argv[0], "--version"]
        else:
            argv = [tool.argv[0], "version"]
        out = subprocess.run(argv, capture_output=True, text=True,
                             env=tool_environment(tool), timeout=60)
        return (out.stdout or out.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        return "unknown"


def edit_one(tool: Tool, root: Path, number: int) -> None:
    """Append a sentence to one article (what a correction looks like)."""
    files = sorted((root / "content").rglob("*.md"))
    target = files[len(files) // 2]
    with open(target, "a", encoding="utf-8") as handle:
        handle.write(f"\nCorrection number {number}: a figure was wrong.\n")


def add_one(tool: Tool, root: Path, number: int) -> None:
    """Add a new article, a copy of an existing one with a new name and title."""
    files = sorted((root / "content").rglob("*.md"))
    model = files[-1]
    text = model.read_text(encoding="utf-8")
    new_name = f"added-{number:03d}"
    if tool.name == "pelican":
        text = re.sub(r"^Title: .*$", f"Title: Added story {number}", text, count=1, flags=re.M)
        text = re.sub(r"^Slug: .*$", f"Slug: {new_name}", text, count=1, flags=re.M)
    else:
        text = re.sub(r"^title: .*$", f'title: "Added story {number}"', text, count=1,
                      flags=re.M)
        text = re.sub(r"^slug: .*$", f"slug: {new_name}", text, count=1, flags=re.M)
    (model.parent / f"{new_name}.md").write_text(text, encoding="utf-8")


def bench_tool(tool: Tool, corpus: Path, size: int, args: argparse.Namespace,
               work: Path, results: dict[str, list[Run]]) -> Iterator[None]:
    """Run one tool's scenarios at one size into ``results``, pausing
    (``yield``) after each timed build, so that the tools' builds can take
    turns (see :func:`interleave`)."""
    root = site_for(tool.name, corpus, size, work)
    env = tool_environment(tool)
    output = root / tool.output
    for scenario in args.scenarios:
        runs = results.setdefault(scenario, [])
        for number in range(args.runs if size < 100_000 else args.runs_large):
            if scenario == "full":
                aside(output, work)
                for folder in tool.state:
                    aside(root / folder, work)
            elif scenario == "edit":
                edit_one(tool, root, number)
            elif scenario == "add":
                add_one(tool, root, number)
            before = snapshot(output) if output.exists() else {}
            run = measure(tool.argv, root, env, timeout=args.timeout)
            run.files_changed = changed(before, snapshot(output))
            runs.append(run)
            print(f"  {tool.name:9} {size:>7} {scenario:5} run {number + 1}: "
                  f"{run.wall:7.2f} s wall {run.cpu:7.2f} s CPU {run.rss_mb:7.0f} MB "
                  f"{run.files_changed:>7} files changed"
                  + (f"  EXIT {run.status}" if run.status else ""), flush=True)
            if run.status != 0:
                break
            yield
        if runs and runs[-1].status != 0:
            # later scenarios need a site this one built
            return


def interleave(steps: dict[str, Iterator[None]]) -> None:
    """Advance each tool one timed build at a time, in turn, until all are
    done: on a shared machine every tool then meets the same load, and the
    ratios between them hold even when the absolute seconds do not."""
    while steps:
        for name in list(steps):
            try:
                next(steps[name])
            except StopIteration:
                del steps[name]


# ---------------------------------------------------------------- report

def median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def summarize(results: list[dict]) -> dict[tuple[str, int, str], dict[str, float]]:
    table = {}
    for row in results:
        if row["runs"] and all(r["status"] == 0 for r in row["runs"]):
            table[(row["tool"], row["size"], row["scenario"])] = {
                k: median(row["runs"], k)
                for k in ("wall", "cpu", "rss_mb", "max_process_rss_mb", "files_changed")}
    return table


def print_ratios(table: dict) -> None:
    sizes = sorted({size for _, size, _ in table})
    print("\nmedians (wall s / CPU s / peak MB / files changed) and newswire's speed-up")
    for size in sizes:
        for scenario in SCENARIOS:
            ours = table.get(("newswire", size, scenario))
            if not ours:
                continue
            line = (f"{size:>7} {scenario:5} newswire {ours['wall']:7.2f} / {ours['cpu']:7.2f}"
                    f" / {ours['rss_mb']:6.0f} / {ours['files_changed']:.0f}")
            for other in ("pelican", "hugo"):
                theirs = table.get((other, size, scenario))
                full = table.get((other, size, "full"))
                if theirs:
                    line += (f" | {other} {theirs['wall']:7.2f} s: x{theirs['wall'] / ours['wall']:.1f}")
                if full and scenario != "full":
                    line += f" (vs its full build x{full['wall'] / ours['wall']:.1f})"
            print(line)


def markdown_table(table: dict) -> str:
    """The medians as a Markdown table (wall s, CPU s, peak MB, files changed)."""
    names = {"full": "full build", "noop": "nothing changed", "edit": "one article edited",
             "add": "one article added"}
    lines = ["| articles | scenario | tool | wall (s) | CPU (s) | peak memory (MB) "
             "| files changed | newswire faster by |",
             "|---:|---|---|---:|---:|---:|---:|---:|"]
    for size in sorted({size for _, size, _ in table}):
        for scenario in SCENARIOS:
            ours = table.get(("newswire", size, scenario))
            for tool in TOOLS:
                row = table.get((tool, size, scenario))
                if not row:
                    continue
                ratio = f"×{row['wall'] / ours['wall']:.1f}" if ours and tool != "newswire" else ""
                lines.append(f"| {size:,} | {names[scenario]} | {tool} | {row['wall']:.2f} "
                             f"| {row['cpu']:.2f} | {row['rss_mb']:.0f} "
                             f"| {row['files_changed']:,.0f} | {ratio} |")
    return "\n".join(lines)


def plot(table: dict, path: Path, machine: str, date: str) -> None:
    """Two panels against the number of articles, log-log: build time (wall,
    median) of each tool in each scenario, and peak memory (summed PSS) of
    the full build. A straight line of slope 1 is a cost linear in N."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    colours = {"newswire": "tab:blue", "pelican": "tab:orange", "hugo": "tab:green"}
    styles = {"full": ("-", "o", "full build"), "noop": ("--", "s", "nothing changed"),
              "edit": (":", "^", "one article edited"), "add": ("-.", "v", "one added")}
    fig, (times, memory) = plt.subplots(1, 2, figsize=(12, 5.5), dpi=110)
    for tool in TOOLS:
        for scenario, (line, marker, label) in styles.items():
            points = sorted((size, v["wall"]) for (t, size, s), v in table.items()
                            if t == tool and s == scenario)
            if points:
                times.plot([p[0] for p in points], [p[1] for p in points], line, marker=marker,
                           color=colours[tool], label=f"{tool}, {label}")
        points = sorted((size, v["rss_mb"]) for (t, size, s), v in table.items()
                        if t == tool and s == "full")
        if points:
            memory.plot([p[0] for p in points], [p[1] for p in points], "-", marker="o",
                        color=colours[tool], label=f"{tool}, full build")
    for ax, label in ((times, "build time, wall clock (s, median)"),
                      (memory, "peak memory, summed PSS (MB, median)")):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("articles")
        ax.set_ylabel(label)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=7)
    fig.suptitle(f"Build time and memory against site size\n{machine}, {date}", fontsize=10)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2 ** 30
    return (f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GB RAM, "
            f"{platform.system()} {platform.release()}, Python {platform.python_version()}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000",
                    help="comma-separated numbers of articles (default: %(default)s)")
    ap.add_argument("--runs", type=int, default=3, help="runs per scenario (default: 3)")
    ap.add_argument("--runs-large", type=int, default=3,
                    help="runs per scenario from 100,000 articles on (default: 3)")
    ap.add_argument("--tools", default=",".join(TOOLS),
                    help="comma-separated subset of newswire,pelican,hugo")
    ap.add_argument("--scenarios", default=",".join(SCENARIOS),
                    help="comma-separated subset of full,noop,edit,add")
    ap.add_argument("--skip", action="append", default=None, metavar="TOOL:SIZE",
                    help="leave one tool out at one size (repeatable; default: "
                         "pelican:100000, which takes over 26 minutes a build); "
                         "--skip none runs everything")
    ap.add_argument("--corpus-script", type=Path,
                    default=REPO.parent / "shared" / "bench" / "make_corpus.py",
                    help="make_corpus.py (default: ../shared/bench/make_corpus.py "
                         "beside the repository)")
    ap.add_argument("--work", type=Path, default=HERE / "work",
                    help="where sites, tools and outputs go (default: benchmarks/work)")
    ap.add_argument("--python", default=sys.executable,
                    help="the Python that runs newswire (default: this one)")
    ap.add_argument("--no-install-pelican", dest="install_pelican", action="store_false",
                    help="do not pip-install Pelican when its virtual environment is missing")
    ap.add_argument("--timeout", type=float, default=None,
                    help="kill a build after this many seconds (it is reported as failed)")
    ap.add_argument("--results", type=Path, default=HERE / "results.json",
                    help="JSON results file; new results replace those of the same "
                         "tool, size and scenario (default: benchmarks/results.json)")
    ap.add_argument("--plot", type=Path, default=REPO / "docs" / "benchmark.png",
                    help="PNG plot (default: docs/benchmark.png)")
    ap.add_argument("--report-only", action="store_true",
                    help="measure nothing: print ratios and plot from the results file")
    ap.add_argument("--markdown", action="store_true",
                    help="also print the medians as a Markdown table (as in the README)")
    args = ap.parse_args()
    args.sizes = [int(s.replace("_", "")) for s in args.sizes.split(",")]
    args.tools = [t for t in args.tools.split(",") if t]
    args.scenarios = [s for s in SCENARIOS if s in args.scenarios.split(",")]
    skips = args.skip if args.skip is not None else ["pelican:100000"]
    skip = {tuple(s.split(":")) for s in skips if s != "none"}

    work = args.work.resolve()
    previous = json.loads(args.results.read_text()) if args.results.exists() else {}
    results = previous.get("results", [])
    info = {"date": previous.get("date"), "machine": previous.get("machine"),
            "versions": previous.get("versions", {})}
    if not args.report_only:
        work.mkdir(parents=True, exist_ok=True)
        found = tools(args, work)
        info["date"] = datetime.now(timezone.utc).strftime("%Y-%m-%d")
        info["machine"] = machine()
        info["versions"].update({name: version(tool) for name, tool in found.items()})
        for size in args.sizes:
            corpus = make_corpus(args.corpus_script.resolve(), size, work)
            measured_by_tool: dict[str, dict[str, list[Run]]] = {}
            steps: dict[str, Iterator[None]] = {}
            for name, tool in found.items():
                if (name, str(size)) in skip:
                    print(f"  {name:9} {size:>7} skipped (--skip)", flush=True)
                    continue
                measured_by_tool[name] = {}
                steps[name] = bench_tool(tool, corpus, size, args, work, measured_by_tool[name])
            interleave(steps)
            for name, measured in measured_by_tool.items():
                for scenario, runs in measured.items():
                    results = [r for r in results if (r["tool"], r["size"], r["scenario"])
                               != (name, size, scenario)]
                    results.append({"tool": name, "size": size, "scenario": scenario,
                                    "runs": [asdict(r) for r in runs]})
                args.results.write_text(json.dumps({**info, "results": results}, indent=1)
                                        + "\n")
            empty_trash(work)  # after every timed run of this size, never between them
    table = summarize(results)
    print_ratios(table)
    if args.markdown:
        print("\n" + markdown_table(table))
    if table:
        plot(table, args.plot, info["machine"] or machine(), info["date"] or "")
        print(f"\nresults: {args.results}\nplot: {args.plot}")


if __name__ == "__main__":
    main()
