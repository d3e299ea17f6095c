"""`autoexport query`: read-only SQL on the published warehouse, printed as table, CSV or JSON."""

import csv
import datetime as dt
import decimal
import json
import sys
from pathlib import Path

import duckdb


class QueryError(ValueError):
    """The query cannot run; the message says why."""


def run_query(warehouse: Path, sql: str) -> tuple[list[str], list[tuple]]:
    if not warehouse.exists():
        raise QueryError(f"no warehouse at {warehouse}: run `autoexport build` first")
    # read_only: a reader never takes the write lock, and a write statement fails here
    con = duckdb.connect(warehouse.as_posix(), read_only=True)
    try:
        cursor = con.execute(sql)
        if cursor.description is None:
            return [], []
        return [d[0] for d in cursor.description], cursor.fetchall()
    except duckdb.Error as exc:
        if "read-only" in str(exc).lower():
            raise QueryError(
                f"autoexport query is read-only; the warehouse changes only through "
                f"`autoexport build` ({exc})"
            ) from exc
        raise QueryError(str(exc)) from exc
    finally:
        con.close()


def _plain(value):
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def print_result(columns: list[str], rows: list[tuple], output: str) -> None:
    if output == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[_plain(v) for v in row] for row in rows])
    elif output == "json":
        records = [dict(zip(columns, (_plain(v) for v in row), strict=True)) for row in rows]
        json.dump(records, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(*columns)
        for row in rows:
            table.add_row(*("NULL" if v is None else str(_plain(v)) for v in row))
        # piped output is not cut to a terminal's width
        Console(width=None if sys.stdout.isatty() else 100_000).print(table)
        Console(stderr=True).print(f"{len(rows)} rows", style="dim")
