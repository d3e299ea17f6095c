"""Run the SQL files of warehouse/: the only SQL text the pipeline executes besides the loader's."""

from __future__ import annotations

from pathlib import Path

import duckdb

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


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    for relative in ddl_files():
        run_sql_file(con, relative)


def row_count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    """Row count of a table named in this project's fixed lists (never user input)."""
    return con.execute(f"select count(*) from {table}").fetchone()[0]


def column_schema(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    schema, name = table.split(".")
    return con.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_schema = ? and table_name = ? order by ordinal_position",
        [schema, name],
    ).fetchall()
