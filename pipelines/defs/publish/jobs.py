"""The job the CLI and schedules run: every asset and check, then publication."""

import dagster as dg

from pipelines.lib.build_session import BUILD_JOB

build_warehouse = dg.define_asset_job(
    BUILD_JOB,
    selection=dg.AssetSelection.all(),
    description="Ingest what is new in the landing folder, rebuild staging and marts, publish.",
)
