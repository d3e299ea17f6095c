"""One build's session around the build job: the lock, the build file, and its end.

The CLI's build runner and the Dagster resource (runs the UI, the sensor or the schedule
launch) both build through this one context manager, so the lifecycle is written once.
"""

from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import duckdb

from pipelines.lib.build_file import build_lock, build_path, discard_build, start_build
from pipelines.lib.warehouse_sql import ensure_schema

# the Dagster job that builds the warehouse: the CLI runs it, the sensor and schedule request it
BUILD_JOB = "build_warehouse"


def pending_checks_path(warehouse: Path) -> Path:
    """The verdicts of a build's checks, waiting beside its build file for the publish step."""
    target = build_path(warehouse)
    return target.with_name(target.name + ".checks.jsonl")


def start_session_build(warehouse: Path, storage_version: str, full_refresh: bool = False) -> Path:
    """start_build, without the verdicts a build that died left behind, with every table and
    upgrade of this version's schema: once a build, not on every step's connection."""
    pending_checks_path(warehouse).unlink(missing_ok=True)
    target = start_build(warehouse, storage_version, full_refresh)
    con = duckdb.connect(target.as_posix())
    try:
        ensure_schema(con)
    finally:
        con.close()
    return target


def discard_session_build(warehouse: Path) -> None:
    discard_build(warehouse)
    pending_checks_path(warehouse).unlink(missing_ok=True)


@contextmanager
def build_session(
    warehouse: Path,
    storage_version: str,
    full_refresh: bool = False,
    wait_seconds: float = 0.0,
) -> Iterator[Path]:
    """Hold the build lock, start the build file, and yield its path.

    The publish step inside the session renames the build file over the published warehouse;
    whatever is left when the session ends (a failed check, an error) is discarded, so the
    published file is replaced whole or not at all.
    """
    with build_session_started_aside(
        warehouse, storage_version, full_refresh, wait_seconds
    ) as starting:
        yield starting.result()


@contextmanager
def build_session_started_aside(
    warehouse: Path,
    storage_version: str,
    full_refresh: bool = False,
    wait_seconds: float = 0.0,
) -> Iterator[Future[Path]]:
    """``build_session`` whose build file is started on a thread: the caller sets up meanwhile
    and takes the future's result (the path, or the error) before its run.

    Starting copies the published file, 0.2-0.7 s at 0.7 GB on this project's 2-core machine,
    in the kernel without Python's lock; the CLI spends that time importing Dagster and
    loading the definitions.
    """
    with build_lock(warehouse, wait_seconds=wait_seconds):
        try:
            with ThreadPoolExecutor(1, thread_name_prefix="build-file") as pool:
                yield pool.submit(start_session_build, warehouse, storage_version, full_refresh)
        finally:  # the thread has ended here: nothing writes the build file any more
            discard_session_build(warehouse)
