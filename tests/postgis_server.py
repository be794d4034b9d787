"""A throw-away PostgreSQL + PostGIS cluster on loopback, for tests and benchmarks.

Uses Debian's ``postgresql-15`` and ``postgresql-15-postgis-3`` packages. The
cluster lives in a temporary folder, listens on 127.0.0.1 on a free port, trusts
local connections (there is nothing in it worth protecting) and is stopped and
deleted at the end. As root (CI), the server runs as the ``postgres`` user,
since PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

BIN_CANDIDATES = [Path("/usr/lib/postgresql") / v / "bin" for v in ("17", "16", "15")]


def server_binaries() -> Path | None:
    """The folder with initdb and pg_ctl, if a PostgreSQL server is installed."""
    for folder in BIN_CANDIDATES:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    return None


def postgis_installed() -> bool:
    return any(Path("/usr/share/postgresql").glob("*/extension/postgis.control"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Cluster:
    folder: Path
    port: int
    binaries: Path
    run_as: list[str]

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def url(self, database: str, user: str = "postgres") -> str:
        return f"postgresql://{user}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """A new database with PostGIS; returns its URL (as the superuser)."""
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        with psycopg.connect(self.url(name), autocommit=True) as connection:
            connection.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        return self.url(name)

    def stop(self) -> None:
        subprocess.run(
            [*self.run_as, str(self.binaries / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "stop"],
            capture_output=True,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


def start_cluster() -> Cluster:
    """Initialise and start a cluster; raises RuntimeError with the server's words if it cannot."""
    binaries = server_binaries()
    if binaries is None:
        raise RuntimeError("no PostgreSQL server installed (Debian: postgresql-15 postgresql-15-postgis-3)")
    folder = Path(tempfile.mkdtemp(prefix="wangge-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
        run_as = ["runuser", "-u", "postgres", "--"]
    data = folder / "data"
    port = _free_port()
    steps = [
        [str(binaries / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"],
        [
            str(binaries / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(folder / "server.log"),
            "-w",
            "-o",
            f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off",
            "start",
        ],
    ]
    for step in steps:
        result = subprocess.run([*run_as, *step], capture_output=True, text=True)
        if result.returncode != 0:
            log = (folder / "server.log").read_text() if (folder / "server.log").exists() else ""
            shutil.rmtree(folder, ignore_errors=True)
            raise RuntimeError(f"{Path(step[0]).name} failed: {result.stderr.strip()} {log[-2000:]}")
    return Cluster(folder, port, binaries, run_as)
