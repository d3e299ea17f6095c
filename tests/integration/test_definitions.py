"""The code location loads, and every asset carries what the Dagster UI shows users."""

import dagster as dg

from pipelines.lib.gx_suites import load_suites
from tests.conftest import build_definitions

GROUPS = {"reference", "customs", "releases", "policy", "marts", "market", "publish"}


def test_definitions_load_with_the_build_job():
    definitions = build_definitions()
    dg.Definitions.validate_loadable(definitions)
    job = definitions.resolve_job_def("build_warehouse")
    assert job.executor_def is dg.in_process_executor or job.executor_def.name == "in_process"


def test_every_asset_has_group_owner_kind_and_description():
    graph = build_definitions().resolve_asset_graph()
    keys = graph.get_all_asset_keys()
    assert {k.to_user_string() for k in keys} >= {
        "raw/customs_rows",
        "marts/fct_customs_trade",
        "marts/exports_by_destination",
        "marts/exports_by_province",
        "marts/exports_by_powertrain",
        "marts/national_monthly",
        "marts/policy_documents",
        "published_warehouse",
    }
    for key in keys:
        node = graph.get(key)
        assert node.group_name in GROUPS, key
        assert node.owners == ["team:data-engineering"], key
        assert node.kinds, key
        assert node.description, key


def test_checks_that_guard_publication_are_blocking():
    graph = build_definitions().resolve_asset_graph()
    blocking = {
        f"{key.asset_key.to_user_string()}:{key.name}"
        for key in graph.asset_check_keys
        if graph.get_check_spec(key).blocking
    }
    assert blocking == {
        "marts/fct_customs_trade:fct_customs_trade_grain",
        "marts/exports_by_destination:vehicles_match_chosen_rows",
        "marts/exports_by_province:vehicles_match_chosen_rows",
        "marts/exports_by_powertrain:vehicles_match_chosen_rows",
        "marts/national_monthly:national_monthly_grain",
        "marts/policy_documents:policy_documents_grain",
        "marts/policy_measures:policy_measures_grain",
        "marts/plant_export_effects:plant_export_effects_grain",
        "marts/nev_share_by_region:nev_share_by_region_grain",
        "marts/nev_share_by_region:nev_share_by_region_matches_destinations",
        "marts/market_signals:market_signals_grain",
        "marts/fct_customs_trade:mart_rows_without_source_files",
        # every published mart's suite blocks (tests/integration/test_validation.py)
        *(
            f"{suite.table.replace('.', '/')}:expectation_suite"
            for suite in load_suites()
            if suite.blocking
        ),
    }
