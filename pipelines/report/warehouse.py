"""Read-only access to the published warehouse for the report: which tables exist, and frames."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd


class ReportWarehouse:
    """A read-only DuckDB connection with the few questions the report asks of it."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path):
        self.con = con
        self.path = path

    def columns(self, table: str) -> set[str] | None:
        """Column names of ``schema.table``, or None when the warehouse has no such table."""
        schema, name = table.split(".")
        rows = self.con.execute(
            "select column_name from information_schema.columns "
            "where table_schema = ? and table_name = ?",
            [schema, name],
        ).fetchall()
        return {column for (column,) in rows} or None

    def frame(self, sql: str, params: list | None = None) -> pd.DataFrame:
        return self.con.execute(sql, params or []).df()

    def value(self, sql: str, params: list | None = None):
        row = self.con.execute(sql, params or []).fetchone()
        return None if row is None else row[0]


@contextmanager
def open_warehouse(path: Path) -> Iterator[ReportWarehouse]:
    # read_only: the report never takes the write lock, so it can run beside a build
    con = duckdb.connect(path.as_posix(), read_only=True)
    try:
        yield ReportWarehouse(con, path)
    finally:
        con.close()
