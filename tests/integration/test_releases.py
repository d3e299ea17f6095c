"""Release tables materialized into a tmp_path warehouse: the issue's "done when" figures.

Real figures (GACC, motor vehicles incl. chassis): April 2025 62.0 x 10,000 vehicles and CNY
801.5 x 100 million; YTD April 215.8; January-February 2025 97.1 (combined release); 2024
year to date 641 x 10,000, +22.8 %. March 2025 = (215.8 - 62.0) - 97.1 = 56.7 x 10,000.
"""

import datetime as dt
import os
import shutil
from decimal import Decimal

import pipelines.lib.seeds as seeds
from pipelines.lib.warehouse_sql import WAREHOUSE_DIR
from tests.conftest import SAMPLE_LANDING, fetch, materialize_all
from tests.unit.test_release_parsers import CAR_APRIL, PARTS_APRIL, january_bulletin, release_page

CAR = "motor_vehicles_incl_chassis"
SAMPLE_RELEASES = SAMPLE_LANDING / "customs" / "releases"
APRIL, MARCH, JANUARY = dt.date(2025, 4, 1), dt.date(2025, 3, 1), dt.date(2025, 1, 1)


def _checks(result) -> dict[str, bool]:
    return {e.check_name: e.passed for e in result.get_asset_check_evaluations()}


def _car_month(warehouse, period):
    return fetch(
        warehouse,
        "select vehicles, value_cny, value_usd, derived, combined_period, months_covered "
        "from marts.national_monthly where product = ? and period = ?",
        [CAR, period],
    )


def test_sample_reproduces_the_real_monthly_figures(built_sample):
    warehouse, result = built_sample.warehouse, built_sample.result
    assert result.success

    # April 2025: 62.0 x 10,000 vehicles, 801.5 x 100 million yuan, USD 11,164.1 million
    assert _car_month(warehouse, APRIL) == [
        (620_000, Decimal("80150000000.00"), Decimal("11164100000.00"), False, False, 1)
    ]
    # March 2025 derived: YTD March (215.8 - 62.0) - YTD February 97.1 = 56.7 x 10,000
    [(vehicles, value_cny, _usd, derived, combined, months)] = _car_month(warehouse, MARCH)
    assert (vehicles, derived, combined, months) == (567_000, True, False, 1)
    assert value_cny == Decimal("68810000000.00")  # (2,649.8 - 801.5) - 1,160.2 = 688.1
    # January-February released combined: one period starting in January, flagged
    [(vehicles, value_cny, _usd, derived, combined, months)] = _car_month(warehouse, JANUARY)
    assert (vehicles, value_cny, derived, combined, months) == (
        971_000,
        Decimal("116020000000.00"),
        False,
        True,
        2,
    )
    assert fetch(
        warehouse,
        "select count(*) from marts.national_monthly where product = ? and period = ?",
        [CAR, dt.date(2025, 2, 1)],
    ) == [(0,)]
    # year-on-year as printed, and the provenance of the derived month
    assert fetch(
        warehouse,
        "select vehicles_ytd, yoy_vehicles_pct, yoy_value_pct, source_file "
        "from marts.national_monthly where product = ? and period = ?",
        [CAR, APRIL],
    ) == [
        (
            2_158_000,
            Decimal("15.200"),
            Decimal("4.000"),
            "customs/releases/release_202504_exports_usd.html",
        )
    ]
    [(files,)] = fetch(
        warehouse,
        "select source_files from marts.national_monthly where product = ? and period = ?",
        [CAR, MARCH],
    )
    assert "customs/releases/release_202502_exports_cny.html" in files
    assert "customs/releases/release_202504_exports_cny.html" in files


def test_other_product_rows_are_kept_in_their_units(built_sample):
    warehouse = built_sample.warehouse
    assert fetch(
        warehouse,
        "select product, quantity_unit, quantity, vehicles, value_cny from marts.national_monthly "
        "where period = ? and product in ('steel_products', 'parts_of_motor_vehicles') "
        "order by product",
        [APRIL],
    ) == [
        ("parts_of_motor_vehicles", None, None, None, Decimal("66150000000.00")),
        ("steel_products", "tons", Decimal("10350000.000"), None, Decimal("58670000000.00")),
    ]


