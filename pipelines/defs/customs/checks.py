"""Checks on the customs ingestion: warnings that point at suspect downloads."""

from pipelines.defs.sql_check import sql_file_check

truncated_downloads = sql_file_check(
    "truncated_downloads",
    "raw.customs_rows",
    "Downloads with exactly 10,000 data rows, the platform's silent cap: probably cut.",
)

duplicate_keys_within_file = sql_file_check(
    "duplicate_keys_within_file",
    "staging.customs_lines",
    "A key that appears twice in one download (the platform never writes that).",
)
