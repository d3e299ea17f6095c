"""The customs marts users query, one SQL file each under warehouse/marts/."""

from pipelines.defs.sql_table import SqlTable, sql_table_assets

MARTS = (
    SqlTable(
        "marts.fct_customs_trade",
        deps=(
            "staging.customs_trade",
            "staging.hs_vehicle_map",
            "staging.customs_breakdown_choice",
            "ref.partners",
        ),
        description=(
            "Every customs row present in the downloads. Breakdowns coexist: add up rows with "
            "is_total_basis (or of one breakdown) only."
        ),
        restaged_by_month=True,
    ),
    SqlTable(
        "marts.exports_by_destination",
        deps=("staging.vehicle_export_rows", "ref.partners"),
        description="Vehicle exports per month and destination (ISO 3166 alpha-3).",
        restaged_by_month=True,
    ),
    SqlTable(
        "marts.exports_by_province",
        deps=("staging.vehicle_export_rows", "ref.provinces"),
        description="Vehicle exports per month and province of registration (GB/T 2260).",
        restaged_by_month=True,
    ),
    SqlTable(
        "marts.exports_by_powertrain",
        deps=("staging.vehicle_export_rows",),
        description="Vehicle exports per month, vehicle class and powertrain.",
        restaged_by_month=True,
    ),
)

MART_TABLES = tuple(mart.table for mart in MARTS)

mart_assets = sql_table_assets(MARTS, group_name="marts")
