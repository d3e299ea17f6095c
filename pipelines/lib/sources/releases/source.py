"""GACC monthly release tables: landing/customs/releases/*.html|htm|xls|xlsx, parsed whole."""

from pipelines.lib.sources.releases.loader import (
    FILES_TABLE,
    RELEASE_PARSERS,
    RELEASES_FOLDER,
    load_release_landing,
    release_months,
)
from pipelines.lib.sources.source import Source, loads_by_window

SOURCE = Source(
    name="releases",
    folders=(RELEASES_FOLDER,),
    suffixes=tuple(RELEASE_PARSERS),
    raw_table="raw.release_rows",
    raw_tables=("raw.release_rows", "raw.release_files"),
    load=loads_by_window(load_release_landing),
    description=(
        "Data rows of every new GACC release table in landing/customs/releases (HTML pages, "
        ".xls/.xlsx bulletins), cells as printed; also writes raw.release_files, audit.loads "
        "and audit.quarantine (tables or rows that cannot be read with certainty). A month's "
        "run loads the tables of that month."
    ),
    kinds=frozenset({"duckdb", "html", "excel"}),
    group="releases",
    # the month the table reports (its title's, else its name's)
    months=release_months,
    files_table=FILES_TABLE,
)
