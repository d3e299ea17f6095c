"""GACC query downloads: landing files -> raw.customs_rows -> staging.* tables."""

from pipelines.defs.landing_loader import landing_loader_asset
from pipelines.defs.sql_table import SqlTable, sql_table_assets
from pipelines.lib.customs_loader import load_customs_landing

customs_raw_rows = landing_loader_asset(
    "raw.customs_rows",
    lambda con, warehouse, loaded_at, on_file: load_customs_landing(
        con, warehouse.landing, loaded_at, warehouse.warehouse.parent, on_file=on_file
    ),
    group_name="customs",
    kinds={"duckdb", "csv"},
    description=(
        "Rows of every new GACC query download in landing/customs/exports and /imports, as "
        "read; also writes raw.customs_files, audit.loads and file-level audit.quarantine."
    ),
)


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
