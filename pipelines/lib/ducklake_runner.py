"""The DuckLake half of `autoexport export --to ducklake`, run in its own environment.

This file runs under `.venv-ducklake/bin/python` (`make .venv-ducklake`: DuckDB 1.5.5 and the
PyPI packages duckdb-extension-ducklake and duckdb-extension-postgres, which exist only for
1.5.5), never in the main environment, which is on DuckDB 2 and cannot load them. It imports
nothing of autoexport. It reads the published warehouse (storage version v1.5.0, which DuckDB
1.5 reads) and talks to the DuckLake catalog in PostgreSQL; the extensions are loaded from the
packages' files, so nothing is downloaded.

    python ducklake_runner.py export WAREHOUSE CATALOG_DSN DATA_PATH
    python ducklake_runner.py expire CATALOG_DSN DATA_PATH --older-than INTERVAL

Each prints one JSON line on success; on failure a message on stderr and exit 1.
"""

import argparse
import importlib
import json
import sys
import tempfile
import time
from pathlib import Path

import duckdb

LAKE = "lake"
SCHEMA = "marts"
# PyPI package -> the name DuckDB knows the extension by (its init function is named after it)
_EXTENSIONS = {"postgres": "postgres_scanner", "ducklake": "ducklake"}


def _literal(text: str) -> str:
    """A SQL string literal: ATTACH takes no bound parameters."""
    return "'" + text.replace("'", "''") + "'"


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def connect(catalog_dsn: str, data_path: str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with the lake attached as ``lake``; no extension is fetched."""
    con = duckdb.connect(
        config={"autoinstall_known_extensions": False, "autoload_known_extensions": False}
    )
    with tempfile.TemporaryDirectory(prefix="autoexport-ducklake-") as folder:
        for package, name in _EXTENSIONS.items():
            module = importlib.import_module(f"duckdb_extension_{package}")
            [shipped] = Path(module.__path__[0]).glob(
                f"extensions/v{duckdb.__version__}/*.duckdb_extension"
            )
            # the package ships postgres.duckdb_extension; DuckDB wants the file named after
            # the extension's own name
            link = Path(folder) / f"{name}.duckdb_extension"
            link.symlink_to(shipped)
            con.execute(f"load {_literal(str(link))}")
    options = f"data_path {_literal(data_path)}" + (", read_only" if read_only else "")
    con.execute(f"attach {_literal('ducklake:postgres:' + catalog_dsn)} as {LAKE} ({options})")
    return con


def _snapshot(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute(f"select id from {LAKE}.current_snapshot()").fetchone()[0]


def export(warehouse: str, catalog_dsn: str, data_path: str) -> dict:
    """Every table of the warehouse's schema marts into the lake, in one transaction: one
    snapshot. Tables of the lake's marts that the warehouse lacks are left alone."""
    began = time.monotonic()
    con = connect(catalog_dsn, data_path)
    con.execute(f"attach {_literal(warehouse)} as src (read_only)")
    marts = [
        name
        for (name,) in con.execute(
            "select table_name from duckdb_tables() "
            "where database_name = 'src' and schema_name = ? order by table_name",
            [SCHEMA],
        ).fetchall()
    ]
    if not marts:
        raise ValueError(f"{warehouse} has no table in schema {SCHEMA}")
    tables = []
    con.execute("begin")
    con.execute(f"create schema if not exists {LAKE}.{SCHEMA}")
    for name in marts:
        target = f"{LAKE}.{SCHEMA}.{_identifier(name)}"
        con.execute(
            f"create or replace table {target} as select * from src.{SCHEMA}.{_identifier(name)}"
        )
        tables.append({"table": f"{SCHEMA}.{name}", "rows": _count(con, target)})
    con.execute(
        f"call {LAKE}.set_commit_message('autoexport', ?)", [f"autoexport export of {warehouse}"]
    )
    con.execute("commit")
    return {
        "snapshot": _snapshot(con),
        "tables": tables,
        "seconds": round(time.monotonic() - began, 3),
    }


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return con.execute(f"select count(*) from {table}").fetchone()[0]


def expire(catalog_dsn: str, data_path: str, older_than: str) -> dict:
    """Expire the snapshots older than ``older_than`` (an interval, e.g. '7 days'; the current
    snapshot always stays), then delete the files only they used."""
    con = connect(catalog_dsn, data_path)
    expired = con.execute(
        "select snapshot_id from ducklake_expire_snapshots(?, older_than => now() - ?::interval)",
        [LAKE, older_than],
    ).fetchall()
    deleted = con.execute(
        "select path from ducklake_cleanup_old_files(?, cleanup_all => true)", [LAKE]
    ).fetchall()
    return {
        "snapshots_expired": len(expired),
        "files_deleted": len(deleted),
        "snapshot": _snapshot(con),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="ducklake_runner.py")
    commands = parser.add_subparsers(dest="command", required=True)
    export_args = commands.add_parser("export")
    export_args.add_argument("warehouse")
    export_args.add_argument("catalog_dsn")
    export_args.add_argument("data_path")
    expire_args = commands.add_parser("expire")
    expire_args.add_argument("catalog_dsn")
    expire_args.add_argument("data_path")
    expire_args.add_argument("--older-than", required=True, help="an interval, e.g. '7 days'")
    args = parser.parse_args(argv)
    try:
        if args.command == "export":
            result = export(args.warehouse, args.catalog_dsn, args.data_path)
        else:
            result = expire(args.catalog_dsn, args.data_path, args.older_than)
    except (duckdb.Error, ValueError) as exc:
        print(f"ducklake {args.command} failed, nothing was committed: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
