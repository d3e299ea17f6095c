"""Association and peer-exporter series: landing/industry/*.csv, one figure a row."""

from pipelines.lib.sources.industry.loader import INDUSTRY_FOLDER, load_industry_landing
from pipelines.lib.sources.source import Source, loads_every_file

SOURCE = Source(
    name="industry",
    folders=(INDUSTRY_FOLDER,),
    suffixes=(".csv",),
    raw_table="raw.industry_series",
    raw_tables=("raw.industry_series",),
    load=loads_every_file(load_industry_landing),
    description=(
        "Association and peer-exporter figures (CAAM, CPCA, JAMA, GACC annual) from "
        "landing/industry/*.csv, as read; bad rows go to audit.quarantine."
    ),
    kinds=frozenset({"duckdb", "csv"}),
    group="releases",  # beside the releases, the figures they are compared with
)
