"""AUTOEXPORT_PUBLISH_POSTGRES: every build publishes the marts to PostgreSQL as well.

A real PostgreSQL server on 127.0.0.1 (tests/postgres_server.py). A build with the variable set
replaces the marts there in one transaction before it renames its file into place; readers that
keep their connections open see the previous version or the new one, never a mix; a build that
cannot reach PostgreSQL publishes nowhere; comments go with the tables.
"""

import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import psycopg
import pytest

from pipelines.lib.export_postgres import export_marts_to_postgres
from tests.conftest import REPO, SAMPLE_LANDING
from tests.marts_versions import VERSION_QUERY, older_version
from tests.postgres_server import PG_USER, free_port, postgres_server

AUTOEXPORT = str(Path(sys.executable).with_name("autoexport"))


@pytest.fixture(scope="module")
def postgres():
    with postgres_server() as server:
        yield server


def _build(root: Path, dsn: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "AUTOEXPORT_LANDING": str(SAMPLE_LANDING),
        "AUTOEXPORT_WAREHOUSE": str(root / "warehouse.duckdb"),
        "DAGSTER_HOME": str(root / "dagster"),
        "AUTOEXPORT_PUBLISH_POSTGRES": dsn,
    }
    return subprocess.run(
        [AUTOEXPORT, "build"], env=env, cwd=root, capture_output=True, text=True, timeout=600
    )


@pytest.fixture(scope="module")
def built(postgres, tmp_path_factory) -> Path:
    """The sample built once with AUTOEXPORT_PUBLISH_POSTGRES set."""
    postgres.create_database("served")
    root = tmp_path_factory.mktemp("publish_pg")
    result = _build(root, postgres.dsn("served"))
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "warehouse.duckdb"


def _duck(warehouse: Path, query: str) -> list[tuple]:
    con = duckdb.connect(warehouse.as_posix(), read_only=True)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


def test_the_readme_recipe_is_the_one_tested():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- recipe: publish-postgres -->\n```[a-z]*\n(.*?)```", readme, re.S)
    assert block, "README: the publish-postgres recipe block is missing"
    lines = block.group(1).splitlines()
    assert lines[0].startswith("export AUTOEXPORT_PUBLISH_POSTGRES=postgresql://")
    assert lines[1:] == ["autoexport build"]  # what _build runs, with that variable


def test_a_build_publishes_every_mart_to_postgres(built, postgres):
    marts = [
        name
        for (name,) in _duck(
            built,
            "select table_name from information_schema.tables where table_schema = 'marts' "
            "order by 1",
        )
    ]
    assert len(marts) >= 15
    served = [
        name
        for [name] in postgres.psql(
            "served",
            "select table_name from information_schema.tables where table_schema = 'marts' "
            "order by 1",
        )
    ]
    assert served == marts
    for name in marts:
        [(count,)] = _duck(built, f"select count(*) from marts.{name}")
        assert postgres.psql("served", f"select count(*) from marts.{name}") == [[str(count)]]
    # money to the last digit, and the headline
    money = "select sum(value_cny), sum(value_usd) from marts.fct_customs_trade"
    [(cny, usd)] = _duck(built, money)
    assert postgres.psql("served", money) == [[str(cny), str(usd)]]
    assert _duck(built, VERSION_QUERY) == [
        tuple(int(v) for v in row) for row in postgres.psql("served", VERSION_QUERY)
    ]


def test_a_build_that_cannot_reach_postgres_publishes_nowhere(built, postgres, tmp_path):
    root = tmp_path / "second"
    root.mkdir()
    shutil.copyfile(built, root / "warehouse.duckdb")
    before = (root / "warehouse.duckdb").stat()
    served_before = postgres.psql("served", VERSION_QUERY)
    result = _build(root, f"postgresql://{PG_USER}@127.0.0.1:{free_port()}/served")
    assert result.returncode == 1, result.stdout + result.stderr
    said = " ".join((result.stdout + result.stderr).split())  # the console wraps lines
    assert "failed published_warehouse" in said and "cannot connect to PostgreSQL" in said
    after = (root / "warehouse.duckdb").stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert postgres.psql("served", VERSION_QUERY) == served_before


def test_readers_holding_connections_see_one_version_or_the_other(built, postgres, tmp_path):
    database = postgres.create_database("readers")
    dsn = postgres.dsn(database)
    older = older_version(built, tmp_path)
    new, old = _duck(built, VERSION_QUERY)[0], _duck(older, VERSION_QUERY)[0]
    assert all(a != b for a, b in zip(new, old, strict=True))  # a mix of any two shows
    versions = {new, old}
    export_marts_to_postgres(built, dsn)

    seen: list[tuple] = []
    stop = threading.Event()

    def read() -> None:
        # one connection for the whole test, as a BI server's pool keeps it
        with psycopg.connect(dsn, autocommit=True) as reader:
            while not stop.is_set():
                seen.append(reader.execute(VERSION_QUERY).fetchone())

    reader = threading.Thread(target=read)
    reader.start()
    publishes, began = 0, time.monotonic()
    try:
        for source in [older, built] * 5:
            export_marts_to_postgres(source, dsn)
            publishes += 1
    finally:
        stop.set()
        reader.join(timeout=60)
    seconds = time.monotonic() - began
    print(f"{len(seen)} reads during {publishes} publishes ({seconds / publishes:.2f} s each)")
    assert publishes == 10
    mixed = [row for row in seen if tuple(int(v) for v in row) not in versions]
    assert not mixed, mixed[:3]
    assert {tuple(int(v) for v in row) for row in seen} == versions  # both were read


def test_a_readers_open_transaction_keeps_its_version_and_the_publish_waits(
    built, postgres, tmp_path
):
    database = postgres.create_database("transaction")
    dsn = postgres.dsn(database)
    older = older_version(built, tmp_path)
    export_marts_to_postgres(older, dsn)
    old, new = _duck(older, VERSION_QUERY)[0], _duck(built, VERSION_QUERY)[0]

    with psycopg.connect(dsn) as reader:  # a transaction opens with the first query
        assert reader.execute(VERSION_QUERY).fetchone() == old
        publisher = threading.Thread(target=export_marts_to_postgres, args=(built, dsn))
        publisher.start()
        time.sleep(3)  # the copies are done by now; the swap waits for the reader's locks
        assert publisher.is_alive()
        assert reader.execute(VERSION_QUERY).fetchone() == old
        reader.commit()
        publisher.join(timeout=60)
        assert not publisher.is_alive()
        assert reader.execute(VERSION_QUERY).fetchone() == new
        reader.commit()


def test_table_and_column_comments_go_with_the_marts(built, postgres, tmp_path):
    database = postgres.create_database("comments")
    commented = tmp_path / "commented.duckdb"
    shutil.copyfile(built, commented)
    con = duckdb.connect(commented.as_posix())
    try:
        con.execute("comment on table marts.annual_exports is 'GACC exports per year'")
        con.execute(
            "comment on column marts.annual_exports.value_cny is '人民币, yuan; it''s exact'"
        )
    finally:
        con.close()
    export_marts_to_postgres(commented, postgres.dsn(database))
    assert postgres.psql(
        database,
        "select obj_description('marts.annual_exports'::regclass), "
        "col_description('marts.annual_exports'::regclass, "
        "(select attnum from pg_attribute where attrelid = 'marts.annual_exports'::regclass "
        "and attname = 'value_cny'))",
    ) == [["GACC exports per year", "人民币, yuan; it's exact"]]
