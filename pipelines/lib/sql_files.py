"""The SQL files that build warehouse tables, and what each one says about its table.

A file under warehouse/staging/ or warehouse/marts/ builds the table named after it
(staging/customs_trade.sql builds staging.customs_trade). The file is the truth of its table:

- its dependencies are the tables its SQL reads, parsed with sqlglot (dialect duckdb): every
  table reference of a schema that holds assets (raw, ref, staging, marts, audit), minus CTE
  names and the table itself;
- its description is its leading ``--`` comment block;
- a few lines of that block, ``-- key: value``, say what the SQL cannot:

  ``-- group: <name>``      the Dagster group shown in the UI (default: the folder, so a mart
                            without the line is in group "marts")
  ``-- restaged: by month`` the file rebuilds the run's months only: it runs once per span of
                            them, reading [months_start, months_end) (pipelines/lib/run_months.py)
  ``-- step of: <asset>``   the file is one step of a Python asset (named), which runs it with
                            other files or Python: it is no asset of its own
  ``-- sources checked by: checks/<name>.sql``  (marts) the rule that its rows name their
                            source files is not the generic one: that check states it

The published marts are the asset files in warehouse/marts/. Nothing here imports Dagster.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import cache

import duckdb
import sqlglot
from sqlglot import exp

from pipelines.lib.sources.registry import written_with
from pipelines.lib.user_cache import cache_dir, replace_file
from pipelines.lib.warehouse_sql import WAREHOUSE_DIR

TABLE_FOLDERS = ("staging", "marts")
ASSET_SCHEMAS = ("raw", "ref", "staging", "marts", "audit")
# Tables a step writes beside the table its asset is named after: whoever reads one depends on
# that asset. The loaders' come from their source descriptors (pipelines/lib/sources/).
WRITTEN_WITH = {
    **written_with(),
    "staging.customs_restaged_months": "staging.customs_trade",
}
KEYS = ("group", "restaged", "step of", "sources checked by")
# a key line's value may go on over lines indented by three spaces or more ("--     more")
_CONTINUED = re.compile(r"^--\s{3,}(\S.*?)\s*$")


@dataclass(frozen=True)
class SqlFile:
    path: str  # under warehouse/, e.g. "marts/exports_by_destination.sql"
    table: str
    description: str
    group: str
    reads: tuple[str, ...]  # the asset tables its SQL reads, sorted
    restaged_by_month: bool = False
    step_of: str | None = None
    sources_checked_by: str | None = None

    @property
    def is_asset(self) -> bool:
        return self.step_of is None


def header(sql: str, known: tuple[str, ...] = KEYS) -> tuple[str, dict[str, str]]:
    """The leading comment block of a SQL file: its prose, and its ``key: value`` lines
    (keys from ``known``)."""
    key_line = re.compile(r"^--\s*(" + "|".join(known) + r"):\s*(\S.*?)\s*$")
    prose: list[str] = []
    keys: dict[str, str] = {}
    last_key = None
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        match = key_line.match(line)
        continued = _CONTINUED.match(line) if last_key else None
        if match:
            last_key = match.group(1)
            keys[last_key] = match.group(2)
        elif continued:
            keys[last_key] += " " + continued.group(1)
        else:
            last_key = None
            prose.append(line[2:].strip())
    return "\n".join(prose).strip(), keys


def tables_read(sql: str) -> set[str]:
    """Tables of the asset schemas that ``sql`` reads or writes (schema.name), CTEs excluded,
    tables written beside an asset's table named by that asset."""
    return {WRITTEN_WITH.get(name, name) for name in _references(sql)}


def _parsed_references(sql: str) -> list[str]:
    references: set[str] = set()
    for statement in sqlglot.parse(sql, dialect="duckdb"):
        if statement is None:
            continue
        ctes = {cte.alias_or_name for cte in statement.find_all(exp.CTE)}
        for table in statement.find_all(exp.Table):
            if not table.db and table.name in ctes:
                continue  # a CTE, not a table
            if table.db in ASSET_SCHEMAS:
                references.add(f"{table.db}.{table.name}")
    return sorted(references)


