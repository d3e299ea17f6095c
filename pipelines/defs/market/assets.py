"""Market context on top of the customs marts: overseas plants, NEV share by region, signals."""

from pipelines.defs.sql_table import SqlTable, sql_table_assets

GROUP = "market"

SQL_TABLES = (
    SqlTable(
        "marts.plant_export_effects",
        deps=(
            "ref.overseas_plants",
            "ref.partners",
            "staging.vehicle_export_rows",
            "marts.exports_by_destination",
        ),
        description=(
            "Per overseas plant with an opening month: vehicle exports to its country in the 12 "
            "months before and after opening, powertrain mix of each window, and the trend "
            "before. NULL where a window has uncovered months. Correlation in time, not effect."
        ),
    ),
    SqlTable(
        "marts.nev_share_by_region",
        deps=("staging.vehicle_export_rows", "ref.partners", "ref.partner_regions"),
        description=(
            "Per destination region and month: vehicles, BEV and PHEV vehicles and the NEV "
            "share (BEV + PHEV over all vehicles, powertrain-unknown ones included)."
        ),
    ),
    SqlTable(
        "marts.market_signals",
        deps=("marts.exports_by_destination",),
        description=(
            "Per destination and month: year-on-year growth, 3-month trend, rank and rank "
            "change, unit value per vehicle and flags for unusual unit values (docs/market.md)."
        ),
    ),
)

MARKET_MARTS = tuple(t.table for t in SQL_TABLES)

market_sql_assets = sql_table_assets(SQL_TABLES, group_name=GROUP)
