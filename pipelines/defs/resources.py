"""The warehouse resource every asset writes through, and the code location's executor."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Self

import dagster as dg
import duckdb

from pipelines.lib.build_connection import connect_duckdb, holding, let_go_if_large, one_step
from pipelines.lib.build_file import build_path, current_database, publish
from pipelines.lib.build_session import build_session, start_session_build
from pipelines.lib.settings import DEFAULT_STORAGE_VERSION, resolve_settings


class WarehouseResource(dg.ConfigurableResource):
    """The landing folder to read and the build file of the warehouse to write.

    Assets never touch the published file: they write its ``.build`` twin, which the publish
    asset renames into place once the blocking checks have passed.

    With ``manage_build`` (runs the UI, the sensor or the schedule launch) the resource does
    for its run what `autoexport build` does around the job, with the same build_session: it
    takes the build lock (waiting up to ``lock_wait_seconds`` for a build in progress, so queued
    month runs follow one another), starts the build file from the published warehouse, and
    discards the build file when the run ends, published or not. The CLI holds the session
    itself and leaves it False.
    """

    landing_dir: str
    warehouse_path: str
    storage_version: str = DEFAULT_STORAGE_VERSION
    memory_limit: str | None = None  # DuckDB's memory_limit for builds; None: its default
    manage_build: bool = False
    lock_wait_seconds: float = 3600.0

    @contextmanager
    def yield_for_execution(self, context: dg.InitResourceContext) -> Iterator[Self]:
        # in-process executor: resources are set up once per run, so this spans the whole run,
        # and the run's steps share one open build file (build_connection.py)
        if not self.manage_build:
            with holding(build_path(self.warehouse)):
                yield self
            return
        if context.log:
            context.log.info(f"taking the build lock of {self.warehouse}")
        with (
            build_session(
                self.warehouse, self.storage_version, wait_seconds=self.lock_wait_seconds
            ),
            holding(build_path(self.warehouse)),
        ):
            yield self

    @property
    def landing(self) -> Path:
        return Path(self.landing_dir)

    @property
    def warehouse(self) -> Path:
        return Path(self.warehouse_path)

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        target = build_path(self.warehouse)
        if not target.exists():
            start_session_build(self.warehouse, self.storage_version)
        con = connect_duckdb(target, config=self._config)
        try:  # the schema is there: start_session_build ensured it
            yield con
        finally:
            con.close()
            let_go_if_large(target)

    @contextmanager
    def read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Read-only: the build file, or the published file once the build has been published.

        A check that Dagster runs after the publish step still sees the same data, and does
        not conjure a new build file.
        """
        database = current_database(self.warehouse)
        # in a run, a cursor of its connection, opened with the run's settings if first to ask
        con = connect_duckdb(database, read_only=True, config=self._config)
        try:
            yield con
        finally:
            con.close()
            let_go_if_large(database)

    @contextmanager
    def step(self) -> Iterator[None]:
        """A step of many tables or checks: they share the open build file, let go between them
        only above the step's larger limit, and judged as after any step at its end
        (build_connection.one_step)."""
        with one_step(build_path(self.warehouse)):
            yield

    @property
    def _config(self) -> dict:
        return {"memory_limit": self.memory_limit} if self.memory_limit else {}

    def publish(self) -> None:
        publish(self.warehouse)


def warehouse_from_environment() -> WarehouseResource:
    settings = resolve_settings()
    return WarehouseResource(
        landing_dir=str(settings.landing),
        warehouse_path=str(settings.warehouse),
        storage_version=settings.storage_version,
        memory_limit=settings.memory_limit,
        # runs launched by the UI, the sensor or the schedule: no CLI around them holds the lock
        manage_build=True,
    )


@dg.definitions
def resources() -> dg.Definitions:
    # One DuckDB writer at a time: steps run one after another in one process.
    return dg.Definitions(
        resources={"warehouse": warehouse_from_environment()},
        executor=dg.in_process_executor,
    )
