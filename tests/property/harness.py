"""A warehouse in a temp folder for the property tests: load, stage, read back.

Staging is the project's own SQL (warehouse/staging/customs_lines.sql) run over all time, so
"the figures loaded" are the typed figures staging hands to the marts, not a re-implementation.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import duckdb

from pipelines.lib.seeds import load_seed
from pipelines.lib.sources.customs.loader import load_customs_landing
from pipelines.lib.warehouse_sql import ensure_schema, sql_text
from tests.property.gacc_format import BUILD_DAY

ALL_TIME = (dt.date(1, 1, 1), dt.date(9999, 12, 1))


_OPEN: list[duckdb.DuckDBPyConnection] = []


@contextlib.contextmanager
def workspace() -> Iterator[Path]:
    """A fresh folder per example (pytest's tmp_path is one per test, not per example); the
    warehouses opened in it are closed with it, so thousands of examples hold no memory."""
    with tempfile.TemporaryDirectory(prefix="autoexport-property-") as folder:
        try:
            yield Path(folder)
        finally:
            while _OPEN:
                _OPEN.pop().close()


def warehouse(folder: Path, name: str = "w") -> duckdb.DuckDBPyConnection:
    """A warehouse file in ``folder`` with the raw and audit tables and the reference seeds
    staging joins."""
    con = duckdb.connect((folder / f"{name}.duckdb").as_posix())
    _OPEN.append(con)
    ensure_schema(con)
    for seed in ("units", "partners", "provinces", "trade_modes"):
        load_seed(con, seed)
    return con


def load_customs(con, landing: Path, scratch: Path, loaded_at: dt.datetime = BUILD_DAY):
    return load_customs_landing(con, landing, loaded_at, scratch)


def stage_customs(con: duckdb.DuckDBPyConnection) -> None:
    """Run customs_lines.sql over all time (every variable it reads spans all time)."""
    sql = sql_text("staging/customs_lines.sql")
    for variable in set(re.findall(r"getvariable\('(\w+)'\)", sql)):
        bound = ALL_TIME[0] if variable.endswith("start") else ALL_TIME[1]
        con.execute(f"set variable {variable} = ?::date", [bound])
    con.execute(sql)


def staged_rows(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, int], tuple]:
    """(source file, row) -> (reject reason, period, hs, partner, trade mode, province,
    quantity, quantity_2, value) of every staged row."""
    rows = con.execute(
        "select files.source_file, row_number, reject_reason, period, hs_code, partner_code, "
        "trade_mode_code, province_code, quantity, quantity_2, trade_value "
        "from staging.customs_lines join raw.customs_files as files using (sha256)"
    ).fetchall()
    return {(r[0], r[1]): r[2:] for r in rows}


def quarantined(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int | None, str]]:
    return con.execute(
        "select source_file, row_number, reason from audit.quarantine order by all"
    ).fetchall()
