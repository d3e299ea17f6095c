"""The code location loads, and every asset carries what the Dagster UI shows users."""

import json
from pathlib import Path

import dagster as dg

from pipelines.lib.gx_suites import load_suites
from pipelines.lib.sql_files import table_files
from tests.conftest import build_definitions

# The graph as it was when every SQL table's dependencies were typed by hand (captured before
# the SQL files became their truth, commit 55c7286).
GRAPH_BEFORE = json.loads((Path(__file__).parent / "asset_graph.json").read_text())
# Edges the SQL shows and the hand-typed lists missed; each was already implied through another
# dependency, so no step runs in another order:
ADDED_DEPS = {
    # these read raw.release_files / raw.policy_files / raw.policy_measures, written by the
    # loader asset named (pipelines/lib/sql_files.py WRITTEN_WITH)
    "marts/national_monthly_history": {
        "raw/release_rows",
        "ref/gacc_release_calendar",
        "staging/release_national_monthly_rows",
    },
    # the columns both national marts publish are written once, in a staging table between
    # them and staging.release_national_monthly_asof (#17)
    "marts/national_monthly": {"staging/release_national_monthly_rows"},
    "staging/release_months_asof": {"raw/release_rows"},
    "marts/policy_documents": {"raw/policy_documents"},
    "marts/policy_measures": {"raw/policy_documents"},
    "staging/policy_measure_categories": {"raw/policy_documents"},
    # seeds added since (#18): the basis of each series
    "marts/exporter_comparison": {"ref/series_bases"},
    "marts/source_bridge": {"ref/series_bases"},
    # China's 8-digit tariff lines classify before the HS prefixes
    "staging/hs_vehicle_map": {"ref/hs_tariff_lines"},
    # the lines leave their files' values to raw.customs_files (#21), whose loader asset is
    # raw/customs_rows, already upstream of them through staging/customs_lines
    "staging/customs_trade": {"raw/customs_rows"},
    "marts/customs_revisions": {"raw/customs_rows"},
    # marts added since (#19): publication waits for them
    "published_warehouse": {
        "marts/dim_hs_code",
        "marts/customs_revisions",
        "marts/unit_value_signals",
    },
}
# Dependencies a later SQL no longer reads: national_monthly reads the merged rows through
# staging.release_national_monthly_rows, which reads them (#17)
REMOVED_DEPS = {"marts/national_monthly": {"staging/release_national_monthly_asof"}}
# Tables renamed since: the overseas plants moved from a seed to a landing source (#17), built
# by the SQL file staging/overseas_plants.sql from raw.plant_rows (its loader asset)
RENAMED = {"ref/overseas_plants": "staging/overseas_plants"}


def _renamed(keys) -> set[str]:
    return {RENAMED.get(key, key) for key in keys}


# SQL grain checks removed: each of these marts' grain is its suite's uniqueness expectation
# (blocking too); a property is checked once
REMOVED_CHECKS = {
    "marts/market_signals:market_signals_grain",
    "marts/national_monthly:national_monthly_grain",
    "marts/nev_share_by_region:nev_share_by_region_grain",
    "marts/plant_export_effects:plant_export_effects_grain",
    "marts/policy_documents:policy_documents_grain",
    "marts/policy_measures:policy_measures_grain",
}
# Check dependencies now parsed from the check's SQL: the seeds they join
ADDED_CHECK_DEPS = {
    # the reconcile query is now one file per mart, its reads parsed like every check's
    "marts/exports_by_destination:vehicles_match_chosen_rows": {"staging/vehicle_export_rows"},
    "marts/exports_by_province:vehicles_match_chosen_rows": {"staging/vehicle_export_rows"},
    "marts/exports_by_powertrain:vehicles_match_chosen_rows": {"staging/vehicle_export_rows"},
    # a gap in the reference is a code of a vehicle heading that the seeds know
    "marts/fct_customs_trade:hs_codes_outside_vehicle_reference": {
        "ref/hs_vehicle_codes",
        "ref/hs_tariff_lines",
        "ref/release_total_hs_scope",
    },
    "marts/national_monthly:national_monthly_vs_customs_downloads": {
        "marts/fct_customs_trade",
        "ref/release_total_hs_scope",
    },
    "marts/exporter_comparison:expectation_suite": {"ref/series_bases"},
    # the source-files check reads every mart, the one added since (#19) too
    "marts/fct_customs_trade:mart_rows_without_source_files": {
        "marts/dim_hs_code",
        "marts/customs_revisions",
        "marts/unit_value_signals",
    },
    "marts/fct_customs_trade:unknown_trade_modes": {"ref/trade_modes"},
    # a line's file name is in raw.customs_files (#21), written by raw/customs_rows
    "staging/customs_lines:duplicate_keys_within_file": {"raw/customs_rows"},
    "staging/customs_trade:expectation_suite": {"raw/customs_rows"},
    "marts/nev_share_by_region:nev_share_by_region_unassigned_partners": {
        "ref/partner_regions",
        "ref/partners",
    },
    "marts/plant_export_effects:plant_export_effects_unusable_plants": {
        "ref/overseas_plants",
        "ref/partners",
    },
}