def test_bulletin_month_is_loaded_in_vehicles_and_yuan(built_sample):
    warehouse = built_sample.warehouse
    # 695,163 vehicles; 8,628,347 x 10,000 yuan
    assert _car_month(warehouse, dt.date(2025, 5, 1)) == [
        (695_163, Decimal("86283470000.00"), None, False, False, 1)
    ]


def test_2024_headline_from_the_bundled_sample(built_sample):
    warehouse = built_sample.warehouse
    assert fetch(
        warehouse,
        "select year, vehicles, yoy_vehicles_pct, basis from marts.annual_exports "
        "where product = 'motor_vehicles_incl_chassis' order by year",
    ) == [(2024, 6_410_000, Decimal("22.800"), "december_ytd")]


def test_exporter_comparison_and_source_bridge(built_sample):
    warehouse = built_sample.warehouse
    rows = fetch(
        warehouse,
        "select year, basis, china_vehicles, japan_vehicles, china_ahead, china_passes_japan, "
        "china_source, japan_source, china_basis, japan_basis "
        "from marts.exporter_comparison order by year, basis",
    )
    m, c = "manufacturer_reported", "customs"
    assert rows == [
        # like for like: CAAM 4.91 M against JAMA 4.42 M, China ahead
        (2023, c, 5_221_000, None, None, False, "GACC (industry series)", None, c, None),
        (2023, m, 4_910_000, 4_422_682, True, True, "CAAM", "JAMA", m, m),
        (2024, c, 6_410_000, None, None, False, "GACC release tables", None, c, None),
        (2024, m, 5_859_000, None, None, False, "CAAM", None, m, None),
    ]
    # no row sets GACC (customs) against JAMA (manufacturers); Japan's customs side is empty
    assert not [r for r in rows if r[6].startswith("GACC") and r[7] == "JAMA"]
    assert all(r[3] is None for r in rows if r[1] == c)
    rows = fetch(
        warehouse,
        "select year, gacc_vehicles, caam_vehicles, gap_vehicles, gacc_basis, caam_basis, note "
        "from marts.source_bridge order by year",
    )
    assert [r[:6] for r in rows] == [
        (2023, 5_221_000, 4_910_000, 311_000, c, m),
        (2024, 6_410_000, 5_859_000, 551_000, c, m),
    ]
    assert "chassis" in rows[0][6]


def test_a_series_basis_comes_from_the_seed(sample_landing, tmp_path, monkeypatch):
    # relabel JAMA as customs in the seed: the manufacturer comparison loses its Japan side
    warehouse = tmp_path / "w.duckdb"
    shutil.copytree(WAREHOUSE_DIR / "seeds", tmp_path / "warehouse" / "seeds")
    monkeypatch.setattr(seeds, "WAREHOUSE_DIR", tmp_path / "warehouse")
    path = tmp_path / "warehouse" / "seeds" / "series_bases.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("JAMA,vehicle_exports,manufacturer_reported", "JAMA,vehicle_exports,customs"),
        encoding="utf-8",
    )
    materialize_all(sample_landing, warehouse)
    assert fetch(
        warehouse,
        "select basis, china_vehicles, japan_vehicles, china_passes_japan "
        "from marts.exporter_comparison where year = 2023 order by basis",
    ) == [
        ("customs", 5_221_000, 4_422_682, True),
        ("manufacturer_reported", 4_910_000, None, False),
    ]


