"""A real PostgreSQL server for the tests that need one, on 127.0.0.1 only.

The server is Debian's PostgreSQL (`apt-get install postgresql`, the Makefile's `test-tools`),
initialised in a temporary folder with trust authentication for one user, listening on
127.0.0.1 at a free port, and stopped at the end. initdb refuses to run as root, so as root the
server runs as the `postgres` user the package creates.
"""

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

PG_USER = "autoexport"


def postgres_bin() -> Path:
    configured = os.environ.get("AUTOEXPORT_PG_BIN")
    candidates = [configured] if configured else glob.glob("/usr/lib/postgresql/*/bin")
    found = [Path(c) for c in candidates if (Path(c) / "initdb").exists()]
    if not found:
        pytest.fail(
            "PostgreSQL server binaries not found (looked for /usr/lib/postgresql/*/bin/initdb): "
            "apt-get install -y postgresql, or set AUTOEXPORT_PG_BIN",
            pytrace=False,
        )
    return max(found, key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PostgresServer:
    def __init__(self, bin_dir: Path, data_dir: Path, port: int):
        self.bin_dir, self.data_dir, self.port = bin_dir, data_dir, port
        # initdb and postgres refuse root: run them as the package's postgres user
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, *args: str) -> None:
        result = subprocess.run([*self.as_user, *args], capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, f"{args[0]} failed: {result.stdout}{result.stderr}"

    def start(self) -> None:
        self._run(
            str(self.bin_dir / "initdb"),
            *("-D", str(self.data_dir / "data"), "-U", PG_USER, "--auth=trust"),
            *("--encoding=UTF8", "--no-locale", "--no-sync"),
        )
        options = f"-h 127.0.0.1 -p {self.port} -k {self.data_dir} -c fsync=off"
        self._run(
            str(self.bin_dir / "pg_ctl"),
            *("-D", str(self.data_dir / "data"), "-l", str(self.data_dir / "server.log")),
            *("-o", options, "-w", "-t", "60", "start"),
        )

    def stop(self) -> None:
        self._run(
            str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir / "data"), "-m", "fast", "stop"
        )

    def dsn(self, database: str) -> str:
        return f"postgresql://{PG_USER}@127.0.0.1:{self.port}/{database}"

    def psql(self, database: str, query: str) -> list[list[str]]:
        """Rows as psql prints them unaligned: text, fields split on |."""
        result = subprocess.run(
            ["psql", "-X", "-v", "ON_ERROR_STOP=1", "-At", "-d", self.dsn(database), "-c", query],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        return [line.split("|") for line in result.stdout.splitlines()]

    def create_database(self, name: str) -> str:
        self.psql("postgres", f'create database "{name}"')
        return name


@contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    """A started server, stopped and removed on exit."""
    bin_dir = postgres_bin()
    assert shutil.which("psql"), "psql not found: apt-get install -y postgresql-client"
    # not under pytest's tmp dir: that is private to the current user, and the server may not be
    data_dir = Path(tempfile.mkdtemp(prefix="autoexport-pg-"))
    server = PostgresServer(bin_dir, data_dir, free_port())
    if server.as_user:
        user = pwd.getpwnam("postgres")
        os.chown(data_dir, user.pw_uid, user.pw_gid)
    try:
        server.start()
        yield server
    finally:
        if (data_dir / "data" / "postmaster.pid").exists():
            server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
