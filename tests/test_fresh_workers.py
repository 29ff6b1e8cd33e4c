"""Page workers of a large build start from a fork server, not from the
build's heap (README "Performance", memory): the same bytes as one
process, the server ended once the pages are staged, and each worker ends
with the build that started it."""

from __future__ import annotations

import os
import select
import sqlite3
import sys
import time
import types
from pathlib import Path

import pytest

from newswire import parallel
from newswire.run import BuildOptions, build

from .conftest import NOW, copy_sample_site
from .test_parallel import tree, write_articles


def _built(site: Path) -> tuple[dict[str, bytes], bytes, list[tuple[object, ...]]]:
    with sqlite3.connect(site / ".newswire" / "derived.sqlite") as db:
        pages = sorted(db.execute("SELECT path, key, sha256, size FROM pages"))
    return tree(site / "public"), (site / ".newswire" / "state.json").read_bytes(), pages


@pytest.mark.slow
def test_fresh_page_workers_write_the_bytes_one_process_writes(tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "MIN_FILES_PER_WORKER", 1)
    serial = copy_sample_site(tmp_path / "serial")
    write_articles(serial / "content" / "bulk", 150)
    monkeypatch.setattr(parallel, "default_workers", lambda: 1)
    build(serial, BuildOptions(now=NOW))

    monkeypatch.setattr(parallel, "default_workers", lambda: 2)
    monkeypatch.setattr(parallel, "FRESH_WORKERS_FROM", 100)
    monkeypatch.setattr(parallel, "_main_imports_safely", lambda: True)  # as the command
    methods: list[str | None] = []
    servers: list[int | None] = []
    context, stop = parallel._context, parallel._stop_fork_server

    def recording_context(fresh: bool = False):  # type: ignore[no-untyped-def]
        found = context(fresh)
        methods.append(found.get_start_method() if found is not None else None)
        return found

    def recording_stop() -> None:
        from multiprocessing import forkserver
        servers.append(forkserver._forkserver._forkserver_pid)  # type: ignore[attr-defined]
        stop()
    monkeypatch.setattr(parallel, "_context", recording_context)
    monkeypatch.setattr(parallel, "_stop_fork_server", recording_stop)
    fresh = copy_sample_site(tmp_path / "fresh")
    write_articles(fresh / "content" / "bulk", 150)
    report = build(fresh, BuildOptions(now=NOW))
    assert report.articles == 18 + 150 + 1
    # the fork server started before reading (while the build is small), the
    # articles read by forked workers, the pages staged by the server's
    assert methods == ["forkserver", "fork", "forkserver"]
    one, spread = _built(serial), _built(fresh)
    assert len(one[0]) > 150 and one == spread  # output, ledger, page keys and digests
    # the server was ended (and waited for) once the pages were staged
    assert len(servers) == 1 and servers[0] is not None
    assert not os.path.exists(f"/proc/{servers[0]}")
    from multiprocessing import forkserver
    assert forkserver._forkserver._forkserver_pid is None  # type: ignore[attr-defined]


def test_a_worker_of_a_fork_server_ends_with_the_process_that_started_it() -> None:
    alive_r, alive_w = os.pipe()  # held open by the worker while it lives
    go_r, go_w = os.pipe()  # closed by the test: the "server" then ends
    middle = os.fork()
    if middle == 0:  # the server: starts a worker, lives until told to end
        try:
            os.close(alive_r)
            os.close(go_w)
            if os.fork() == 0:
                os.close(go_r)
                parallel._die_with_parent(None, interval=0.05)
                time.sleep(30)
                os._exit(0)
            os.close(alive_w)
            os.read(go_r, 1)
        finally:
            os._exit(0)
    os.close(alive_w)
    os.close(go_r)
    try:
        # the worker lives while the process that started it does
        assert select.select([alive_r], [], [], 0.5)[0] == []
        os.close(go_w)
        os.waitpid(middle, 0)
        ready, _, _ = select.select([alive_r], [], [], 20)
        assert ready and os.read(alive_r, 1) == b""  # then it ends, closing its end
    finally:
        os.close(alive_r)


def test_fresh_workers_only_where_the_main_module_imports_safely(monkeypatch) -> None:
    from newswire import __main__ as command

    script = types.ModuleType("__main__")
    script.__file__ = "/srv/site/build_site.py"  # may build when imported again
    console = types.ModuleType("__main__")
    console.__file__ = "/usr/local/bin/newswire"
    console.run = command.run  # type: ignore[attr-defined]
    as_module = types.ModuleType("__main__")
    as_module.__file__ = command.__file__
    as_module.__spec__ = command.__spec__
    inline = types.ModuleType("__main__")  # python -c
    for main, safe in ((script, False), (console, True), (as_module, True), (inline, True)):
        monkeypatch.setitem(sys.modules, "__main__", main)
        assert parallel._main_imports_safely() is safe
        context = parallel._context(fresh=True)
        assert context is not None
        assert context.get_start_method() == ("forkserver" if safe else "fork")


def test_a_fresh_worker_collects_garbage_as_the_build_does(monkeypatch) -> None:
    import gc

    monkeypatch.setattr(parallel, "_inherited", [])
    monkeypatch.setattr(parallel, "_die_with_parent", lambda parent: None)
    was = gc.isenabled()
    try:
        gc.enable()
        parallel._adopt(None, len, None, False)  # the build had paused it
        assert not gc.isenabled()
        parallel._adopt(None, len, None, True)
        assert not gc.isenabled()  # left as the process had it
    finally:
        if was:
            gc.enable()
        else:
            gc.disable()
