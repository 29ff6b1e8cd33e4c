#!/usr/bin/env python3
"""Check that two versions of newswire publish byte-identical ``public/`` folders.

    python benchmarks/compare_output.py SITE [SITE ...] [--base REV] [--now ...]

For each site folder (holding ``feeds/`` and ``content/``), builds it twice
from scratch with a fixed ``--now``: once with the source tree of git
revision ``--base`` (by default where this branch last met ``main``, so
that only this branch's changes are compared; extracted with ``git archive``
into a temporary folder) and once with this working tree's ``src/``, each into its own copy of the
site without ``public/`` or ``.newswire/``. Then compares the two
``public/`` folders with ``diff -r`` (all but ``.newswire-site.json``, which
names the folder of the site that claims them) and exits 1 if any file differs (the
differences are printed), 0 if every byte is the same.

A speed-up must not change what readers get: run this on the sample site
(the repository root) and on a generated corpus
(``make_corpus.py 2000 /tmp/c2k``) before and after changing a piece of the
pipeline. ``--keep`` leaves the copies for a closer look.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
NOW = "2026-11-30T00:00:00Z"


def extract(revision: str, into: Path) -> Path:
    """The ``src/`` folder of ``revision``, written under ``into``."""
    into.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(REPO), "archive", revision, "src"],
                             check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into / "src"


def copy_site(site: Path, into: Path) -> Path:
    """A copy of the site's inputs (everything but ``public/`` and ``.newswire/``)."""
    shutil.copytree(site, into, ignore=lambda folder, names: [
        n for n in names if Path(folder) == site and n in
        ("public", ".newswire", ".git", ".venv", "benchmarks", "src", "tests", "docs")])
    return into


def build(src: Path, site: Path, now: str) -> tuple[int, float, str]:
    """(exit status, seconds, stderr) of ``newswire build`` run from ``src``."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv.pop(1)); "
         "from newswire.cli import main; main()", str(src),
         "--site", str(site), "build", "--now", now, "--quiet"],
        capture_output=True, text=True)
    return done.returncode, time.perf_counter() - start, done.stderr


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sites", nargs="+", type=Path, help="site folders to build")
    ap.add_argument("--base", default=None,
                    help="git revision to compare with (default: git merge-base HEAD main)")
    ap.add_argument("--now", default=NOW, help=f"the fixed --now of both builds (default: {NOW})")
    ap.add_argument("--keep", action="store_true", help="keep the copies and print where")
    args = ap.parse_args()
    if args.base is None:
        args.base = subprocess.run(["git", "-C", str(REPO), "merge-base", "HEAD", "main"],
                                   check=True, capture_output=True, text=True).stdout.strip()
    work = Path(tempfile.mkdtemp(prefix="newswire-compare-"))
    failed = False
    try:
        base_src = extract(args.base, work / "base")
        for number, site in enumerate(args.sites):
            site = site.resolve()
            results = {}
            for name, src in (("base", base_src), ("tree", REPO / "src")):
                copy = copy_site(site, work / f"{name}-{number}")
                status, seconds, stderr = build(src, copy, args.now)
                results[name] = copy / "public"
                print(f"{site}: {name} build exit {status} in {seconds:.1f} s")
                if status not in (0, 1):
                    print(stderr, file=sys.stderr)
                    failed = True
            # the output folder's claim names the site's own folder, which differs
            diff = subprocess.run(["diff", "-r", "-q", "-x", ".newswire-site.json",
                                   str(results["base"]), str(results["tree"])],
                                  capture_output=True, text=True)
            count = sum(1 for _ in results["tree"].rglob("*") if _.is_file())
            if diff.returncode:
                failed = True
                print(diff.stdout[:20000])
                print(f"{site}: public/ DIFFERS from {args.base}'s")
            else:
                print(f"{site}: public/ identical to {args.base}'s ({count} files)")
    finally:
        if args.keep:
            print(f"copies kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
