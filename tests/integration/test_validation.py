"""Validation in the build: the clean sample passes every suite and reconciliation, each suite's
main expectations catch a violation, and a violating download stops publication."""

import hashlib
import shutil
from pathlib import Path

import duckdb
import pytest

from pipelines.app.build_runner import run_build
from pipelines.defs.validation.reconciliations import RECONCILIATIONS
from pipelines.lib.build_file import build_path
from pipelines.lib.gx_suites import load_suites
from pipelines.lib.settings import resolve_settings
from pipelines.lib.sql_files import published_marts, source_files_query
from pipelines.lib.warehouse_sql import sql_text
from tests.conftest import fetch
from tests.gacc_files import ZH_PARTNER, write_download
from tests.suite_violations import assert_violation_fails_the_suite

SUITES = {spec.table: spec for spec in load_suites()}
MY_CHECKS = {"expectation_suite", *(r.name for r in RECONCILIATIONS)}


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def published(run_sample):
    """The bundled sample, built and published once (tests/conftest.py's ``run_sample``)."""
    return run_sample.settings, run_sample.report


def test_the_clean_sample_passes_every_suite_and_reconciliation(published):
    settings, report = published
    assert report.published
    mine = [c for c in report.checks if c.name.split(":")[1] in MY_CHECKS]
    assert len(mine) == len(SUITES) + len(RECONCILIATIONS)
    assert [c.name for c in mine if not c.passed] == []
    assert [c.name for c in report.checks if c.blocking and not c.passed] == []


def test_check_results_are_published_with_the_data(published):
    settings, report = published
    rows = fetch(
        settings.warehouse,
        "select table_name, check_name, passed, blocking, observed, trigger "
        "from audit.check_results order by table_name, check_name",
    )
    # every SQL check records too; the suites and reconciliations are all there, and all pass
    mine = [r for r in rows if r[1] in MY_CHECKS]
    assert len(mine) == len(SUITES) + len(RECONCILIATIONS)
    assert all(r[2] for r in mine)
    assert {r[5] for r in rows} == {"build"}
    # the SQL checks record their verdicts too, the same ones the build reported
    reported = {c.name: c.passed for c in report.checks}
    others = [r for r in rows if r[1] not in MY_CHECKS]
    assert len(others) >= 10
    for table, check, passed, *_ in others:
        assert reported[f"{table.replace('.', '/')}:{check}"] == passed
    by_key = {(r[0], r[1]): r for r in rows}
    customs = by_key[("marts.fct_customs_trade", "expectation_suite")]
    total = len(SUITES["marts.fct_customs_trade"].document["expectations"])
    assert customs[3] is True and customs[4] == f"{total}/{total} expectations passed"
    assert by_key[("staging.customs_trade", "expectation_suite")][3] is False  # a warning
    assert len(fetch(settings.warehouse, "select distinct run_id from audit.check_results")) == 1


def test_every_published_mart_with_a_suite_blocks_and_staging_suites_warn():
    for table, spec in SUITES.items():
        assert spec.blocking == (table in published_marts()), table
    assert {"marts.fct_customs_trade", "marts.exports_by_destination"} <= set(SUITES)


def test_every_mart_is_covered_by_the_source_files_check(published):
    settings, _ = published
    with duckdb.connect(settings.warehouse.as_posix(), read_only=True) as con:
        query = source_files_query(con)
    # one branch per mart of warehouse/marts/, but the one whose header names its own rule
    covered = {mart for mart in published_marts() if f"'{mart}' as mart" in query}
    assert set(published_marts()) - covered == {"marts.plant_export_effects"}
    assert "checks/plant_export_effects_without_sources.sql" in sql_text(
        "marts/plant_export_effects.sql"
    )


