"""A build's checks on the month-restaged tables judge the months it restaged; `autoexport
check` judges every month.

The flaws below are written into May's rows by hand, as nothing in a landing folder gets a
negative value or a duplicate key that far: a run that restages June alone must not see them,
one that restages May (or all time) must.
"""

import shutil
from pathlib import Path

import duckdb
import pytest

from pipelines.app.check_command import run_checks
from pipelines.lib.gx_suites import load_suites, run_suites
from pipelines.lib.run_months import check_every_month, describe_run_months
from pipelines.lib.warehouse_sql import sql_text
from tests.conftest import fetch
from tests.integration.test_incremental_marts import (
    JUNE,
    MAY,
    add_july,
    build,
    two_month_landing,
)

SCOPED_CHECKS = ("fct_customs_trade_grain", "duplicate_keys_within_file")
SCOPED_SUITES = ("marts.fct_customs_trade", "staging.customs_trade")


@pytest.fixture(scope="module")
def flawed(tmp_path_factory) -> Path:
    """A full build of May and June 2025, then May's rows flawed: one fact row twice (grain),
    a duplicate customs line (one key twice in a file), a negative value in the fact table
    and a breakdown that does not exist in customs_trade (their suites)."""
    root = tmp_path_factory.mktemp("scope")
    warehouse = root / "w.duckdb"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DAGSTER_HOME", str(root / "dagster"))
        build(two_month_landing(root / "landing"), warehouse)
    con = duckdb.connect(warehouse.as_posix())
    try:
        con.execute(
            "insert into marts.fct_customs_trade "
            "select * from marts.fct_customs_trade where period = ? limit 1",
            [MAY],
        )
        con.execute(
            "insert into staging.customs_lines "
            "select * from staging.customs_lines where period = ? and reject_reason is null "
            "limit 1",
            [MAY],
        )
        con.execute("update marts.fct_customs_trade set value_cny = -1 where period = ?", [MAY])
        con.execute(
            "update staging.customs_trade set breakdown = 'commodity+weather' where period = ?",
            [MAY],
        )
    finally:
        con.close()
    return warehouse


def test_a_months_run_judges_its_month_and_says_so(flawed, tmp_path, monkeypatch):
    """July's run publishes over May's flaws (not its months) and records what it judged."""
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster"))
    landing = tmp_path / "landing"
    shutil.copytree(flawed.parent / "landing", landing)
    add_july(landing)
    warehouse = tmp_path / "w.duckdb"
    shutil.copyfile(flawed, warehouse)
    build(landing, warehouse, month="2025-07")
    rows = fetch(
        warehouse,
        "select check_name, table_name, passed, observed from audit.check_results "
        "where run_id = (select run_id from audit.check_results order by checked_at desc limit 1)",
    )
    latest = {(name, table): (passed, observed) for name, table, passed, observed in rows}
    for key in [
        ("fct_customs_trade_grain", "marts.fct_customs_trade"),
        ("duplicate_keys_within_file", "staging.customs_lines"),
        ("expectation_suite", "marts.fct_customs_trade"),
        ("expectation_suite", "staging.customs_trade"),
    ]:
        passed, observed = latest[key]
        assert passed, key
        assert observed.endswith("(judged: the months restaged, 2025-07 to 2025-07)"), observed
    # May's flaws are still there: judged by the build that made May, and by autoexport check
    assert fetch(
        warehouse, "select count(*) from marts.fct_customs_trade where value_cny = -1"
    ) != [(0,)]


def scoped_copy(flawed: Path, tmp_path: Path, spans: list[tuple[str, str]]) -> Path:
    """The flawed warehouse as a build that restaged ``spans`` would leave it."""
    copy = tmp_path / "scoped.duckdb"
    shutil.copyfile(flawed, copy)
    con = duckdb.connect(copy.as_posix())
    try:
        check_every_month(con)
        for span in spans:
            con.execute(
                "insert into staging.customs_restaged_months values (?::date, ?::date)", span
            )
    finally:
        con.close()
    return copy


def judged(database: Path) -> tuple[str, dict[str, int], dict[str, bool]]:
    """The scope described, offending rows per scoped SQL check, and each scoped suite's
    verdict on ``database``."""
    con = duckdb.connect(database.as_posix(), read_only=True)
    try:
        scope = describe_run_months(con)
        offending = {
            name: len(con.execute(sql_text(f"checks/{name}.sql")).fetchall())
            for name in SCOPED_CHECKS
        }
    finally:
        con.close()
    specs = [spec for spec in load_suites() if spec.table in SCOPED_SUITES]
    verdicts = {outcome.spec.table: outcome.passed for outcome in run_suites(database, specs)}
    return scope, offending, verdicts


def test_a_run_that_restaged_june_does_not_judge_mays_rows(flawed, tmp_path):
    scope, offending, verdicts = judged(scoped_copy(flawed, tmp_path, [(JUNE, "2025-07-01")]))
    assert scope == "the months restaged, 2025-06 to 2025-06"
    assert offending == dict.fromkeys(SCOPED_CHECKS, 0)
    assert verdicts == dict.fromkeys(SCOPED_SUITES, True)


def test_a_run_that_restaged_may_finds_every_flaw(flawed, tmp_path):
    scope, offending, verdicts = judged(scoped_copy(flawed, tmp_path, [(MAY, JUNE)]))
    assert scope == "the months restaged, 2025-05 to 2025-05"
    assert offending == dict.fromkeys(SCOPED_CHECKS, 1)
    assert verdicts == dict.fromkeys(SCOPED_SUITES, False)


def test_no_restaged_months_recorded_means_every_month(flawed, tmp_path):
    scope, offending, verdicts = judged(scoped_copy(flawed, tmp_path, []))
    assert scope is None  # every month: nothing added to the check's line
    assert offending == dict.fromkeys(SCOPED_CHECKS, 1)
    assert verdicts == dict.fromkeys(SCOPED_SUITES, False)


def test_autoexport_check_judges_every_month_whatever_the_last_run_restaged(flawed, tmp_path):
    published = scoped_copy(flawed, tmp_path, [(JUNE, "2025-07-01")])
    report = run_checks(published, tmp_path / "checks")
    failed = {(r.table_name, r.check_name) for r in report.results if not r.passed}
    assert ("marts.fct_customs_trade", "fct_customs_trade_grain") in failed
    assert ("staging.customs_lines", "duplicate_keys_within_file") in failed
    assert {("marts.fct_customs_trade", "expectation_suite")} <= failed
    assert ("staging.customs_trade", "expectation_suite") in failed
    # the published file itself is left as it was: still scoped to June
    assert fetch(published, "select count(*) from staging.customs_restaged_months") == [(1,)]
