"""The loader asset of every landing source (pipelines/lib/sources/registry.py), logging each
file's outcome; and the monthly partitions of the assets that load and stage monthly data.
"""

import datetime as dt

import dagster as dg

from pipelines.defs.resources import WarehouseResource
from pipelines.defs.sql_table import OWNERS, table_key, table_metadata
from pipelines.lib.load_audit import FileOutcome, Window
from pipelines.lib.periods import BUILD_TIMEZONE_NAME
from pipelines.lib.sources.registry import SOURCES
from pipelines.lib.sources.source import Source

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


def describe_rows(outcome: FileOutcome, unit: str = "rows") -> tuple[str, int]:
    """What a file's outcome reports: a line, and how many of its rows were refused."""
    line = f"{outcome.source_file}: {outcome.status}, {outcome.rows_loaded} {unit}"
    if outcome.rows_quarantined:
        line += f", {outcome.rows_quarantined} quarantined"
    return line, outcome.rows_quarantined


def landing_loader_asset(source: Source) -> dg.AssetsDefinition:
    """The asset that runs a source's loader over the landing folder and reports each file.

    Quarantines and warnings go to the run log as warnings; metadata counts files per status
    (``files_<status>``, which the build summary adds up) and records the load time.
    A monthly source's asset is partitioned by MONTHLY and loads only the files of the run's
    months.
    """
    table = source.raw_table

    @dg.asset(
        key=table_key(table),
        group_name=source.group,
        kinds=set(source.kinds),
        owners=OWNERS,
        description=source.description,
        partitions_def=MONTHLY if source.monthly else None,
        backfill_policy=SINGLE_RUN if source.monthly else None,
    )
    def _load(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
        # loaded_at is UTC to the second: every file of this run shares it
        loaded_at = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
        counts: dict[str, int] = {}

        def report(outcome: FileOutcome) -> None:
            counts[outcome.status] = counts.get(outcome.status, 0) + 1
            if outcome.status == "unchanged":
                return
            line, refused = describe_rows(outcome, source.unit)
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

        window = run_window(context) if source.monthly else None
        with warehouse.connect() as con:
            # scratch space beside the warehouse (customs writes its transcoded batches there)
            source.load(
                con, warehouse.landing, loaded_at, warehouse.warehouse.parent, report, window
            )
            metadata = table_metadata(con, table)
        metadata.update({f"files_{status}": n for status, n in sorted(counts.items())})
        metadata["loaded_at"] = loaded_at.isoformat()
        return dg.MaterializeResult(metadata=metadata)

    return _load


# one loader asset per landing source: no list here names them
landing_loader_assets = [landing_loader_asset(source) for source in SOURCES]
