"""The customs marts users query, one SQL file each under warehouse/marts/."""

from pipelines.defs.sql_table import sql_table_asset

fct_customs_trade = sql_table_asset(
    "marts.fct_customs_trade",
    ["marts/fct_customs_trade.sql"],
    deps=[
        "staging.customs_trade",
        "staging.hs_vehicle_map",
        "staging.customs_breakdown_choice",
        "ref.partners",
    ],
    group_name="marts",
    description=(
        "Every customs row present in the downloads. Breakdowns coexist: add up rows with "
        "is_total_basis (or of one breakdown) only."
    ),
)

exports_by_destination = sql_table_asset(
    "marts.exports_by_destination",
    ["marts/exports_by_destination.sql"],
    deps=["staging.vehicle_export_rows", "ref.partners"],
    group_name="marts",
    description="Vehicle exports per month and destination (ISO 3166 alpha-3).",
)

exports_by_province = sql_table_asset(
    "marts.exports_by_province",
    ["marts/exports_by_province.sql"],
    deps=["staging.vehicle_export_rows", "ref.provinces"],
    group_name="marts",
    description="Vehicle exports per month and province of registration (GB/T 2260).",
)

exports_by_powertrain = sql_table_asset(
    "marts.exports_by_powertrain",
    ["marts/exports_by_powertrain.sql"],
    deps=["staging.vehicle_export_rows"],
    group_name="marts",
    description="Vehicle exports per month, vehicle class and powertrain.",
)

MART_TABLES = (
    "marts.fct_customs_trade",
    "marts.exports_by_destination",
    "marts.exports_by_province",
    "marts.exports_by_powertrain",
)
