"""Market marts (issue 9) on small hand-made downloads; every expected figure added up by hand."""

import csv
import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from pipelines.lib.sources.customs.header import chinese_header
from pipelines.lib.sources.plants.loader import FIELDS as PLANT_FIELDS
from pipelines.lib.warehouse_sql import WAREHOUSE_DIR
from tests.conftest import SAMPLE_LANDING, fetch, materialize_all
from tests.gacc_files import write_download

BEV, PHEV, HEV, ICE, OTHER, PARTS = (
    "87038000", "87036000", "87034000", "87032341", "87039000", "87089990"
)  # fmt: skip
PARTNERS = {
    "AUS": ("601", "澳大利亚"),
    "CHL": ("412", "智利"),
    "DEU": ("304", "德国"),
    "FRA": ("305", "法国"),
    "KAZ": ("145", "哈萨克斯坦"),
    "MEX": ("429", "墨西哥"),
    "RUS": ("344", "俄罗斯联邦"),
    "THA": ("136", "泰国"),
}
ZH_PARTNER_MONTHS = chinese_header(
    ("period", "hs_code", "commodity_name", "partner_code", "partner_name",
     "quantity", "quantity_unit", "quantity_2", "quantity_2_unit")
)  # fmt: skip


def _row(hs_code: str, iso3: str, vehicles: int, value_cny: int) -> list[str]:
    code, name = PARTNERS[iso3]
    unit = "千克" if hs_code == PARTS else "辆"
    return [hs_code, "汽车", code, name, f"{vehicles:,}", unit, "?", "千克", f"{value_cny:,}"]


