"""The build as the CLI runs it: publication, failure, locking, storage version, provenance."""

import csv
import hashlib
import io
import shutil
from collections import defaultdict
from pathlib import Path

import pytest

from pipelines.app.build_runner import run_build
from pipelines.lib import warehouse_sql
from pipelines.lib.build_file import BuildLocked, build_lock, build_path
from pipelines.lib.settings import resolve_settings
from tests.conftest import REPO, SAMPLE_LANDING, fetch


@pytest.fixture
def settings(tmp_path, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster"))
    return resolve_settings(landing=str(SAMPLE_LANDING), warehouse=str(tmp_path / "w.duckdb"))


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_build_publishes_in_a_storage_version_duckdb_1_5_reads(run_sample):
    # run_build of the sample, once per session (tests/conftest.py)
    settings, report = run_sample.settings, run_sample.report
    assert report.published and not report.failed_steps
    assert not build_path(settings.warehouse).exists()
    [(tags,)] = fetch(
        settings.warehouse, "select tags from duckdb_databases() where database_name = 'w'"
    )
    assert tags["storage_version"].startswith("v1.5.0")
    # customs, releases, industry, policy and plants files
    assert report.files == {"loaded": 21, "duplicate": 2}
    assert report.rows_quarantined == 0
    [(rows_loaded,)] = fetch(settings.warehouse, "select sum(rows_loaded) from audit.loads")
    assert report.rows_loaded == rows_loaded > 236


def test_a_failed_step_publishes_nothing_and_keeps_the_old_warehouse(
    run_sample, settings, monkeypatch
):
    # the session's published build of the sample, copied as this test's warehouse
    assert run_sample.report.published
    shutil.copy2(run_sample.warehouse, settings.warehouse)
    before = _sha(settings.warehouse)
    real = warehouse_sql.run_sql_file

    def broken(con, relative):
        if relative == "marts/exports_by_province.sql":
            raise RuntimeError("simulated failure")
        real(con, relative)

    monkeypatch.setattr("pipelines.defs.sql_table.run_sql_file", broken)
    progress = []
    report = run_build(settings, full_refresh=True, on_progress=progress.append)
    assert not report.published
    # the marts are one step (pipelines/defs/sql_table.py): it fails naming the file
    assert report.failed_steps == ["marts_sql_tables"]
    [failed] = [p.text for p in progress if p.kind == "step_failed"]
    assert "warehouse/marts/exports_by_province.sql: RuntimeError: simulated failure" in failed
    assert _sha(settings.warehouse) == before
    assert not build_path(settings.warehouse).exists()
    assert fetch(settings.warehouse, "select count(*) from marts.exports_by_province")[0][0] > 0


def test_a_second_build_at_the_same_time_fails_with_a_clear_error(settings):
    with build_lock(settings.warehouse), pytest.raises(BuildLocked, match="another build"):
        run_build(settings)


def test_full_refresh_rebuilds_the_same_marts(run_sample, settings):
    shutil.copy2(run_sample.warehouse, settings.warehouse)  # the session's build of the sample
    query = "select * from marts.exports_by_destination order by all"
    first = fetch(settings.warehouse, query)
    assert run_build(settings, full_refresh=True).published
    assert fetch(settings.warehouse, query) == first


# ---- every mart figure equals the sum of the input rows it stands for ---------------------
# An oracle independent of the pipeline: Python's csv module over the files each mart row
# names in source_files, keys matched through the seed CSVs.


def _seed(name: str) -> list[dict]:
    path = REPO / "warehouse" / "seeds" / f"{name}.csv"
    return list(csv.DictReader(path.open(encoding="utf-8")))


def _read_download(path: Path) -> list[dict]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030")
    rows = list(csv.reader(io.StringIO(text)))
    labels = {"商品编码": "hs", "commodity code": "hs", "贸易伙伴编码": "partner",
              "registration place code": "province", "注册地编码": "province",
              "第一数量": "qty", "first quantity": "qty", "第一计量单位": "unit",
              "first unit": "unit", "人民币": "CNY", "rmb": "CNY", "美元": "USD",
              "us dollar": "USD", "数据年月": "period", "date of data": "period"}  # fmt: skip
    header = [labels.get(cell.strip().lower()) for cell in rows[0]]
    return [{key: cell for key, cell in zip(header, row, strict=False) if key} for row in rows[1:]]


def _number(text: str) -> int | None:
    return None if text in ("?", "") else int(text.replace(",", ""))


def _oracle(source_files: list[str], keep) -> dict:
    """Sum vehicles and values over the rows of ``source_files`` for which ``keep`` holds."""
    vehicles_per_file, values = {}, defaultdict(int)
    for name in source_files:
        vehicles = 0
        for row in _read_download(SAMPLE_LANDING / name):
            if not keep(row):
                continue
            if row["unit"] in ("辆", "台", "Vehicle", "Unit"):
                vehicles += _number(row["qty"])
            currency = "CNY" if "CNY" in row else "USD"
            values[currency] += _number(row[currency])
        vehicles_per_file[name] = vehicles
    # a CNY and a USD download of one slice carry the same vehicles: counted once
    assert len(set(vehicles_per_file.values())) == 1, vehicles_per_file
    return {"vehicles": vehicles_per_file[source_files[0]], **values}


def _vehicle_class(hs: str) -> str | None:
    rules = [r for r in _seed("hs_vehicle_codes") if r["valid_to"] == ""]  # the sample is 2025
    matches = [r for r in rules if hs.lstrip("'").startswith(r["hs_prefix"])]
    best = max(matches, key=lambda r: len(r["hs_prefix"]), default=None)
    return best and (best["vehicle_class"], best["powertrain"])


def _month(row: dict, period) -> bool:
    return row.get("period", period.strftime("%Y%m")) == period.strftime("%Y%m")


def test_every_mart_figure_equals_the_sum_of_its_input_rows(run_sample):
    settings = run_sample.settings  # run_build of the sample, once per session
    iso3_codes = defaultdict(set)
    for partner in _seed("partners"):
        iso3_codes[partner["iso3"]].add(partner["partner_code"])

    # mart -> (its key columns, does an input row belong to the mart row with that key?)
    marts = {
        "exports_by_destination": (
            "partner_iso3",
            lambda row, key: row["partner"] in iso3_codes[key[0]] and _vehicle_class(row["hs"]),
        ),
        "exports_by_province": (
            "province_code",
            lambda row, key: row["province"] == key[0] and _vehicle_class(row["hs"]),
        ),
        "exports_by_powertrain": (
            "vehicle_class, powertrain",
            lambda row, key: _vehicle_class(row["hs"]) == key,
        ),
    }
    checked = 0
    for mart, (key_columns, belongs) in marts.items():
        # mart and key column names come from the fixed dict above
        for period, *key, vehicles, cny, usd, files in fetch(
            settings.warehouse,
            f"select period, {key_columns}, vehicles, value_cny, value_usd, source_files "
            f"from marts.{mart}",
        ):
            expected = _oracle(
                files,
                lambda r, p=period, k=tuple(key), b=belongs: _month(r, p) and bool(b(r, k)),
            )
            figures = (vehicles, cny, usd)
            assert figures == (expected["vehicles"], expected.get("CNY"), expected.get("USD"))
            checked += 1

    total_rows = sum(
        fetch(settings.warehouse, f"select count(*) from marts.{mart}")[0][0] for mart in marts
    )
    assert checked == total_rows > 50
