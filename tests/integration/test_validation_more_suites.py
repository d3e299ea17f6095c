"""Suites of the release, policy and market marts: the clean sample passes each, each blocks
publication, and a violation of a suite's main expectations fails it with sample rows."""

import shutil

import dagster as dg
import pytest

from pipelines.defs.resources import WarehouseResource
from pipelines.lib.build_file import build_path
from pipelines.lib.gx_suites import load_suites, run_suites
from tests.conftest import SAMPLE_LANDING, build_definitions
from tests.suite_violations import assert_violation_fails_the_suite

NEW_SUITES = (
    "marts.national_monthly_history",
    "marts.exporter_comparison",
    "marts.source_bridge",
    "marts.policy_overlap",
    "marts.policy_timeline",
    "marts.policy_export_outcomes",
    "marts.plant_export_effects",
    "marts.nev_share_by_region",
    "marts.market_signals",
)
SUITES = {spec.table: spec for spec in load_suites()}
PUBLISH = dg.AssetKey(["published_warehouse"])


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The bundled sample built into a build file, every asset and check but the publish step,
    so the suites are judged on the file they guard whatever other checks say."""
    root = tmp_path_factory.mktemp("more_suites")
    landing = root / "landing"
    shutil.copytree(SAMPLE_LANDING, landing)
    warehouse = root / "w.duckdb"
    definitions = build_definitions()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DAGSTER_HOME", str(root / "dagster"))
        result = dg.materialize(
            [
                *(a for a in definitions.assets if PUBLISH not in a.keys),
                *definitions.asset_checks,
            ],
            resources={
                "warehouse": WarehouseResource(
                    landing_dir=str(landing), warehouse_path=str(warehouse)
                )
            },
            instance=dg.DagsterInstance.ephemeral(),
            raise_on_error=False,
        )
    return build_path(warehouse), result


def test_the_clean_sample_passes_every_new_suite_and_each_blocks(built):
    _, result = built
    outcomes = {
        f"{e.asset_key.to_user_string()}:{e.check_name}": e.passed
        for e in result.get_asset_check_evaluations()
    }
    graph = build_definitions().resolve_asset_graph()
    blocking = {
        f"{key.asset_key.to_user_string()}:{key.name}"
        for key in graph.asset_check_keys
        if graph.get_check_spec(key).blocking
    }
    for table in NEW_SUITES:
        assert SUITES[table].blocking, table
        key = f"{table.replace('.', '/')}:expectation_suite"
        assert outcomes.get(key) is True, key
        assert key in blocking, key


# (suite, statement that breaks it, expectation type, target that must fail)
VIOLATIONS = [
    (
        "marts.national_monthly_history",
        "delete from marts.national_monthly_history where period = date '2025-04-01'",
        "unexpected_rows_expectation",
        "every product and month in the release staging has a row",
    ),
    (
        "marts.national_monthly_history",
        "insert into marts.national_monthly_history "
        "select * from marts.national_monthly_history limit 1",
        "expect_compound_columns_to_be_unique",
        "period,product,vintage",
    ),
    (
        "marts.exporter_comparison",
        "delete from marts.exporter_comparison where year = 2024",
        "unexpected_rows_expectation",
        "every year and basis with a China or Japan figure has a row",
    ),
    (
        "marts.exporter_comparison",
        "update marts.exporter_comparison set china_passes_japan = true",
        "unexpected_rows_expectation",
        "china_passes_japan marks only the first year China is ahead, per basis",
    ),
    (
        # GACC's customs count set against JAMA's manufacturers' figure: the bug of #18
        "marts.exporter_comparison",
        "update marts.exporter_comparison set japan_vehicles = 4422682, japan_source = 'JAMA', "
        "japan_basis = 'manufacturer_reported' where basis = 'customs' and year = 2023",
        "unexpected_rows_expectation",
        "each side's basis is the row's basis: no row compares figures of two bases",
    ),
    (
        "marts.source_bridge",
        "delete from marts.source_bridge",
        "unexpected_rows_expectation",
        "every year with both a GACC and a CAAM figure has a row",
    ),
    (
        # CAAM's 4.91 million read in 10,000 vehicles
        "marts.source_bridge",
        "update marts.source_bridge set caam_vehicles = 491, gap_vehicles = gacc_vehicles - 491, "
        "gap_pct = round(100 * (gacc_vehicles / 491 - 1), 1)",
        "unexpected_rows_expectation",
        "GACC and CAAM within 50 % of each other (2023: 6.3 %); a larger gap is a unit or "
        "metric error",
    ),
    (
        "marts.policy_overlap",
        "delete from marts.policy_overlap where category = 'logistics'",
        "unexpected_rows_expectation",
        "every classified measure of a document with a jurisdiction is counted in its category",
    ),
    (
        "marts.policy_overlap",
        "update marts.policy_overlap set funded_by_several = not funded_by_several",
        "unexpected_rows_expectation",
        "jurisdictions counts the jurisdiction codes, and funded_by_several means more than one",
    ),
    (
        "marts.policy_timeline",
        "delete from marts.policy_timeline where jurisdiction_code = 'CN'",
        "unexpected_rows_expectation",
        "every jurisdiction and month of marts.policy_documents has a row counting its documents",
    ),
    (
        # the document without a jurisdiction and date: a NULL key is still a key
        "marts.policy_timeline",
        "insert into marts.policy_timeline "
        "select * from marts.policy_timeline where jurisdiction_code is null",
        "unexpected_rows_expectation",
        "one row per jurisdiction and month (either may be unknown)",
    ),
    (
        # the sample's provincial policies have no date, so the mart is empty; dated, each
        # needs a row the mart built before did not give
        "marts.policy_export_outcomes",
        "update marts.policy_documents set published_on = date '2024-03-15' "
        "where jurisdiction_level = 'provincial'",
        "unexpected_rows_expectation",
        "every provincial or municipal policy with a publication date and a province has a row",
    ),
    (
        "marts.plant_export_effects",
        "delete from marts.plant_export_effects where plant_id = 'byd_rayong'",
        "unexpected_rows_expectation",
        "every plant of staging.overseas_plants with an opening date has a row",
    ),
    (
        # two covered months after the opening are not a year
        "marts.plant_export_effects",
        "update marts.plant_export_effects set vehicles_after = 1000 where plant_id = 'byd_rayong'",
        "unexpected_rows_expectation",
        "a window's vehicles only when all 12 of its months are covered",
    ),
    (
        "marts.nev_share_by_region",
        "delete from marts.nev_share_by_region where period = date '2025-03-01'",
        "unexpected_rows_expectation",
        "every month with destination rows chosen in staging has rows",
    ),
    (
        "marts.nev_share_by_region",
        "update marts.nev_share_by_region set nev_share_pct = 100 - nev_share_pct "
        "where region = 'CIS'",
        "unexpected_rows_expectation",
        "nev_share_pct is NEV over all vehicles in %, NULL only without vehicles",
    ),
    (
        "marts.market_signals",
        "delete from marts.market_signals where partner_iso3 = 'RUS'",
        "unexpected_rows_expectation",
        "every destination and month of marts.exports_by_destination has a row",
    ),
    (
        # the sample has at most one month of history per destination
        "marts.market_signals",
        "update marts.market_signals set unit_value_outside_usual_range = true",
        "unexpected_rows_expectation",
        "unit_value_outside_usual_range is judged only with 3 or more months of history",
    ),
    (
        "marts.market_signals",
        "insert into marts.market_signals select * from marts.market_signals limit 1",
        "expect_compound_columns_to_be_unique",
        "period,partner_iso3",
    ),
]


def test_every_new_suite_has_a_violation():
    assert {suite for suite, *_ in VIOLATIONS} == set(NEW_SUITES)


@pytest.mark.parametrize(("suite", "statement", "expectation", "target"), VIOLATIONS)
def test_a_violation_fails_the_suite_on_that_expectation(
    built, tmp_path, suite, statement, expectation, target
):
    database, _ = built
    (clean,) = run_suites(database, [SUITES[suite]])
    assert clean.passed, clean.summary()
    assert_violation_fails_the_suite(
        database, tmp_path, SUITES[suite], statement, expectation, target
    )
