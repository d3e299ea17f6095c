"""The CLI as a user runs it, in subprocesses, on the bundled sample."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, SAMPLE_LANDING

AUTOEXPORT = str(Path(sys.executable).with_name("autoexport"))


def run(args: list[str], env: dict, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [AUTOEXPORT, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def env(tmp_path):
    environment = {
        **os.environ,
        "AUTOEXPORT_LANDING": str(SAMPLE_LANDING),
        "AUTOEXPORT_WAREHOUSE": str(tmp_path / "warehouse.duckdb"),
        "DAGSTER_HOME": str(tmp_path / "dagster"),
    }
    return environment


@pytest.fixture
def built(cli_sample, tmp_path):
    """What `autoexport build` of the sample printed, its published file copied to tmp_path.

    One build serves the run (tests/conftest.py's ``cli_sample``): its landing is a copy of the
    sample with the same files and modification times, its file is published or that fails."""
    shutil.copy2(cli_sample.warehouse, tmp_path / "warehouse.duckdb")
    return cli_sample


def test_build_prints_a_summary_and_publishes(built, tmp_path):
    # customs 7 + 1 duplicate, releases 5, industry 1, policy 7 + 1 duplicate, plants 1
    assert "files: 21 loaded, 2 duplicate, 0 quarantined, 0 unchanged" in built.stdout
    assert "rows: 297 loaded, 0 quarantined" in built.stdout  # 286 + the 11 plants
    assert "checks: " in built.stdout and "published" in built.stdout
    assert (tmp_path / "warehouse.duckdb").exists()


def test_query_prints_the_marts_as_csv_and_json(built, env, tmp_path):
    sql = (
        "select partner_iso3, vehicles from marts.exports_by_destination "
        "where period = date '2025-03-01' order by vehicles desc limit 2"
    )
    as_csv = run(["query", sql, "--format", "csv"], env, tmp_path)
    assert as_csv.returncode == 0, as_csv.stderr
    assert as_csv.stdout.splitlines() == ["partner_iso3,vehicles", "MEX,74385", "RUS,73455"]
    as_json = run(["query", sql, "--format", "json"], env, tmp_path)
    assert json.loads(as_json.stdout) == [
        {"partner_iso3": "MEX", "vehicles": 74385},
        {"partner_iso3": "RUS", "vehicles": 73455},
    ]
    as_table = run(["query", "select * from marts.exports_by_destination limit 5"], env, tmp_path)
    assert as_table.returncode == 0 and "partner_iso3" in as_table.stdout


def test_query_refuses_to_write(built, env, tmp_path):
    result = run(["query", "delete from marts.exports_by_destination"], env, tmp_path)
    assert result.returncode == 2
    assert "read-only" in result.stderr


def test_query_without_a_warehouse_says_what_to_do(env, tmp_path):
    result = run(["query", "select 1"], env, tmp_path)
    assert result.returncode == 2
    assert "run `autoexport build` first" in result.stderr


def test_second_build_loads_nothing_and_changes_no_figure(built, env, tmp_path):
    sql = (
        "select (select count(*) from raw.customs_rows), (select count(*) from audit.loads), "
        "(select sum(vehicles) from marts.exports_by_destination), "
        "(select sum(value_cny) from marts.exports_by_province), "
        "(select sum(vehicles) from marts.exports_by_powertrain), "
        "(select count(*) from marts.fct_customs_trade)"
    )
    before = run(["query", sql, "--format", "csv"], env, tmp_path).stdout
    again = run(["build"], env, tmp_path)
    assert again.returncode == 0
    assert "files: 0 loaded, 0 duplicate, 0 quarantined, 23 unchanged" in again.stdout
    assert run(["query", sql, "--format", "csv"], env, tmp_path).stdout == before


def test_bad_files_are_quarantined_and_named_while_the_build_still_publishes(env, tmp_path):
    landing = tmp_path / "landing"
    exports = landing / "customs" / "exports"
    exports.mkdir(parents=True)
    source = SAMPLE_LANDING / "customs" / "exports" / "exports_202504_full_cny.csv"
    good = source.read_bytes()
    (exports / "exports_202504_full_cny.csv").write_bytes(good)
    (exports / "no_period.csv").write_bytes(good.replace(b"87060022", b"87060021"))
    lines = good.split(b"\r\n")
    lines[2] = lines[2].replace(b'"47"', b'"many"')  # data row 2
    (exports / "exports_202505_edited.csv").write_bytes(b"\r\n".join(lines))
    result = run(["build", "--landing", str(landing)], env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "1 quarantined" in result.stdout
    assert "customs/exports/no_period.csv (whole file): period unknown" in result.stdout
    assert (
        "customs/exports/exports_202505_edited.csv, row 2: first quantity not a number: many"
        in result.stdout
    )


def test_missing_landing_folder_is_a_usage_error(env, tmp_path):
    result = run(["build", "--landing", str(tmp_path / "nowhere")], env, tmp_path)
    assert result.returncode == 2
    assert "does not exist" in result.stderr


def test_query_answers_quickly_without_importing_dagster(built, env, tmp_path):
    probe = (
        "import sys; from typer.testing import CliRunner; from pipelines.cli import app; "
        "CliRunner().invoke(app, ['query', 'select 1']); "
        "print('dagster' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], env=env, cwd=REPO, capture_output=True, text=True
    )
    assert result.stdout.strip() == "False", result.stderr


@pytest.mark.parametrize("file_format", ["parquet", "csv"])
def test_export_writes_every_mart_with_a_verifiable_manifest(built, env, tmp_path, file_format):
    import hashlib

    import duckdb

    out = tmp_path / "export"
    result = run(["export", "--format", file_format, "--out", str(out)], env, tmp_path)
    assert result.returncode == 0, result.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    con = duckdb.connect(env["AUTOEXPORT_WAREHOUSE"], read_only=True)
    marts = {
        f"marts.{name}": con.execute(f"select count(*) from marts.{name}").fetchall()[0][0]
        for (name,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts'"
        ).fetchall()
    }
    con.close()
    assert {t["table"]: t["rows"] for t in manifest["tables"]} == marts
    reader = "read_parquet" if file_format == "parquet" else "read_csv"
    for table in manifest["tables"]:
        paths = [out / f["path"] for f in table["files"]]
        for entry, path in zip(table["files"], paths, strict=True):
            assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"]
        # what a consumer reads back has the manifest's row count
        [(rows,)] = duckdb.sql(
            f"select count(*) from {reader}(?)", params=[[p.as_posix() for p in paths]]
        ).fetchall()
        assert rows == table["rows"], table["table"]
    fact = next(t for t in manifest["tables"] if t["table"] == "marts.fct_customs_trade")
    assert {f["path"].split("/")[1] for f in fact["files"]} == {"year=2025"}
