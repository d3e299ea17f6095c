"""Policy documents: landing/policy/**/*.html|htm (pages) and *.json|yaml|yml (registries)."""

from pipelines.lib.sources.policy.loader import (
    FILES_TABLE,
    FORMAT_BY_SUFFIX,
    POLICY_FOLDER,
    load_policy_landing,
)
from pipelines.lib.sources.source import Source, loads_every_file

SOURCE = Source(
    name="policy",
    folders=(POLICY_FOLDER,),
    suffixes=tuple(FORMAT_BY_SUFFIX),
    raw_table="raw.policy_documents",
    raw_tables=("raw.policy_documents", "raw.policy_files", "raw.policy_measures"),
    load=loads_every_file(load_policy_landing),
    description=(
        "Policy documents of every new page (*.html) and registry (*.json, *.yaml) in "
        "landing/policy/, as read; also writes raw.policy_files, raw.policy_measures, "
        "audit.loads and audit.quarantine."
    ),
    kinds=frozenset({"duckdb", "html", "yaml"}),
    group="policy",
    files_table=FILES_TABLE,
    unit="documents",
    recursive=True,
)
