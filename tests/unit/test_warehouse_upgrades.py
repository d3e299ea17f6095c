"""A warehouse built before a staging column existed gains it, filled, once."""

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
