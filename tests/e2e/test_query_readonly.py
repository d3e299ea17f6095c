"""`autoexport query` reads the warehouse and does nothing else, proven through the real CLI.

One warehouse is built for the module; every side-effect statement then runs as a user would
type it, with the working directory, HOME (DuckDB's ~/.duckdb: extensions, secrets) and every
target path inside one folder whose whole listing must not change.
"""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

AUTOEXPORT = str(Path(sys.executable).with_name("autoexport"))

# {out}: a folder a statement tries to write into; {link}: a hard link to the warehouse;
# {warehouse}: the published file itself
SIDE_EFFECTS = [
    # files out of the warehouse
    "COPY (select 1 as a) TO '{out}/a.csv'",
    "COPY marts.exports_by_destination TO '{out}/b.parquet' (FORMAT parquet)",
    "COPY (select * from marts.exports_by_province) TO 'relative.csv'",
    "COPY marts.exports_by_destination TO '{out}/c.json' (FORMAT json)",
    "EXPORT DATABASE '{out}/exported'",
    "EXPORT DATABASE '{out}/exported_parquet' (FORMAT parquet)",
    "EXPLAIN ANALYZE COPY (select 1) TO '{out}/explained.csv'",
    # other databases, and the warehouse under another name
    "ATTACH '{out}/new.duckdb' AS n",
    "ATTACH '{link}' AS l (READ_WRITE)",
    "ATTACH '{link}' AS l",
    "ATTACH '{warehouse}' AS again (READ_WRITE)",
    "ATTACH ':memory:' AS m",
    "ATTACH '{out}/x.sqlite' AS s (TYPE sqlite)",
    "ATTACH '{link}' AS l (READ_WRITE); CREATE TABLE l.main.hacked AS SELECT 1 AS a",
    "DETACH w",
    # extensions
    "INSTALL httpfs",
    "FORCE INSTALL json",
    "LOAD httpfs",
    "LOAD '{out}/evil.duckdb_extension'",
    # security settings
    "SET enable_external_access = true",
    "SET GLOBAL enable_external_access = true",
    "RESET enable_external_access",
    "SET lock_configuration = false",
    "RESET lock_configuration",
    "SET autoinstall_known_extensions = true",
    "SET allowed_directories = ['{out}']",
    "SET temp_directory = '{out}/spill'",
    # pragmas and table functions that write or change settings
    "PRAGMA enable_profiling = 'json'",
    "PRAGMA profiling_output = '{out}/profile.json'",
    "PRAGMA force_checkpoint",
    "CALL checkpoint()",
    "CALL force_checkpoint()",
    "CALL enable_logging(storage_path => '{out}/logs')",
    "SELECT * FROM enable_logging(storage_path => '{out}/logs')",
    # secrets
    "CREATE SECRET (TYPE s3, KEY_ID 'k', SECRET 's')",
    "CREATE PERSISTENT SECRET p (TYPE s3, KEY_ID 'k', SECRET 's')",
    # the warehouse itself
    "CREATE TABLE marts.t AS SELECT 1 AS a",
    "CREATE TEMP TABLE t AS SELECT 1 AS a",
    "CREATE VIEW marts.v AS SELECT 1 AS a",
    "INSERT INTO marts.exports_by_destination SELECT * FROM marts.exports_by_destination",
    "UPDATE marts.exports_by_destination SET vehicles = 0",
    "DELETE FROM marts.exports_by_destination",
    "TRUNCATE marts.exports_by_destination",
    "DROP TABLE marts.exports_by_destination",
    "ALTER TABLE marts.exports_by_destination ADD COLUMN x INTEGER",
    "COMMENT ON TABLE marts.exports_by_destination IS 'x'",
    "COPY marts.exports_by_destination FROM '{out}/in.csv'",
    "IMPORT DATABASE '{out}'",
    "CHECKPOINT",
    "FORCE CHECKPOINT",
    "VACUUM",
    "ANALYZE",
    # reading outside the warehouse
    "SELECT * FROM read_text('/etc/hostname')",
    "SELECT * FROM glob('{out}/*')",
    # several statements: a write hidden between reads
    "select 1; COPY (select 2) TO '{out}/m.csv'; select 3",
    "select 1; SET enable_external_access = true",
    "select count(*) from marts.exports_by_destination; DELETE FROM marts.exports_by_destination",
]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _listing(root: Path) -> dict[str, tuple[int, str]]:
    """Every file and folder under root with its size and content hash."""
    return {
        p.relative_to(root).as_posix(): (p.stat().st_size, _sha(p)) if p.is_file() else (0, "dir")
        for p in sorted(root.rglob("*"))
    }