# (suite, statement that breaks it, expectation type, target that must fail)
VIOLATIONS = [
    (
        "staging.customs_trade",
        "update staging.customs_trade set breakdown = null where breakdown = 'commodity+partner'",
        "expect_column_values_to_not_be_null",
        "breakdown",
    ),
    (
        "staging.customs_trade",
        "delete from staging.customs_trade where period = date '2025-03-01'",
        "unexpected_rows_expectation",
        "every month and flow with accepted rows in staging.customs_lines has rows",
    ),
    (
        "marts.fct_customs_trade",
        "update marts.fct_customs_trade set hs_code = '870323' where hs_code = '87038010'",
        "unexpected_rows_expectation",
        "HS codes have 8 digits",
    ),
    (
        "staging.vehicle_export_rows",
        "update staging.vehicle_export_rows set vehicles = -vehicles where for_total",
        "expect_column_values_to_be_between",
        "vehicles",
    ),
    (
        "marts.fct_customs_trade",
        "update marts.fct_customs_trade set value_cny = quantity, value_usd = quantity "
        "where vehicle_class = 'passenger car'",
        "unexpected_rows_expectation",
        "unit value per vehicle within the band of its class (USD 100 to: passenger car 500k, "
        "truck 1M, bus 2M, chassis 1M, special 5M; CNY 6-8x)",
    ),
    (
        "marts.fct_customs_trade",
        "update marts.fct_customs_trade set hs_code = '84713000' where vehicle_class = 'bus'",
        "unexpected_rows_expectation",
        "vehicle rows have an HS code ^87\\d{6}$ (chapter 87)",
    ),
    (
        "marts.fct_customs_trade",
        "update marts.fct_customs_trade set partner_iso3 = 'SUN' where partner_code = '344'",
        "unexpected_rows_expectation",
        "partners carry an ISO 3166 alpha-3 code from the reference",
    ),
    (
        "marts.exports_by_destination",
        "update marts.exports_by_destination set partner_iso3 = 'RU' where partner_iso3 = 'RUS'",
        "unexpected_rows_expectation",
        "destinations are ISO 3166 alpha-3 codes from the partner reference",
    ),
    (
        "marts.exports_by_destination",
        "delete from marts.exports_by_destination where period = date '2025-03-01'",
        "unexpected_rows_expectation",
        "every month with destination rows chosen in staging has rows",
    ),
    (
        "marts.exports_by_province",
        "update marts.exports_by_province set province_code = '99' where province_code = '31'",
        "unexpected_rows_expectation",
        "provinces are GB/T 2260 two-digit codes from the province reference",
    ),
    (
        "marts.exports_by_province",
        "delete from marts.exports_by_province",
        "unexpected_rows_expectation",
        "every month with province rows chosen in staging has rows",
    ),
    (
        "marts.exports_by_powertrain",
        "update marts.exports_by_powertrain set powertrain = 'DIESEL' where powertrain = 'ICE'",
        "expect_column_values_to_be_in_set",
        "powertrain",
    ),
    (
        "marts.exports_by_powertrain",
        "insert into marts.exports_by_powertrain select * from marts.exports_by_powertrain limit 1",
        "expect_compound_columns_to_be_unique",
        "period,vehicle_class,powertrain",
    ),
    (
        "marts.national_monthly",
        "update marts.national_monthly set vehicles = vehicles * 10000 "
        "where product = 'motor_vehicles_incl_chassis'",
        "unexpected_rows_expectation",
        "national unit value per vehicle (car row) within USD 5k-100k and CNY 30k-800k "
        "(2024: about 18k USD)",
    ),
    (
        "marts.national_monthly",
        "delete from marts.national_monthly where period = date '2025-04-01'",
        "unexpected_rows_expectation",
        "every product and month in the release staging has a row",
    ),
    (
        "marts.annual_exports",
        "update marts.annual_exports set vehicles = -1",
        "expect_column_values_to_be_between",
        "vehicles",
    ),
    (
        "marts.policy_documents",
        "insert into marts.policy_documents select * from marts.policy_documents limit 1",
        "expect_column_values_to_be_unique",
        "policy_id",
    ),
    (
        "marts.policy_documents",
        "delete from marts.policy_documents where jurisdiction_level = 'national'",
        "unexpected_rows_expectation",
        "every document of staging.policy_documents is published",
    ),
    (
        "marts.policy_documents",
        "update marts.policy_documents set jurisdiction_level = 'county'",
        "expect_column_values_to_be_in_set",
        "jurisdiction_level",
    ),
    (
        "marts.policy_measures",
        "update marts.policy_measures set amount_cny = -1 where measure_seq = 1",
        "expect_column_values_to_be_between",
        "amount_cny",
    ),
]


