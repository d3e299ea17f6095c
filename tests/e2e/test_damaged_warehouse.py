"""A damaged published warehouse: every command names it and says how to rebuild it."""

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

AUTOEXPORT = str(Path(sys.executable).with_name("autoexport"))
ADVICE = "rebuild it with build --full-refresh"


def _run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([AUTOEXPORT, *args], env=env, capture_output=True, text=True, timeout=600)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def healthy(tmp_path_factory, cli_hand) -> tuple[Path, Path]:
    """``hand_landing`` published by ``autoexport build`` (a copy of the run's one build,
    tests/conftest.py's ``cli_hand``)."""
    root = tmp_path_factory.mktemp("damaged")
    landing, warehouse = cli_hand.copy(root)
    return landing, warehouse.rename(root / "healthy.duckdb")


def _damaged(healthy, tmp_path: Path, how: str) -> tuple[dict, Path]:
    landing, source = healthy
    warehouse = tmp_path / "w.duckdb"
    shutil.copyfile(source, warehouse)
    if how == "truncated":  # a copy cut off half way
        os.truncate(warehouse, warehouse.stat().st_size // 2)
    elif how == "end cut off":  # only the last block lost: the catalog still reads
        os.truncate(warehouse, warehouse.stat().st_size - 300_000)
    else:  # overwritten with something else
        warehouse.write_bytes(b"not a database\n" * 1000)
    env = {
        **os.environ,
        "AUTOEXPORT_LANDING": str(landing),
        "AUTOEXPORT_WAREHOUSE": str(warehouse),
        "DAGSTER_HOME": str(tmp_path / "dagster"),
    }
    return env, warehouse


@pytest.mark.parametrize("how", ["truncated", "end cut off", "garbage"])
def test_reading_commands_exit_2_with_the_advice(healthy, tmp_path, how):
    env, warehouse = _damaged(healthy, tmp_path, how)
    before = _sha(warehouse)
    for args in (
        ["query", "select count(*) from marts.exports_by_destination"],
        ["check", "--out", str(tmp_path / "checks")],
        ["report", "--out", str(tmp_path / "report")],
        ["export", "--format", "csv", "--out", str(tmp_path / "export")],
    ):
        result = _run(args, env)
        assert result.returncode == 2, (args, result.stderr)
        [line] = result.stderr.splitlines()
        assert line.startswith("autoexport: the published warehouse is damaged ("), line
        assert line.endswith(ADVICE), line
        assert "Traceback" not in result.stdout + result.stderr
    assert _sha(warehouse) == before
    assert not (tmp_path / "export").exists() and not (tmp_path / "report").exists()


def test_build_refuses_in_a_few_lines_and_full_refresh_rebuilds(healthy, tmp_path):
    env, warehouse = _damaged(healthy, tmp_path, "truncated")
    before = _sha(warehouse)
    refused = _run(["build"], env)
    assert refused.returncode == 2
    assert ADVICE in refused.stderr and "is unchanged" in refused.stderr
    assert len((refused.stdout + refused.stderr).strip().splitlines()) <= 3
    assert _sha(warehouse) == before
    assert not warehouse.with_name(warehouse.name + ".build").exists()

    rebuilt = _run(["build", "--full-refresh"], env)
    assert rebuilt.returncode == 0, rebuilt.stderr
    answer = _run(["query", "select sum(vehicles) from marts.exports_by_powertrain"], env)
    assert answer.returncode == 0 and "180" in answer.stdout
