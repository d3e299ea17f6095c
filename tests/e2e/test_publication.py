"""Atomic publication, proven with real processes: readers, kill -9 and concurrent builds."""

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from tests.conftest import SAMPLE_LANDING
from tests.gacc_files import ZH_FULL, write_download

AUTOEXPORT = str(Path(sys.executable).with_name("autoexport"))
VEHICLES_SQL = "select sum(vehicles) from marts.exports_by_powertrain"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _vehicles(warehouse: Path) -> int:
    con = duckdb.connect(warehouse.as_posix(), read_only=True)
    try:
        return con.execute(VEHICLES_SQL).fetchone()[0]
    finally:
        con.close()


def _big_download(landing: Path, rows: int = 300_000) -> None:
    """A large download, so that a build runs long enough to be caught in the middle."""
    hs = ["87032341", "87038000", "87036011", "87034011", "87042100", "87089990"]
    partners = ["344", "429", "138", "136", "301", "601", "303", "312", "410", "137"]
    provinces = ["11", "22", "31", "32", "33", "34", "37", "44", "50", "61"]
    modes = ["10", "19", "33", "34"]
    lines, i = [], 0
    while len(lines) < rows:
        h, p, v, m = (
            hs[i % 6],
            partners[i // 6 % 10],
            provinces[i // 60 % 10],
            modes[i // 600 % 4],
        )
        month = 1 + i // 2400 % 12
        year = 2010 + i // 28800
        lines.append(
            # one vehicle at 150,000 yuan: inside every suite's unit-value band
            [f"{year}{month:02d}", h, "x", p, "p", m, "m", v, "r", "1", "辆", "?", "千克", "150000"]
        )
        i += 1
    write_download(landing / "customs/exports/big.csv", ["数据年月", *ZH_FULL, "人民币"], lines)


def _env(tmp_path: Path, landing: Path) -> dict:
    return {
        **os.environ,
        "AUTOEXPORT_LANDING": str(landing),
        "AUTOEXPORT_WAREHOUSE": str(tmp_path / "w.duckdb"),
        "DAGSTER_HOME": str(tmp_path / "dagster"),
    }


def _build(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [AUTOEXPORT, "build"], env=env, capture_output=True, text=True, timeout=600
    )


@pytest.fixture
def published(tmp_path, cli_hand):
    """A warehouse published from the hand-made June 2025 landing: 180 vehicles (a copy of the
    run's one `autoexport build` of it, with its Dagster home: tests/conftest.py's ``cli_hand``).
    """
    landing, warehouse = cli_hand.copy(tmp_path)
    warehouse.rename(tmp_path / "w.duckdb")
    env = _env(tmp_path, landing)
    assert _vehicles(tmp_path / "w.duckdb") == 180
    return env, landing, tmp_path / "w.duckdb"


READER = textwrap.dedent(
    """
    import sys, duckdb
    sql, path = sys.argv[1], sys.argv[2]
    con = duckdb.connect(path, read_only=True)
    print("before", con.execute(sql).fetchone()[0], flush=True)
    sys.stdin.readline()  # the build ran meanwhile
    print("same connection", con.execute(sql).fetchone()[0], flush=True)
    con.close()
    con = duckdb.connect(path, read_only=True)
    print("new connection", con.execute(sql).fetchone()[0], flush=True)
    """
)


def test_a_reader_keeps_working_during_a_build_and_sees_new_data_when_it_reconnects(published):
    env, landing, warehouse = published
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, VEHICLES_SQL, str(warehouse)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout.readline().split() == ["before", "180"]
        shutil.copytree(SAMPLE_LANDING / "customs", landing / "customs", dirs_exist_ok=True)
        result = _build(env)  # the reader holds its read-only connection all along
        assert result.returncode == 0, result.stderr
        out, _ = reader.communicate("go\n", timeout=60)
    finally:
        reader.kill()
    lines = [line.split() for line in out.splitlines()]
    assert lines[0] == ["same", "connection", "180"]
    assert lines[1][:2] == ["new", "connection"] and int(lines[1][2]) > 180


def test_kill_9_mid_build_leaves_the_published_file_intact(published):
    env, landing, warehouse = published
    before = _sha(warehouse)
    _big_download(landing)
    build = subprocess.Popen([AUTOEXPORT, "build"], env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)  # fmt: skip
    build_file = warehouse.with_name(warehouse.name + ".build")
    deadline = time.monotonic() + 120
    while not build_file.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1.0)  # well inside loading the large file
    assert build.poll() is None, "the build ended before it could be killed"
    os.kill(build.pid, signal.SIGKILL)
    build.wait()

    assert _sha(warehouse) == before
    assert _vehicles(warehouse) == 180
    # the next build starts afresh from the published file and publishes
    assert _build(env).returncode == 0
    assert _vehicles(warehouse) > 180


def test_two_builds_at_once_one_publishes_and_the_other_fails_clearly(published):
    env, landing, warehouse = published
    _big_download(landing)
    first = subprocess.Popen([AUTOEXPORT, "build"], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)  # fmt: skip
    build_file = warehouse.with_name(warehouse.name + ".build")
    while not build_file.exists() and first.poll() is None:
        time.sleep(0.05)
    second = _build(env)
    first_out, first_err = first.communicate(timeout=600)

    assert first.returncode == 0, first_err
    assert second.returncode == 1
    assert "another build" in second.stderr
    con = duckdb.connect(warehouse.as_posix(), read_only=True)
    try:
        [(rows, loads)] = con.execute(
            "select (select count(*) from raw.customs_rows), (select count(*) from audit.loads)"
        ).fetchall()
    finally:
        con.close()
    assert rows == 300_000 + 4 + 4 + 3 + 5 and loads == 5


def _cli_runs(dagster_home: str, warehouse: Path) -> list:
    import dagster as dg

    from pipelines.app.build_runner import CLI_BUILD_TAG

    instance = dg.DagsterInstance.from_config(dagster_home)
    try:
        return instance.get_runs(filters=dg.RunsFilter(tags={CLI_BUILD_TAG: str(warehouse)}))
    finally:
        instance.dispose()


def test_a_killed_builds_run_is_marked_failed_when_the_next_build_starts(published):
    import dagster as dg

    env, landing, warehouse = published
    _big_download(landing)
    known = {run.run_id for run in _cli_runs(env["DAGSTER_HOME"], warehouse)}
    build = subprocess.Popen([AUTOEXPORT, "build"], env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)  # fmt: skip
    deadline, started = time.monotonic() + 120, []
    while not started and time.monotonic() < deadline and build.poll() is None:
        started = [
            run
            for run in _cli_runs(env["DAGSTER_HOME"], warehouse)
            if run.run_id not in known and run.status == dg.DagsterRunStatus.STARTED
        ]
        time.sleep(0.1)
    assert started and build.poll() is None, "the build's run was not caught running"
    os.kill(build.pid, signal.SIGKILL)
    build.wait()
    [killed] = started
    # nobody recorded its end: without help it would stay STARTED for ever
    [(status)] = [
        r.status for r in _cli_runs(env["DAGSTER_HOME"], warehouse) if r.run_id == killed.run_id
    ]
    assert status == dg.DagsterRunStatus.STARTED

    assert _build(env).returncode == 0
    runs = {r.run_id: r.status for r in _cli_runs(env["DAGSTER_HOME"], warehouse)}
    assert runs[killed.run_id] == dg.DagsterRunStatus.FAILURE
    # the build that found it succeeded; no run of this warehouse is left unfinished
    assert sorted(runs.values(), key=str).count(dg.DagsterRunStatus.SUCCESS) == len(known) + 1
    assert dg.DagsterRunStatus.STARTED not in runs.values()


def test_dagster_telemetry_is_off_in_the_cli_instance(published):
    env, _, _ = published
    dagster_home = Path(env["DAGSTER_HOME"])
    import dagster as dg

    instance = dg.DagsterInstance.from_config(str(dagster_home))
    try:
        assert instance.telemetry_enabled is False
    finally:
        instance.dispose()
    # Dagster writes its event log to .telemetry only when telemetry is on
    assert not (dagster_home / ".telemetry").exists()
