"""The months a build restaged, which its checks on the month-restaged tables judge.

Customs staging writes the months it restaged to staging.customs_restaged_months; the SQL
macro staging.in_restaged_months(period) (warehouse/ddl/staging_customs_restaged_months.sql)
tells the checks' queries whether a row lies in them. A full build restages all time, so its
checks judge every row; a month's run judges that month, the other months being the rows
earlier builds judged and the run left untouched. `autoexport check` judges every month.
"""

import datetime as dt

import duckdb

MACRO = "staging.in_restaged_months"
# A full build restages every month: its window spans all time (the macro's bounds too).
ALL_TIME = (dt.date(1, 1, 1), dt.date(9999, 12, 1))


def restaged_spans(con: duckdb.DuckDBPyConnection) -> list[tuple[dt.date, dt.date]]:
    """The disjoint spans [start, end) of months customs staging restaged in the last run."""
    return con.execute(
        "select period_start, period_end from staging.customs_restaged_months order by period_start"
    ).fetchall()


def bind_span(con: duckdb.DuckDBPyConnection, span: tuple[dt.date, dt.date]) -> None:
    """Bind the span a month-restaged SQL file restages (it reads restage_start/_end)."""
    con.execute("set variable restage_start = ?::date", [span[0]])
    con.execute("set variable restage_end = ?::date", [span[1]])


def uses_scope(sql: str) -> bool:
    """Whether a query (project SQL) judges the restaged months only."""
    return f"{MACRO}(" in sql


def scope_bounds(con: duckdb.DuckDBPyConnection) -> tuple[dt.date, dt.date]:
    """[start, end) of the months the macro admits."""
    return con.execute(
        "select coalesce(min(period_start), ?::date), coalesce(max(period_end), ?::date) "
        "from staging.customs_restaged_months",
        list(ALL_TIME),
    ).fetchone()


def describe_scope(con: duckdb.DuckDBPyConnection) -> str | None:
    """The months a scoped check judged, for its metadata and its line in audit.check_results;
    None when it judged every month (a full build, `autoexport check`): nothing to add."""
    start, end = scope_bounds(con)
    if (start, end) == ALL_TIME:
        return None
    last = (end - dt.timedelta(days=1)).replace(day=1)
    return f"the months restaged, {start:%Y-%m} to {last:%Y-%m}"


def judge_every_month(con: duckdb.DuckDBPyConnection) -> None:
    """Widen the scope to all time (on a snapshot: `autoexport check` judges every row)."""
    con.execute("delete from staging.customs_restaged_months")
