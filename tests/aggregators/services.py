"""Server programs for the aggregator tests, run on this machine as an
unprivileged account: PostgreSQL (Debian's server binaries) and the PHP
command-line web server.

PostgreSQL's ``initdb`` and Tiny Tiny RSS both refuse to run as root, and CI
runs as root: there the servers run as ``www-data`` (or ``nobody``) in a
temporary folder that account owns, outside pytest's private temporary
folders. Run as anyone else, they run as that user.
"""

from __future__ import annotations

import ctypes
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from .sites import free_port

SERVICE_ACCOUNTS = ("www-data", "nobody")
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent() -> None:
    """In a child process before exec: receive SIGTERM when the test process
    dies (Linux prctl PR_SET_PDEATHSIG), so a killed test run leaves no
    server behind. Elsewhere, nothing."""
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


@dataclass(frozen=True)
class Account:
    """Who the servers run as: ``uid``/``gid``, or ``None`` for the current user."""

    uid: int | None
    gid: int | None
    name: str

    def run(self, command: Sequence[str], **kwargs) -> subprocess.CompletedProcess:
        """``subprocess.run`` as this account, capturing text output."""
        return subprocess.run(command, **self._as(kwargs), capture_output=True, text=True)

    def start(self, command: Sequence[str], **kwargs) -> subprocess.Popen:
        """``subprocess.Popen`` as this account, stopped when the test process dies."""
        # preexec_fn runs after the change of user, which would clear the setting
        return subprocess.Popen(command, **self._as(kwargs), preexec_fn=die_with_parent)

    def _as(self, kwargs: dict) -> dict:
        if self.uid is None:
            return kwargs
        return {**kwargs, "user": self.uid, "group": self.gid, "extra_groups": []}

    def own(self, path: Path) -> Path:
        """Make ``path`` (a folder) this account's, mode 0755; return it."""
        path.mkdir(parents=True, exist_ok=True)
        path.chmod(0o755)
        if self.uid is not None:
            os.chown(path, self.uid, self.gid)
        return path


def service_account() -> Account:
    """The account servers run as (see the module docstring)."""
    if os.geteuid() != 0:
        return Account(None, None, pwd.getpwuid(os.geteuid()).pw_name)
    for name in SERVICE_ACCOUNTS:
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        return Account(entry.pw_uid, entry.pw_gid, name)
    pytest.skip(f"running as root and none of the accounts {SERVICE_ACCOUNTS} exists")


def _enterable(folder: Path) -> bool:
    """Whether every account can enter ``folder`` (it and its parents: o+x)."""
    return all(p.stat().st_mode & 0o001 for p in (folder, *folder.parents))


@contextmanager
def service_folder(prefix: str) -> Iterator[Path]:
    """A temporary folder every account can enter (0755), removed afterwards.

    It is made in the temporary folder when every account can enter that
    (TMPDIR may be private), else in /tmp.
    """
    base = Path(tempfile.gettempdir())
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=base if _enterable(base) else "/tmp"))
    try:
        folder.chmod(0o755)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    """Ask a server to stop with ``sig``; kill it after 10 s."""
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# PostgreSQL ---------------------------------------------------------------

def postgres_bin() -> Path:
    """The newest installed server's bin folder (Debian: /usr/lib/postgresql/N/bin)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                   key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit()
                   else 0)
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    if initdb is None:
        pytest.skip("PostgreSQL is not installed (Debian package 'postgresql'; .ci/run "
                    "installs it)")
    return Path(initdb).parent


@dataclass(frozen=True)
class Postgres:
    """A running PostgreSQL server on 127.0.0.1:``port``; superuser ``user``, no password."""

    port: int
    user: str
    version: str

    def conninfo(self, dbname: str) -> str:
        return f"host=127.0.0.1 port={self.port} user={self.user} dbname={dbname}"

    def connect(self, dbname: str):
        """A psycopg connection in autocommit mode (rows as dicts)."""
        import psycopg
        from psycopg.rows import dict_row
        return psycopg.connect(self.conninfo(dbname), autocommit=True, row_factory=dict_row)

    def create_database(self, name: str) -> None:
        with self.connect("postgres") as db:
            db.execute(f'CREATE DATABASE "{name}" ENCODING \'UTF8\' TEMPLATE template0')


@contextmanager
def running_postgres(folder: Path, account: Account) -> Iterator[Postgres]:
    """initdb into ``folder``/data, start the server on a free port, stop it after."""
    pytest.importorskip("psycopg", reason="pip install -e '.[test]' installs psycopg")
    import psycopg
    binaries = postgres_bin()
    data = account.own(folder / "pgdata")
    sockets = account.own(folder / "pgsocket")
    user = "newswire"
    init = account.run([str(binaries / "initdb"), "-D", str(data), "-U", user,
                        "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
                       cwd=folder)
    assert init.returncode == 0, init.stdout + init.stderr
    port = free_port()
    # durability is not under test: no fsync keeps the suite fast on busy disks
    server = account.start([str(binaries / "postgres"), "-D", str(data), "-p", str(port),
                            "-c", "listen_addresses=127.0.0.1",
                            "-c", f"unix_socket_directories={sockets}",
                            "-c", "fsync=off", "-c", "synchronous_commit=off",
                            "-c", "full_page_writes=off"],
                           cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        running = Postgres(port, user, "")
        for _ in range(300):
            if server.poll() is not None:
                pytest.fail(f"PostgreSQL stopped: {server.stderr.read().decode()}")
            try:
                with running.connect("postgres") as db:
                    version = db.execute("SHOW server_version").fetchone()["server_version"]
                break
            except psycopg.OperationalError:
                time.sleep(0.05)
        else:
            pytest.fail("PostgreSQL did not accept connections within 15 s")
        yield Postgres(port, user, version)
    finally:
        stop(server, signal.SIGINT)  # "fast" shutdown: rolls back open sessions
        if server.stderr:
            server.stderr.close()
