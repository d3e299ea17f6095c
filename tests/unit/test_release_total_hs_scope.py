"""The download reconciliation counts the HS set of the seed release_total_hs_scope, and
reports a month only when neither the narrow set nor the set with the unsettled headings
(8701 tractors, 870310, 8705) comes within tolerance."""

import datetime as dt

import duckdb
import pytest

from pipelines.defs.releases.checks import release_total_hs_set
from pipelines.lib.seeds import load_seed, read_seed_rows
from pipelines.lib.warehouse_sql import sql_text

APRIL = dt.date(2025, 4, 1)


@pytest.fixture
def con():
    con = duckdb.connect()
    con.execute("create schema ref; create schema marts")
    load_seed(con, "release_total_hs_scope")
    con.execute(
        "create table marts.national_monthly (period date, period_end date, product varchar, "
        "vehicles bigint, source_file varchar)"
    )
    con.execute(
        "create table marts.fct_customs_trade (flow varchar, period date, hs_code varchar, "
        "quantity decimal(18, 3), quantity_unit varchar, is_total_basis boolean)"
    )
    con.execute(
        "insert into marts.national_monthly values (?, ?, 'motor_vehicles_incl_chassis', "
        "100000, 'r.html')",
        [APRIL, APRIL],
    )
    return con


def _downloads(con, rows):
    con.executemany(
        "insert into marts.fct_customs_trade values ('export', ?, ?, ?, ?, true)",
        [(APRIL, code, qty, unit) for code, qty, unit in rows],
    )


def _check(con):
    cursor = con.execute(sql_text("checks/national_monthly_vs_customs_downloads.sql"))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def test_a_gap_closed_by_the_unsettled_tractors_is_not_reported(con):
    # 95,000 cars + 5,000 road tractors (870120): narrow set 5 % short, wide set exact
    _downloads(con, [("87032341", 95_000, "辆"), ("87012000", 5_000, "辆")])
    assert _check(con) == []


def test_a_partial_download_is_reported_both_ways_with_its_coverage(con):
    # cars 60,000 + chassis 2,000 (台) + snow vehicles 1,000 + parts in kg, which add nothing
    _downloads(
        con,
        [
            ("87032341", 60_000, "辆"),
            ("87060022", 2_000, "台"),
            ("87031090", 1_000, "辆"),
            ("87089990", 500_000, "千克"),
        ],
    )
    [row] = _check(con)
    assert (row["download_vehicles"], row["download_vehicles_with_unsettled"]) == (62_000, 63_000)
    assert (row["gap_vehicles"], row["gap_vehicles_with_unsettled"]) == (-38_000, -37_000)
    assert row["coverage_pct"] == 62.0
    assert row["reading"].startswith("the downloads cover 62.0 % of the release total")


def test_the_hs_set_is_the_seeds(con):
    # mark the road tractors as counted: the narrow set now includes them
    _downloads(con, [("87032341", 95_000, "辆"), ("87012000", 5_000, "辆")])
    con.execute("update ref.release_total_hs_scope set included = 'yes' where hs_prefix = '8701'")
    con.execute("update ref.release_total_hs_scope set included = 'yes' where hs_prefix = '870120'")
    con.execute("delete from marts.fct_customs_trade where hs_code = '87032341'")
    [row] = _check(con)
    assert row["download_vehicles"] == 5_000  # only the tractors the seed now counts


def test_the_description_states_the_seeds_set():
    rows = read_seed_rows("release_total_hs_scope")
    text = release_total_hs_set()
    for row in rows:
        assert row["hs_prefix"] in text
    unsettled = {r["hs_prefix"] for r in rows if r["included"] == "unsettled"}
    assert {"8701", "870120", "870310", "8705"} <= unsettled
    assert {r["included"] for r in rows} <= {"yes", "presumed", "unsettled"}
    assert all(r["source"] and r["evidence"] for r in rows)
