"""The overseas plant registry: landing/plants/*.csv|yaml|yml, kept by analysts as data."""

from pipelines.lib.sources.plants.loader import (
    FILES_TABLE,
    FORMAT_BY_SUFFIX,
    PLANTS_FOLDER,
    load_plants_landing,
)
from pipelines.lib.sources.source import Source, loads_every_file

SOURCE = Source(
    name="plants",
    folders=(PLANTS_FOLDER,),
    suffixes=tuple(FORMAT_BY_SUFFIX),
    raw_table="raw.plant_rows",
    raw_tables=("raw.plant_rows", "raw.plant_files"),
    load=loads_every_file(load_plants_landing),
    description=(
        "Vehicle plants of Chinese makers outside China from every new registry file in "
        "landing/plants/ (*.csv, *.yaml), as read; also writes raw.plant_files, audit.loads "
        "and audit.quarantine (rows without plant, maker or sources, bad country or capacity)."
    ),
    kinds=frozenset({"duckdb", "csv", "yaml"}),
    group="reference",
    files_table=FILES_TABLE,
    unit="plants",
)
