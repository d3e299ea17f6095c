"""Run the SQL files of warehouse/: the only SQL text the pipeline executes besides the loader's."""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipelines.lib.run_months import ALL_TIME, bind_months
from pipelines.lib.sources.registry import SOURCES

WAREHOUSE_DIR = Path(__file__).resolve().parents[2] / "warehouse"

# the tables of no source; each source's raw tables come from its descriptor
CORE_DDL_FILES = (
    "ddl/schemas.sql",
    "ddl/audit_loads.sql",
    "ddl/audit_quarantine.sql",
    "ddl/staging_customs_restaged_months.sql",
)


def ddl_files() -> tuple[str, ...]:
    return CORE_DDL_FILES + tuple(f for source in SOURCES for f in source.ddl_files)


def sql_text(relative: str) -> str:
    return (WAREHOUSE_DIR / relative).read_text(encoding="utf-8")


def run_sql_file(con: duckdb.DuckDBPyConnection, relative: str) -> None:
    con.execute(sql_text(relative))


# One-time upgrades of a warehouse built by an older version: (schema, table, column, whether
# the upgrade runs while the column is missing (it adds it) or while it is present (it drops
# it), its files), in order. A build starts from the published warehouse, so a change to a
# staging table's columns must reach warehouses built before it; the column's presence records
# whether the upgrade ran, so a build pays one catalog query, not a probe of the table's rows.
# The files run with the months of a full build bound (all time): an upgrade may rebuild a
# table restaged by month from its SQL file.
UPGRADES = (
    (
        "staging",
        "customs_lines",
        "commodity_name",
        "missing",
        ("upgrades/customs_lines_commodity_name.sql",),
    ),
    (
        "staging",
        "customs_lines",
        "source_file",
        "present",
        ("upgrades/customs_lines_file_columns.sql",),
    ),
    (
        "staging",
        "vehicle_export_rows",
        "purpose",
        "present",
        ("upgrades/vehicle_export_rows_purposes.sql", "staging/vehicle_export_rows.sql"),
    ),
)


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    for relative in ddl_files():
        run_sql_file(con, relative)
    for schema, table, column, runs_while, files in UPGRADES:
        table_exists, has_column = con.execute(
            "select count(*) > 0, count(*) filter (where column_name = ?) > 0 "
            "from information_schema.columns where table_schema = ? and table_name = ?",
            [column, schema, table],
        ).fetchone()
        if table_exists and has_column == (runs_while == "present"):
            bind_months(con, ALL_TIME)
            for relative in files:
                run_sql_file(con, relative)


def row_count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    """Row count of a table named in this project's fixed lists (never user input)."""
    return con.execute(f"select count(*) from {table}").fetchone()[0]