def test_revised_april_page_changes_the_mart_and_keeps_both_vintages(built_sample, tmp_path):
    assert built_sample.result.success
    sample_landing, warehouse = built_sample.copy(tmp_path)
    [(first_loaded_at,)] = fetch(
        warehouse,
        "select max(loaded_at) from marts.national_monthly_history where period = ?",
        [APRIL],
    )
    revised = (*CAR_APRIL[:2], "62.5", "805.0", "216.3", *CAR_APRIL[5:])
    page = sample_landing / "customs" / "releases" / "release_202504_exports_cny_revised.html"
    page.write_text(release_page(2025, 4, [revised, PARTS_APRIL]), encoding="utf-8")
    later = page.stat().st_mtime + 60
    os.utime(page, (later, later))

    assert materialize_all(sample_landing, warehouse).success
    assert _car_month(warehouse, APRIL)[0][:2] == (625_000, Decimal("80500000000.00"))
    history = fetch(
        warehouse,
        "select vehicles, source_file, is_current, valid_to is null "
        "from marts.national_monthly_history where product = ? and period = ? order by vintage",
        [CAR, APRIL],
    )
    assert [h[0] for h in history] == [620_000, 620_000, 625_000]  # CNY page, + USD, revision
    assert history[-1] == (
        625_000,
        "customs/releases/release_202504_exports_cny_revised.html",
        True,
        True,
    )
    # what did we know after the first build? the original figure
    assert fetch(
        warehouse,
        "select vehicles from marts.national_monthly_history where product = ? and period = ? "
        "and valid_from <= ? and (valid_to is null or valid_to > ?)",
        [CAR, APRIL, first_loaded_at, first_loaded_at],
    ) == [(620_000,)]
    # March is re-derived from the revised April: (216.3 - 62.5) - 97.1 = 56.7
    assert _car_month(warehouse, MARCH)[0][0] == 567_000


def test_shifted_usd_page_is_quarantined_and_loads_no_number(tmp_path):
    landing = tmp_path / "landing"
    releases = landing / "customs" / "releases"
    releases.mkdir(parents=True)
    (releases / "release_202504_exports_usd.html").write_text(
        release_page(2025, 4, [CAR_APRIL, PARTS_APRIL], currency="USD", shifted=True),
        encoding="utf-8",
    )
    (releases / "release_202504_exports_cny.html").write_text(
        release_page(2025, 4, [CAR_APRIL, PARTS_APRIL]), encoding="utf-8"
    )
    warehouse = tmp_path / "w.duckdb"
    assert materialize_all(landing, warehouse).success
    [(row_number, reason)] = fetch(
        warehouse,
        "select row_number, reason from audit.quarantine "
        "where source_file = 'customs/releases/release_202504_exports_usd.html'",
    )
    assert row_number is None and "shifted" in reason
    assert fetch(warehouse, "select count(*) from raw.release_files where currency = 'USD'") == [
        (0,)
    ]
    assert _car_month(warehouse, APRIL) == [
        (620_000, Decimal("80150000000.00"), None, False, False, 1)
    ]


def test_second_build_changes_nothing(built_sample, tmp_path):
    sample_landing, warehouse = built_sample.copy(tmp_path)
    sql = (
        "select (select count(*) from raw.release_rows), (select count(*) from audit.loads), "
        "(select count(*) from marts.national_monthly_history), "
        "(select sum(vehicles) from marts.national_monthly)"
    )
    before = fetch(warehouse, sql)
    materialize_all(sample_landing, warehouse)
    assert fetch(warehouse, sql) == before


def test_january_bulletin_splits_the_combined_period(tmp_path):
    landing = tmp_path / "landing"
    releases = landing / "customs" / "releases"
    releases.mkdir(parents=True)
    shutil.copy(SAMPLE_RELEASES / "release_202502_exports_cny.html", releases)
    # illustrative January: 400,000 vehicles, 5,000,000 x 10,000 yuan
    january_bulletin(releases / "bulletin_202501_exports_cny.xlsx", 2025, 400_000, 5_000_000)
    warehouse = tmp_path / "w.duckdb"
    assert materialize_all(landing, warehouse).success
    assert fetch(
        warehouse,
        "select period, vehicles, value_cny, derived, combined_period from marts.national_monthly "
        "where product = ? order by period",
        [CAR],
    ) == [
        (JANUARY, 400_000, Decimal("50000000000.00"), False, False),
        (dt.date(2025, 2, 1), 571_000, Decimal("66020000000.00"), True, False),
    ]


