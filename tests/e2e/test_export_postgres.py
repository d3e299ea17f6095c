"""`autoexport export --to postgres DSN` against a real PostgreSQL server, checked through psql.

The server is Debian's PostgreSQL, started for this module by tests/postgres_server.py on
127.0.0.1 only, and stopped at the end.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipelines.lib.export_postgres import (
    PostgresExportError,
    export_marts_to_postgres,
    postgres_column,
)
from tests.conftest import SAMPLE_LANDING
from tests.postgres_server import PG_USER, PostgresServer, postgres_server
from tests.postgres_server import free_port as _free_port

AUTOEXPORT = str(Path(sys.executable).with_name("autoexport"))


@pytest.fixture(scope="module")
def postgres():
    with postgres_server() as server:
        yield server


@pytest.fixture
def database(postgres, request) -> str:
    """A fresh database for one test."""
    name = "t_" + request.node.name.lower().replace("[", "_").replace("]", "")[:50]
    postgres.psql("postgres", f'create database "{name}"')
    return name


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, cli_sample) -> Path:
    """The bundled sample, built and published by the CLI (a copy of the run's one build)."""
    root = tmp_path_factory.mktemp("pg_export")
    shutil.copy2(cli_sample.warehouse, root / "warehouse.duckdb")
    return root / "warehouse.duckdb"


def _env(warehouse: Path, dagster_home: Path | None = None) -> dict:
    return {
        **os.environ,
        "AUTOEXPORT_LANDING": str(SAMPLE_LANDING),
        "AUTOEXPORT_WAREHOUSE": str(warehouse),
        "DAGSTER_HOME": str(dagster_home or warehouse.parent / "dagster"),
    }


def _export_cli(warehouse: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [AUTOEXPORT, "export", *args],
        env=_env(warehouse),
        cwd=warehouse.parent,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _duck(warehouse: Path, query: str) -> list[tuple]:
    con = duckdb.connect(warehouse.as_posix(), read_only=True)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


def _duck_counts(warehouse: Path) -> dict[str, int]:
    names = _duck(
        warehouse,
        "select table_name from information_schema.tables where table_schema = 'marts'",
    )
    return {
        f"marts.{name}": _duck(warehouse, f"select count(*) from marts.{name}")[0][0]
        for (name,) in names
    }


def _pg_counts(postgres: PostgresServer, database: str) -> dict[str, int]:
    names = postgres.psql(
        database, "select table_name from information_schema.tables where table_schema = 'marts'"
    )
    return {
        f"marts.{name}": int(postgres.psql(database, f"select count(*) from marts.{name}")[0][0])
        for (name,) in names
    }


def _older_version(warehouse: Path, tmp_path: Path) -> Path:
    """A copy of the warehouse with the car rows of March 2025 onwards gone."""
    older = tmp_path / "older.duckdb"
    shutil.copyfile(warehouse, older)
    con = duckdb.connect(older.as_posix())
    con.execute("delete from marts.national_monthly where period >= date '2025-03-01'")
    con.execute("delete from marts.annual_exports where year = 2024")
    con.close()
    return older


def test_export_loads_every_mart_and_psql_reads_the_same_figures(postgres, database, warehouse):
    result = _export_cli(warehouse, "--to", "postgres", postgres.dsn(database))
    assert result.returncode == 0, result.stderr
    expected = _duck_counts(warehouse)
    assert f"replaced {len(expected)} marts in PostgreSQL 127.0.0.1:{postgres.port}/" in (
        result.stdout
    )
    assert "marts.national_monthly: " in result.stdout

    assert _pg_counts(postgres, database) == expected
    assert expected["marts.fct_customs_trade"] > 0

    # vehicles per month of the national table, as psql prints them, equal DuckDB's
    monthly = "select period, sum(vehicles) from marts.national_monthly group by 1 order by 1"
    duck_monthly = [[str(period), str(total)] for period, total in _duck(warehouse, monthly)]
    assert postgres.psql(database, monthly) == duck_monthly
    assert len(duck_monthly) >= 3
    # the published 2024 headline from the seed (README): 6,410,000 vehicles, +22.8 %
    assert postgres.psql(
        database,
        "select vehicles, yoy_vehicles_pct from marts.annual_exports "
        "where product = 'motor_vehicles_incl_chassis' and year = 2024",
    ) == [["6410000", "22.800"]]
    # money: HUGEINT and DECIMAL totals arrive exactly
    money = (
        "select (select sum(value_cny) from marts.fct_customs_trade), "
        "(select sum(value_usd) from marts.national_monthly)"
    )
    [(fact_cny, national_usd)] = _duck(warehouse, money)
    assert postgres.psql(database, money) == [[str(fact_cny), str(national_usd)]]

    # provenance: source_files arrive as text[] with the same paths in the same order
    provenance = (
        "select period, partner_iso3, array_to_string(source_files, ';') "
        "from marts.exports_by_destination order by 1, 2"
    )
    duck_provenance = [
        [str(period), iso3, files] for period, iso3, files in _duck(warehouse, provenance)
    ]
    assert postgres.psql(database, provenance) == duck_provenance
    assert all(files.startswith("customs/exports/") for _, _, files in duck_provenance)
    assert postgres.psql(
        database,
        "select count(*) from marts.exports_by_destination "
        "where 'customs/exports/exports_202504_full_cny.csv' = any(source_files)",
    ) == [
        [
            str(
                _duck(
                    warehouse,
                    "select count(*) from marts.exports_by_destination where list_contains("
                    "source_files, 'customs/exports/exports_202504_full_cny.csv')",
                )[0][0]
            )
        ]
    ]

    # types: dates, exact numerics, arrays of text, jsonb for lists of structs
    types = postgres.psql(
        database,
        "select table_name, column_name, data_type, udt_name, numeric_precision, numeric_scale "
        "from information_schema.columns where table_schema = 'marts' and "
        "(table_name, column_name) in (('exports_by_destination', 'period'), "
        "('exports_by_destination', 'source_files'), ('national_monthly', 'value_cny'), "
        "('fct_customs_trade', 'value_cny'), ('fct_customs_trade', 'is_total_basis'), "
        "('policy_overlap', 'by_jurisdiction'), ('national_monthly_history', 'loaded_at')) "
        "order by 1, 2",
    )
    assert types == [
        ["exports_by_destination", "period", "date", "date", "", ""],
        ["exports_by_destination", "source_files", "ARRAY", "_text", "", ""],
        ["fct_customs_trade", "is_total_basis", "boolean", "bool", "", ""],
        ["fct_customs_trade", "value_cny", "numeric", "numeric", "39", "0"],
        ["national_monthly", "value_cny", "numeric", "numeric", "38", "2"],
        [
            "national_monthly_history",
            "loaded_at",
            "timestamp without time zone",
            "timestamp",
            "",
            "",
        ],
        ["policy_overlap", "by_jurisdiction", "jsonb", "jsonb", "", ""],
    ]
    structs = "select category, {} from marts.policy_overlap order by 1"
    assert postgres.psql(database, structs.format("by_jurisdiction->0->>'jurisdiction_code'")) == [
        [category, code]
        for category, code in _duck(
            warehouse, structs.format("by_jurisdiction[1].jurisdiction_code")
        )
    ]
    # nothing of the loading tables is left behind
    assert postgres.psql(
        database,
        "select count(*) from information_schema.tables "
        "where table_name like '%autoexport_loading'",
    ) == [["0"]]


def test_a_second_export_replaces_rather_than_appends(postgres, database, warehouse, tmp_path):
    dsn = postgres.dsn(database)
    first = export_marts_to_postgres(warehouse, dsn)
    second = export_marts_to_postgres(warehouse, dsn)
    assert first.tables == second.tables
    assert _pg_counts(postgres, database) == _duck_counts(warehouse)

    older = _older_version(warehouse, tmp_path)
    export_marts_to_postgres(older, dsn)
    assert _pg_counts(postgres, database) == _duck_counts(older)
    assert (
        _duck_counts(older)["marts.national_monthly"]
        < _duck_counts(warehouse)["marts.national_monthly"]
    )
    assert postgres.psql(
        database, "select max(period) from marts.national_monthly where period < '2025-03-01'"
    ) == postgres.psql(database, "select max(period) from marts.national_monthly")
    assert postgres.psql(
        database, "select count(*) from marts.annual_exports where year = 2024"
    ) == [["0"]]


def test_a_failed_export_changes_nothing_in_postgres(postgres, database, warehouse, tmp_path):
    """A user's view on a mart stops the replacement; every table stays as it was."""
    export_marts_to_postgres(warehouse, postgres.dsn(database))
    postgres.psql(
        database,
        "create view public.monthly_cars as select period, vehicles from marts.national_monthly",
    )
    before = _pg_counts(postgres, database)

    result = _export_cli(
        _older_version(warehouse, tmp_path), "--to", "postgres", postgres.dsn(database)
    )
    assert result.returncode == 1
    assert "nothing was changed there" in result.stderr
    assert "depend" in result.stderr  # Postgres names the dependent view
    # annual_exports (swapped before national_monthly) still has its 2024 row: all rolled back
    assert _pg_counts(postgres, database) == before
    assert postgres.psql(
        database, "select count(*) from marts.annual_exports where year = 2024"
    ) == [["1"]]


def test_an_unreachable_server_is_a_configuration_error(warehouse):
    closed_port = _free_port()
    result = _export_cli(
        warehouse, "--to", "postgres", f"postgresql://{PG_USER}@127.0.0.1:{closed_port}/x"
    )
    assert result.returncode == 2
    assert "cannot connect to PostgreSQL" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["--to", "postgres"],
        ["--to", "postgres", "postgresql://h/db", "--format", "csv"],
        ["postgresql://h/db"],
        ["--format", "csv"],
    ],
)
def test_export_refuses_mixed_or_missing_targets(warehouse, args):
    result = _export_cli(warehouse, *args)
    assert result.returncode == 2
    assert "export needs --format and --out, or --to postgres DSN" in result.stderr or (
        "export --to postgres takes a DSN and no --format or --out" in result.stderr
    )


