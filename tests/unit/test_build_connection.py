"""A run holds its build file open once; its connections are cursors of that one."""

import duckdb
import pytest
import sqlalchemy

from pipelines.lib.build_connection import (
    connect_duckdb,
    holding,
    is_held,
    release,
    sqlalchemy_engine_kwargs,
)


def test_a_run_opens_the_file_once_and_reads_share_it(tmp_path):
    path = tmp_path / "w.duckdb.build"
    with holding(path):
        assert not is_held(path)
        writer = connect_duckdb(path)
        writer.execute("create table t as select 42 as x")
        writer.close()  # a cursor: the file stays open for the next step
        assert is_held(path)
        # read-only outside a run: inside it, DuckDB would refuse that configuration beside
        # the held one, so it is a cursor of the held connection
        reader = connect_duckdb(path, read_only=True)
        assert reader.execute("select x from t").fetchall() == [(42,)]
        reader.close()
        engine = sqlalchemy.create_engine("duckdb:///:memory:", **sqlalchemy_engine_kwargs(path))
        with engine.connect() as con:
            assert con.exec_driver_sql("select x from t").fetchall() == [(42,)]
        engine.dispose()
    assert not is_held(path)
    # closed and checkpointed: another configuration opens it now
    con = duckdb.connect(path.as_posix(), read_only=True)
    assert con.execute("select x from t").fetchall() == [(42,)]
    con.close()


def test_outside_a_run_each_connection_is_its_own(tmp_path):
    path = tmp_path / "w.duckdb"
    con = connect_duckdb(path)
    con.execute("create table t as select 1 as x")
    con.close()
    assert not is_held(path)
    assert sqlalchemy_engine_kwargs(path) == {"connect_args": {"read_only": True}}
    reader = connect_duckdb(path, read_only=True)
    with pytest.raises(duckdb.Error):
        reader.execute("insert into t values (2)")
    reader.close()


def test_release_closes_the_held_connection_before_the_file_moves(tmp_path):
    path = tmp_path / "w.duckdb.build"
    with holding(path):
        connect_duckdb(path).execute("create table t as select 1 as x")
        release(path)  # as publish does before its rename
        assert not is_held(path)
        moved = path.rename(tmp_path / "w.duckdb")
        con = duckdb.connect(moved.as_posix(), read_only=True)
        assert con.execute("select count(*) from t").fetchone() == (1,)
        con.close()


def test_a_step_that_leaves_much_in_memory_lets_the_file_go(tmp_path, monkeypatch):
    import pipelines.lib.build_connection as build_connection

    path = tmp_path / "w.duckdb.build"
    with holding(path):
        connect_duckdb(path).execute("create table t as select range as x from range(100000)")
        build_connection.let_go_if_large(path)
        assert is_held(path)  # a few hundred KiB: kept for the next step
        monkeypatch.setattr(build_connection, "RETAINED_BYTES_LIMIT", 0)
        build_connection.let_go_if_large(path)
        assert not is_held(path)  # closed; the next connection opens the file again
        con = connect_duckdb(path)
        assert con.execute("select count(*) from t").fetchone() == (100000,)
        con.close()
        assert is_held(path)


def test_a_step_of_many_tables_keeps_the_file_until_it_ends(tmp_path, monkeypatch):
    import pipelines.lib.build_connection as build_connection

    path = tmp_path / "w.duckdb.build"
    monkeypatch.setattr(build_connection, "RETAINED_BYTES_LIMIT", 0)  # any step's leftovers
    with holding(path):
        with build_connection.one_step(path):
            connect_duckdb(path).execute("create table t as select range as x from range(1000)")
            build_connection.let_go_if_large(path)  # after one table of the step
            assert is_held(path)  # under the step's own limit: kept for its next table
            # a read-only check opens the run's connection when it is the first to ask
            release(path)
            reader = connect_duckdb(path, read_only=True)
            assert reader.execute("select count(*) from t").fetchone() == (1000,)
            reader.close()
            assert is_held(path)
        assert not is_held(path)  # the step's end judges it as after any step
        monkeypatch.setattr(build_connection, "IN_STEP_BYTES_LIMIT", 0)
        with build_connection.one_step(path):
            connect_duckdb(path).execute("create table u as select 1 as x")
            build_connection.let_go_if_large(path)
            assert not is_held(path)  # above the step's limit: let go at once
