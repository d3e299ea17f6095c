"""`autoexport check` and `autoexport build` as users run them: one line per check, Data Docs,
audit.check_results beside the warehouse; a violating download exits 1 and publishes nothing."""

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipelines.defs.validation.reconciliations import RECONCILIATIONS
from pipelines.lib.gx_suites import load_suites
from tests.conftest import fetch
from tests.gacc_files import ZH_PARTNER, write_download

AUTOEXPORT = str(Path(sys.executable).with_name("autoexport"))


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([AUTOEXPORT, *args], env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def published(tmp_path_factory, cli_sample):
    """The bundled sample built and published by ``autoexport build`` (a copy of the run's one
    build, tests/conftest.py's ``cli_sample``)."""
    root = tmp_path_factory.mktemp("check_cli")
    landing, warehouse = cli_sample.copy(root)
    env = {
        **os.environ,
        "AUTOEXPORT_LANDING": str(landing),
        "AUTOEXPORT_WAREHOUSE": str(warehouse),
        "DAGSTER_HOME": str(root / "dagster"),
    }
    return env, landing, warehouse


def test_check_prints_one_line_per_check_and_writes_data_docs_and_results(published):
    env, _, warehouse = published
    before = _sha(warehouse)
    result = _run(env, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    checks = [line for line in lines if line.count("  ") >= 3]
    for spec in load_suites():
        line = f"expectation_suite  {spec.table}  passed  "
        assert any(c.startswith(line) for c in checks), spec.table
    for reconciliation in RECONCILIATIONS:
        assert any(
            c.startswith(f"{reconciliation.name}  {reconciliation.table}  passed") for c in checks
        )
    assert "fct_customs_trade_grain  marts.fct_customs_trade  passed  offending_rows=0" in lines
    # a warning of the sample is shown as such: the download reconciliation (partial downloads);
    # the sample's 8708 parts rows no longer warn, 8708 being no vehicle heading (#18)
    assert (
        "national_monthly_vs_customs_downloads  marts.national_monthly  failed (warning)  "
        "offending_rows=3" in lines
    )
    assert (
        "hs_codes_outside_vehicle_reference  marts.fct_customs_trade  passed  offending_rows=0"
        in lines
    )
    results_dir = warehouse.parent / "checks"
    assert (results_dir / "data_docs" / "index.html").is_file()
    rows = fetch(
        results_dir / "check_results.duckdb",
        "select check_name, table_name, passed, trigger from audit.check_results",
    )
    assert len(rows) == len(checks) and {r[3] for r in rows} == {"check"}
    passed = sum(r[2] for r in rows)
    assert f"checks: {passed} passed, {len(rows) - passed} warnings, 0 failed" in lines
    assert _sha(warehouse) == before  # checks read a snapshot; the published file is untouched
    assert [p.name for p in results_dir.iterdir() if p.name.startswith(".check-")] == []


def test_check_exits_1_and_names_a_failing_blocking_check(published, tmp_path):
    env, _, warehouse = published
    broken = tmp_path / "broken.duckdb"
    shutil.copyfile(warehouse, broken)
    con = duckdb.connect(broken.as_posix())
    con.execute(
        "update marts.exports_by_province set province_code = '99' where province_code = '31'"
    )
    con.close()
    result = _run(env, "check", "--warehouse", str(broken), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "expectation_suite  marts.exports_by_province  FAILED  1 of " in result.stdout
    assert "provinces are GB/T 2260 two-digit codes" in result.stdout
    assert "blocking checks failed: marts.exports_by_province:expectation_suite" in result.stderr


def test_check_without_a_warehouse_is_a_usage_error(published, tmp_path):
    env, _, _ = published
    result = _run(env, "check", "--warehouse", str(tmp_path / "none.duckdb"))
    assert result.returncode == 2 and "run `autoexport build` first" in result.stderr


def test_build_with_a_violating_download_exits_1_and_keeps_the_published_file(published, tmp_path):
    env, sample, published_file = published
    landing, warehouse = tmp_path / "landing", tmp_path / "w.duckdb"
    shutil.copytree(sample, landing)
    shutil.copyfile(published_file, warehouse)
    env = {**env, "AUTOEXPORT_LANDING": str(landing), "AUTOEXPORT_WAREHOUSE": str(warehouse)}
    before = _sha(warehouse)
    # 100 electric cars declared at 500 yuan in all: a unit error the suites must stop
    write_download(
        landing / "customs/exports/exports_202505_partner_cny.csv",
        [*ZH_PARTNER, "人民币"],
        [["'87038000", "纯电动乘用车", "344", "俄罗斯联邦", "100", "辆", "180,000", "千克", "500"]],
    )
    result = _run(env, "build")
    assert result.returncode == 1, result.stdout
    assert "BLOCKING marts/fct_customs_trade:expectation_suite" in result.stdout
    assert "BLOCKING marts/exports_by_destination:expectation_suite" in result.stdout
    assert "not published" in result.stdout
    assert _sha(warehouse) == before
