"""Assets that load one kind of landing file into raw tables, logging each file's outcome."""

import datetime as dt
from collections.abc import Callable

import dagster as dg
import duckdb

from pipelines.defs.resources import WarehouseResource
from pipelines.defs.sql_table import OWNERS, table_key, table_metadata

# load(con, warehouse, loaded_at, on_file): a lib loader bound to the resource's paths
Loader = Callable[[duckdb.DuckDBPyConnection, WarehouseResource, dt.datetime, Callable], object]


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
) -> dg.AssetsDefinition:
    """An asset that runs ``load`` over the landing folder and reports each file's outcome.

    Quarantines and warnings go to the run log as warnings; metadata counts files per status
    (``files_<status>``, which the build summary adds up) and records the load time.
    """

    @dg.asset(
        key=table_key(table),
        group_name=group_name,
        kinds=kinds,
        owners=OWNERS,
        description=description,
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
            load(con, warehouse, loaded_at, report)
            metadata = table_metadata(con, table)
        metadata.update({f"files_{status}": n for status, n in sorted(counts.items())})
        metadata["loaded_at"] = loaded_at.isoformat()
        return dg.MaterializeResult(metadata=metadata)

    return _load
