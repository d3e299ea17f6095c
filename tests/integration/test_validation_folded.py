"""A build runs each suite's plain expectations folded into one unexpected-rows query
(gx_suites.run_suites_folded): its outcomes must be GX's own, expectation for expectation,
whether the data pass, fail or are empty."""

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from pipelines.lib import gx_suites
from pipelines.lib.gx_suites import (
    BETWEEN,
    COMPOUND_UNIQUE,
    FOLDED,
    IN_SET,
    NOT_NULL,
    UNEXPECTED_ROWS,
    UNIQUE,
    fold_suite,
    load_suite,
    load_suites,
    run_suites,
    run_suites_folded,
)
from tests.conftest import SAMPLE_LANDING

EXPECTATIONS = [
    {"type": NOT_NULL, "kwargs": {"column": "period"}},
    {"type": BETWEEN, "kwargs": {"column": "vehicles", "min_value": 0}},
    {"type": NOT_NULL, "kwargs": {"column": "partner"}},
    {"type": BETWEEN, "kwargs": {"column": "months", "min_value": 1, "max_value": 12}},
    {"type": IN_SET, "kwargs": {"column": "partner", "value_set": ["RUS", "MEX", "it's {x}"]}},
    {"type": NOT_NULL, "kwargs": {"column": "months"}},
    {"type": BETWEEN, "kwargs": {"column": "share", "min_value": 0, "max_value": 1.5}},
    {"type": UNIQUE, "kwargs": {"column": "period"}},
    {"type": COMPOUND_UNIQUE, "kwargs": {"column_list": ["partner", "months"]}},
    {
        "type": COMPOUND_UNIQUE,
        "kwargs": {"column_list": ["period", "partner"], "ignore_row_if": "never"},
    },
    {
        "type": UNEXPECTED_ROWS,
        "description": "months add up",
        # a comment and a doubled brace, as a query file may have them
        "kwargs": {
            "unexpected_rows_query": "select * from {batch} -- a code, not a name\n"
            "where months > 12 or regexp_matches(partner, '^[0-9]{{4}}$')"
        },
    },
    # not plain: run as declared
    {"type": NOT_NULL, "kwargs": {"column": "share", "mostly": 0.5}},
    {"type": BETWEEN, "kwargs": {"column": "vehicles", "min_value": 0, "strict_min": True}},
    {"type": IN_SET, "kwargs": {"column": "months", "value_set": [1, 2, 3, 4]}},
]
PLAIN = 11  # the expectations above the "not plain" line
ROWS = [
    ("2025-01-01", 5, "RUS", 1, 0.5),
    ("2025-02-01", 7, "MEX", 2, None),
    ("2025-03-01", 1, "RUS", 3, 1.0),
]


def _database(tmp_path: Path, rows: list[tuple]) -> Path:
    database = tmp_path / "t.duckdb"
    database.unlink(missing_ok=True)
    con = duckdb.connect(database.as_posix())
    con.execute("create schema marts")
    con.execute(
        "create table marts.sample (period date, vehicles bigint, partner varchar, "
        "months integer, share double)"
    )
    if rows:
        con.executemany("insert into marts.sample values (?, ?, ?, ?, ?)", rows)
    con.close()
    return database


@pytest.fixture
def spec(tmp_path):
    path = tmp_path / "marts.sample.json"
    document = {"name": "marts.sample", "meta": {"table": "marts.sample"}}
    path.write_text(json.dumps({**document, "expectations": EXPECTATIONS}), encoding="utf-8")
    return load_suite(path)


def test_plain_expectations_fold_into_one_query(spec):
    folded, members = fold_suite(spec)
    kept = folded.document["expectations"]
    assert members == list(range(PLAIN))
    assert kept[:-1] == EXPECTATIONS[PLAIN:]  # mostly, strict_min, a set of numbers: declared
    assert kept[-1]["type"] == UNEXPECTED_ROWS and kept[-1]["description"] == FOLDED
    assert kept[-1]["kwargs"]["unexpected_rows_query"].count("union all") == PLAIN - 1
    assert spec.document["expectations"] == EXPECTATIONS  # the declared suite is untouched


@pytest.mark.parametrize(
    "rows",
    [
        ROWS,
        # a null period, a negative count, 13 months, a share over 1.5: each column fails
        [*ROWS, (None, -1, "RUS", 13, 2.0)],
        # only a null in one folded column: the others pass with 0 unexpected
        [*ROWS, ("2025-04-01", 2, None, 4, 0.1)],
        # NaN and infinity are out of range for DuckDB as for GX
        [*ROWS, ("2025-04-01", 2, "MEX", 4, float("nan"))],
        [*ROWS, ("2025-04-01", 2, "MEX", 4, float("inf"))],
        [],  # GX reports no counts on an empty batch for some types, 0 unexpected for others
        # a value outside the set; one with the quote and braces of the set
        [*ROWS, ("2025-04-01", 2, "CHN", 4, 0.1)],
        [*ROWS, ("2025-04-01", 2, "it's {x}", 4, 0.1)],
        # a period twice (unique, and compound with partner); partner and months twice
        [*ROWS, ("2025-01-01", 2, "MEX", 4, 0.1)],
        [*ROWS, ("2025-04-01", 2, "RUS", 1, 0.1)],
        # nulls twice in both compound columns: GX passes them, the fold runs it again
        [*ROWS, ("2025-04-01", 2, None, None, 0.1), ("2025-05-01", 2, None, None, 0.1)],
        [*ROWS, (None, 2, None, 4, 0.1), (None, 2, None, 5, 0.1)],
        # the query expectation: a code for a partner
        [*ROWS, ("2025-04-01", 2, "1234", 4, 0.1)],
    ],
    ids=[
        "clean",
        "every-column-fails",
        "one-null",
        "nan",
        "infinity",
        "empty",
        "not-in-set",
        "quoted-value-in-set",
        "duplicate-period",
        "duplicate-pair",
        "null-pairs",
        "null-period-partner",
        "query",
    ],
)
def test_folded_outcomes_are_gx_own(tmp_path, spec, rows):
    database = _database(tmp_path, rows)
    (declared,) = run_suites(database, [spec])
    (folded,) = run_suites_folded(database, [spec])
    assert folded.expectations == declared.expectations
    assert folded.passed == declared.passed
    assert [e.target for e in declared.expectations] == [
        e["kwargs"].get("column")
        or ",".join(e["kwargs"].get("column_list", []))
        or e["description"]
        for e in EXPECTATIONS
    ], "outcomes come in the suite file's order"


