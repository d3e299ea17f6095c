"""The CLI build's run history (pipelines/app/run_events.py): the stock storage reads what it
writes, and a storage configured in dagster.yaml is left as configured."""

import os
import sqlite3

import dagster as dg
import pytest
from dagster._core.storage.event_log import SqliteEventLogStorage

from pipelines.app import run_events
from pipelines.app.run_events import RunEventLogStorage, build_instance
from pipelines.lib.settings import prepare_dagster_home


@dg.asset
def tiny() -> dg.MaterializeResult:
    return dg.MaterializeResult(metadata={"rows": 3})


@dg.asset_check(asset=tiny)
def tiny_is_fine() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=True)


@pytest.fixture
def home(tmp_path, monkeypatch):
    home = tmp_path / "dagster"
    prepare_dagster_home(home)
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    return home


def _event_types(instance: dg.DagsterInstance, run_id: str) -> list[str]:
    return [
        record.event_log_entry.dagster_event.event_type_value
        for record in instance.get_records_for_run(run_id).records
        if record.event_log_entry.dagster_event is not None
    ]


def test_a_run_written_with_kept_connections_reads_the_same_with_the_stock_storage(home):
    instance = build_instance(home)
    assert type(instance.event_log_storage) is RunEventLogStorage
    try:
        result = dg.materialize([tiny, tiny_is_fine], instance=instance)
        assert result.success
        written = _event_types(instance, result.run_id)
        # one connection per database, kept open for the run, WAL with synchronous NORMAL
        with instance.event_log_storage.run_connection(result.run_id) as conn:
            assert conn.exec_driver_sql("pragma journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("pragma synchronous").scalar() == 1  # NORMAL
    finally:
        instance.dispose()

    stock = dg.DagsterInstance.get()  # what the UI and later builds open
    assert type(stock.event_log_storage) is SqliteEventLogStorage
    assert _event_types(stock, result.run_id) == written
    assert {"STEP_SUCCESS", "ASSET_MATERIALIZATION", "ASSET_CHECK_EVALUATION"} <= set(written)
    [run] = stock.get_runs()
    assert run.run_id == result.run_id and run.status == dg.DagsterRunStatus.SUCCESS
    materialization = stock.get_latest_materialization_event(tiny.key)
    assert materialization.asset_materialization.metadata["rows"].value == 3
    latest = stock.event_log_storage.get_latest_asset_check_execution_by_key
    check = latest([tiny_is_fine.check_key])
    assert check[tiny_is_fine.check_key].run_id == result.run_id


def test_a_storage_configured_in_dagster_yaml_is_used_as_configured(home, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    config = home / "dagster.yaml"
    config.write_text(
        config.read_text() + f"storage:\n  sqlite:\n    base_dir: {elsewhere}\n", encoding="utf-8"
    )
    instance = build_instance(home)
    try:
        assert type(instance.event_log_storage) is SqliteEventLogStorage
        assert dg.materialize([tiny], instance=instance).success
    finally:
        instance.dispose()
    assert os.listdir(elsewhere / "history" / "runs")
    assert not (home / "history").exists()


def _schema(path) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        schema = con.execute("select type, name, sql from sqlite_master order by name").fetchall()
        revision = con.execute("select version_num from alembic_version").fetchall()
    finally:
        con.close()
    return [*schema, *revision]


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    run_events._templates.cache_clear()
    yield cache
    run_events._templates.cache_clear()


def test_a_new_index_and_run_database_are_the_stock_classs_own(home, tmp_path, cache_home):
    """Copied from databases the stock class made, with its schema and alembic stamp."""
    instance = build_instance(home)
    try:
        result = dg.materialize([tiny, tiny_is_fine], instance=instance)
        assert result.success
    finally:
        instance.dispose()
    assert list(cache_home.glob("autoexport/dagster-*-run-history/run.db"))

    stock = SqliteEventLogStorage(str(tmp_path / "stock"))  # the index, the stock way
    with stock.run_connection("stock-run"):  # a run's database, the stock way
        pass
    stock.dispose()
    runs = home / "history" / "runs"
    assert _schema(runs / "index.db") == _schema(tmp_path / "stock" / "index.db")
    assert _schema(runs / f"{result.run_id}.db") == _schema(tmp_path / "stock" / "stock-run.db")
    assert not list(runs.glob(".*partial")), "no copy left half way"


def test_without_a_writable_cache_the_databases_are_made_the_stock_way(home, cache_home):
    cache_home.write_text("a file where the cache folder would be", encoding="utf-8")
    assert run_events._templates() is None
    instance = build_instance(home)
    try:
        result = dg.materialize([tiny, tiny_is_fine], instance=instance)
        assert result.success
        written = _event_types(instance, result.run_id)
    finally:
        instance.dispose()
    assert _event_types(dg.DagsterInstance.get(), result.run_id) == written
