"""One build's session around the build job: the lock, the build file, and its end.

The CLI's build runner and the Dagster resource (runs the UI, the sensor or the schedule
launch) both build through this one context manager, so the lifecycle is written once.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipelines.lib.build_file import build_lock, discard_build, start_build

# the Dagster job that builds the warehouse: the CLI runs it, the sensor and schedule request it
BUILD_JOB = "build_warehouse"


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
    with build_lock(warehouse, wait_seconds=wait_seconds):
        target = start_build(warehouse, storage_version, full_refresh)
        try:
            yield target
        finally:
            discard_build(warehouse)