@pytest.mark.parametrize(("suite", "statement", "expectation", "target"), VIOLATIONS)
def test_a_violation_fails_the_suite_on_that_expectation(
    published, tmp_path, suite, statement, expectation, target
):
    settings, _ = published
    assert_violation_fails_the_suite(
        settings.warehouse, tmp_path, SUITES[suite], statement, expectation, target
    )


# (reconciliation, statement that breaks it)
RECONCILIATION_VIOLATIONS = [
    ("mart_rows_without_source_files", "update marts.source_bridge set source_files = []"),
    ("mart_rows_without_source_files", "update marts.policy_measures set source_file = null"),
    ("mart_rows_without_source_files", "update marts.national_monthly set source_file = null"),
    (
        "plant_export_effects_without_sources",
        "update marts.plant_export_effects set plant_source = null",
    ),
    (
        "exports_marts_agree_across_breakdowns",
        "update marts.exports_by_destination set vehicles = vehicles * 2 "
        "where period = date '2025-04-01' and partner_iso3 = 'RUS'",
    ),
    (
        "national_monthly_months_add_up_to_ytd",
        "update marts.national_monthly set vehicles = vehicles + 10000 "
        "where period = date '2025-03-01' and product = 'motor_vehicles_incl_chassis'",
    ),
]


@pytest.mark.parametrize(("name", "statement"), RECONCILIATION_VIOLATIONS)
def test_a_violation_fails_the_reconciliation(published, tmp_path, name, statement):
    settings, _ = published

    def query(database: Path) -> str:
        if name != "mart_rows_without_source_files":
            return sql_text(f"checks/{name}.sql")
        with duckdb.connect(database.as_posix(), read_only=True) as con:
            return source_files_query(con)  # written from the marts' columns

    assert fetch(settings.warehouse, query(settings.warehouse)) == []
    broken = tmp_path / "broken.duckdb"
    shutil.copyfile(settings.warehouse, broken)
    con = duckdb.connect(broken.as_posix())
    con.execute(statement)
    con.close()
    assert fetch(broken, query(broken)) != []


def test_a_violating_download_stops_publication_and_leaves_the_warehouse(published, tmp_path):
    settings, _ = published
    warehouse = tmp_path / "w.duckdb"
    shutil.copyfile(settings.warehouse, warehouse)
    before = _sha(warehouse)
    landing = tmp_path / "landing"
    shutil.copytree(settings.landing, landing)
    # 100 electric cars for 500 yuan: 5 yuan a car, a unit error (e.g. value in 10,000 yuan)
    write_download(
        landing / "customs/exports/exports_202505_partner_cny.csv",
        [*ZH_PARTNER, "人民币"],
        [["'87038000", "纯电动乘用车", "344", "俄罗斯联邦", "100", "辆", "180,000", "千克", "500"]],
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DAGSTER_HOME", str(tmp_path / "dagster"))
        report = run_build(resolve_settings(landing=str(landing), warehouse=str(warehouse)))
    assert not report.published
    failed_blocking = {c.name for c in report.checks if c.blocking and not c.passed}
    assert {
        "marts/fct_customs_trade:expectation_suite",
        "marts/exports_by_destination:expectation_suite",
        "marts/exports_by_powertrain:expectation_suite",
    } <= failed_blocking
    assert _sha(warehouse) == before
    assert not build_path(warehouse).exists()
