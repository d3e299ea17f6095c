"""Monthly partitions: `autoexport build --month` loads and restages one month, in a real process,
and leaves every other month exactly as it was."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from dagster._core.storage.tags import (
    ASSET_PARTITION_RANGE_END_TAG,
    ASSET_PARTITION_RANGE_START_TAG,
)

from pipelines.app.build_runner import build_definitions
from pipelines.defs.resources import WarehouseResource
from pipelines.lib.build_session import BUILD_JOB
from tests.conftest import SAMPLE_LANDING, fetch, hand_landing
from tests.gacc_files import ZH_PARTNER, write_download

AUTOEXPORT = str(Path(sys.executable).with_name("autoexport"))
BEV = "87038000"
APRIL, JULY = dt.date(2025, 4, 1), dt.date(2025, 7, 1)
JUNE_ROWS = "select count(*) from staging.customs_lines where period = date '2025-06-01'"


def autoexport(args: list[str], env: dict, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [AUTOEXPORT, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=600
    )


@pytest.fixture
def env(tmp_path):
    return {
        **os.environ,
        "AUTOEXPORT_LANDING": str(tmp_path / "landing"),
        "AUTOEXPORT_WAREHOUSE": str(tmp_path / "w.duckdb"),
        "DAGSTER_HOME": str(tmp_path / "dagster"),
    }


def _partner_download(path: Path, vehicles: int, value: int) -> None:
    row = [f"'{BEV}", "纯电动乘用车", "344", "俄罗斯联邦", str(vehicles), "辆", "?", "千克"]
    write_download(path, [*ZH_PARTNER, "人民币"], [[*row, f"{value:,}"]])


def _month_state(warehouse: Path, month: str) -> dict[str, list[tuple]]:
    """Everything the warehouse holds for one month, row by row, in a fixed order."""
    first_day = f"{month}-01"
    files = "select sha256 from raw.customs_files where strftime(file_period, '%Y-%m') = ?"
    return {
        "audit.loads": fetch(
            warehouse,
            f"select * from audit.loads where sha256 in ({files}) order by all",
            [month],
        ),
        "raw.customs_rows": fetch(
            warehouse,
            f"select * from raw.customs_rows where sha256 in ({files}) order by all",
            [month],
        ),
        "staging.customs_lines": fetch(
            warehouse,
            "select * from staging.customs_lines where period = ?::date order by all",
            [first_day],
        ),
        "staging.customs_trade": fetch(
            warehouse,
            "select * from staging.customs_trade where period = ?::date order by all",
            [first_day],
        ),
    }


def _built_hand(cli_hand, tmp_path: Path) -> tuple[Path, Path]:
    """`autoexport build` of ``hand_landing``: a copy of the run's one build (tests/conftest.py)
    as ``env`` names it, tmp_path's landing, w.duckdb and Dagster home."""
    landing, warehouse = cli_hand.copy(tmp_path)
    return landing, warehouse.rename(tmp_path / "w.duckdb")


def test_a_new_months_run_leaves_other_months_untouched(env, tmp_path, cli_hand):
    landing, warehouse = _built_hand(cli_hand, tmp_path)
    june_before = _month_state(warehouse, "2025-06")
    assert fetch(warehouse, JUNE_ROWS) == [(16,)]  # 4 + 4 + 3 + 5 hand rows

    # a July download, and a June revision that the July run must not take
    _partner_download(landing / "customs/exports/exports_202507_partner_cny.csv", 70, 700_000)
    _partner_download(landing / "customs/exports/exports_202506_revised_cny.csv", 999, 9_990_000)
    july = autoexport(["build", "--month", "2025-07"], env, tmp_path)
    assert july.returncode == 0, july.stderr
    assert "files: 1 loaded" in july.stdout
    assert "(month 2025-07)" in july.stdout

    assert _month_state(warehouse, "2025-06") == june_before
    assert fetch(
        warehouse,
        "select source_file, status from audit.loads where source_file like '%2025%07%' "
        "or source_file like '%revised%'",
    ) == [("customs/exports/exports_202507_partner_cny.csv", "loaded")]
    assert fetch(
        warehouse,
        "select period, partner_iso3, vehicles, value_cny from marts.exports_by_destination "
        "where period = date '2025-07-01'",
    ) == [(JULY, "RUS", 70, 700_000)]
    # the marts still hold June as before
    assert fetch(
        warehouse,
        "select sum(vehicles) from marts.exports_by_destination where period = date '2025-06-01'",
    ) == [(180,)]

    # June's own run then takes the revision: June changes, July does not
    july_state = _month_state(warehouse, "2025-07")
    june = autoexport(["build", "--month", "2025-06"], env, tmp_path)
    assert june.returncode == 0, june.stderr
    assert _month_state(warehouse, "2025-07") == july_state
    assert fetch(
        warehouse,
        "select vehicles from marts.exports_by_destination "
        "where period = date '2025-06-01' and partner_iso3 = 'RUS'",
    ) == [(999 + 30,)]  # the revision replaces RUS BEV (100); RUS ICE (30) stays


