"""GACC query downloads: landing files -> raw.customs_rows -> staging.* tables.

The loader is partitioned by month: a run for one month loads that month's downloads. The
typing and merging of customs lines restage the run's months alone (every month in a run
without partitions); they are not partitioned assets themselves, because Dagster cannot run a
partitioned asset downstream of another one in the unpartitioned run `autoexport build` makes.
The other customs staging tables and the customs marts are assets of their SQL files
(pipelines/defs/sql_table.py); those restaged by month work on the months customs staging
restaged, which it hands on in staging.customs_restaged_months (pipelines/lib/run_months.py).
"""

import dagster as dg
import duckdb

from pipelines.defs.landing_loader import run_window
from pipelines.defs.resources import WarehouseResource
from pipelines.defs.sql_table import OWNERS, table_key, table_metadata
from pipelines.lib.run_months import (
    MONTHS_PER_STATEMENT,
    bind_months,
    run_in_slices,
    touched_months,
)
from pipelines.lib.sql_files import sql_file, steps_read
from pipelines.lib.warehouse_sql import run_sql_file

LINES, TRADE = "staging.customs_lines", "staging.customs_trade"
# The files of the customs staging step, in order; each table's dependencies are parsed from
# the files that build it (pipelines/lib/sql_files.py).
LINES_FILES = ("staging/customs_lines.sql",)
TRADE_FILES = ("staging/customs_trade.sql", "staging/customs_trade_months.sql")


def _spec(table: str, files: tuple[str, ...]) -> dg.AssetSpec:
    described = sql_file(files[0])
    return dg.AssetSpec(
        table_key(table),
        deps=[table_key(dep) for dep in steps_read(files, built=(table,))],
        description=described.description,
        group_name=described.group,
        kinds={"duckdb", "sql"},
        owners=OWNERS,
    )


@dg.multi_asset(
    specs=[_spec(LINES, LINES_FILES), _spec(TRADE, TRADE_FILES)],
)
def customs_staging(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """Restage the run's months (every month in an unpartitioned run): delete, then insert.

    One step for both tables: customs_trade rebuilds exactly the months customs_lines
    restaged, which the step passes on in a temp table, and then to later steps in
    staging.customs_restaged_months.
    """
    with warehouse.connect() as con:
        bind_months(con, run_window(context))
        run_sql_file(con, "staging/customs_lines.sql")
        run_sql_file(con, "audit/quarantine_staging_rows.sql")
        run_sql_file(con, "audit/loads_row_counts.sql")
        run_sql_file(con, "staging/customs_trade.sql")
        # the steps after this one restage the months just cleared, on their own connections;
        # handed on now, while the run's months are bound (the slices below rebind them)
        run_sql_file(con, "staging/customs_restaged_months.sql")
        months = touched_months(con)
        run_in_slices(con, months, MONTHS_PER_STATEMENT, insert_trade_months)
        for table in (LINES, TRADE):
            metadata = table_metadata(con, table)
            metadata["restaged_months"] = len(months)
            if months:
                metadata["restaged_from"] = months[0]
                metadata["restaged_to"] = months[-1]
            yield dg.MaterializeResult(asset_key=table_key(table), metadata=metadata)


def insert_trade_months(con: duckdb.DuckDBPyConnection) -> None:
    """Insert the trade rows of the restaged months in [months_start, months_end)."""
    run_sql_file(con, "staging/customs_trade_months.sql")
