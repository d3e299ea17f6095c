"""The one place that makes Great Expectations (GX Core 1.24) work on DuckDB files.

GX has no DuckDB datasource. Through duckdb-engine, GX's generic SQL datasource returns empty
metrics, because ``execute_query`` closes the connection before the result is fetched (GX
issues #11579 and #10738). GX keeps one persisted connection for the dialects listed in the
private tuple ``_PERSISTED_CONNECTION_DIALECTS`` (sqlite, mssql, …); adding duckdb there makes
every metric work. That private name is touched here and nowhere else; GX is pinned
(``SUPPORTED_GX``) and tests/unit/test_gx_duckdb.py fails loudly when an upgrade breaks it.

Also here: GX must never phone home (analytics off before GX is imported) nor print progress
bars, an in-memory context skips GX's YAML dump of its config on every change, and DuckDB
tables are read through query assets, because GX's column reflection does not understand
DuckDB's catalog (it drops the schema name).
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipelines.lib.build_connection import sqlalchemy_engine_kwargs

SUPPORTED_GX = ("1.24.",)
DUCKDB_DIALECT = "duckdb"


class GxUnsupported(RuntimeError):
    """The installed GX lacks what this module relies on: pin it back or port the module."""


class _DuckDBDialect:
    """Compares equal to "duckdb" like a GXSqlDialect member; GX reads ``.value`` too."""

    value = DUCKDB_DIALECT

    def __eq__(self, other: object) -> bool:
        return str(getattr(other, "value", other)).lower() == DUCKDB_DIALECT

    def __hash__(self) -> int:
        return hash(DUCKDB_DIALECT)


def import_gx():
    """Import GX with analytics off and duckdb registered as a persisted-connection dialect."""
    os.environ["GX_ANALYTICS_ENABLED"] = "false"
    import great_expectations as gx
    from great_expectations.execution_engine import sqlalchemy_execution_engine as engine

    if not gx.__version__.startswith(SUPPORTED_GX):
        raise GxUnsupported(
            f"great-expectations {gx.__version__} is not the pinned {SUPPORTED_GX[0]}x: "
            "check pipelines/lib/gx_duckdb.py against it before upgrading"
        )
    dialects = getattr(engine, "_PERSISTED_CONNECTION_DIALECTS", None)
    if not isinstance(dialects, tuple):
        raise GxUnsupported(
            "GX no longer has _PERSISTED_CONNECTION_DIALECTS: DuckDB metrics would come back "
            "empty; see pipelines/lib/gx_duckdb.py"
        )
    if DUCKDB_DIALECT not in dialects:
        engine._PERSISTED_CONNECTION_DIALECTS = (*dialects, _DuckDBDialect())
    return gx


def ephemeral_context():
    """An in-memory GX context: no project folder, no analytics, no progress bars."""
    gx = import_gx()
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    # GX "saves" an ephemeral context's config on every datasource, asset and batch definition
    # added: the whole config dumped to YAML into a store in memory that nothing reads (0.4 s
    # of a build's 22 suites). The config itself lives on in context.config.
    context.variables.save = _not_saved
    return context


def _not_saved() -> None:
    return None


@contextmanager
def duckdb_datasource(context, name: str, database: Path) -> Iterator:
    """A read-only GX SQL datasource on ``database``, its connection closed on exit.

    The persisted connection would otherwise keep the file open, and DuckDB refuses a
    read-write connection to a file this process holds read-only. During a build it is a
    cursor of the run's connection (build_connection.py).
    """
    datasource = context.data_sources.add_sql(
        name,
        connection_string=f"duckdb:///{database.absolute().as_posix()}",
        kwargs=sqlalchemy_engine_kwargs(database),
    )
    try:
        yield datasource
    finally:
        close_datasource(datasource)
        context.data_sources.delete(name)


def close_datasource(datasource) -> None:
    execution_engine = datasource.get_execution_engine()
    connection = getattr(execution_engine, "_connection", None)
    if connection is not None:
        connection.close()
        execution_engine._connection = None
    execution_engine.engine.dispose()
    datasource.get_engine().dispose()


def table_query(table: str) -> str:
    """The query asset of a table named in a suite file (schema.table, checked by the loader)."""
    return f"select * from {table}"