NULLABLE = [  # duplicate checks on a column with nulls, and no not-null check to fail first
    {"type": UNIQUE, "kwargs": {"column": "share"}},
    {"type": COMPOUND_UNIQUE, "kwargs": {"column_list": ["share", "partner"]}},
    {
        "type": COMPOUND_UNIQUE,
        "kwargs": {"column_list": ["share", "months"], "ignore_row_if": "never"},
    },
    {
        "type": COMPOUND_UNIQUE,
        "kwargs": {"column_list": ["share", "vehicles"], "ignore_row_if": "any_value_is_missing"},
    },
]


@pytest.mark.parametrize(
    "rows",
    [
        # nulls twice, in one column or in every column of a pair: GX reads them as distinct
        [*ROWS, ("2025-04-01", 7, "MEX", 2, None)],
        [(None, None, None, None, None), (None, None, None, None, None)],
        [*ROWS, ("2025-04-01", 5, "RUS", 1, 0.5)],  # a duplicate share, and pairs
    ],
    ids=["null-share-twice", "all-null-rows", "duplicates"],
)
def test_duplicate_checks_read_nulls_as_gx_does(tmp_path, rows):
    path = tmp_path / "marts.sample.json"
    document = {"name": "marts.sample", "meta": {"table": "marts.sample"}}
    path.write_text(json.dumps({**document, "expectations": NULLABLE}), encoding="utf-8")
    spec = load_suite(path)
    database = _database(tmp_path, rows)
    (declared,) = run_suites(database, [spec])
    (folded,) = run_suites_folded(database, [spec])
    assert folded.expectations == declared.expectations


def test_a_query_gx_cannot_run_fails_folded_as_declared(tmp_path):
    # GX counts a query's rows wrapped in a subquery: a trailing comment swallows its ")"
    query = "select * from {batch} where months > 12 -- too many"
    path = tmp_path / "marts.sample.json"
    expectations = [
        {"type": NOT_NULL, "kwargs": {"column": "period"}},
        {
            "type": UNEXPECTED_ROWS,
            "description": "months",
            "kwargs": {"unexpected_rows_query": query},
        },
    ]
    document = {"name": "marts.sample", "meta": {"table": "marts.sample"}}
    path.write_text(json.dumps({**document, "expectations": expectations}), encoding="utf-8")
    spec = load_suite(path)
    database = _database(tmp_path, ROWS)
    (declared,) = run_suites(database, [spec])
    (folded,) = run_suites_folded(database, [spec])
    assert declared.expectations[1].error
    # GX resolves a query's rows and its count in an order of its own (set order, so it varies
    # with PYTHONHASHSEED): the second of them then reads "transaction is aborted" before the
    # parser's error, or not. Everything else is the same, and both name the parser's error.
    assert [replace(e, observed="", error=None) for e in folded.expectations] == [
        replace(e, observed="", error=None) for e in declared.expectations
    ]
    for outcome in (declared, folded):
        assert "syntax error" in outcome.expectations[1].observed
        assert outcome.expectations[0] == declared.expectations[0]


def test_every_suite_of_the_project_folds_its_expectations():
    suites = load_suites()
    before = sum(len(spec.document["expectations"]) for spec in suites)
    after = sum(len(fold_suite(spec)[0].document["expectations"]) for spec in suites)
    assert after < before / 10


def test_the_sample_passes_every_folded_suite_as_gx_passes_it_declared(run_sample, monkeypatch):
    database = run_sample.settings.warehouse
    specs = load_suites()
    runs = []
    run = gx_suites.run_suites
    monkeypatch.setattr(
        gx_suites, "run_suites", lambda db, s, *a: runs.append(len(s)) or run(db, s, *a)
    )
    folded = run_suites_folded(database, specs)
    # every suite of the project folds whole: its query alone proves it passed, GX is not run
    assert runs == [], "no suite went to GX"
    declared = run(database, specs)
    for mine, gx in zip(folded, declared, strict=True):
        assert gx.passed, gx.spec.table
        assert mine.expectations == gx.expectations, gx.spec.table


def test_a_build_whose_suites_pass_never_imports_gx(tmp_path):
    """GX takes 3 to 4 s to import: a build whose suites all pass does without it."""
    script = (
        "import sys\n"
        "from pipelines.app.build_runner import run_build\n"
        "from pipelines.lib.settings import resolve_settings\n"
        f"settings = resolve_settings(landing={str(SAMPLE_LANDING)!r}, "
        f"warehouse={str(tmp_path / 'w.duckdb')!r})\n"
        "report = run_build(settings)\n"
        "assert report.published, report\n"
        "assert all(check.passed or not check.blocking for check in report.checks)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'great_expectations'))\n"
    )
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path / "dagster")}
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().splitlines()[-1] == "[]"