def test_a_months_run_does_not_restage_other_months(env, tmp_path, cli_hand):
    """Proof that old months are not recomputed, not merely recomputed to the same values:
    a marker written into June's staging survives July's run, and June's own run clears it.
    The marker is a well-formed code no download uses, so marts rebuilt whole from staging
    (dim_hs_code) still pass their suites."""
    landing, warehouse = _built_hand(cli_hand, tmp_path)
    con = duckdb.connect(warehouse.as_posix())
    con.execute(
        "update staging.customs_lines set hs_code = '99999999' "
        "where period = date '2025-06-01' and row_number = 1"
    )
    con.close()
    _partner_download(landing / "customs/exports/exports_202507_partner_cny.csv", 70, 700_000)
    assert autoexport(["build", "--month", "2025-07"], env, tmp_path).returncode == 0
    marker = "select count(*) from staging.customs_lines where hs_code = '99999999'"
    assert fetch(warehouse, marker) == [(4,)]  # row 1 of each of June's four files
    assert autoexport(["build", "--month", "2025-06"], env, tmp_path).returncode == 0
    assert fetch(warehouse, marker) == [(0,)]
    assert fetch(warehouse, JUNE_ROWS) == [(16,)]


def test_a_month_run_loads_only_that_months_customs_and_release_files(env, tmp_path):
    env = {**env, "AUTOEXPORT_LANDING": str(SAMPLE_LANDING)}
    result = autoexport(["build", "--month", "2025-04"], env, tmp_path)
    assert result.returncode == 0, result.stderr
    loaded = fetch(
        tmp_path / "w.duckdb",
        "select source_file from audit.loads where source_file like 'customs/%' order by 1",
    )
    # April's downloads not March's nor the January-February one
    assert [f for (f,) in loaded] == [
        "customs/exports/exports_2025-04_province_en.csv",
        "customs/exports/exports_202504_full_cny.csv",
        "customs/exports/exports_202504_partner_cny.csv",
        "customs/imports/imports_202504_partner_usd.csv",
        "customs/releases/release_202504_exports_cny.html",
        "customs/releases/release_202504_exports_usd.html",
    ]
    customs_months = fetch(
        tmp_path / "w.duckdb", "select distinct file_period from raw.customs_files"
    )
    release_months = fetch(
        tmp_path / "w.duckdb", "select distinct strftime(period, '%Y-%m') from raw.release_files"
    )
    assert customs_months == [(APRIL,)]
    assert release_months == [("2025-04",)]
    assert fetch(
        tmp_path / "w.duckdb", "select distinct period from marts.exports_by_province"
    ) == [(APRIL,)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--month", "2025-13"], "--month must be YYYY-MM"),
        (["--month", "1999-12"], "--month must be YYYY-MM between 2000-01"),
        (["--month", "2025-04", "--full-refresh"], "would publish one month alone"),
    ],
)
def test_bad_month_is_a_usage_error(env, tmp_path, args, message):
    (tmp_path / "landing").mkdir()
    result = autoexport(["build", *args], env, tmp_path)
    assert result.returncode == 2
    assert message in result.stderr


def test_a_backfill_of_a_range_of_months_is_one_run_over_those_months(tmp_path):
    """What the UI's backfill does with BackfillPolicy.single_run: one run, a range of keys."""
    landing = hand_landing(tmp_path / "landing")
    _partner_download(landing / "customs/exports/exports_202507_partner_cny.csv", 70, 700_000)
    _partner_download(landing / "customs/exports/exports_202508_partner_cny.csv", 80, 800_000)
    warehouse = tmp_path / "w.duckdb"
    job = build_definitions().resolve_job_def(BUILD_JOB)
    result = job.execute_in_process(
        tags={ASSET_PARTITION_RANGE_START_TAG: "2025-06", ASSET_PARTITION_RANGE_END_TAG: "2025-07"},
        instance=dg.DagsterInstance.ephemeral(),
        resources={
            "warehouse": WarehouseResource(
                landing_dir=str(landing), warehouse_path=str(warehouse), manage_build=True
            )
        },
    )
    assert result.success
    assert fetch(
        warehouse,
        "select period, sum(vehicles) from marts.exports_by_destination group by 1 order by 1",
    ) == [(dt.date(2025, 6, 1), 180), (JULY, 70)]  # August is outside the range
