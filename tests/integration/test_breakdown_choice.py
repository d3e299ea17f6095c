"""The rule that picks one breakdown per mart, run on hand-made staging rows."""

import duckdb
import pytest

from pipelines.lib.warehouse_sql import run_sql_file


@pytest.fixture
def con():
    con = duckdb.connect()
    con.execute("create schema staging")
    con.execute(
        "create table staging.customs_trade (flow varchar, period date, hs_code varchar, "
        "breakdown varchar, dimension_count integer, from_truncated_file boolean)"
    )
    yield con
    con.close()


def _choose(con, rows) -> dict[str, str]:
    con.executemany(
        "insert into staging.customs_trade "
        "values ('export', date '2025-06-01', '87038000', ?, ?, ?)",
        rows,
    )
    run_sql_file(con, "staging/customs_breakdown_choice.sql")
    return dict(
        con.execute("select purpose, breakdown from staging.customs_breakdown_choice").fetchall()
    )


def test_fewest_dimensions_serve_each_purpose(con):
    chosen = _choose(
        con,
        [
            ("commodity+partner", 1, False),
            ("commodity+province", 1, False),
            ("commodity+partner+trade_mode+province", 3, False),
        ],
    )
    assert chosen == {
        "destination": "commodity+partner",
        "province": "commodity+province",
        "total": "commodity+partner",  # a tie on dimensions goes to the name, for determinism
    }


def test_a_download_cut_at_the_row_cap_gives_way_to_a_complete_one(con):
    chosen = _choose(
        con,
        [
            ("commodity+partner", 1, True),
            ("commodity+partner+trade_mode+province", 3, False),
        ],
    )
    assert chosen == {
        "destination": "commodity+partner+trade_mode+province",
        "province": "commodity+partner+trade_mode+province",
        "total": "commodity+partner+trade_mode+province",
    }


def test_a_breakdown_without_the_dimension_never_serves_it(con):
    chosen = _choose(con, [("commodity+trade_mode", 1, False)])
    assert chosen == {"total": "commodity+trade_mode"}