def test_reconciliation_checks_warn_with_both_figures(built_sample):
    warehouse, result = built_sample.warehouse, built_sample.result
    assert result.success  # warnings do not stop the build
    checks = _checks(result)
    # the grain (one row per period and product) is the suite's: it passes
    [suite] = [
        e
        for e in result.get_asset_check_evaluations()
        if e.asset_key.to_user_string() == "marts/national_monthly"
        and e.check_name == "expectation_suite"
    ]
    assert suite.passed
    # the bundled customs downloads are illustrative and far below the real release totals
    assert not checks["national_monthly_vs_customs_downloads"]
    [evaluation] = [
        e
        for e in result.get_asset_check_evaluations()
        if e.check_name == "national_monthly_vs_customs_downloads"
    ]
    assert evaluation.severity.value == "WARN"
    sample = evaluation.metadata["sample"].value
    assert "release_vehicles" in sample and "download_vehicles_with_unsettled" in sample
    # the sample's downloads are partial (28-37 % of the totals); the message says so
    assert "the downloads cover 36.8 % of the release total" in sample  # 228,376 / 620,000
    # May's printed month vs the change of the printed YTDs: 862.8 vs 3,513.7 - 2,649.8
    assert not checks["release_months_add_up_to_ytd"]
    # only the car row's value, GACC's published figures: the illustrative rows of the May
    # bulletin add up with April's (data/make_bulletin_202505.py)
    check_sql = (WAREHOUSE_DIR / "checks" / "release_months_add_up_to_ytd.sql").read_text()
    rows = fetch(warehouse, check_sql)
    assert [(r[0], r[1], r[2]) for r in rows] == [(dt.date(2025, 5, 1), CAR, "value_cny")]
    [row] = rows
    # 3,513.7215 - 2,649.8 - 862.8347 = 1.0868 x 100 million yuan: earlier months revised up
    assert (
        row[-2]
        == Decimal("35137215") * 10_000 - Decimal("264980000000") - Decimal("8628347") * 10_000
    )
    assert "implies a revision of earlier months of +108,680,000 yuan" in row[-1]


def _yoy_landing(root, ytd_april_2024: str):
    releases = root / "customs" / "releases"
    releases.mkdir(parents=True)
    shutil.copy(SAMPLE_RELEASES / "release_202504_exports_cny.html", releases)
    # April 2024 page whose year to date is the prior-year column of the April 2025 page
    row = (CAR_APRIL[0], CAR_APRIL[1], "-", "-", ytd_april_2024, "2,548.4", *("-",) * 4)
    (releases / "release_202404_exports_cny.html").write_text(
        release_page(2024, 4, [row]), encoding="utf-8"
    )
    return root


def test_printed_yoy_agrees_with_the_recomputed_one_within_rounding(tmp_path):
    # 215.8 / 187.4 - 1 = 15.15 % against the printed 15.2 %: within the rounding
    landing = _yoy_landing(tmp_path / "landing", "187.4")
    warehouse = tmp_path / "w.duckdb"
    result = materialize_all(landing, warehouse)
    assert _checks(result)["release_yoy_disagrees"]
    assert fetch(
        warehouse,
        "select yoy_vehicles_pct, yoy_quantity_pct_recomputed from marts.national_monthly "
        "where product = ? and period = ?",
        [CAR, APRIL],
    ) == [(Decimal("15.200"), Decimal("15.155"))]


def test_printed_yoy_beyond_rounding_is_reported(tmp_path):
    # a prior year of 180.0 makes 19.9 %, not the printed 15.2 %
    landing = _yoy_landing(tmp_path / "landing", "180.0")
    result = materialize_all(landing, tmp_path / "w.duckdb")
    assert result.success
    assert not _checks(result)["release_yoy_disagrees"]
    [evaluation] = [
        e for e in result.get_asset_check_evaluations() if e.check_name == "release_yoy_disagrees"
    ]
    sample = evaluation.metadata["sample"].value
    assert "| motor_vehicles_incl_chassis | quantity | 15.200 |" in sample
    assert "| 19.889 |" in sample  # 215.8 / 180.0 - 1
