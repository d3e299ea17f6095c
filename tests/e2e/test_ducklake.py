"""`autoexport export --to ducklake`: every mart into a DuckLake whose catalog is a real
PostgreSQL (127.0.0.1, tests/postgres_server.py) and whose data path is a local folder.

The lake is written and read in `.venv-ducklake` (DuckDB 1.5.5 with the ducklake and postgres
extension packages), which `make test` makes; without it these tests fail, never skip.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from pipelines.lib.export_ducklake import RUNNER, export_marts_to_ducklake
from tests.conftest import REPO, SAMPLE_LANDING
from tests.marts_versions import VERSION_QUERY, older_version, version
from tests.postgres_server import postgres_server

AUTOEXPORT = str(Path(sys.executable).with_name("autoexport"))
LAKE_PYTHON = REPO / ".venv-ducklake" / "bin" / "python"

# A reader in its own process, as a BI tool on another machine would be: it attaches the lake
# read-only and runs VERSION_QUERY (one statement, so one snapshot) until told to stop.
READER = """
import json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from ducklake_runner import connect
con = connect(sys.argv[2], sys.argv[3], read_only=True)
con.execute("use lake")
stop = Path(sys.argv[4])
print("ready", flush=True)
while not stop.exists():
    print(json.dumps([int(v) for v in con.execute(sys.argv[5]).fetchone()]), flush=True)
"""


@pytest.fixture(scope="module")
def postgres():
    assert LAKE_PYTHON.exists(), f"{LAKE_PYTHON} missing: `make .venv-ducklake` (make test does)"
    with postgres_server() as server:
        yield server


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, cli_sample) -> Path:
    """The bundled sample, built and published by the CLI (a copy of the run's one build)."""
    root = tmp_path_factory.mktemp("ducklake")
    shutil.copy2(cli_sample.warehouse, root / "warehouse.duckdb")
    return root / "warehouse.duckdb"


def _env(warehouse: Path, **extra: str) -> dict:
    return {
        **os.environ,
        "AUTOEXPORT_LANDING": str(SAMPLE_LANDING),
        "AUTOEXPORT_WAREHOUSE": str(warehouse),
        "DAGSTER_HOME": str(warehouse.parent / "dagster"),
        **extra,
    }


def _lake_sql(catalog: str, data: Path, query: str) -> list:
    """Rows of a query on the lake, run in the DuckLake environment."""
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); "
        "from ducklake_runner import connect; "
        "con = connect(sys.argv[2], sys.argv[3], read_only=True); con.execute('use lake'); "
        "print(json.dumps(con.execute(sys.argv[4]).fetchall(), default=str))"
    )
    result = subprocess.run(
        [str(LAKE_PYTHON), "-c", code, str(RUNNER.parent), catalog, str(data), query],
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr.strip().splitlines()[-1])
    return json.loads(result.stdout)


def _recipe() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- recipe: ducklake -->\n```[a-z]*\n(.*?)```", readme, re.S)
    assert block, "README: the ducklake recipe block is missing"
    return [line for line in block.group(1).splitlines() if line.strip()]


def _run_recipe_line(prefix: str, env: dict, cwd: Path) -> subprocess.CompletedProcess:
    """The README's line that starts with ``prefix``, run as written by bash."""
    [line] = [line for line in _recipe() if line.startswith(prefix)]
    return subprocess.run(
        ["bash", "-c", line], env=env, cwd=cwd, capture_output=True, text=True, timeout=300
    )


