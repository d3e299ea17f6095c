"""GACC query downloads: landing/customs/exports|imports/*.csv, read a batch at a time by DuckDB."""

from pipelines.lib.sources.customs.file import customs_months
from pipelines.lib.sources.customs.loader import FILES_TABLE, FLOW_FOLDERS, load_customs_landing
from pipelines.lib.sources.source import Source

SOURCE = Source(
    name="customs",
    folders=tuple(folder for _, folder in FLOW_FOLDERS),
    suffixes=(".csv",),
    raw_table="raw.customs_rows",
    raw_tables=("raw.customs_rows", "raw.customs_files"),
    load=load_customs_landing,
    description=(
        "Rows of every new GACC query download in landing/customs/exports and /imports, as "
        "read; also writes raw.customs_files, audit.loads and file-level audit.quarantine. "
        "A month's run loads the downloads of that month (and files with no month, refused)."
    ),
    kinds=frozenset({"duckdb", "csv"}),
    group="customs",
    # the month in its name, or the months of its period column
    months=customs_months,
    files_table=FILES_TABLE,
)
