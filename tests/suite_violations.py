"""A statement that breaks a table must make its expectation suite fail on the named rule."""

import shutil
from pathlib import Path

import duckdb

from pipelines.lib.gx_suites import SuiteSpec, run_suites


def assert_violation_fails_the_suite(
    database: Path, tmp_path: Path, spec: SuiteSpec, statement: str, expectation: str, target: str
) -> None:
    """Run ``statement`` on a copy of ``database``; ``expectation`` on ``target`` must fail,
    with what it observed and sample rows or values."""
    broken = tmp_path / "broken.duckdb"
    shutil.copyfile(database, broken)
    con = duckdb.connect(broken.as_posix())
    con.execute(statement)
    con.close()
    (outcome,) = run_suites(broken, [spec])
    failed = {(e.expectation, e.target): e for e in outcome.failures}
    assert (expectation, target) in failed, outcome.summary()
    failure = failed[(expectation, target)]
    assert failure.observed and not failure.error
    assert failure.sample, "failing rows or values are shown"
