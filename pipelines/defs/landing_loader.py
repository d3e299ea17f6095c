"""Assets that load one kind of landing file into raw tables, logging each file's outcome;
and the monthly partitions of the assets that load and stage monthly data.
"""

import datetime as dt
from collections.abc import Callable

import dagster as dg

from pipelines.defs.resources import WarehouseResource
from pipelines.defs.sql_table import OWNERS, table_key, table_metadata
from pipelines.lib.load_audit import Window
from pipelines.lib.periods import BUILD_TIMEZONE_NAME

# load(con, warehouse, loaded_at, on_file[, window]): a lib loader bound to the resource's
# paths; partitioned loaders also take the run's window of months
Loader = Callable[..., object]

# GACC publishes by calendar month in Beijing time. A run for one month loads and restages that
# month alone; keys are YYYY-MM (what `autoexport build --month` takes). The current month is
# included so a file dated this month is never orphaned.
MONTHLY = dg.MonthlyPartitionsDefinition(
    start_date="2000-01", fmt="%Y-%m", timezone=BUILD_TIMEZONE_NAME, end_offset=1
)
# A backfill of many months runs as one run over their range, not one run per month.
SINGLE_RUN = dg.BackfillPolicy.single_run()


def run_window(context: dg.AssetExecutionContext) -> Window:
    """The months of the run, [start, end) as dates, for partitioned and unpartitioned assets
    alike; None in a run without partitions (every month: `autoexport build` without --month).
    """
    if context.has_partition_key:
        first = last = context.partition_key
    elif context.has_partition_key_range:
        first, last = context.partition_key_range.start, context.partition_key_range.end
    else:
        return None
    start = MONTHLY.time_window_for_partition_key(first).start
    end = MONTHLY.time_window_for_partition_key(last).end
    return start.date(), end.date()


def describe_rows(outcome) -> tuple[str, int]:
    """What a file-level outcome reports: a line, and how many of its items were refused."""
    line = f"{outcome.source_file}: {outcome.status}, {outcome.rows_loaded} rows"
    if outcome.rows_quarantined:
        line += f", {outcome.rows_quarantined} quarantined"
    return line, outcome.rows_quarantined


def landing_loader_asset(
    table: str,
    load: Loader,
    group_name: str,
    kinds: set[str],
    description: str,
    describe: Callable[[object], tuple[str, int]] = describe_rows,
    monthly: bool = False,
) -> dg.AssetsDefinition:
    """An asset that runs ``load`` over the landing folder and reports each file's outcome.

    Quarantines and warnings go to the run log as warnings; metadata counts files per status
    (``files_<status>``, which the build summary adds up) and records the load time.
    A ``monthly`` asset is partitioned by MONTHLY and loads only the files of the run's months.
    """

    @dg.asset(
        key=table_key(table),
        group_name=group_name,
        kinds=kinds,
        owners=OWNERS,
        description=description,
        partitions_def=MONTHLY if monthly else None,
        backfill_policy=SINGLE_RUN if monthly else None,
    )
    def _load(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
        # loaded_at is UTC to the second: every file of this run shares it
        loaded_at = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
        counts: dict[str, int] = {}

        def report(outcome) -> None:
            counts[outcome.status] = counts.get(outcome.status, 0) + 1
            if outcome.status == "unchanged":
                return
            line, refused = describe(outcome)
            if outcome.warning:
                line += f" ({outcome.warning})"
            # a duplicate's warning only names its twin: that is information, not trouble
            if (
                outcome.status == "quarantined"
                or refused
                or (outcome.warning and outcome.status != "duplicate")
            ):
                context.log.warning(line)
            else:
                context.log.info(line)

        with warehouse.connect() as con:
            if monthly:
                load(con, warehouse, loaded_at, report, run_window(context))
            else:
                load(con, warehouse, loaded_at, report)
            metadata = table_metadata(con, table)
        metadata.update({f"files_{status}": n for status, n in sorted(counts.items())})
        metadata["loaded_at"] = loaded_at.isoformat()
        return dg.MaterializeResult(metadata=metadata)

    return _load
