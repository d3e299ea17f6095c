"""GACC monthly release tables and industry series: landing files -> raw tables (their staging
and marts are assets of their SQL files, pipelines/defs/sql_table.py)."""

from pipelines.defs.landing_loader import landing_loader_asset
from pipelines.lib.sources.industry.loader import load_industry_landing
from pipelines.lib.sources.releases.loader import load_release_landing

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