# Parsing every SQL file with sqlglot took 0.7 s of each start of the definitions (the CLI, the
# UI's code server, each test process). The references of a file's text are kept on disk by a
# hash of the text and sqlglot's version, so a file is parsed again only when either changes.
_CACHE_FILE = cache_dir() / "sql_reads.json"


@cache
def _references_cache() -> dict[str, list[str]]:
    try:
        cached = json.loads(_CACHE_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return cached if isinstance(cached, dict) else {}


def _references(sql: str) -> list[str]:
    key = hashlib.sha256(f"{sqlglot.__version__}\0{sql}".encode()).hexdigest()
    known = _references_cache()
    if key not in known:
        known[key] = _parsed_references(sql)
        _save_references(known)
    return known[key]


def _save_references(known: dict[str, list[str]]) -> None:
    """Replace the cache file whole; one that cannot be written costs a parse next time."""
    replace_file(_CACHE_FILE, lambda handle: handle.write(json.dumps(known).encode()))


def read_sql_file(path: str) -> SqlFile:
    """The table a file under warehouse/ builds, as the file describes it."""
    folder, file_name = path.split("/")
    table = f"{folder}.{file_name.removesuffix('.sql')}"
    sql = (WAREHOUSE_DIR / path).read_text(encoding="utf-8")
    description, keys = header(sql)
    if not description:
        raise ValueError(f"warehouse/{path}: no header comment to describe {table}")
    restaged = keys.get("restaged")
    if restaged not in (None, "by month"):
        raise ValueError(f"warehouse/{path}: 'restaged: {restaged}': only 'by month' is known")
    return SqlFile(
        path=path,
        table=table,
        description=description,
        group=keys.get("group", folder),
        reads=tuple(sorted(tables_read(sql) - {table, WRITTEN_WITH.get(table, table)})),
        restaged_by_month=restaged == "by month",
        step_of=keys.get("step of"),
        sources_checked_by=keys.get("sources checked by"),
    )


@cache
def table_files() -> tuple[SqlFile, ...]:
    """Every table-building SQL file of warehouse/staging and warehouse/marts, by path."""
    paths = sorted(
        f"{folder}/{p.name}"
        for folder in TABLE_FOLDERS
        for p in (WAREHOUSE_DIR / folder).glob("*.sql")
    )
    return tuple(read_sql_file(path) for path in paths)


def sql_file(path: str) -> SqlFile:
    return next(f for f in table_files() if f.path == path)


def published_marts() -> tuple[str, ...]:
    """The marts users query: the asset files of warehouse/marts/, by name."""
    return tuple(f.table for f in table_files() if f.is_asset and f.path.startswith("marts/"))


def steps_read(paths: tuple[str, ...], built: tuple[str, ...]) -> tuple[str, ...]:
    """The asset tables the files of a Python step read, minus the tables it builds."""
    reads = {t for path in paths for t in sql_file(path).reads}
    return tuple(sorted(reads - set(built)))


def _quoted(table: str) -> str:
    return ".".join(f'"{part}"' for part in table.split("."))


def source_files_query(con: duckdb.DuckDBPyConnection) -> str:
    """The check that every row of every published mart names the landing files behind it.

    One branch per mart of warehouse/marts/ (names from the repo's file names, quoted), built
    from the columns the mart has: ``source_files`` must be a non-empty list, ``source_file``
    not NULL. A mart with neither counts every row. Marts whose header names their own check
    (``sources checked by:``) are left to it. Returns offending (mart, rows_without_source).
    """
    branches = []
    for mart in (f for f in table_files() if f.is_asset and f.path.startswith("marts/")):
        if mart.sources_checked_by:
            continue
        schema, name = mart.table.split(".")
        columns = {
            c
            for (c,) in con.execute(
                "select column_name from information_schema.columns "
                "where table_schema = ? and table_name = ?",
                [schema, name],
            ).fetchall()
        }
        missing = []
        if "source_file" in columns:
            missing.append("source_file is null")
        if "source_files" in columns:
            missing.append("source_files is null or len(source_files) = 0")
        branches.append(
            f"select '{mart.table}' as mart, count(*) as rows_without_source "
            f"from {_quoted(mart.table)} where {' or '.join(missing) or 'true'} having count(*) > 0"
        )
    return "\nunion all\n".join(branches)
