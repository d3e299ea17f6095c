"""The run's months: the months a build works on. One model for staging, marts, checks,
benchmarks and the CLI.

- A build without --month works on all time (ALL_TIME); `build --month 2025-07` on that month
  (its Dagster partition). Customs staging adds every month a new download touches.
- A SQL file that works on some months only reads them from one pair of DuckDB variables,
  ``months_start`` and ``months_end``: [start, end), first days of months, bound by
  bind_months() and by nothing else.
- Customs staging hands the months it restaged to the later steps (other connections) as
  disjoint spans in staging.customs_restaged_months; a file whose header says
  ``-- restaged: by month`` runs once per span (run_month_spans).
- The checks on those tables judge the run's months only, through the macro
  staging.in_restaged_months(period) (warehouse/ddl/staging_customs_restaged_months.sql): the
  other months are rows earlier builds judged and this run left untouched. A full build judges
  every row, and so does `autoexport check` (check_every_month).

The DuckDB names (the table, the macro, the suites' ``"scope": "restaged_months"``) stay as
they are: published warehouses and suites carry them.
"""

import datetime as dt
from collections.abc import Callable

import duckdb

MACRO = "staging.in_restaged_months"
# A full build works on every month: all time (the macro's bounds too).
ALL_TIME = (dt.date(1, 1, 1), dt.date(9999, 12, 1))
Months = tuple[dt.date, dt.date]
# Months one statement of a sliced step builds (staging.customs_trade): bounded memory,
# smaller hash tables. On 10M rows in 120 months, 12 months a statement peaked at 1.37 GiB,
# 6 at 0.93 GiB and 3 at 0.70 GiB, for the same CPU time (benchmarks/README.md).
MONTHS_PER_STATEMENT = 6


def bind_months(con: duckdb.DuckDBPyConnection, months: Months | None) -> None:
    """Bind [start, end) for the SQL files that read months_start and months_end (None: all)."""
    start, end = months or ALL_TIME
    con.execute("set variable months_start = ?::date", [start])
    con.execute("set variable months_end = ?::date", [end])


def touched_months(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The months (YYYY-MM) customs staging restaged on this connection (its temp table)."""
    rows = con.execute(
        "select strftime(period, '%Y-%m') from temp.customs_restaged_months order by period"
    ).fetchall()
    return [month for (month,) in rows]


def month_slices(months: list[str], per_slice: int) -> list[Months]:
    """``months`` (YYYY-MM, sorted) cut into [start, end) slices of ``per_slice`` months."""
    slices = []
    for index in range(0, len(months), per_slice):
        chunk = months[index : index + per_slice]
        first = dt.date.fromisoformat(f"{chunk[0]}-01")
        last = dt.date.fromisoformat(f"{chunk[-1]}-01")
        # periods are first days of months: the day after the last one ends the slice
        slices.append((first, last + dt.timedelta(days=1)))
    return slices


def run_in_slices(
    con: duckdb.DuckDBPyConnection,
    months: list[str],
    per_slice: int,
    run: Callable[[duckdb.DuckDBPyConnection], None],
) -> None:
    """Bind each slice of ``months`` in turn and ``run`` (a SQL file) on it."""
    for months_slice in month_slices(months, per_slice):
        bind_months(con, months_slice)
        run(con)


def run_month_spans(con: duckdb.DuckDBPyConnection) -> list[Months]:
    """The disjoint spans [start, end) of months customs staging restaged in the last run."""
    return con.execute(
        "select period_start, period_end from staging.customs_restaged_months order by period_start"
    ).fetchall()


def uses_run_months(sql: str) -> bool:
    """Whether a query (project SQL) judges the run's months only."""
    return f"{MACRO}(" in sql


def run_months_bounds(con: duckdb.DuckDBPyConnection) -> Months:
    """[start, end) of the months the macro admits."""
    return con.execute(
        "select coalesce(min(period_start), ?::date), coalesce(max(period_end), ?::date) "
        "from staging.customs_restaged_months",
        list(ALL_TIME),
    ).fetchone()


def describe_run_months(con: duckdb.DuckDBPyConnection) -> str | None:
    """The months a check judged, for its metadata and its line in audit.check_results;
    None when it judged every month (a full build, `autoexport check`): nothing to add."""
    start, end = run_months_bounds(con)
    if (start, end) == ALL_TIME:
        return None
    last = (end - dt.timedelta(days=1)).replace(day=1)
    return f"the months restaged, {start:%Y-%m} to {last:%Y-%m}"


def check_every_month(con: duckdb.DuckDBPyConnection) -> None:
    """Widen the run's months to all time (on a snapshot: `autoexport check` judges every row)."""
    con.execute("delete from staging.customs_restaged_months")
