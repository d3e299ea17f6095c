"""Runs launched from the UI, the sensor or the schedule take the same build lock as the CLI."""

import dagster as dg

from pipelines.app.build_runner import build_definitions
from pipelines.defs.resources import WarehouseResource
from pipelines.lib.build_file import build_lock, build_path
from pipelines.lib.build_session import BUILD_JOB
from tests.conftest import fetch, hand_landing


def _run(landing, warehouse, partition_key=None, lock_wait_seconds=0.0):
    job = build_definitions().resolve_job_def(BUILD_JOB)
    resource = WarehouseResource(
        landing_dir=str(landing),
        warehouse_path=str(warehouse),
        manage_build=True,  # what the code location's resource does for UI/sensor runs
        lock_wait_seconds=lock_wait_seconds,
    )
    return job.execute_in_process(
        partition_key=partition_key,
        instance=dg.DagsterInstance.ephemeral(),
        resources={"warehouse": resource},
        raise_on_error=False,
    )


def test_a_ui_run_publishes_and_leaves_no_build_file(tmp_path):
    landing = hand_landing(tmp_path / "landing")
    warehouse = tmp_path / "w.duckdb"
    result = _run(landing, warehouse, partition_key="2025-06")
    assert result.success
    assert not build_path(warehouse).exists()
    assert fetch(warehouse, "select sum(vehicles) from marts.exports_by_destination") == [(180,)]


def test_a_ui_run_fails_clearly_while_a_cli_build_holds_the_lock(tmp_path):
    landing = hand_landing(tmp_path / "landing")
    warehouse = tmp_path / "w.duckdb"
    with build_lock(warehouse):
        result = _run(landing, warehouse, partition_key="2025-06", lock_wait_seconds=1.0)
    assert not result.success
    assert not warehouse.exists()  # nothing published
    assert not build_path(warehouse).exists()  # and the CLI build's file was not touched
    [failure] = [e for e in result.all_events if e.event_type_value == "RESOURCE_INIT_FAILURE"]
    assert "another build of" in failure.event_specific_data.error.message
