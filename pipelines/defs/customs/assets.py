"""GACC query downloads: landing files -> raw.customs_rows -> staging.* tables.

The loader is partitioned by month: a run for one month loads that month's downloads. The
typing and merging of customs lines restage the run's months alone (every month in a run
without partitions); they are not partitioned assets themselves, because Dagster cannot run a
partitioned asset downstream of another one in the unpartitioned run `autoexport build` makes.
The breakdown choice and vehicle map are rebuilt whole (small); vehicle_export_rows and the
customs marts restage the months customs staging restaged, which it hands on in
staging.customs_restaged_months.
"""

import datetime as dt

import dagster as dg
import duckdb

from pipelines.defs.landing_loader import landing_loader_asset, run_window
from pipelines.defs.resources import WarehouseResource
from pipelines.defs.sql_table import OWNERS, SqlTable, sql_table_assets, table_key, table_metadata
from pipelines.lib.customs_loader import load_customs_landing
from pipelines.lib.restage_scope import ALL_TIME
from pipelines.lib.warehouse_sql import run_sql_file

customs_raw_rows = landing_loader_asset(
    "raw.customs_rows",
    lambda con, warehouse, loaded_at, on_file, window: load_customs_landing(
        con, warehouse.landing, loaded_at, warehouse.warehouse.parent, on_file, window
    ),
    group_name="customs",
    kinds={"duckdb", "csv"},
    description=(
        "Rows of every new GACC query download in landing/customs/exports and /imports, as "
        "read; also writes raw.customs_files, audit.loads and file-level audit.quarantine. "
        "A month's run loads the downloads of that month (and files with no month, refused)."
    ),
    monthly=True,
)

LINES, TRADE = "staging.customs_lines", "staging.customs_trade"


def set_window(con: duckdb.DuckDBPyConnection, window: tuple[dt.date, dt.date] | None) -> None:
    """Bind the months a run restages; the staging SQL reads them with getvariable()."""
    start, end = window or ALL_TIME
    con.execute("set variable window_start = ?::date", [start])
    con.execute("set variable window_end = ?::date", [end])


def restaged_months(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The months (YYYY-MM) customs staging restaged on this connection."""
    rows = con.execute(
        "select strftime(period, '%Y-%m') from temp.customs_restaged_months order by period"
    ).fetchall()
    return [month for (month,) in rows]


# Months of staging.customs_trade built by one statement: bounded memory, smaller hash tables.
TRADE_MONTHS_PER_STATEMENT = 12


def insert_trade_months(con: duckdb.DuckDBPyConnection, months: list[str]) -> None:
    """Insert the restaged months' trade rows, a year of months a statement."""
    for index in range(0, len(months), TRADE_MONTHS_PER_STATEMENT):
        chunk = months[index : index + TRADE_MONTHS_PER_STATEMENT]
        first = dt.date.fromisoformat(f"{chunk[0]}-01")
        last = dt.date.fromisoformat(f"{chunk[-1]}-01")
        con.execute("set variable months_start = ?::date", [first])
        # periods are first days of months: the day after the last one ends the slice
        con.execute("set variable months_end = ?::date", [last + dt.timedelta(days=1)])
        run_sql_file(con, "staging/customs_trade_months.sql")


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            table_key(LINES),
            deps=[
                table_key(dep)
                for dep in ("raw.customs_rows", "ref.units", "ref.partners", "ref.provinces")
            ],
            description=(
                "Typed customs rows with the reason each refused row is refused; refused rows "
                "are written to audit.quarantine and counted in audit.loads."
            ),
            group_name="customs",
            kinds={"duckdb", "sql"},
            owners=OWNERS,
        ),
        dg.AssetSpec(
            table_key(TRADE),
            deps=[table_key(LINES)],
            description=(
                "Revisions resolved; CNY and USD downloads of a slice merged into one row."
            ),
            group_name="customs",
            kinds={"duckdb", "sql"},
            owners=OWNERS,
        ),
    ],
)
def customs_staging(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """Restage the run's months (every month in an unpartitioned run): delete, then insert.

    One step for both tables: customs_trade rebuilds exactly the months customs_lines
    restaged, which the step passes on in a temp table, and then to later steps in
    staging.customs_restaged_months.
    """
    with warehouse.connect() as con:
        set_window(con, run_window(context))
        run_sql_file(con, "staging/customs_lines.sql")
        run_sql_file(con, "audit/quarantine_staging_rows.sql")
        run_sql_file(con, "audit/loads_row_counts.sql")
        run_sql_file(con, "staging/customs_trade.sql")
        months = restaged_months(con)
        insert_trade_months(con, months)
        # the steps after this one restage the same months, on their own connections
        run_sql_file(con, "staging/customs_restaged_months.sql")
        for table in (LINES, TRADE):
            metadata = table_metadata(con, table)
            metadata["restaged_months"] = len(months)
            if months:
                metadata["restaged_from"] = months[0]
                metadata["restaged_to"] = months[-1]
            yield dg.MaterializeResult(asset_key=table_key(table), metadata=metadata)


STAGING = (
    SqlTable(
        "staging.customs_breakdown_choice",
        deps=("staging.customs_trade",),
        description="The breakdown serving destinations, provinces and totals per month and code.",
    ),
    SqlTable(
        "staging.hs_vehicle_map",
        deps=("staging.customs_trade", "ref.hs_vehicle_codes"),
        description="Vehicle class and powertrain of each HS code and month (longest prefix).",
    ),
    SqlTable(
        "staging.vehicle_export_rows",
        deps=(
            "staging.customs_trade",
            "staging.hs_vehicle_map",
            "staging.customs_breakdown_choice",
        ),
        description="Vehicle export rows of the breakdown chosen for each mart.",
        restaged_by_month=True,
    ),
)

staging_assets = sql_table_assets(STAGING, group_name="customs")
