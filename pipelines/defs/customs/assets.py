"""GACC query downloads: landing files -> raw.customs_rows -> staging.* tables."""

import datetime as dt

import dagster as dg

from pipelines.defs.resources import WarehouseResource
from pipelines.defs.sql_table import OWNERS, SqlTable, sql_table_assets, table_key, table_metadata
from pipelines.lib.customs_loader import load_customs_landing


@dg.asset(
    key=table_key("raw.customs_rows"),
    group_name="customs",
    kinds={"duckdb", "csv"},
    owners=OWNERS,
    description=(
        "Rows of every new GACC query download in landing/customs/exports and /imports, as "
        "read; also writes raw.customs_files, audit.loads and file-level audit.quarantine."
    ),
)
def customs_raw_rows(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    loaded_at = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    counts: dict[str, int] = {}

    def report(outcome) -> None:
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
        if outcome.status == "unchanged":
            return
        line = f"{outcome.source_file}: {outcome.status}, {outcome.rows_loaded} rows"
        if outcome.rows_quarantined:
            line += f", {outcome.rows_quarantined} quarantined"
        if outcome.warning:
            line += f" ({outcome.warning})"
        if outcome.status == "quarantined" or (outcome.warning and "cut" in outcome.warning):
            context.log.warning(line)
        else:
            context.log.info(line)

    with warehouse.connect() as con:
        load_customs_landing(
            con, warehouse.landing, loaded_at, warehouse.warehouse.parent, on_file=report
        )
        metadata = table_metadata(con, "raw.customs_rows")
    metadata.update({f"files_{status}": n for status, n in sorted(counts.items())})
    metadata["loaded_at"] = loaded_at.isoformat()
    return dg.MaterializeResult(metadata=metadata)


STAGING = (
    SqlTable(
        "staging.customs_lines",
        sql_files=(
            "staging/customs_lines.sql",
            "audit/quarantine_staging_rows.sql",
            "audit/loads_row_counts.sql",
        ),
        deps=("raw.customs_rows", "ref.units", "ref.partners", "ref.provinces"),
        description=(
            "Typed customs rows with the reason each refused row is refused; refused rows are "
            "written to audit.quarantine and counted in audit.loads."
        ),
    ),
    SqlTable(
        "staging.customs_trade",
        deps=("staging.customs_lines",),
        description="Revisions resolved; CNY and USD downloads of a slice merged into one row.",
    ),
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
    ),
)

staging_assets = sql_table_assets(STAGING, group_name="customs")
