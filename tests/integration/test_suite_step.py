"""Every expectation suite of a build runs in one Dagster step (one GX checkpoint), and a run
that selects some of them runs only those, each still its own check."""

import shutil

import dagster as dg

from pipelines.app.build_runner import build_definitions
from pipelines.defs.resources import WarehouseResource
from pipelines.defs.sql_table import table_key
from pipelines.defs.validation.suites import CHECK_NAME
from pipelines.lib.build_session import BUILD_JOB
from pipelines.lib.gx_suites import load_suites


def test_the_build_runs_every_suite_in_one_step():
    definitions = build_definitions()
    job = definitions.resolve_job_def(BUILD_JOB)
    steps = [name for name in job.graph.node_dict if name.startswith("expectation_suites")]
    # Dagster splits a multi_asset_check whose checks' tables wait on each other's verdicts
    assert steps == ["expectation_suites"]
    graph = definitions.resolve_asset_graph()
    suites = {k for k in graph.asset_check_keys if k.name == CHECK_NAME}
    assert suites == {dg.AssetCheckKey(table_key(s.table), CHECK_NAME) for s in load_suites()}


def test_a_run_selecting_two_suites_runs_only_those(run_sample, tmp_path):
    warehouse = tmp_path / "w.duckdb"
    shutil.copyfile(run_sample.settings.warehouse, warehouse)
    selected = [
        dg.AssetCheckKey(table_key("marts.policy_documents"), CHECK_NAME),
        dg.AssetCheckKey(table_key("staging.customs_trade"), CHECK_NAME),
    ]
    job = dg.define_asset_job("two_suites", selection=dg.AssetSelection.checks(*selected))
    result = (
        dg.Definitions.merge(build_definitions(), dg.Definitions(jobs=[job]))
        .resolve_job_def("two_suites")
        .execute_in_process(
            instance=dg.DagsterInstance.ephemeral(),
            resources={
                "warehouse": WarehouseResource(
                    landing_dir=str(run_sample.landing), warehouse_path=str(warehouse)
                )
            },
        )
    )
    evaluations = result.get_asset_check_evaluations()
    assert sorted((e.asset_key, e.check_name) for e in evaluations) == sorted(
        (k.asset_key, k.name) for k in selected
    )
    by_table = {".".join(e.asset_key.path): e for e in evaluations}
    documents = by_table["marts.policy_documents"]
    assert documents.passed and documents.severity == dg.AssetCheckSeverity.ERROR
    expectations = len(next(s for s in load_suites() if s.table == "marts.policy_documents")
                       .document["expectations"])  # fmt: skip
    assert documents.metadata["expectations"].value == expectations
    assert documents.metadata["expectations_failed"].value == 0
    customs = by_table["staging.customs_trade"]
    assert customs.severity == dg.AssetCheckSeverity.WARN  # not blocking
    assert customs.metadata["expectations"].value > 0
