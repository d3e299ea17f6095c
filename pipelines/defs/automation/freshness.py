"""Freshness: warn when the latest month in the warehouse is older than GACC's calendar says.

The rule (Beijing time). GACC releases month M in month M+1: the preliminary national tables
(marts.national_monthly) around the middle of the month, the detailed query-platform data
(marts.fct_customs_trade) some days later. So on a given day the latest month expected is:

- national tables: the previous month from the 20th on, else the month before it;
- detailed downloads: the previous month from the 25th on, else the month before it;
- January is never released alone (January and February come out together in March), so
  where the rule expects January it expects December of the year before.

The checks warn (never block publication): a late release is news, not a broken build.
"""

import datetime as dt

import dagster as dg
import duckdb

from pipelines.defs.resources import WarehouseResource
from pipelines.defs.sql_table import table_key
from pipelines.lib.periods import BUILD_TIMEZONE, previous_month

NATIONAL_TABLES_DUE_DAY = 20
DETAILED_DATA_DUE_DAY = 25


def expected_latest_month(today: dt.date, due_day: int) -> dt.date:
    """The latest month the warehouse should hold on ``today`` (first day of that month)."""
    month = previous_month(today)
    if today.day < due_day:
        month = previous_month(month)
    if month.month == 1:  # January comes with February
        month = previous_month(month)
    return month


def freshness_result(latest: dt.date | None, today: dt.date, due_day: int) -> dg.AssetCheckResult:
    expected = expected_latest_month(today, due_day)
    metadata = {
        "today_beijing": today.isoformat(),
        "expected_latest_month": expected.strftime("%Y-%m"),
        "latest_month": latest.strftime("%Y-%m") if latest else "none",
        "due_day": due_day,
    }
    return dg.AssetCheckResult(
        passed=latest is not None and latest >= expected,
        severity=dg.AssetCheckSeverity.WARN,
        metadata=metadata,
        description=(
            None
            if latest is not None and latest >= expected
            else f"overdue: the latest month is {metadata['latest_month']}, GACC's calendar "
            f"expects {metadata['expected_latest_month']} by day {due_day} (old data, or a "
            "release not loaded yet)"
        ),
    )


def _today() -> dt.date:
    return dt.datetime.now(BUILD_TIMEZONE).date()


def freshness_check(
    name: str, table: str, latest_sql: str, due_day: int, description: str
) -> dg.AssetChecksDefinition:
    @dg.asset_check(asset=table_key(table), name=name, blocking=False, description=description)
    def _check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        with warehouse.read() as con:
            latest = _latest(con, latest_sql)
        return freshness_result(latest, _today(), due_day)

    return _check


def _latest(con: duckdb.DuckDBPyConnection, latest_sql: str) -> dt.date | None:
    return con.execute(latest_sql).fetchone()[0]


national_tables_fresh = freshness_check(
    "national_tables_fresh",
    "marts.national_monthly",
    # a combined January-February row counts as February
    "select max(coalesce(period_end, period)) from marts.national_monthly",
    NATIONAL_TABLES_DUE_DAY,
    "The latest national month is not older than GACC's mid-month release calendar expects.",
)

customs_downloads_fresh = freshness_check(
    "customs_downloads_fresh",
    "marts.fct_customs_trade",
    "select max(period) from marts.fct_customs_trade where flow = 'export'",
    DETAILED_DATA_DUE_DAY,
    "The latest month of detailed export downloads is not older than GACC's calendar expects.",
)