# Check dependencies a later SQL no longer reads (#18): the download reconciliation sums the
# fact table by HS code against the seed of the release total's HS set
REMOVED_CHECK_DEPS = {
    "marts/national_monthly:national_monthly_vs_customs_downloads": {"marts/exports_by_powertrain"},
}

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
        "marts/fct_customs_trade:marts_columns_without_comment",
        "marts/exports_by_destination:vehicles_match_chosen_rows",
        "marts/exports_by_province:vehicles_match_chosen_rows",
        "marts/exports_by_powertrain:vehicles_match_chosen_rows",
        "marts/nev_share_by_region:nev_share_by_region_matches_destinations",
        "marts/fct_customs_trade:mart_rows_without_source_files",
        "marts/plant_export_effects:plant_export_effects_without_sources",
        # every published mart's suite blocks (tests/integration/test_validation.py)
        *(
            f"{suite.table.replace('.', '/')}:expectation_suite"
            for suite in load_suites()
            if suite.blocking
        ),
    }


def test_the_graph_derived_from_the_sql_files_is_the_graph_typed_by_hand():
    graph = build_definitions().resolve_asset_graph()
    keys = {key.to_user_string() for key in graph.get_all_asset_keys()}
    for asset, before in GRAPH_BEFORE["assets"].items():
        asset = RENAMED.get(asset, asset)
        assert asset in keys, asset
        node = graph.get(dg.AssetKey.from_user_string(asset))
        deps = {parent.to_user_string() for parent in node.parent_keys}
        if asset in RENAMED.values():
            assert deps == {"raw/plant_rows"}, asset  # built from its source's raw rows now
        else:
            expected = _renamed(before["deps"]) | ADDED_DEPS.get(asset, set())
            assert deps == expected - REMOVED_DEPS.get(asset, set()), asset
        assert node.group_name == before["group"], asset
    for check, before in GRAPH_BEFORE["checks"].items():
        if check in REMOVED_CHECKS:
            continue
        asset, name = check.split(":")
        spec = graph.get_check_spec(dg.AssetCheckKey(dg.AssetKey.from_user_string(asset), name))
        assert spec.blocking == before["blocking"], check
        deps = {d.asset_key.to_user_string() for d in spec.additional_deps}
        expected = _renamed(before["additional_deps"]) | _renamed(ADDED_CHECK_DEPS.get(check, ()))
        assert deps == expected - REMOVED_CHECK_DEPS.get(check, set()), check


def test_every_dependency_is_an_asset_and_every_table_file_one():
    graph = build_definitions().resolve_asset_graph()
    keys = graph.get_all_asset_keys()
    for key in keys:
        assert graph.get(key).parent_keys <= keys, key  # nothing depends on a phantom table
    for spec in table_files():
        if spec.is_asset:  # a step's file is run by its Python asset
            key = dg.AssetKey(spec.table.split("."))
            assert key in keys, spec.path
            assert graph.get(key).description == spec.description, spec.path


def test_publication_waits_for_every_file_of_warehouse_marts():
    graph = build_definitions().resolve_asset_graph()
    published = graph.get(dg.AssetKey("published_warehouse")).parent_keys
    marts = {p.stem for p in (Path(__file__).parents[2] / "warehouse" / "marts").glob("*.sql")}
    assert {key.path[1] for key in published} == marts
    assert {key.path[0] for key in published} == {"marts"}


def test_each_marts_grain_is_checked_once():
    """A mart whose suite expects its grain unique has no SQL grain check beside it."""
    graph = build_definitions().resolve_asset_graph()
    sql_grain = {
        key.asset_key.to_user_string().replace("/", ".")
        for key in graph.asset_check_keys
        if key.name.endswith("_grain")
    }
    suite_grain = {
        suite.table
        for suite in load_suites()
        if any(e["type"].endswith("_to_be_unique") for e in suite.document["expectations"])
    }
    assert sql_grain == {"marts.fct_customs_trade"}
    assert not sql_grain & suite_grain
    graph_keys = {key.to_user_string() for key in graph.get_all_asset_keys()}
    marts = {k.replace("/", ".") for k in graph_keys if k.startswith("marts/")}
    # every mart's grain is checked, but policy_timeline's: it never was (left to its owner)
    assert marts - (sql_grain | suite_grain) == {"marts.policy_timeline"}
