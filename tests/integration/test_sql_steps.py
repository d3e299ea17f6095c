"""The SQL tables and SQL checks of a build run in a few Dagster steps (#21): how the tables are
grouped, that a blocking check in the one step of checks still stops what waits for it, and
that a build's SQL tables and checks are those few steps."""

import dataclasses
import shutil

import dagster as dg
import duckdb
import pytest

from pipelines.app.build_runner import BUILD_JOB, build_definitions, run_build
from pipelines.defs import sql_check
from pipelines.defs.resources import WarehouseResource
from pipelines.defs.sql_check import SQL_CHECKS, STEP, SqlCheck, sql_checks
from pipelines.defs.sql_table import python_levels, table_key, table_steps
from pipelines.defs.validation.reconciliations import RECONCILIATIONS
from pipelines.defs.validation.reconciliations import STEP as RECONCILIATION_STEP
from pipelines.lib.build_file import build_path
from pipelines.lib.sql_files import SqlFile, table_files


def _file(path: str, reads: tuple[str, ...] = (), step_of: str | None = None) -> SqlFile:
    folder, name = path.split("/")
    table = f"{folder}.{name.removesuffix('.sql')}"
    return SqlFile(path, table, f"builds {table}", folder, reads, step_of=step_of)


def test_a_python_asset_between_two_tables_puts_them_in_two_steps():
    files = (
        _file("staging/a.sql", ("raw.rows",)),
        # a Python asset (its file a step of it) that reads staging.a
        _file("staging/p.sql", ("staging.a",), step_of="python_step"),
        _file("marts/b.sql", ("staging.p", "staging.a")),
        _file("marts/c.sql", ("staging.a",)),
        _file("marts/d.sql", ("marts.b", "marts.c")),
    )
    assert python_levels(files) == {"staging.a": 0, "marts.b": 1, "marts.c": 0, "marts.d": 1}
    steps = {name: [f.table for f in members] for name, members in table_steps(files).items()}
    assert steps == {
        "staging_sql_tables": ["staging.a"],
        "marts_sql_tables": ["marts.c"],
        "marts_sql_tables_1": ["marts.b", "marts.d"],
    }


def test_a_staging_table_reading_a_mart_of_its_level_is_refused():
    files = (_file("marts/m.sql", ("raw.rows",)), _file("staging/s.sql", ("marts.m",)))
    with pytest.raises(ValueError, match=r"warehouse/staging/s\.sql: reads marts\.m"):
        table_steps(files)


def test_every_table_file_is_in_one_step_after_what_it_reads():
    steps = table_steps(table_files())
    members = [f for files in steps.values() for f in files]
    assert sorted(f.path for f in members) == sorted(f.path for f in table_files() if f.is_asset)
    for files in steps.values():
        built = set()
        for f in files:
            assert not ({m.table for m in files} - built) & set(f.reads), f.path
            built.add(f.table)


def test_the_build_job_runs_the_sql_tables_and_checks_in_few_steps():
    definitions = build_definitions()
    job = definitions.resolve_job_def(BUILD_JOB)
    nodes = {node.name for node in job.graph.nodes}
    assert set(table_steps(table_files())) | {STEP, RECONCILIATION_STEP} <= nodes
    # no step of one table or one check is left
    tables = {f.table.replace(".", "__") for f in table_files() if f.is_asset}
    assert not nodes & tables
    names = [c.name for c in SQL_CHECKS] + [r.name for r in RECONCILIATIONS]
    assert not {n for n in nodes if any(n.endswith("_" + name) for name in names)}
    # the file checks wait for tables only, no other check's verdict: they report even when a
    # suite has failed; the reconciliations read every mart, so wait for every blocking check
    upstream = job.graph.dependency_structure.all_upstream_outputs_from_node
    checks = {checks.node_def.name for checks in definitions.asset_checks}
    assert {STEP, RECONCILIATION_STEP} <= checks and any("suite" in name for name in checks)
    assert not {output.node.name for output in upstream(STEP)} & checks
    assert STEP in {output.node.name for output in upstream(RECONCILIATION_STEP)}
    # each table keeps its own group, as the file says
    graph = definitions.resolve_asset_graph()
    for f in table_files():
        if f.is_asset:
            assert graph.get(table_key(f.table)).group_name == f.group, f.path


# ---- blocking checks in one multi_asset_check ---------------------------------------------


@pytest.fixture
def warehouse(tmp_path) -> WarehouseResource:
    path = tmp_path / "w.duckdb"
    con = duckdb.connect(path.as_posix())
    con.execute("create schema marts")
    con.execute("create table marts.t as select * from range(3) r(n)")
    con.close()
    return WarehouseResource(landing_dir=str(tmp_path), warehouse_path=str(path))


