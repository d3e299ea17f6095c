"""GX on DuckDB works only through pipelines/lib/gx_duckdb.py: these tests fail loudly when a
GX upgrade breaks it (metrics would otherwise come back empty, and every check would lie)."""

import json
from pathlib import Path

import duckdb
import pytest

from pipelines.lib import gx_duckdb
from pipelines.lib.gx_suites import load_suite, run_suites


def _table(tmp_path: Path) -> Path:
    database = tmp_path / "t.duckdb"
    con = duckdb.connect(database.as_posix())
    con.execute("create schema marts")
    con.execute(
        "create table marts.sample as "
        "select * from (values (1, 'RUS'), (2, 'MEX'), (-3, 'x')) as v(n, code)"
    )
    con.close()
    return database


def _suite(tmp_path: Path, expectations: list[dict]) -> Path:
    path = tmp_path / "marts.sample.json"
    document = {
        "name": "marts.sample",
        "meta": {"table": "marts.sample"},
        "expectations": expectations,
    }
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_duckdb_is_registered_as_a_persisted_connection_dialect():
    gx = gx_duckdb.import_gx()
    from great_expectations.execution_engine import sqlalchemy_execution_engine as engine

    assert gx.__version__.startswith(gx_duckdb.SUPPORTED_GX)
    assert "duckdb" in engine._PERSISTED_CONNECTION_DIALECTS
    gx_duckdb.import_gx()  # idempotent: registered once
    assert sum(d == "duckdb" for d in engine._PERSISTED_CONNECTION_DIALECTS) == 1


def test_metrics_on_duckdb_are_computed_not_empty(tmp_path):
    spec = load_suite(
        _suite(
            tmp_path,
            [
                {"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 1}},
                {
                    "type": "expect_column_values_to_be_between",
                    "kwargs": {"column": "n", "min_value": 0},
                },
                {
                    "type": "unexpected_rows_expectation",
                    "description": "ISO3 codes",
                    "kwargs": {
                        "unexpected_rows_query": "select * from {batch} "
                        "where not regexp_full_match(code, '[A-Z]{{3}}')"
                    },
                },
            ],
        )
    )
    (outcome,) = run_suites(_table(tmp_path), [spec])
    by_type = {e.expectation: e for e in outcome.expectations}  # GX may reorder results
    row_count = by_type["expect_table_row_count_to_be_between"]
    between = by_type["expect_column_values_to_be_between"]
    iso3 = by_type["unexpected_rows_expectation"]
    assert (row_count.success, row_count.observed) == (True, "3")
    assert (between.success, between.unexpected_count, between.sample) == (False, 1, ("-3",))
    assert (iso3.success, iso3.unexpected_count) == (False, 1)
    assert '"code": "x"' in iso3.sample[0]
    assert not outcome.passed


def test_the_file_is_free_for_writing_after_validation(tmp_path):
    database = _table(tmp_path)
    spec = load_suite(
        _suite(
            tmp_path, [{"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 1}}]
        )
    )
    run_suites(database, [spec])
    con = duckdb.connect(database.as_posix())  # refused if GX still held it read-only
    con.execute("insert into marts.sample values (4, 'THA')")
    con.close()


def test_an_expectation_that_errors_counts_as_failed(tmp_path):
    spec = load_suite(
        _suite(
            tmp_path,
            [{"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "missing"}}],
        )
    )
    (outcome,) = run_suites(_table(tmp_path), [spec])
    (result,) = outcome.expectations
    assert not result.success and result.error and "error" in result.observed


def test_an_unpinned_gx_version_is_refused(monkeypatch):
    gx = gx_duckdb.import_gx()
    monkeypatch.setattr(gx, "__version__", "2.0.0")
    with pytest.raises(gx_duckdb.GxUnsupported, match="pinned"):
        gx_duckdb.import_gx()


def test_gx_analytics_are_off(monkeypatch):
    monkeypatch.delenv("GX_ANALYTICS_ENABLED", raising=False)
    gx_duckdb.import_gx()
    import os

    assert os.environ["GX_ANALYTICS_ENABLED"] == "false"
    context = gx_duckdb.ephemeral_context()
    assert not context.variables.progress_bars.globally