def test_the_readme_export_writes_every_mart_as_one_snapshot(postgres, warehouse, tmp_path):
    catalog = postgres.dsn(postgres.create_database("lake_cli"))
    data = tmp_path / "lake"
    path = f"{Path(AUTOEXPORT).parent}:{os.environ['PATH']}"  # autoexport as installed
    env = _env(warehouse, CATALOG=catalog, DATA=str(data), PATH=path)
    result = _run_recipe_line("autoexport export --to ducklake", env, REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    con = duckdb.connect(warehouse.as_posix(), read_only=True)
    try:
        marts = {
            name: con.execute(f"select count(*) from marts.{name}").fetchone()[0]
            for (name,) in con.execute(
                "select table_name from duckdb_tables() where schema_name = 'marts'"
            ).fetchall()
        }
        money = con.execute(
            "select sum(value_cny)::varchar, sum(value_usd)::varchar, sum(quantity)::varchar "
            "from marts.fct_customs_trade"
        ).fetchall()
    finally:
        con.close()
    assert re.search(rf"DuckLake snapshot \d+: {len(marts)} marts", result.stdout)
    counts = " union all ".join(f"select '{name}', count(*) from marts.{name}" for name in marts)
    assert dict(_lake_sql(catalog, data, counts)) == marts
    # money and quantities stay exact: HUGEINT and DECIMAL(18,3) in the lake too
    assert [
        tuple(row)
        for row in _lake_sql(
            catalog,
            data,
            "select sum(value_cny)::varchar, sum(value_usd)::varchar, sum(quantity)::varchar "
            "from marts.fct_customs_trade",
        )
    ] == money
    assert _lake_sql(
        catalog,
        data,
        "select data_type from information_schema.columns where table_catalog = 'lake' "
        "and table_name = 'fct_customs_trade' and column_name in ('quantity', 'value_cny') "
        "order by column_name",
    ) == [["DECIMAL(18,3)"], ["HUGEINT"]]
    # one export, one snapshot (0 is the lake's creation)
    assert _lake_sql(catalog, data, "select count(*) from ducklake_snapshots('lake')") == [[2]]
    assert list(data.rglob("*.parquet")), "no Parquet file in the data path"


def test_a_reader_in_another_process_sees_one_snapshot_or_the_other(postgres, warehouse, tmp_path):
    catalog = postgres.dsn(postgres.create_database("lake_readers"))
    data = tmp_path / "lake"
    older = older_version(warehouse, tmp_path)
    new, old = version(warehouse), version(older)
    assert all(a != b for a, b in zip(new, old, strict=True))  # a mix of any two shows
    export_marts_to_ducklake(warehouse, catalog, data)

    stop = tmp_path / "stop"
    reader = subprocess.Popen(
        [str(LAKE_PYTHON), "-c", READER, str(RUNNER.parent), catalog, str(data), str(stop)]
        + [VERSION_QUERY],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout.readline().strip() == "ready", reader.stderr.read()
        snapshots, began = [], time.monotonic()
        for source in [older, warehouse] * 5:
            snapshots.append(export_marts_to_ducklake(source, catalog, data))
        seconds = time.monotonic() - began
    finally:
        stop.touch()
        out, err = reader.communicate(timeout=120)
    assert reader.returncode == 0, err
    seen = [tuple(json.loads(line)) for line in out.splitlines()]
    print(f"{len(seen)} reads in another process during 10 exports ({seconds / 10:.2f} s each)")
    mixed = [row for row in seen if row not in (new, old)]
    assert not mixed, mixed[:3]
    assert set(seen) == {new, old}
    # each export is one snapshot, and time travel returns the previous publish exactly
    ids = [s.snapshot for s in snapshots]
    assert ids == list(range(ids[0], ids[0] + 10))
    at = re.sub(r"from (marts\.\w+)\)", r"from \1 at (version => {v}))", VERSION_QUERY)
    assert at.count("at (version") == 4
    previous, last = snapshots[-2].snapshot, snapshots[-1].snapshot
    assert tuple(_lake_sql(catalog, data, at.format(v=previous))[0]) == old
    assert tuple(_lake_sql(catalog, data, at.format(v=last))[0]) == new
    assert tuple(_lake_sql(catalog, data, VERSION_QUERY)[0]) == new


def test_the_readme_expire_command_removes_old_snapshots_and_their_files(
    postgres, warehouse, tmp_path
):
    catalog = postgres.dsn(postgres.create_database("lake_expire"))
    data = tmp_path / "lake"
    older = older_version(warehouse, tmp_path)
    for source in [older, warehouse] * 3:
        export_marts_to_ducklake(source, catalog, data)
    before = sum(f.stat().st_size for f in data.rglob("*.parquet")), len(list(data.rglob("*")))
    first = export_marts_to_ducklake(warehouse, catalog, data).snapshot - 6

    env = {**os.environ, "CATALOG": catalog, "DATA": str(data), "KEEP": "0 seconds"}
    result = _run_recipe_line(".venv-ducklake/bin/python", env, REPO)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    after = sum(f.stat().st_size for f in data.rglob("*.parquet")), len(list(data.rglob("*")))
    print(f"expire: {answer}; Parquet bytes {before[0]} -> {after[0]}")
    assert answer["snapshots_expired"] == 7 and answer["files_deleted"] > 0
    assert after[0] < before[0]
    # the current snapshot still reads right; an expired one is gone
    assert tuple(_lake_sql(catalog, data, VERSION_QUERY)[0]) == version(warehouse)
    with pytest.raises(RuntimeError, match=r"(?i)snapshot|version"):
        _lake_sql(catalog, data, f"from marts.national_monthly at (version => {first})")


def test_without_the_environment_the_export_says_how_to_make_it(warehouse, tmp_path):
    result = subprocess.run(
        [AUTOEXPORT, "export", "--to", "ducklake", "postgresql://x@127.0.0.1:1/x"]
        + ["--data-path", str(tmp_path / "lake")],
        env=_env(warehouse, AUTOEXPORT_DUCKLAKE_PYTHON=str(tmp_path / "no-python")),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "make .venv-ducklake" in result.stderr
    missing = subprocess.run(
        [AUTOEXPORT, "export", "--to", "ducklake", "postgresql://x@127.0.0.1:1/x"],
        env=_env(warehouse),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert missing.returncode == 2 and "--data-path" in missing.stderr
