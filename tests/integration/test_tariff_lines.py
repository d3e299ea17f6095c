"""China's 8-digit tariff lines classify a code before any HS prefix, in the months they are
valid; the reference check lists only unknown codes of vehicle headings."""

import csv

from pipelines.lib.warehouse_sql import WAREHOUSE_DIR
from tests.conftest import fetch, materialize_all
from tests.gacc_files import ZH_PARTNER, write_download


def _landing(root, month: str, rows):
    # 200,000 yuan a row: inside every class's unit-value band
    write_download(
        root / "customs" / "exports" / f"exports_{month}_partner_cny.csv",
        [*ZH_PARTNER, "人民币"],
        [
            [code, "x", "344", "俄罗斯联邦", qty, unit, "?", "千克", "200,000"]
            for code, qty, unit in rows
        ],
    )
    return root


def test_a_2025_row_is_classed_by_the_2025_line(tmp_path):
    rows = [
        ("87038090", "10", "辆"),  # 2025 line (its text inferred), not in the prefix table
        ("87060022", "5", "台"),  # goods-vehicle chassis < 14 t (2024 line, still valid)
        ("87012100", "3", "辆"),  # a road tractor: a vehicle heading no reference classes
        ("87089990", "100", "千克"),  # parts: no vehicle heading
    ]
    landing = _landing(tmp_path / "landing", "202506", rows)
    warehouse = tmp_path / "w.duckdb"
    result = materialize_all(landing, warehouse)
    assert fetch(
        warehouse,
        "select hs_code, vehicle_class, powertrain, classified_by from staging.hs_vehicle_map "
        "order by hs_code",
    ) == [
        ("87038090", "passenger car", "BEV", "tariff_line 2025"),
        ("87060022", "chassis", "UNSPECIFIED", "tariff_line 2024"),
    ]
    [evaluation] = [
        e
        for e in result.get_asset_check_evaluations()
        if e.check_name == "hs_codes_outside_vehicle_reference"
    ]
    assert not evaluation.passed
    assert evaluation.metadata["offending_rows"].value == 1  # the tractor, not the parts
    assert "87012100" in evaluation.metadata["sample"].value


def test_a_line_is_used_only_in_its_valid_months(tmp_path):
    # 87038000 is a 2024 line; in 2025 it falls back to the prefix 870380 (same reading)
    landing = _landing(tmp_path / "landing", "202412", [("87038000", "7", "辆")])
    _landing(landing, "202502", [("87038000", "8", "辆")])
    warehouse = tmp_path / "w.duckdb"
    materialize_all(landing, warehouse)
    assert fetch(
        warehouse,
        "select period::varchar, classified_by from staging.hs_vehicle_map order by period",
    ) == [("2024-12-01", "tariff_line 2024"), ("2025-02-01", "hs_prefix 870380")]


def test_the_seed_is_sourced_line_by_line():
    with (WAREHOUSE_DIR / "seeds" / "hs_tariff_lines.csv").open(encoding="utf-8") as f:
        lines = list(csv.DictReader(f))
    by_code = {(r["code8"], r["tariff_edition"]): r for r in lines}
    assert all(r["source"] for r in lines)
    assert "goods vehicles of g.v.w. < 14 t" in by_code[("87060022", "2024")]["description_en"]
    assert "30 seats or more" in by_code[("87060030", "2024")]["description_en"]
    assert "VIN" in by_code[("87038010", "2025")]["description_en"]
    # no source gives 87038090's text: the seed says so
    assert "INFERRED" in by_code[("87038090", "2025")]["description_en"]
    assert by_code[("87038000", "2024")]["valid_to"] == "2024-12-31"
    assert {r["tariff_edition"] for r in lines} == {"2024", "2025"}  # 2017/2022 not found
