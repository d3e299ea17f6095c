"""Two versions of the published marts, for tests of readers during a publish.

VERSION_QUERY reads, in one statement, marts that a publish replaces first, in the middle and
last (by name); the older version has rows gone from each, so a reader that mixed the two would
see a tuple of neither.
"""

import shutil
from pathlib import Path

import duckdb

VERSION_QUERY = (
    "select (select count(*) from marts.annual_exports), "
    "(select coalesce(sum(value_cny), 0) from marts.fct_customs_trade), "
    "(select count(*) from marts.national_monthly), "
    "(select count(*) from marts.source_bridge)"
)


def older_version(warehouse: Path, folder: Path) -> Path:
    older = folder / "older.duckdb"
    shutil.copyfile(warehouse, older)
    con = duckdb.connect(older.as_posix())
    try:
        con.execute("delete from marts.annual_exports")  # the sample has one year in each
        con.execute("delete from marts.fct_customs_trade where period >= date '2025-03-01'")
        con.execute("delete from marts.national_monthly where period >= date '2025-03-01'")
        con.execute("delete from marts.source_bridge")
    finally:
        con.close()
    return older


def version(warehouse: Path) -> tuple:
    con = duckdb.connect(warehouse.as_posix(), read_only=True)
    try:
        return tuple(int(v) for v in con.execute(VERSION_QUERY).fetchone())
    finally:
        con.close()