@pytest.fixture(scope="module")
def published(tmp_path_factory, cli_hand):
    """``hand_landing`` published by ``autoexport build`` (a copy of the run's one build,
    tests/conftest.py's ``cli_hand``)."""
    root = tmp_path_factory.mktemp("readonly")
    landing, built = cli_hand.copy(root)
    home = root / "home"
    out = root / "out"
    for folder in (home, out):
        folder.mkdir()
    warehouse = root / "warehouse" / "w.duckdb"
    warehouse.parent.mkdir()
    built.rename(warehouse)
    env = {
        **os.environ,
        "HOME": str(home),
        "AUTOEXPORT_LANDING": str(landing),
        "AUTOEXPORT_WAREHOUSE": str(warehouse),
        "DAGSTER_HOME": str(root / "dagster"),
    }
    link = out / "link.duckdb"
    os.link(warehouse, link)
    return env, root, out, warehouse, link


def _query(env: dict, cwd: Path, sql: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [AUTOEXPORT, "query", sql, *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_every_side_effect_statement_is_refused_and_nothing_changes(published):
    env, root, out, warehouse, link = published
    assert len(SIDE_EFFECTS) >= 30
    before_sha = _sha(warehouse)
    before = _listing(root)
    refused = []
    for template in SIDE_EFFECTS:
        sql = template.format(out=out, link=link, warehouse=warehouse)
        result = _query(env, out, sql)
        assert result.returncode == 2, (sql, result.stdout, result.stderr)
        assert result.stdout == "", sql
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("autoexport: "), (sql, result.stderr)
        assert "Traceback" not in result.stderr and "damaged" not in result.stderr
        refused.append(sql)
        # nothing written anywhere: the warehouse, its hard link, HOME, the working folder
        assert _sha(warehouse) == before_sha, sql
        assert _listing(root) == before, sql
    assert len(refused) == len(SIDE_EFFECTS)
    # and the warehouse still answers
    rows = _query(
        env, out, "select count(*) as n from marts.exports_by_destination", "--format", "csv"
    )
    assert rows.returncode == 0 and rows.stdout.splitlines()[0] == "n"


def test_refusals_say_why(published):
    env, _, out, _, link = published
    several = _query(env, out, "select 1; COPY (select 2) TO 'x.csv'; select 3")
    assert "one statement at a time" in several.stderr and "COPY" in several.stderr
    attach = _query(env, out, f"ATTACH '{link}' AS l (READ_WRITE)")
    assert "read-only" in attach.stderr and "ATTACH" in attach.stderr
    outside = _query(env, out, "SELECT * FROM read_text('/etc/hostname')")
    assert "read-only" in outside.stderr and "disabled by configuration" in outside.stderr


@pytest.mark.parametrize(
    "sql",
    [
        "select partner_iso3, vehicles from marts.exports_by_destination",
        "with x as (select 1 as a) select * from x",
        "from marts.exports_by_province limit 2",
        "describe marts.exports_by_destination",
        "show tables",
        "summarize marts.exports_by_powertrain",
        "explain select * from marts.exports_by_destination",
        "values (1, 'a')",
        "select 1;",
    ],
)
def test_reading_statements_run(published, sql):
    env, _, out, _, _ = published
    result = _query(env, out, sql, "--format", "json")
    assert result.returncode == 0, result.stderr


def test_data_that_looks_like_markup_prints_literally(published):
    env, _, out, _, _ = published
    result = _query(env, out, "select '[/bold] x' as \"[red]col\", '[incl. chassis] :car:' as b")
    assert result.returncode == 0, result.stderr
    assert "[/bold] x" in result.stdout and "[red]col" in result.stdout
    assert "[incl. chassis] :car:" in result.stdout and "\N{AUTOMOBILE}" not in result.stdout
