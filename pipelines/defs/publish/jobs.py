"""The job the CLI and schedules run: every asset and check, then publication."""

import dagster as dg

build_warehouse = dg.define_asset_job(
    "build_warehouse",
    selection=dg.AssetSelection.all(),
    description="Ingest what is new in the landing folder, rebuild staging and marts, publish.",
)
