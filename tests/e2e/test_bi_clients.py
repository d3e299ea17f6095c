"""BI clients on the published warehouse: a duckdb 1.5 client, and SQLAlchemy with duckdb-engine.

Most BI drivers embed duckdb 1.x. The duckdb 1.5 client lives in its own venv, made by
`make` (`.venv-duckdb15`), because one venv cannot hold two duckdb versions; the test runs it
in a subprocess and fails, never skips, when it is missing.
"""

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest
from sqlalchemy import create_engine, exc, text
from sqlalchemy.pool import NullPool

from tests.conftest import REPO

AUTOEXPORT = str(Path(sys.executable).with_name("autoexport"))
DUCKDB15_PYTHON = Path(
    os.environ.get("AUTOEXPORT_DUCKDB15_PYTHON", REPO / ".venv-duckdb15" / "bin" / "python")
)

# Run by both clients: every mart, every row, every column, in a stable order.
READ_EVERY_MART = textwrap.dedent(
    """
    import hashlib, json, sys
    import duckdb
    con = duckdb.connect(sys.argv[1], read_only=True)
    names = [n for (n,) in con.execute(
        "select table_name from information_schema.tables "
        "where table_schema = 'marts' order by table_name").fetchall()]
    marts = {}
    for name in names:
        rows = con.execute(f"select * from marts.{name} order by all").fetchall()
        text = json.dumps(rows, default=str, ensure_ascii=False)
        marts[name] = {"rows": len(rows), "sha256": hashlib.sha256(text.encode()).hexdigest()}
    print(json.dumps({"duckdb": duckdb.__version__, "marts": marts}))
    """
)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, cli_sample) -> Path:
    """The bundled sample, built and published by the CLI as a user would (a copy of the run's
    one build, tests/conftest.py's ``cli_sample``)."""
    root = tmp_path_factory.mktemp("bi")
    shutil.copy2(cli_sample.warehouse, root / "warehouse.duckdb")
    return root / "warehouse.duckdb"


def _read_every_mart(python: Path | str, warehouse: Path) -> dict:
    result = subprocess.run(
        [str(python), "-c", READ_EVERY_MART, str(warehouse)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _mart_counts(warehouse: Path) -> dict[str, int]:
    con = duckdb.connect(warehouse.as_posix(), read_only=True)
    try:
        names = con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts'"
        ).fetchall()
        return {
            name: con.execute(f"select count(*) from marts.{name}").fetchone()[0]
            for (name,) in names
        }
    finally:
        con.close()


def test_a_duckdb_1_5_client_opens_the_published_file_and_reads_every_mart(warehouse):
    assert DUCKDB15_PYTHON.exists(), (
        f"no duckdb 1.5 client at {DUCKDB15_PYTHON}: run `make .venv-duckdb15/.installed` "
        "(or set AUTOEXPORT_DUCKDB15_PYTHON to a python that has duckdb 1.5.x)"
    )
    old = _read_every_mart(DUCKDB15_PYTHON, warehouse)
    new = _read_every_mart(sys.executable, warehouse)
    assert old["duckdb"].startswith("1.5."), old["duckdb"]
    assert new["duckdb"].startswith("2."), new["duckdb"]
    counts = _mart_counts(warehouse)
    assert {name: mart["rows"] for name, mart in old["marts"].items()} == counts
    assert counts["fct_customs_trade"] > 0 and counts["national_monthly"] > 0
    # not only the counts: every row and column reads the same in both clients
    assert old["marts"] == new["marts"]


def test_a_duckdb_1_5_client_cannot_open_duckdb_2s_default_format(tmp_path):
    """Why the storage version setting exists: without it the BI tools are locked out."""
    assert DUCKDB15_PYTHON.exists(), f"no duckdb 1.5 client at {DUCKDB15_PYTHON}"
    default_format = tmp_path / "default.duckdb"
    con = duckdb.connect(default_format.as_posix())
    con.execute("create table t as select 1 as a")
    con.close()
    result = subprocess.run(
        [str(DUCKDB15_PYTHON), "-c", "import duckdb, sys; duckdb.connect(sys.argv[1], True)"]
        + [str(default_format)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "created with a newer version of DuckDB" in result.stderr


def _engine(warehouse: Path, **options):
    return create_engine(
        f"duckdb:///{warehouse.as_posix()}", connect_args={"read_only": True}, **options
    )


def test_sqlalchemy_with_duckdb_engine_reads_every_mart_read_only(warehouse):
    engine = _engine(warehouse, poolclass=NullPool)
    expected = _mart_counts(warehouse)
    with engine.connect() as conn:
        names = (
            conn.execute(
                text("select table_name from information_schema.tables where table_schema = :s"),
                {"s": "marts"},
            )
            .scalars()
            .all()
        )
        counts = {
            name: conn.execute(text(f"select count(*) from marts.{name}")).scalar_one()
            for name in names
        }
        monthly = conn.execute(
            text(
                "select period, vehicles from marts.national_monthly "
                "where product = :product order by period"
            ),
            {"product": "motor_vehicles_incl_chassis"},
        ).all()
    assert counts == expected
    direct = duckdb.connect(warehouse.as_posix(), read_only=True)
    try:
        assert (
            monthly
            == direct.execute(
                "select period, vehicles from marts.national_monthly "
                "where product = 'motor_vehicles_incl_chassis' order by period"
            ).fetchall()
        )
    finally:
        direct.close()
    assert len(monthly) > 0
    with engine.connect() as conn, pytest.raises(exc.DBAPIError, match="read-only"):
        conn.execute(text("delete from marts.annual_exports"))
    engine.dispose()


def test_a_pooled_engine_sees_the_old_file_until_every_connection_closes(warehouse, tmp_path):
    """DuckDB caches one open database per file and process: a pool keeps it open.

    A publication renames a new file over the old one. A connection opened while any other
    connection of the process still holds the old file gets the cached (old) database, even
    through NullPool; once the pool is disposed, the next connection opens the new file.
    """
    published = tmp_path / "warehouse.duckdb"
    shutil.copyfile(warehouse, published)
    count = text("select count(*) from marts.national_monthly")
    pooled = _engine(published)  # SQLAlchemy's default QueuePool
    unpooled = _engine(published, poolclass=NullPool)

    def rows(engine) -> int:
        with engine.connect() as conn:
            return conn.execute(count).scalar_one()

    before = rows(pooled)
    assert rows(unpooled) == before > 0
    # publish a new version the way a build does: write aside, rename over
    newer = tmp_path / "warehouse.duckdb.build"
    shutil.copyfile(published, newer)
    con = duckdb.connect(newer.as_posix())
    con.execute("delete from marts.national_monthly where period >= date '2025-03-01'")
    [(after,)] = con.execute("select count(*) from marts.national_monthly").fetchall()
    con.close()
    assert 0 < after < before
    os.replace(newer, published)

    assert rows(pooled) == before  # the pool's connection still holds the old file
    assert rows(unpooled) == before  # and the process's cached database serves NullPool too
    pooled.dispose()
    assert rows(unpooled) == after
    assert rows(pooled) == after
    pooled.dispose()
    unpooled.dispose()