def test_duckdb_types_map_to_postgres_types_and_unknown_ones_are_refused():
    def column(duck_type: str):
        return postgres_column("c", duckdb.sqltype(duck_type))

    assert column("DECIMAL(18,3)").postgres_type == "numeric(18,3)"
    assert column("HUGEINT").postgres_type == "numeric(39,0)"
    assert column("VARCHAR[]").postgres_type == "text[]"
    assert column("DATE[]").postgres_type == "date[]"
    assert column("INTEGER[][]").postgres_type == "jsonb" and column("INTEGER[][]").as_json
    assert column("STRUCT(a INTEGER)[]").postgres_type == "jsonb"
    assert column("MAP(VARCHAR, INTEGER)").as_json
    assert column("JSON").postgres_type == "jsonb" and not column("JSON").as_json
    assert column("TIMESTAMP WITH TIME ZONE").postgres_type == "timestamptz"
    with pytest.raises(PostgresExportError, match="no PostgreSQL type for DuckDB type BIT"):
        column("BIT")


EDGE_CASES = """
create table marts.edge_cases as
select * from (values
    (1, '', ['a"b', 'c\\d', 'e,f', null, '', '{x}', 'NULL', ' '], 'one' || chr(10) || 'two, "3"',
     'nan'::double, true, timestamptz '2025-01-01 08:00:00+08', interval 3 days,
     1.50::decimal(9, 2), 12345678901234567890123::hugeint, [date '2025-01-01', null],
     '\\x00\\xFF,'::blob, {'k': 'v"', 'n': null}, [[1, 2], [3]], '汽车（包括底盘）'),
    (2, null, null, null, null, null, null, null, null, null, null, null, null, null, null),
    (3, 'NULL', [], '\\N', '-inf'::double, false, null, null, -0.01, -1, [], ''::blob,
     {'k': null, 'n': 1}, [], '')
) as t(id, text_value, list_value, multiline, dbl, flag, ts_tz, span, amount, huge, days,
       bytes_value, struct_value, nested, chinese)
"""


