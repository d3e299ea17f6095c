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


class BuildLocked(RuntimeError):
    """Another build of the same warehouse is running."""


def build_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".build")


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
    """Start a fresh build file: a copy of the published warehouse, or empty."""
    target = build_path(warehouse)
    _remove_with_wal(target)
    if warehouse.exists() and not full_refresh:
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
    _remove_with_wal(build_path(warehouse))