def _run(warehouse: WarehouseResource, checks: list[SqlCheck]) -> dg.ExecuteInProcessResult:
    @dg.asset(key=table_key("marts.t"))
    def t() -> None:
        """The table is in the file already."""

    @dg.asset(deps=[t])
    def downstream() -> None:
        """Stands for publication: it waits for the blocking checks on marts.t."""

    return dg.materialize(
        [t, downstream, sql_checks(STEP, checks)],
        resources={"warehouse": warehouse},
        instance=dg.DagsterInstance.ephemeral(),
        raise_on_error=False,
    )


def _verdicts(result: dg.ExecuteInProcessResult) -> dict[str, tuple[bool, str]]:
    return {
        e.event_specific_data.check_name: (
            e.event_specific_data.passed,
            e.event_specific_data.severity.value,
        )
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
    }


def _materialized(result: dg.ExecuteInProcessResult) -> set[str]:
    return {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}


ROWS, NO_ROWS = "select n from marts.t", "select n from marts.t where n > 5"


def test_a_failed_blocking_check_of_the_step_stops_what_waits_for_it(warehouse):
    result = _run(
        warehouse,
        [
            SqlCheck("blocks", "marts.t", ROWS, "fails and blocks", blocking=True),
            SqlCheck("warns", "marts.t", ROWS, "fails and warns"),
            SqlCheck("passes", "marts.t", NO_ROWS, "passes", blocking=True),
        ],
    )
    # every check of the step reported before the step failed
    assert _verdicts(result) == {
        "blocks": (False, "ERROR"),
        "warns": (False, "WARN"),
        "passes": (True, "ERROR"),
    }
    [failure] = [e for e in result.all_events if e.is_step_failure]
    assert failure.step_key == STEP
    assert "blocking asset check failed" in failure.step_failure_data.error.message
    assert _materialized(result) == {"marts/t"}  # downstream did not run


def test_failed_warnings_do_not_stop_what_waits_for_the_step(warehouse):
    result = _run(
        warehouse,
        [
            SqlCheck("warns", "marts.t", ROWS, "fails and warns"),
            SqlCheck("passes", "marts.t", NO_ROWS, "passes", blocking=True),
        ],
    )
    assert result.success
    assert _verdicts(result) == {"warns": (False, "WARN"), "passes": (True, "ERROR")}
    assert _materialized(result) == {"marts/t", "downstream"}


def test_a_query_that_raises_fails_the_step_after_the_other_checks(warehouse):
    result = _run(
        warehouse,
        [
            SqlCheck("broken", "marts.t", "select * from marts.missing", "raises"),
            SqlCheck("passes", "marts.t", NO_ROWS, "passes", blocking=True),
        ],
    )
    assert _verdicts(result) == {"passes": (True, "ERROR")}
    [failure] = [e for e in result.all_events if e.is_step_failure]
    assert "marts.t:broken: CatalogException" in failure.step_failure_data.error.message
    assert _materialized(result) == {"marts/t"}


def test_one_check_selected_runs_alone(warehouse):
    checks = [
        SqlCheck("blocks", "marts.t", ROWS, "fails and blocks", blocking=True),
        SqlCheck("passes", "marts.t", NO_ROWS, "passes", blocking=True),
    ]
    result = dg.materialize(
        [sql_checks(STEP, checks)],
        selection=dg.AssetSelection.checks(dg.AssetCheckKey(table_key("marts.t"), "passes")),
        resources={"warehouse": warehouse},
        instance=dg.DagsterInstance.ephemeral(),
    )
    assert _verdicts(result) == {"passes": (True, "ERROR")}


def test_a_failed_blocking_sql_check_stops_publication(run_sample, tmp_path, monkeypatch):
    """The sample's build with one blocking check of warehouse/checks/ finding a row: the step
    of SQL checks reports every check and fails, and nothing is published."""
    settings = dataclasses.replace(
        run_sample.settings, warehouse=tmp_path / "w.duckdb", dagster_home=tmp_path / "dagster"
    )
    shutil.copy2(run_sample.warehouse, settings.warehouse)
    before = settings.warehouse.read_bytes()
    grain = next(c for c in SQL_CHECKS if c.name == "fct_customs_trade_grain")
    assert grain.blocking
    real = sql_check.offending_rows

    def offending(con, query):
        columns, rows = real(con, query)
        return (
            (columns, [*rows, ("a duplicated key",)]) if query == grain.query else (columns, rows)
        )

    monkeypatch.setattr(sql_check, "offending_rows", offending)
    report = run_build(settings)
    assert not report.published
    assert report.failed_steps == [STEP]
    outcomes = {c.name: c for c in report.checks}
    assert not outcomes["marts/fct_customs_trade:fct_customs_trade_grain"].passed
    # the other SQL checks of the step reported too, and passed as in the published build
    for check in SQL_CHECKS:
        name = f"{check.table.replace('.', '/')}:{check.name}"
        passed = {c.name: c.passed for c in run_sample.report.checks}[name]
        assert outcomes[name].passed == (passed and check is not grain), name
    assert settings.warehouse.read_bytes() == before  # the published warehouse is untouched
    assert not build_path(settings.warehouse).exists()
