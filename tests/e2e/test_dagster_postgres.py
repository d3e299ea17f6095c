"""Dagster's instance on PostgreSQL: the daemon's queue runs sensor-triggered builds one at a time.

A real PostgreSQL server on 127.0.0.1 (tests/postgres_server.py) holds the instance;
DAGSTER_HOME gets deploy/dagster-postgres.yaml as its dagster.yaml, as the README's recipe
says. The landing sensor is started with `dagster sensor start`, `dagster-daemon run` ticks it
(a sensor with no tick yet is evaluated at once, whatever its interval), the sensor asks for one
run per month of the landing folder, the runs wait in the queue and the daemon launches them,
one at a time. The runs, their asset-check results and the sensor's state are then read back
from PostgreSQL, through Dagster and through psql.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from tests.conftest import REPO, hand_landing
from tests.gacc_files import ZH_PARTNER, write_download
from tests.postgres_server import postgres_server

BIN = Path(sys.executable).parent
DAEMON_DEADLINE_SECONDS = 240
# the README's recipe, line by line (test_the_readme_recipe_is_the_one_tested checks it)
RECIPE = [
    'cp deploy/dagster-postgres.yaml "$DAGSTER_HOME/dagster.yaml"',
    "dagster sensor start landing_sensor -m pipelines.definitions",
    "dagster-daemon run -m pipelines.definitions",
]


@pytest.fixture(scope="module")
def postgres():
    with postgres_server() as server:
        yield server


def _landing(root: Path) -> Path:
    landing = hand_landing(root)  # June 2025
    row = ["'87038000", "纯电动乘用车", "344", "俄罗斯联邦", "70", "辆", "?", "千克", "700,000"]
    write_download(
        landing / "customs" / "exports" / "exports_202507_partner_cny.csv",
        [*ZH_PARTNER, "人民币"],
        [row],
    )
    return landing


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)


def test_the_daemon_runs_sensor_requests_one_at_a_time_with_history_in_postgres(
    postgres, tmp_path, monkeypatch
):
    postgres.create_database("dagster")
    dagster_home = tmp_path / "dagster"
    dagster_home.mkdir()
    shutil.copyfile(REPO / "deploy" / "dagster-postgres.yaml", dagster_home / "dagster.yaml")
    warehouse = tmp_path / "warehouse.duckdb"
    env = {
        **os.environ,
        "DAGSTER_HOME": str(dagster_home),
        "AUTOEXPORT_DAGSTER_POSTGRES": postgres.dsn("dagster").replace(
            "postgresql://", "postgresql+psycopg2://"
        ),
        "AUTOEXPORT_LANDING": str(_landing(tmp_path / "landing")),
        "AUTOEXPORT_WAREHOUSE": str(warehouse),
    }
    for name in ("DAGSTER_HOME", "AUTOEXPORT_DAGSTER_POSTGRES"):
        monkeypatch.setenv(name, env[name])

    started = subprocess.run(
        [str(BIN / "dagster"), "sensor", "start", "landing_sensor", "-m", "pipelines.definitions"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert started.returncode == 0, started.stderr
    # the sensor's state is in PostgreSQL already, before any daemon ran
    assert postgres.psql(
        "dagster",
        "select instigator_type, status from instigators "
        """where instigator_body like '%"job_name": "landing_sensor"%'""",
    ) == [["SENSOR", "RUNNING"]]

    log = (tmp_path / "daemon.log").open("w")
    daemon = subprocess.Popen(
        [str(BIN / "dagster-daemon"), "run", "-m", "pipelines.definitions"],
        env=env,
        cwd=tmp_path,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # so that its code server and runs stop with it
    )
    began = time.monotonic()
    try:
        with dg.DagsterInstance.from_config(str(dagster_home)) as instance:
            runs = _wait_for_two_finished_runs(instance, daemon, tmp_path / "daemon.log")
            seconds = time.monotonic() - began
            _assert_runs(instance, runs, postgres)
    finally:
        _stop(daemon)
        log.close()
    print(f"daemon: two sensor-triggered builds finished {seconds:.0f} s after it started")

    # both months were built into the one warehouse, one after the other
    con = duckdb.connect(warehouse.as_posix(), read_only=True)
    try:
        months = con.execute(
            "select strftime(period, '%Y-%m'), sum(value_cny) from marts.fct_customs_trade "
            "where hs_code = '87038000' and breakdown = 'commodity+partner' "
            "group by 1 order by 1"
        ).fetchall()
    finally:
        con.close()
    # June: Russia 1,000,000 + Mexico 600,000 (hand_landing); July: the 700,000 above
    assert months == [("2025-06", 1_600_000), ("2025-07", 700_000)]
    # nothing went to SQLite beside dagster.yaml: the history is in PostgreSQL
    assert not list(dagster_home.rglob("*.db"))


def _wait_for_two_finished_runs(instance, daemon, log: Path) -> list:
    deadline = time.monotonic() + DAEMON_DEADLINE_SECONDS
    while time.monotonic() < deadline:
        assert daemon.poll() is None, "dagster-daemon stopped:\n" + log.read_text()[-4000:]
        runs = instance.get_runs()
        if len(runs) >= 2 and all(run.is_finished for run in runs):
            return runs
        time.sleep(2)
    states = [(run.tags.get("dagster/partition"), run.status) for run in instance.get_runs()]
    pytest.fail(
        f"no two finished runs within {DAEMON_DEADLINE_SECONDS} s: {states}\n"
        + log.read_text()[-4000:]
    )


def _assert_runs(instance: dg.DagsterInstance, runs: list, postgres) -> None:
    assert type(instance.run_storage).__name__ == "PostgresRunStorage"
    assert type(instance.run_coordinator).__name__ == "QueuedRunCoordinator"
    assert {run.tags["dagster/partition"] for run in runs} == {"2025-06", "2025-07"}
    for run in runs:
        assert run.status == dg.DagsterRunStatus.SUCCESS, run.run_id
        assert run.tags["dagster/sensor_name"] == "landing_sensor"
        assert run.job_name == "build_warehouse"
    # queued, then launched one at a time: the second started after the first ended
    windows = sorted(
        (stats.start_time, stats.end_time)
        for stats in (instance.get_run_stats(run.run_id) for run in runs)
    )
    assert windows[0][1] <= windows[1][0], windows
    for run in runs:
        events = [
            record.dagster_event.event_type_value
            for record in instance.all_logs(run.run_id)
            if record.dagster_event is not None
        ]
        enqueued = events.index(dg.DagsterEventType.RUN_ENQUEUED)
        assert enqueued < events.index(dg.DagsterEventType.RUN_STARTING)

    # the check results of each run, from Dagster's event log in PostgreSQL
    for run in runs:
        evaluations = [
            record.dagster_event.event_specific_data
            for record in instance.all_logs(
                run.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION
            )
        ]
        assert len(evaluations) >= 10, run.run_id
        blocking = [e for e in evaluations if e.severity == dg.AssetCheckSeverity.ERROR]
        assert blocking and all(e.passed for e in blocking)
    # and the same rows through psql, straight from the database's tables
    run_ids = sorted(run.run_id for run in runs)
    assert [
        row[0] for row in postgres.psql("dagster", "select run_id from runs order by run_id")
    ] == run_ids
    in_pg = postgres.psql(
        "dagster",
        "select run_id, count(*) from asset_check_executions "
        "where execution_status = 'SUCCEEDED' group by run_id order by run_id",
    )
    assert [row[0] for row in in_pg] == run_ids
    assert all(int(count) >= 10 for _, count in in_pg)


def test_the_readme_recipe_is_the_one_tested():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- recipe: dagster-postgres -->\n```[a-z]*\n(.*?)```", readme, re.S)
    assert block, "README: the dagster-postgres recipe block is missing"
    lines = [line.strip() for line in block.group(1).splitlines()]
    for command in RECIPE:
        assert command in lines, command
    assert any(line.startswith("export AUTOEXPORT_DAGSTER_POSTGRES=") for line in lines)
