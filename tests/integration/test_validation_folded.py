"""A build runs each suite's plain column expectations folded into one query per type
(gx_suites.run_suites_folded): its outcomes must be GX's own, expectation for expectation,
whether the data pass, fail or are empty."""

import json
from pathlib import Path

import duckdb
import pytest

from pipelines.lib.gx_suites import (
    BETWEEN,
    NOT_NULL,
    UNEXPECTED_ROWS,
    fold_column_expectations,
    load_suite,
    load_suites,
    run_suites,
    run_suites_folded,
)

EXPECTATIONS = [
    {"type": NOT_NULL, "kwargs": {"column": "period"}},
    {"type": BETWEEN, "kwargs": {"column": "vehicles", "min_value": 0}},
    {"type": NOT_NULL, "kwargs": {"column": "partner"}},
    {"type": BETWEEN, "kwargs": {"column": "months", "min_value": 1, "max_value": 12}},
    {
        "type": "expect_column_values_to_be_in_set",
        "kwargs": {"column": "partner", "value_set": ["RUS", "MEX"]},
    },
    {"type": NOT_NULL, "kwargs": {"column": "months"}},
    {"type": BETWEEN, "kwargs": {"column": "share", "min_value": 0, "max_value": 1.5}},
    # not plain: run as declared
    {"type": NOT_NULL, "kwargs": {"column": "share", "mostly": 0.5}},
    {"type": BETWEEN, "kwargs": {"column": "vehicles", "min_value": 0, "strict_min": True}},
    {
        "type": UNEXPECTED_ROWS,
        "description": "months add up",
        "kwargs": {"unexpected_rows_query": "select * from {batch} where months > 12"},
    },
]
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


def test_plain_column_expectations_fold_into_one_query_per_type(spec):
    folded, members = fold_column_expectations(spec)
    types = [e["type"] for e in folded.document["expectations"]]
    # 3 not-null and 3 between folded; in_set, mostly, strict_min and the query kept
    assert len(types) == len(EXPECTATIONS) - 6 + 2
    assert sorted(members.values()) == [[0, 2, 5], [1, 3, 6]]
    assert types.count(NOT_NULL) == types.count(BETWEEN) == 1
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
        [],  # GX reports no counts on an empty batch
    ],
    ids=["clean", "every-column-fails", "one-null", "nan", "infinity", "empty"],
)
def test_folded_outcomes_are_gx_own(tmp_path, spec, rows):
    database = _database(tmp_path, rows)
    (declared,) = run_suites(database, [spec])
    (folded,) = run_suites_folded(database, [spec])
    assert folded.expectations == declared.expectations
    assert folded.passed == (rows in (ROWS, []))
    assert [e.target for e in declared.expectations] == [
        e["kwargs"].get("column") or e["description"] for e in EXPECTATIONS
    ], "outcomes come in the suite file's order"


def test_every_suite_of_the_project_folds_its_column_expectations():
    suites = load_suites()
    before = sum(len(spec.document["expectations"]) for spec in suites)
    after = sum(len(fold_column_expectations(spec)[0].document["expectations"]) for spec in suites)
    assert after < before / 2
