"""The build file beside the published warehouse, and its atomic publication.

Builds never write the published file: they write ``<warehouse>.build`` and rename it over the
published file only when every blocking check has passed. Readers holding the old file keep
reading it; new readers open the new one; a killed build leaves the published file intact.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from pipelines.lib.build_connection import release


class BuildLocked(RuntimeError):
    """Another build of the same warehouse is running."""


class WarehouseUnreadable(RuntimeError):
    """The published warehouse cannot be opened for reading; the message says why."""


class WarehouseDamaged(WarehouseUnreadable):
    """The published file is not a whole DuckDB database: only a full refresh remakes it."""

    def __init__(self, reason: str) -> None:
        super().__init__(
            f"the published warehouse is damaged ({reason}): rebuild it with build --full-refresh"
        )


# A read-only client that can read the warehouse and nothing else: no files (COPY, EXPORT,
# ATTACH, read_csv), no extension installed or loaded, no persistent secret, and no SET that
# could undo any of it. `autoexport query` connects with these; docs/bi.md recommends them.
READ_ONLY_CONFIG = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    "allow_persistent_secrets": False,
    "lock_configuration": True,
}
# DuckDB's main header and two database headers precede the blocks (4 KiB each)
_FILE_HEADERS_BYTES = 3 * 4096


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def connect_read_only(warehouse: Path, config: dict | None = None) -> duckdb.DuckDBPyConnection:
    """The published warehouse opened read-only (with ``config``), its catalog verified.

    Raises WarehouseDamaged when DuckDB cannot read the file's headers or catalog, or when the
    file is too short to hold the blocks in use (a copy cut off: DuckDB would fail only on the
    first read of a missing block). Free blocks at the end may be cut off, so a cut within
    them passes here, and a read of a lost block fails later.
    """
    try:
        con = duckdb.connect(warehouse.as_posix(), read_only=True, config=config or {})
    except duckdb.IOException as exc:
        if "could not set lock" in str(exc).lower():
            raise WarehouseUnreadable(
                f"{warehouse} is open for writing in another process ({_first_line(exc)})"
            ) from exc
        raise WarehouseDamaged(_first_line(exc)) from exc
    except duckdb.ConnectionException as exc:  # this process holds it with another config
        raise WarehouseUnreadable(_first_line(exc)) from exc
    except duckdb.Error as exc:
        raise WarehouseDamaged(_first_line(exc)) from exc
    try:
        con.execute("select count(*) from duckdb_tables()").fetchall()
        block_size, used_blocks = con.execute(
            "select block_size, used_blocks from pragma_database_size() "
            "where database_name = current_database()"
        ).fetchone()
    except duckdb.Error as exc:
        con.close()
        raise WarehouseDamaged(_first_line(exc)) from exc
    size, needed = warehouse.stat().st_size, _FILE_HEADERS_BYTES + block_size * used_blocks
    if size < needed:
        con.close()
        raise WarehouseDamaged(
            f"{warehouse} has {size} bytes, its {used_blocks} blocks in use need {needed}"
        )
    return con


def verify_published(warehouse: Path) -> None:
    """Raise WarehouseDamaged (or WarehouseUnreadable) unless the published file reads.

    No config: within one process DuckDB refuses a second connection to a file with another
    configuration, and the caller may hold a plain read-only one.
    """
    connect_read_only(warehouse).close()


def build_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".build")


def current_database(warehouse: Path) -> Path:
    """The file a build's readers use: its build file, or the published file once published.

    A check Dagster runs after the publish step still sees the data it judges.
    """
    target = build_path(warehouse)
    return target if target.exists() else warehouse


def _remove_with_wal(path: Path) -> None:
    for stale in (path, path.with_name(path.name + ".wal")):
        stale.unlink(missing_ok=True)


_LOCK_POLL_SECONDS = 0.5


@contextmanager
def build_lock(warehouse: Path, wait_seconds: float = 0.0) -> Iterator[None]:
    """Hold an exclusive lock for one build.

    A second build fails with a clear error: at once (the CLI), or after waiting up to
    ``wait_seconds`` for the first to finish (runs the Dagster daemon queues one after another).
    """
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    lock_path = warehouse.with_name(warehouse.name + ".lock")
    deadline = time.monotonic() + wait_seconds
    with lock_path.open("a") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError as exc:
                if time.monotonic() >= deadline:
                    raise BuildLocked(
                        f"another build of {warehouse} is running (lock {lock_path}); "
                        "try again later"
                    ) from exc
                time.sleep(_LOCK_POLL_SECONDS)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def start_build(warehouse: Path, storage_version: str, full_refresh: bool = False) -> Path:
    """Start a fresh build file: a copy of the published warehouse, or empty.

    Raises WarehouseDamaged when the published file is damaged (full_refresh replaces it).
    """
    target = build_path(warehouse)
    _remove_with_wal(target)
    if warehouse.exists() and not full_refresh:
        # a damaged file copied on would fail every step; refuse before touching anything
        verify_published(warehouse)
        shutil.copyfile(warehouse, target)
    else:
        create_empty(target, storage_version)
    return target


def create_empty(path: Path, storage_version: str) -> None:
    """An empty DuckDB file in ``storage_version`` (validated by settings: vN.N.N)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    try:
        con.execute(f"attach ? as fresh (storage_version '{storage_version}')", [path.as_posix()])
        con.execute("detach fresh")
    finally:
        con.close()


def publish(warehouse: Path) -> None:
    """Checkpoint the build file and rename it over the published warehouse in one step."""
    source = build_path(warehouse)
    release(source)  # the run's connection: closed before the file moves
    con = duckdb.connect(source.as_posix())
    try:
        con.execute("checkpoint")
    finally:
        con.close()
    with source.open("rb") as handle:
        os.fsync(handle.fileno())
    os.replace(source, warehouse)
    directory = os.open(warehouse.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
    build_path(warehouse).with_name(source.name + ".wal").unlink(missing_ok=True)


def discard_build(warehouse: Path) -> None:
    release(build_path(warehouse))
    _remove_with_wal(build_path(warehouse))
