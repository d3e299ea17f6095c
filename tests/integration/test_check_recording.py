"""A build's check verdicts wait beside the build file and reach its audit.check_results at
publication, with the time each check ran; a build that dies leaves none to the next."""

import datetime as dt
from types import SimpleNamespace

from pipelines.defs.check_recording import record_in_build, write_pending_results
from pipelines.defs.resources import WarehouseResource
from pipelines.lib.build_file import build_path
from pipelines.lib.build_session import build_session, pending_checks_path
from pipelines.lib.check_results import CheckResult
from pipelines.lib.settings import DEFAULT_STORAGE_VERSION


def _context(run_id: str):
    return SimpleNamespace(run=SimpleNamespace(run_id=run_id))


def test_verdicts_reach_the_build_file_when_it_is_published(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    resource = WarehouseResource(landing_dir=str(tmp_path), warehouse_path=str(warehouse))
    with build_session(warehouse, DEFAULT_STORAGE_VERSION):
        before = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
        record_in_build(_context("r1"), resource, CheckResult("grain", "marts.a", True, True, "ok"))
        record_in_build(
            _context("r1"), resource, CheckResult("fresh", "marts.b", False, False, "late: 年")
        )
        assert pending_checks_path(warehouse).exists()
        with resource.connect() as con:
            tables = con.execute(
                "select count(*) from duckdb_tables() where table_name = 'check_results'"
            ).fetchone()
            assert tables == (0,), "nothing written to the build file per check"
            assert write_pending_results(con, warehouse) == 2
            rows = con.execute(
                "select run_id, check_name, table_name, passed, blocking, observed, trigger, "
                "checked_at from audit.check_results order by check_name"
            ).fetchall()
        assert not pending_checks_path(warehouse).exists()
    assert [r[:7] for r in rows] == [
        ("r1", "fresh", "marts.b", False, False, "late: 年", "build"),
        ("r1", "grain", "marts.a", True, True, "ok", "build"),
    ]
    assert all(before <= r[7] <= dt.datetime.now(dt.UTC).replace(tzinfo=None) for r in rows)


def test_a_check_after_publication_and_a_dead_build_leave_nothing_behind(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    resource = WarehouseResource(landing_dir=str(tmp_path), warehouse_path=str(warehouse))
    # no build file (published already): the verdict stays in the run's metadata only
    record_in_build(_context("r0"), resource, CheckResult("x", "marts.a", True, True, "ok"))
    assert not pending_checks_path(warehouse).exists()
    # a build that died after a check: the next build starts without its verdict
    pending_checks_path(warehouse).write_text('{"run_id": "dead"}\n', encoding="utf-8")
    with build_session(warehouse, DEFAULT_STORAGE_VERSION):
        assert build_path(warehouse).exists()
        assert not pending_checks_path(warehouse).exists()
        with resource.connect() as con:
            assert write_pending_results(con, warehouse) == 0
        record_in_build(_context("r2"), resource, CheckResult("y", "marts.a", True, True, "ok"))
    # the session discarded the unpublished build and its verdicts
    assert not build_path(warehouse).exists()
    assert not pending_checks_path(warehouse).exists()
