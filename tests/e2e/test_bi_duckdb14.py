"""DuckDB 1.4 clients: AUTOEXPORT_STORAGE_VERSION=v1.4.0 publishes a file they open.

The duckdb 1.4 client lives in its own venv (`.venv-duckdb14`, made by `make test`); the test
fails, never skips, when it is missing. It also shows where money stops being exact: DuckDB's
Python client gives DECIMAL as decimal.Decimal and HUGEINT as int, but `.df()` (pandas) turns
both into float64.
"""

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REPO, SAMPLE_LANDING
from tests.e2e.test_bi_clients import READ_EVERY_MART

AUTOEXPORT = str(Path(sys.executable).with_name("autoexport"))
DUCKDB14_PYTHON = REPO / ".venv-duckdb14" / "bin" / "python"
# docs/bi.md's recipe, run as written
RECIPE = "AUTOEXPORT_STORAGE_VERSION=v1.4.0 autoexport build --full-refresh"


@pytest.fixture(scope="module")
def warehouse14(tmp_path_factory) -> Path:
    assert DUCKDB14_PYTHON.exists(), f"{DUCKDB14_PYTHON} missing: make .venv-duckdb14/.installed"
    assert RECIPE in (REPO / "docs" / "bi.md").read_text(encoding="utf-8")
    root = tmp_path_factory.mktemp("v14")
    env = {
        **os.environ,
        "PATH": f"{Path(AUTOEXPORT).parent}:{os.environ['PATH']}",
        "AUTOEXPORT_LANDING": str(SAMPLE_LANDING),
        "AUTOEXPORT_WAREHOUSE": str(root / "warehouse.duckdb"),
        "DAGSTER_HOME": str(root / "dagster"),
    }
    result = subprocess.run(
        ["bash", "-c", RECIPE], env=env, cwd=root, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "warehouse.duckdb"


def _read(python: Path | str, warehouse: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(python), "-c", READ_EVERY_MART, str(warehouse)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_duckdb_14_client_reads_every_mart_of_a_v140_file_exactly(warehouse14):
    old = _read(DUCKDB14_PYTHON, warehouse14)
    assert old.returncode == 0, old.stderr
    new = _read(sys.executable, warehouse14)  # duckdb 2, this project's
    assert new.returncode == 0, new.stderr
    old_marts, new_marts = json.loads(old.stdout), json.loads(new.stdout)
    assert old_marts["duckdb"].startswith("1.4.")
    assert len(new_marts["marts"]) >= 15
    assert old_marts["marts"] == new_marts["marts"]
    con = duckdb.connect(warehouse14.as_posix(), read_only=True)
    try:
        [(tags,)] = con.execute(
            "select tags from duckdb_databases() where database_name = 'warehouse'"
        ).fetchall()
    finally:
        con.close()
    assert tags["storage_version"].startswith("v1.4.0")


def test_a_duckdb_14_client_refuses_the_default_v150_file(tmp_path):
    # a small file in the default storage version, as a build would write it
    default = tmp_path / "default.duckdb"
    con = duckdb.connect(default.as_posix(), config={"storage_compatibility_version": "v1.5.0"})
    con.execute("create table t as select 1 as x")
    con.close()
    refused = subprocess.run(
        [str(DUCKDB14_PYTHON), "-c", "import duckdb, sys; duckdb.connect(sys.argv[1])"]
        + [str(default)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refused.returncode != 0
    assert "version number 68" in refused.stderr and "between 64 and 67" in refused.stderr


def test_where_money_stays_exact_and_where_it_becomes_float(warehouse14):
    # the largest value; {columns} as they are, or cast to text
    template = (
        "select {columns} from marts.fct_customs_trade "
        "where value_cny is not null order by value_cny desc, quantity limit 1"
    )
    query = template.format(columns="quantity, value_cny")
    code = (
        "import duckdb, sys; con = duckdb.connect(sys.argv[1], read_only=True); "
        f"print([type(v).__name__ for v in con.execute({query!r}).fetchone()])"
    )
    types = subprocess.run(
        [str(DUCKDB14_PYTHON), "-c", code, str(warehouse14)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert types.returncode == 0, types.stderr
    assert types.stdout.strip() == "['Decimal', 'int']"
    con = duckdb.connect(warehouse14.as_posix(), read_only=True)
    try:
        [exact] = con.execute(query).fetchall()
        frame = con.sql(query).df()
        as_text = con.sql(template.format(columns="quantity::varchar, value_cny::varchar")).df()
    finally:
        con.close()
    assert isinstance(exact[0], Decimal) and isinstance(exact[1], int)
    # pandas has no decimal dtype: .df() gives float64, exact only while a double holds it
    assert [str(t) for t in frame.dtypes] == ["float64", "float64"]
    # cast to text (or use .fetchall() / .arrow()) to keep every digit
    assert (Decimal(as_text.iloc[0, 0]), int(as_text.iloc[0, 1])) == exact