def test_awkward_values_arrive_exactly(postgres, database, tmp_path):
    """NULL against '', quotes, backslashes, commas and newlines in text and in arrays, NaN,
    bytes, structs and nested lists: what COPY's csv format and array literals must get right."""
    import math

    import psycopg

    warehouse = tmp_path / "edge.duckdb"
    con = duckdb.connect(warehouse.as_posix())
    con.execute("create schema marts")
    con.execute(EDGE_CASES)
    expected = con.execute("select * from marts.edge_cases order by id").fetchall()
    con.close()

    export = export_marts_to_postgres(warehouse, postgres.dsn(database))
    assert [(t.table, t.rows) for t in export.tables] == [("marts.edge_cases", 3)]
    with psycopg.connect(postgres.dsn(database)) as pg:
        got = pg.execute("select * from marts.edge_cases order by id").fetchall()
        types = pg.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_name = 'edge_cases' order by ordinal_position"
        ).fetchall()
    assert [t for _, t in types] == [
        "integer", "text", "ARRAY", "text", "double precision", "boolean",
        "timestamp with time zone", "interval", "numeric", "numeric", "ARRAY", "bytea",
        "jsonb", "jsonb", "text",
    ]  # fmt: skip

    def comparable(row):
        return tuple(
            "nan"
            if isinstance(v, float) and math.isnan(v)
            else v.tobytes()
            if isinstance(v, memoryview)
            else v
            for v in row
        )

    assert [comparable(row) for row in got] == [comparable(row) for row in expected]
    assert got[0][1] == "" and got[1][1] is None and got[2][1] == "NULL"
    assert got[0][2][3] is None and got[0][2][6] == "NULL" and got[2][2] == []
    assert got[0][11] == b"\x00\xff,"
