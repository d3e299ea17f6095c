"""`autoexport query`: read-only SQL on the published warehouse, printed as table, CSV or JSON.

Two guards, each enough on its own for the statements it covers:

- DuckDB's parser (``duckdb.extract_statements``) splits the text and names each statement's
  kind: one statement only, and only a kind that reads (SELECT with its forms WITH, FROM,
  VALUES, DESCRIBE, SHOW, SUMMARIZE; and EXPLAIN). Several statements are refused, so none
  runs unseen, and so is every other kind: COPY, EXPORT, ATTACH, INSTALL/LOAD, SET/RESET,
  PRAGMA, CALL, CREATE (SECRET), INSERT, CHECKPOINT, ...
- the connection itself: the file opened read-only, with DuckDB's external access, extension
  autoload/autoinstall and community extensions off, and its configuration locked
  (``READ_ONLY_CONFIG``), so a SELECT cannot reach a file either (``read_csv``, ``glob``).

CSV output is for programs (pipes, scripts): values exactly as stored, no BOM, no formula
neutralisation; spreadsheets should get `autoexport export --format csv`.
"""

import csv
import datetime as dt
import decimal
import json
import sys
from pathlib import Path

import duckdb

from pipelines.lib.build_file import READ_ONLY_CONFIG, WarehouseDamaged, connect_read_only

# statement kinds that only read; everything else is refused before it reaches the engine
_READING = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}
_CHANGES_ONLY_BY_BUILD = "the warehouse changes only through `autoexport build`"


class QueryError(ValueError):
    """The query cannot run; the message says why, on one line."""


def _one_line(exc: BaseException) -> str:
    # DuckDB's first line says what is wrong; the next ones point at the position in the text
    lines = str(exc).strip().splitlines()
    return lines[0].strip() if lines else type(exc).__name__


def _kind(statement) -> str:
    return statement.type.name.replace("_", " ")


def read_statement(sql: str):
    """The one reading statement in ``sql``, parsed by DuckDB; QueryError for anything else."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryError(_one_line(exc)) from exc
    if not statements:
        raise QueryError("no SQL statement given")
    if len(statements) > 1:
        kinds = ", ".join(_kind(s) for s in statements)
        raise QueryError(
            f"autoexport query runs one statement at a time; this text holds "
            f"{len(statements)} ({kinds}): run them one by one"
        )
    [statement] = statements
    if statement.type not in _READING:
        raise QueryError(
            f"autoexport query is read-only and refuses {_kind(statement)} statements "
            f"(it runs SELECT, WITH, FROM, DESCRIBE, SHOW, SUMMARIZE and EXPLAIN); "
            f"{_CHANGES_ONLY_BY_BUILD}"
        )
    return statement


def run_query(warehouse: Path, sql: str) -> tuple[list[str], list[tuple]]:
    if not warehouse.exists():
        raise QueryError(f"no warehouse at {warehouse}: run `autoexport build` first")
    statement = read_statement(sql)
    con = connect_read_only(warehouse, READ_ONLY_CONFIG)  # WarehouseDamaged passes up
    try:
        cursor = con.execute(statement)
        if cursor.description is None:
            return [], []
        return [d[0] for d in cursor.description], cursor.fetchall()
    except duckdb.IOException as exc:
        # the catalog read, but a data block did not: the file is damaged
        raise WarehouseDamaged(_one_line(exc)) from exc
    except duckdb.Error as exc:
        message = _one_line(exc)
        lowered = message.lower()
        if any(
            hint in lowered
            for hint in ("read-only", "disabled by configuration", "configuration has been locked")
        ):
            raise QueryError(
                f"autoexport query is read-only; {_CHANGES_ONLY_BY_BUILD} ({message})"
            ) from exc
        raise QueryError(message) from exc
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
        from rich.table import Column, Table
        from rich.text import Text

        # data is text, never markup: Text cells, and a console that reads no markup or emoji
        table = Table(*(Column(header=Text(str(c))) for c in columns))
        for row in rows:
            table.add_row(*(Text("NULL" if v is None else str(_plain(v))) for v in row))
        # piped output is not cut to a terminal's width
        Console(
            width=None if sys.stdout.isatty() else 100_000,
            markup=False,
            emoji=False,
            highlight=False,
        ).print(table)
        Console(stderr=True, markup=False, emoji=False, highlight=False).print(
            f"{len(rows)} rows", style="dim"
        )
