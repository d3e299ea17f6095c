"""The landing sensor: run requests only for changed files, one per month they touch."""

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest

from pipelines.app.build_runner import run_build
from pipelines.defs.automation.landing_sensor import landing_run_requests, landing_sensor
from pipelines.lib.load_audit import sha256_of
from pipelines.lib.settings import resolve_settings
from tests.conftest import hand_landing
from tests.gacc_files import ZH_PARTNER, write_download

TODAY = dt.date(2025, 8, 23)  # GACC is releasing July
EXPORTS = "customs/exports"


def _download(path: Path, vehicles: int) -> Path:
    row = ["'87038000", "纯电动乘用车", "344", "俄罗斯联邦", str(vehicles), "辆", "?", "千克"]
    return write_download(path, [*ZH_PARTNER, "人民币"], [[*row, f"{vehicles * 10_000:,}"]])


def _evaluate(landing: Path, cursor: str | None, warehouse: Path) -> dg.SensorResult:
    return landing_run_requests(landing, cursor, warehouse, TODAY)


def _keys(result: dg.SensorResult) -> list[str]:
    return [request.partition_key for request in result.run_requests or []]


@pytest.fixture
def landing(tmp_path) -> Path:
    return hand_landing(tmp_path / "landing")  # four June 2025 downloads


def test_first_evaluation_requests_each_month_of_the_landing_folder(landing, tmp_path):
    _download(landing / EXPORTS / "exports_202507_partner_cny.csv", 70)
    result = _evaluate(landing, None, tmp_path / "none.duckdb")
    assert _keys(result) == ["2025-06", "2025-07"]
    assert json.loads(result.cursor) == {
        path.relative_to(landing).as_posix(): sha256_of(path) for path in landing.rglob("*.csv")
    }


def test_unchanged_files_start_nothing(landing, tmp_path):
    first = _evaluate(landing, None, tmp_path / "none.duckdb")
    again = _evaluate(landing, first.cursor, tmp_path / "none.duckdb")
    assert again.run_requests in (None, [])
    assert "no new or changed file among 4" in again.skip_reason.skip_message
    assert again.cursor == first.cursor


def test_a_changed_and_a_new_file_request_exactly_their_months(landing, tmp_path):
    _download(landing / EXPORTS / "exports_202507_partner_cny.csv", 70)
    cursor = _evaluate(landing, None, tmp_path / "none.duckdb").cursor

    _download(landing / EXPORTS / "exports_202507_partner_cny.csv", 71)  # changed content
    _download(landing / EXPORTS / "exports_202508_partner_cny.csv", 80)  # new month
    result = _evaluate(landing, cursor, tmp_path / "none.duckdb")
    assert _keys(result) == ["2025-07", "2025-08"]  # June's four files are unchanged
    july = result.run_requests[0]
    assert july.run_key.startswith("2025-07:")
    # the same change gives the same run key (Dagster runs a key once); new content another
    again = _evaluate(landing, cursor, tmp_path / "none.duckdb")
    assert again.run_requests[0].run_key == july.run_key
    _download(landing / EXPORTS / "exports_202507_partner_cny.csv", 72)
    other = _evaluate(landing, cursor, tmp_path / "none.duckdb")
    assert other.run_requests[0].run_key != july.run_key


def test_a_file_with_no_month_requests_the_month_being_released(landing, tmp_path):
    cursor = _evaluate(landing, None, tmp_path / "none.duckdb").cursor
    (landing / "policy").mkdir()
    (landing / "policy" / "registry.json").write_text("[]", encoding="utf-8")
    (landing / EXPORTS / "no_period.csv").write_bytes(b"not a download\n")
    assert _keys(_evaluate(landing, cursor, tmp_path / "none.duckdb")) == ["2025-07"]


def test_a_multi_month_download_requests_each_of_its_months(landing, tmp_path):
    cursor = _evaluate(landing, None, tmp_path / "none.duckdb").cursor
    header = ["数据年月", *ZH_PARTNER, "美元"]
    row = ["'87038000", "纯电动乘用车", "344", "俄罗斯联邦", "5", "辆", "?", "千克", "1,000"]
    write_download(
        landing / EXPORTS / "exports_range_usd.csv",
        header,
        [["202501", *row], ["202502", *row], ["202502", *row]],
    )
    assert _keys(_evaluate(landing, cursor, tmp_path / "none.duckdb")) == ["2025-01", "2025-02"]


def test_without_a_cursor_files_of_the_published_warehouse_count_as_seen(
    landing, tmp_path, monkeypatch
):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster"))
    settings = resolve_settings(landing=str(landing), warehouse=str(tmp_path / "w.duckdb"))
    assert run_build(settings).published
    assert _keys(_evaluate(landing, None, settings.warehouse)) == []
    _download(landing / EXPORTS / "exports_202507_partner_cny.csv", 70)
    assert _keys(_evaluate(landing, None, settings.warehouse)) == ["2025-07"]


def test_the_sensor_definition_reads_the_landing_folder_from_the_environment(
    landing, tmp_path, monkeypatch
):
    monkeypatch.setenv("AUTOEXPORT_LANDING", str(landing))
    monkeypatch.setenv("AUTOEXPORT_WAREHOUSE", str(tmp_path / "w.duckdb"))
    with dg.instance_for_test() as instance:
        context = dg.build_sensor_context(instance=instance, cursor=None)
        first = landing_sensor(context)
        assert _keys(first) == ["2025-06"]
        context = dg.build_sensor_context(instance=instance, cursor=first.cursor)
        assert _keys(landing_sensor(context)) == []


def test_the_sensor_in_a_real_dagster_process(landing, tmp_path):
    """`dagster sensor preview` evaluates the code location's sensor in a process of its own."""
    env = {
        **os.environ,
        "AUTOEXPORT_LANDING": str(landing),
        "AUTOEXPORT_WAREHOUSE": str(tmp_path / "w.duckdb"),
        "DAGSTER_HOME": str(tmp_path / "dagster"),
    }
    (tmp_path / "dagster").mkdir()
    (tmp_path / "dagster" / "dagster.yaml").touch()
    dagster = str(Path(sys.executable).with_name("dagster"))

    def preview(cursor: str) -> str:
        result = subprocess.run(
            [dagster, "sensor", "preview", "landing_sensor", "-m", "pipelines.definitions"]
            + ["--cursor", cursor],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    cursor = _evaluate(landing, None, tmp_path / "none.duckdb").cursor
    assert "skipping: no new or changed file among 4" in preview(cursor)
    _download(landing / EXPORTS / "exports_202507_partner_cny.csv", 70)
    _download(landing / EXPORTS / "exports_202508_partner_cny.csv", 80)
    assert "run requests for 2 run(s)" in preview(cursor)
