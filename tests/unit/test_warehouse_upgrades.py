"""A warehouse staged by an older version gets the staging columns of this one, once."""

import datetime as dt
from pathlib import Path

import duckdb

from pipelines.lib.warehouse_sql import ensure_schema


def _old_warehouse(path: Path) -> duckdb.DuckDBPyConnection:
    """raw rows of one file, and staging.customs_lines as it was before commodity_name."""
    con = duckdb.connect(path.as_posix())
    ensure_schema(con)  # no staging table yet: nothing to upgrade
    con.execute(
        "insert into raw.customs_rows (sha256, row_number, hs_code, commodity_name) values "
        "('f1', 1, '87038000', ' 纯电动乘用车 '), ('f1', 2, '87032341', ''), "
        "('f1', 3, '87089990', null)"
    )
    con.execute("create table staging.customs_lines (sha256 varchar, row_number bigint)")
    con.execute("insert into staging.customs_lines values ('f1', 1), ('f1', 2), ('f1', 3)")
    return con


def test_an_old_customs_lines_table_gets_the_commodity_names_of_its_raw_rows(tmp_path):
    con = _old_warehouse(tmp_path / "old.duckdb")
    ensure_schema(con)
    rows = con.execute(
        "select row_number, commodity_name from staging.customs_lines order by row_number"
    ).fetchall()
    # trimmed as staging trims them; blank or missing names stay NULL
    assert rows == [(1, "纯电动乘用车"), (2, None), (3, None)]


def test_the_upgrade_runs_once(tmp_path):
    con = _old_warehouse(tmp_path / "old.duckdb")
    ensure_schema(con)
    con.execute("update staging.customs_lines set commodity_name = 'kept' where row_number = 1")
    ensure_schema(con)  # the column exists: the raw names are not copied again
    assert con.execute(
        "select commodity_name from staging.customs_lines where row_number = 1"
    ).fetchone() == ("kept",)


PER_FILE = (
    "source_file",
    "flow",
    "currency",
    "breakdown",
    "dimension_count",
    "probably_truncated",
    "load_seq",
    "loaded_at",
)


def _columns(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [
        row[0]
        for row in con.execute(
            "select column_name from information_schema.columns "
            "where table_schema = 'staging' and table_name = 'customs_lines' "
            "order by ordinal_position"
        ).fetchall()
    ]


def test_an_old_customs_lines_table_leaves_its_per_file_values_to_raw_customs_files(tmp_path):
    con = duckdb.connect((tmp_path / "wide.duckdb").as_posix())
    ensure_schema(con)
    # the lines as staged before: each line repeating its file's values
    con.execute(
        "create table staging.customs_lines (source_file varchar, sha256 varchar, "
        "row_number bigint, flow varchar, currency varchar, breakdown varchar, "
        "dimension_count integer, probably_truncated boolean, load_seq bigint, "
        "loaded_at timestamp, period date, hs_code varchar, commodity_name varchar, "
        "trade_value bigint, reject_reason varchar)"
    )
    con.execute(
        "insert into staging.customs_lines values "
        "('a.csv', 'f1', 1, 'export', 'CNY', 'commodity', 1, false, 1, now(), "
        "date '2025-06-01', '87038000', '纯电动乘用车', 10, null), "
        "('a.csv', 'f1', 2, 'export', 'CNY', 'commodity', 1, false, 1, now(), "
        "null, '87032341', null, null, 'period missing')"
    )
    ensure_schema(con)
    columns = _columns(con)
    assert not set(PER_FILE) & set(columns)
    assert columns == [
        "sha256", "row_number", "period", "hs_code", "commodity_name", "trade_value",
        "reject_reason",
    ]  # fmt: skip
    assert con.execute("select * from staging.customs_lines order by row_number").fetchall() == [
        ("f1", 1, dt.date(2025, 6, 1), "87038000", "纯电动乘用车", 10, None),
        ("f1", 2, None, "87032341", None, None, "period missing"),
    ]
    ensure_schema(con)  # nothing left to drop: a second start changes nothing
    assert _columns(con) == columns


def test_old_vehicle_export_rows_of_a_row_per_purpose_are_staged_again_flagged(tmp_path):
    con = duckdb.connect((tmp_path / "purposes.duckdb").as_posix())
    ensure_schema(con)
    # the staged trade rows, the vehicle map and the choice of breakdowns the rows come from
    con.execute(
        "create table staging.customs_trade as select * from (values "
        "('export', date '2025-06-01', 'commodity+partner', '87038000', '116', null, "
        "3.000, '辆', 30::hugeint, 4::hugeint, ['a.csv']), "
        "('export', date '2025-06-01', 'commodity+province', '87038000', null, '34', "
        "3.000, '辆', 30::hugeint, 4::hugeint, ['b.csv'])) as t(flow, period, breakdown, "
        "hs_code, partner_code, province_code, quantity, quantity_unit, value_cny, value_usd, "
        "source_files)"
    )
    con.execute(
        "create table staging.hs_vehicle_map as select '87038000' as hs_code, "
        "date '2025-06-01' as period, 'passenger car' as vehicle_class, 'BEV' as powertrain"
    )
    con.execute(
        "create table staging.customs_breakdown_choice as select 'export' as flow, "
        "date '2025-06-01' as period, '87038000' as hs_code, * from (values "
        "('destination', 'commodity+partner'), ('total', 'commodity+partner'), "
        "('province', 'commodity+province')) as c(purpose, breakdown)"
    )
    # as an older version staged them: a row per purpose
    con.execute(
        "create table staging.vehicle_export_rows (purpose varchar, period date, "
        "partner_code varchar, province_code varchar, vehicle_class varchar, powertrain varchar, "
        "vehicles decimal(18, 3), value_cny hugeint, value_usd hugeint, source_files varchar[])"
    )
    con.execute(
        "insert into staging.vehicle_export_rows values "
        "('destination', date '2025-06-01', '116', null, 'passenger car', 'BEV', 3, 30, 4, "
        "['a.csv']), ('total', date '2025-06-01', '116', null, 'passenger car', 'BEV', 3, 30, 4, "
        "['a.csv']), ('province', date '2025-06-01', null, '34', 'passenger car', 'BEV', 3, 30, 4, "
        "['b.csv'])"
    )
    ensure_schema(con)
    rows = con.execute(
        "select for_destination, for_province, for_total, partner_code, province_code, vehicles "
        "from staging.vehicle_export_rows order by all"
    ).fetchall()
    # the partner breakdown's row once, for destinations and totals; the province one once
    assert rows == [
        (False, True, False, None, "34", 3),
        (True, False, True, "116", None, 3),
    ]
    ensure_schema(con)  # the purpose column is gone: nothing runs again
    assert con.execute("select count(*) from staging.vehicle_export_rows").fetchone() == (2,)
