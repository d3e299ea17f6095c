"""GACC monthly release tables and industry series: landing files -> raw -> staging -> marts."""

from pipelines.defs.landing_loader import landing_loader_asset
from pipelines.defs.sql_table import SqlTable, sql_table_assets
from pipelines.lib.industry_loader import load_industry_landing
from pipelines.lib.release_loader import load_release_landing

GROUP = "releases"


release_raw_rows = landing_loader_asset(
    "raw.release_rows",
    lambda con, warehouse, loaded_at, on_file, window: load_release_landing(
        con, warehouse.landing, loaded_at, on_file=on_file, window=window
    ),
    group_name=GROUP,
    kinds={"duckdb", "html", "excel"},
    description=(
        "Data rows of every new GACC release table in landing/customs/releases (HTML pages, "
        ".xls/.xlsx bulletins), cells as printed; also writes raw.release_files, audit.loads "
        "and audit.quarantine (tables or rows that cannot be read with certainty). A month's "
        "run loads the tables of that month."
    ),
    monthly=True,
)

industry_raw_series = landing_loader_asset(
    "raw.industry_series",
    lambda con, warehouse, loaded_at, on_file: load_industry_landing(
        con, warehouse.landing, loaded_at, on_file=on_file
    ),
    group_name=GROUP,
    kinds={"duckdb", "csv"},
    description=(
        "Association and peer-exporter figures (CAAM, CPCA, JAMA, GACC annual) from "
        "landing/industry/*.csv, as read; bad rows go to audit.quarantine."
    ),
)


TABLES = (
    SqlTable(
        "staging.release_facts",
        deps=("raw.release_rows",),
        description="Every release figure in base units, one row per file, product and measure.",
    ),
    SqlTable(
        "staging.release_months_asof",
        deps=("staging.release_facts",),
        description=(
            "Month figures as known after each release file (vintage): published, derived "
            "from year-to-date figures, or a combined January-February period."
        ),
    ),
    SqlTable(
        "staging.release_national_monthly_asof",
        deps=("staging.release_months_asof",),
        description="National monthly rows (quantity, CNY, USD merged) at each vintage.",
    ),
    SqlTable(
        "staging.release_industry_series",
        deps=("raw.industry_series",),
        description="Industry figures typed; the newest file wins for a repeated figure.",
    ),
    SqlTable(
        "marts.national_monthly",
        deps=("staging.release_national_monthly_asof", "raw.release_rows"),
        description=(
            "GACC national exports per month and product in base units, from the latest "
            "release files; derived = true where computed from year-to-date figures."
        ),
    ),
    SqlTable(
        "marts.national_monthly_history",
        deps=("staging.release_national_monthly_asof",),
        description=(
            "Every vintage of national_monthly rows with the file and load time that brought "
            "it (valid_from / valid_to): what the warehouse said on any date."
        ),
    ),
    SqlTable(
        "marts.annual_exports",
        deps=("staging.release_facts", "marts.national_monthly"),
        description=(
            "GACC exports per year and product from December year-to-date figures (or twelve "
            "months), with the year-on-year change."
        ),
    ),
    SqlTable(
        "marts.exporter_comparison",
        deps=("marts.annual_exports", "staging.release_industry_series"),
        description="China's (GACC) and Japan's (JAMA) vehicle exports side by side per year.",
    ),
    SqlTable(
        "marts.source_bridge",
        deps=("marts.annual_exports", "staging.release_industry_series"),
        description="GACC against CAAM vehicle exports per year, with the gap and why.",
    ),
)

RELEASE_MART_TABLES = tuple(t.table for t in TABLES if t.table.startswith("marts."))

release_table_assets = sql_table_assets(TABLES, group_name=GROUP)