def _month(year: int, month: int, add: int) -> dt.date:
    index = year * 12 + month - 1 + add
    return dt.date(index // 12, index % 12 + 1, 1)


def _write_months(path: Path, rows: list[tuple[dt.date, str, str, int, int]]) -> None:
    """One multi-month partner download (数据年月 column), values in CNY."""
    write_download(
        path,
        [*ZH_PARTNER_MONTHS, "人民币"],
        [
            [period.strftime("%Y%m"), *_row(hs, iso3, n, value)]
            for period, hs, iso3, n, value in rows
        ],
    )


def _plants_landing(landing: Path, plants: list[dict]) -> None:
    """``plants`` as the only overseas plants: one registry file of landing/plants/."""
    (landing / "plants").mkdir(parents=True)
    with open(landing / "plants" / "plants.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(PLANT_FIELDS))
        writer.writeheader()
        writer.writerows(plants)


def _plant(plant_id: str, opened_on: str) -> dict:
    return {
        "plant": plant_id,
        "maker": "Test Motors",
        "country": "CHL",
        "city": "Testville",
        "kind": "assembly",
        "opened": opened_on,
        "capacity": "1000",
        "sources": "test fixture, not a real plant",
    }


def test_plant_export_effects_by_hand(tmp_path):
    # Test plants in Chile: opened 2024-03-10 (windows complete), 2025-01 (after-window only
    # 2 months in the data) and 2024 (year only: no opening month).
    landing = tmp_path / "landing"
    _plants_landing(
        landing,
        [_plant("opened_2024_03", "2024-03-10"), _plant("opened_2025_01", "2025-01"),
         _plant("opened_2024", "2024"), {**_plant("bad_date", "2024-13"), "kind": "factory"}],
    )  # fmt: skip
    rows = []
    for k in range(37):  # 2022-03 .. 2025-03
        period = _month(2022, 3, k)
        rows.append((period, ICE, "RUS", 1, 1_000))  # Russia every month: every month covered
        if period < dt.date(2023, 3, 1):  # prior year: ICE 10 a month
            rows.append((period, ICE, "CHL", 10, 100_000))
        elif period < dt.date(2024, 3, 1):  # year before: ICE 10 + BEV 5 a month
            rows += [(period, ICE, "CHL", 10, 100_000), (period, BEV, "CHL", 5, 90_000)]
        elif period == dt.date(2024, 3, 1):  # opening month: in neither window
            rows.append((period, BEV, "CHL", 1_000, 9_000_000))
        elif period != dt.date(2025, 1, 1):  # after: BEV 20 + PHEV 10 + ICE 10; none in 2025-01
            rows += [
                (period, BEV, "CHL", 20, 300_000),
                (period, PHEV, "CHL", 10, 150_000),
                (period, ICE, "CHL", 10, 100_000),
            ]
    _write_months(landing / "customs/exports/exports_partner_2022-2025.csv", rows)
    warehouse = tmp_path / "w.duckdb"
    result = materialize_all(landing, warehouse)
    assert result.success

    got = {
        r[0]: r[1:]
        for r in fetch(
            warehouse,
            "select plant_id, opening_month, months_prior_covered, months_before_covered, "
            "months_after_covered, vehicles_prior, vehicles_before, vehicles_after, change_pct, "
            "trend_before_pct, bev_share_before_pct, phev_share_before_pct, "
            "hev_share_before_pct, ice_share_before_pct, other_share_before_pct, "
            "bev_share_after_pct, phev_share_after_pct, hev_share_after_pct, "
            "ice_share_after_pct, other_share_after_pct, len(source_files), plant_source "
            "from marts.plant_export_effects",
        )
    }
    d = Decimal
    # prior 2022-03..2023-02: 12 x 10 = 120; before 2023-03..2024-02: 12 x 15 = 180 (BEV 60,
    # ICE 120); after 2024-04..2025-03: 11 months x 40 + 0 in 2025-01 = 440 (BEV 220, PHEV 110,
    # ICE 110). change (440-180)/180 = 144.4%; trend before (180-120)/120 = 50.0%.
    assert got["opened_2024_03"] == (
        dt.date(2024, 3, 1), 12, 12, 12, 120, 180, 440, d("144.4"), d("50.0"),
        d("33.3"), d("0.0"), d("0.0"), d("66.7"), d("0.0"),
        d("50.0"), d("25.0"), d("0.0"), d("25.0"), d("0.0"),
        1, "test fixture, not a real plant",
    )  # fmt: skip
    # opened 2025-01: before 2024-01..2024-12 = 2 x 15 + 1,000 + 9 x 40 = 1,390; prior
    # 2023-01..2023-12 = 2 x 10 + 10 x 15 = 170; trend (1390-170)/170 = 717.6%. After: only
    # 2025-02 and 2025-03 in the data, so no after figures.
    partial = got["opened_2025_01"]
    assert partial[:8] == (dt.date(2025, 1, 1), 12, 12, 2, 170, 1_390, None, None)
    assert partial[8] == d("717.6")
    assert partial[14:19] == (None,) * 5
    # a bare year gives no opening month: nothing to compare
    assert got["opened_2024"][:8] == (None, 0, 0, 0, None, None, None, None)
    # a malformed row still gets a row (no month) and the warning check names it
    assert got["bad_date"][:8] == (None, 0, 0, 0, None, None, None, None)
    checks = {
        (e.asset_key.to_user_string(), e.check_name): e
        for e in result.get_asset_check_evaluations()
    }
    plants = "marts/plant_export_effects"
    assert checks[(plants, "plant_export_effects_unusable_plants")].passed is False
    # the grain (one row per plant_id) is the suite's, and its source files hold
    assert checks[(plants, "expectation_suite")].passed is True
    assert checks[(plants, "plant_export_effects_without_sources")].passed is True


def test_nev_share_by_region_by_hand(tmp_path):
    june = dt.date(2025, 6, 1)
    rows = [
        (june, BEV, "DEU", 60, 600_000),
        (june, PHEV, "DEU", 20, 200_000),
        (june, ICE, "DEU", 20, 100_000),
        (june, PARTS, "DEU", 5_000, 70_000),  # kilograms: no vehicles
        (june, ICE, "FRA", 100, 500_000),
        (june, BEV, "THA", 30, 300_000),
        (june, OTHER, "THA", 10, 100_000),  # powertrain unknown: stays in the denominator
        (june, ICE, "RUS", 90, 450_000),
        (june, HEV, "RUS", 10, 80_000),  # HEV is not NEV
        (june, PHEV, "KAZ", 50, 500_000),
    ]
    landing = tmp_path / "landing"
    _write_months(landing / "customs/exports/exports_partner_202506.csv", rows)
    warehouse = tmp_path / "w.duckdb"
    assert materialize_all(landing, warehouse).success
    assert fetch(
        warehouse,
        "select region, destinations, vehicles, bev_vehicles, phev_vehicles, nev_vehicles, "
        "powertrain_unknown_vehicles, nev_share_pct from marts.nev_share_by_region "
        "order by region",
    ) == [
        # RUS 100 (none NEV) + KAZ 50 PHEV: 50 / 150 = 33.3%
        ("CIS", 2, 150, 0, 50, 50, 0, Decimal("33.3")),
        # THA 30 BEV of 40: 75.0%
        ("Southeast Asia", 1, 40, 30, 0, 30, 10, Decimal("75.0")),
        # DEU 60 BEV + 20 PHEV of 100, FRA 100 ICE: 80 / 200 = 40.0%
        ("Western Europe", 2, 200, 60, 20, 80, 0, Decimal("40.0")),
    ]


def _signal_rows() -> list[tuple]:
    """AUS and MEX, 2024-01..2025-02 (BEV, CNY); MEX has no row in 2024-06."""
    rows = []
    for k in range(14):
        period = _month(2024, 1, k)
        aus = {dt.date(2025, 1, 1): (150, 15_000_000), dt.date(2025, 2, 1): (120, 4_800_000)}
        rows.append((period, BEV, "AUS", *aus.get(period, (100, 10_000_000))))
        if period == dt.date(2024, 6, 1):
            continue
        mex_value = 16_000_000 if period == dt.date(2024, 12, 1) else 10_000_000
        rows.append((period, BEV, "MEX", 50, mex_value))
    return rows


def test_market_signals_by_hand(tmp_path):
    landing = tmp_path / "landing"
    _write_months(landing / "customs/exports/exports_partner_2024-2025.csv", _signal_rows())
    warehouse = tmp_path / "w.duckdb"
    result = materialize_all(landing, warehouse)
    assert result.success
    columns = (
        "vehicles, vehicles_prev_year, yoy_growth_pct, vehicles_3m, vehicles_prev_3m, "
        "trend_3m_pct, rank, rank_prev_month, rank_change, unit_value_cny, unit_value_usd, "
        "usual_unit_value_cny, unit_value_history_months, unit_value_outside_usual_range, "
        "unit_value_halved"
    )
    got = {
        (r[0].isoformat()[:7], r[1]): r[2:]
        for r in fetch(
            warehouse, f"select period, partner_iso3, {columns} from marts.market_signals"
        )
    }
    d = Decimal
    # AUS 2025-02: 120 vehicles, 2024-02 had 100: +20.0%. 3 months 2024-12..2025-02:
    # 100 + 150 + 120 = 370 against 2024-09..11: 300: +23.3%. Rank 1 both months. Unit value
    # 4,800,000 / 120 = 40,000; the previous 12 months (2024-02..2025-01) all 100,000: below
    # 50,000 (outside the usual range) and at most half of January's 100,000 (halved).
    assert got[("2025-02", "AUS")] == (
        120, 100, d("20.0"), 370, 300, d("23.3"), 1, 1, 0,
        40_000.0, None, 100_000.0, 12, True, True,
    )  # fmt: skip
    # AUS 2025-01: 150 against 100: +50.0%; unit value 100,000, usual 100,000 over 12 months
    assert got[("2025-01", "AUS")][:3] == (150, 100, d("50.0"))
    assert got[("2025-01", "AUS")][12:] == (12, False, False)
    # MEX 2024-12: 16,000,000 / 50 = 320,000 above 1.5 x the median 200,000 of its 10 months
    # with exports in 2024-01..2024-11 (none in 2024-06); not a halving
    assert got[("2024-12", "MEX")][9:] == (320_000.0, None, 200_000.0, 10, True, False)
    # MEX 2025-01: 200,000 inside 100,000..300,000 (median still 200,000 over 11 months); not
    # at most half of December's 320,000
    assert got[("2025-01", "MEX")][9:] == (200_000.0, None, 200_000.0, 11, False, False)
    # MEX 2024-07 after a month without exports: 3 months 50 + 0 + 50 = 100 against
    # 2024-02..04: 150: -33.3%; no rank or unit value last month, so no change or halving
    assert got[("2024-07", "MEX")][3:9] == (100, 150, d("-33.3"), 2, None, None)
    assert got[("2024-07", "MEX")][14] is None
    # the first months: no year-ago month, no 3 months before, fewer than 3 months of history
    assert got[("2024-03", "AUS")] == (
        100, None, None, 300, None, None, 1, 1, 0, 100_000.0, None, 100_000.0, 2, None, False
    )  # fmt: skip
    # 2024-06: MEX has no row there, so no signal row either
    assert ("2024-06", "MEX") not in got
    assert len(got) == 14 + 13


def test_every_bundled_plant_has_a_source_and_a_known_country():
    with open(SAMPLE_LANDING / "plants" / "overseas_plants.csv", encoding="utf-8") as f:
        plants = list(csv.DictReader(f))
    with open(WAREHOUSE_DIR / "seeds" / "partners.csv", encoding="utf-8") as f:
        countries = {row["iso3"] for row in csv.DictReader(f)}
    assert len(plants) >= 10
    for plant in plants:
        assert plant["sources"].strip(), plant["plant"]
        assert "http" in plant["sources"], plant["plant"]
        assert plant["country"] in countries, plant["plant"]
        assert plant["kind"] in ("", "assembly", "full production", "CKD/KD", "parts")
    assert len({p["plant"] for p in plants}) == len(plants)


def test_every_partner_has_one_region():
    with open(WAREHOUSE_DIR / "seeds" / "partners.csv", encoding="utf-8") as f:
        partners = {row["iso3"] for row in csv.DictReader(f)}
    with open(WAREHOUSE_DIR / "seeds" / "partner_regions.csv", encoding="utf-8") as f:
        regions = list(csv.DictReader(f))
    assert sorted(r["iso3"] for r in regions) == sorted(partners)
    assert {r["region"] for r in regions} == {
        "Western Europe", "Eastern Europe", "CIS", "Middle East", "Southeast Asia",
        "South Asia", "East Asia", "Oceania", "Latin America", "North America", "Africa",
    }  # fmt: skip
    region = {r["iso3"]: r["region"] for r in regions}
    assert (region["DEU"], region["THA"], region["KAZ"], region["TUR"], region["HUN"]) == (
        "Western Europe", "Southeast Asia", "CIS", "Middle East", "Eastern Europe"
    )  # fmt: skip


@pytest.fixture(scope="module")
def shipped_seeds_build(tmp_path_factory):
    """The bundled plant registry and one June row, built once for both checks below."""
    root = tmp_path_factory.mktemp("shipped_seeds")
    landing = root / "landing"
    shutil.copytree(SAMPLE_LANDING / "plants", landing / "plants")  # the bundled registry
    _write_months(
        landing / "customs/exports/exports_partner_202506.csv",
        [(dt.date(2025, 6, 1), BEV, "THA", 1, 1_000)],
    )
    return materialize_all(landing, root / "w.duckdb")


@pytest.mark.parametrize("check", ["plant_export_effects_unusable_plants",
                                   "nev_share_by_region_unassigned_partners"])  # fmt: skip
def test_seed_checks_pass_on_the_shipped_seeds(shipped_seeds_build, check):
    result = shipped_seeds_build
    passed = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
    assert passed[check] is True
