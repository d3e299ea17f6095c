"""Release and industry loaders on an in-memory DuckDB: audit rows, quarantine, skips."""

import datetime as dt

import duckdb
import pytest

from pipelines.lib.sources.industry.loader import load_industry_landing, row_problem
from pipelines.lib.sources.releases.loader import load_release_landing
from pipelines.lib.warehouse_sql import ensure_schema
from tests.unit.test_release_parsers import CAR_APRIL, PARTS_APRIL, release_page

AT = dt.datetime(2025, 6, 1, 12, 0)


@pytest.fixture
def con():
    connection = duckdb.connect()
    ensure_schema(connection)
    yield connection
    connection.close()


def _releases(tmp_path):
    folder = tmp_path / "customs" / "releases"
    folder.mkdir(parents=True)
    return folder


def test_a_bad_row_is_quarantined_and_the_others_load(con, tmp_path):
    bad = (*CAR_APRIL[:2], "6x.0", *CAR_APRIL[3:])
    (_releases(tmp_path) / "release_202504_cny.html").write_text(
        release_page(2025, 4, [bad, PARTS_APRIL]), encoding="utf-8"
    )
    [outcome] = load_release_landing(con, tmp_path, AT)
    assert (outcome.status, outcome.rows_loaded, outcome.rows_quarantined) == (
        "loaded_with_quarantine",
        1,
        1,
    )
    [(row_number, reason, raw)] = con.execute(
        "select row_number, reason, raw from audit.quarantine"
    ).fetchall()
    assert row_number == 1 and "month_quantity is not a number" in reason and "6x.0" in raw
    assert con.execute("select product from raw.release_rows").fetchall() == [
        ("parts_of_motor_vehicles",)
    ]


def test_files_seen_are_skipped_and_copies_load_once(con, tmp_path):
    folder = _releases(tmp_path)
    page = release_page(2025, 4, [CAR_APRIL])
    (folder / "a_202504.html").write_text(page, encoding="utf-8")
    (folder / "b_202504.html").write_text(page, encoding="utf-8")
    first = {o.source_file: o.status for o in load_release_landing(con, tmp_path, AT)}
    assert sorted(first.values()) == ["duplicate", "loaded"]
    again = load_release_landing(con, tmp_path, AT)
    assert {o.status for o in again} == {"unchanged"}
    assert con.execute("select count(*) from raw.release_files").fetchone() == (1,)


def test_unreadable_table_is_quarantined_whole(con, tmp_path):
    (_releases(tmp_path) / "release_202504.html").write_text("<html></html>", encoding="utf-8")
    [outcome] = load_release_landing(con, tmp_path, AT)
    assert outcome.status == "quarantined"
    assert con.execute("select status from audit.loads").fetchall() == [("quarantined",)]


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        (["CAAM", "CHN", "vehicle_exports", "2023", "4910000", "vehicles"], None),
        (["JAMA", "JPN", "vehicle_exports", "2023-13", "1", "vehicles"], "not YYYY"),
        (["JAMA", "JPN", "vehicle_exports", "2023", "n/a", "vehicles"], "not a number"),
        (["JAMA", "JPN", "vehicle_exports", "2023"], "4 fields"),
    ],
)
def test_industry_rows_are_judged(fields, problem):
    found = row_problem(fields)
    assert (found is None) if problem is None else (problem in found)


def test_industry_file_loads_good_rows_and_quarantines_bad(con, tmp_path):
    folder = tmp_path / "industry"
    folder.mkdir()
    (folder / "series.csv").write_text(
        "source,country,metric,period,value,unit\n"
        "JAMA,JPN,vehicle_exports,2023,4422682,vehicles\n"
        "JAMA,JPN,vehicle_exports,last year,1,vehicles\n",
        encoding="utf-8",
    )
    [outcome] = load_industry_landing(con, tmp_path, AT)
    assert (outcome.status, outcome.rows_loaded, outcome.rows_quarantined) == (
        "loaded_with_quarantine",
        1,
        1,
    )
    assert con.execute("select row_number from audit.quarantine").fetchall() == [(2,)]
