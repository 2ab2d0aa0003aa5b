"""A throw-away PostgreSQL cluster on loopback for the office-database tests.

``initdb`` into a temporary folder (as the ``postgres`` user when the tests run as root: PostgreSQL refuses to
run as root), trust authentication, a free port on 127.0.0.1 only, ``fsync=off``; started with ``pg_ctl -w`` and
stopped (and its folder removed) at the end of the test session. The PostgreSQL programs come from Debian's
``postgresql`` package (``installer/bootstrap.sh`` installs it); without them the tests fail and say so.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

USER = "skredder"
MISSING = ("PostgreSQL's programs (initdb, pg_ctl) were not found: install the Debian package 'postgresql' "
           "(bash installer/bootstrap.sh does; CI installs it), or point SKREDDER_PG_BIN at their folder.")


def find_bin_dir() -> Path | None:
    """The folder with initdb and pg_ctl: SKREDDER_PG_BIN, the PATH, or Debian's newest /usr/lib/postgresql/N/bin."""
    candidates: list[Path] = []
    if os.environ.get("SKREDDER_PG_BIN"):
        candidates.append(Path(os.environ["SKREDDER_PG_BIN"]))
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).parent)
    debian = Path("/usr/lib/postgresql")
    if debian.is_dir():
        versions = [p for p in debian.iterdir() if p.name.isdigit()]
        candidates += [p / "bin" for p in sorted(versions, key=lambda p: int(p.name), reverse=True)]
    return next((c for c in candidates if (c / "initdb").is_file() and (c / "pg_ctl").is_file()), None)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Cluster:
    """A running cluster: ``url(name)`` for Skredder, ``execute(sql)`` for administration (autocommit)."""

    bin_dir: Path
    root: Path
    port: int = field(default_factory=free_port)
    runner: tuple[str, ...] = ()

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    def _run(self, program: str, *args: str) -> None:
        command = [*self.runner, str(self.bin_dir / program), *args]
        result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
        if result.returncode != 0:
            raise RuntimeError(f"{program} failed ({result.returncode}): {result.stdout}\n{result.stderr}")

    def init(self) -> None:
        self._run("initdb", "-D", str(self.data_dir), "-A", "trust", "-U", USER, "-E", "UTF8", "--no-locale",
                  "--no-sync")

    def start(self) -> None:
        options = (f"-c listen_addresses=127.0.0.1 -c port={self.port} -c fsync=off -c synchronous_commit=off "
                   f"-c full_page_writes=off -c unix_socket_directories={self.root} -c max_connections=60")
        self._run("pg_ctl", "-D", str(self.data_dir), "-w", "-t", "60", "-o", options,
                  "-l", str(self.root / "server.log"), "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data_dir), "-w", "-t", "60", "-m", "fast", "stop")

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{USER}@127.0.0.1:{self.port}/{database}"

    def execute(self, sql: str) -> None:
        with psycopg.connect(host="127.0.0.1", port=self.port, user=USER, dbname="postgres",
                             autocommit=True) as connection:
            connection.execute(sql)  # type: ignore[arg-type]

    def create_database(self, name: str, *, template: str | None = None) -> str:
        """A new database (a copy of ``template``, which nobody may be connected to); returns its URL."""
        self.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return self.url(name)


def start_cluster() -> Cluster:
    """initdb and start a cluster in a new temporary folder; raises RuntimeError(:data:`MISSING`) without binaries."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise RuntimeError(MISSING)
    root = Path(tempfile.mkdtemp(prefix="skredder-pg-"))  # directly in /tmp: the postgres user must reach it
    runner: tuple[str, ...] = ()
    if os.geteuid() == 0:  # initdb refuses root: run the cluster as the postgres user, who owns its folder
        shutil.chown(root, user="postgres", group="postgres")
        runner = ("runuser", "-u", "postgres", "--")
    cluster = Cluster(bin_dir, root, runner=runner)
    try:
        cluster.init()
        cluster.start()
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise
    return cluster


def remove_cluster(cluster: Cluster) -> None:
    try:
        cluster.stop()
    finally:
        shutil.rmtree(cluster.root, ignore_errors=True)
