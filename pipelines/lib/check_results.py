"""audit.check_results: one row per check and run, so BI tools can show data health."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.lib.warehouse_sql import run_sql_file

DDL_FILE = "ddl/audit_check_results.sql"
OBSERVED_LIMIT = 2000  # characters: a summary, the details live in check metadata / Data Docs


@dataclass(frozen=True)
class CheckResult:
    check_name: str
    table_name: str
    passed: bool
    blocking: bool
    observed: str


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def record_results(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    results: Iterable[CheckResult],
    trigger: str,
    checked_at: dt.datetime | None = None,
) -> int:
    """Append ``results`` to audit.check_results (created if missing); returns rows written."""
    at = checked_at or now_utc()
    rows = [
        (
            run_id,
            r.check_name,
            r.table_name,
            r.passed,
            r.blocking,
            r.observed[:OBSERVED_LIMIT],
            trigger,
            at,
        )
        for r in results
    ]
    # a results file of `autoexport check` starts empty; the warehouse has the schema already
    con.execute("create schema if not exists audit")
    run_sql_file(con, DDL_FILE)
    if rows:
        con.executemany(
            "insert into audit.check_results (run_id, check_name, table_name, passed, blocking, "
            "observed, trigger, checked_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    return len(rows)


def record_results_in_file(
    database: Path, run_id: str, results: Iterable[CheckResult], trigger: str
) -> int:
    con = duckdb.connect(database.as_posix())
    try:
        return record_results(con, run_id, results, trigger)
    finally:
        con.close()
