"""The SQL checks of warehouse/checks/: one file per check, the file the truth of its check.

A check's query returns the offending rows: no rows, the check passes. Its header says what
the SQL cannot, in ``-- key: value`` lines of its leading comment block (a value may go on
over lines indented by three spaces or more):

  ``-- checks: <schema.table>``  the table the check is attached to (required)
  ``-- blocking: yes|no``        a blocking check stops publication when it fails (default no)
  ``-- description: <text>``     the one-line description shown with its result (required)
  ``-- name: <name>``            the check's name, when several files share one (default: the
                                 file name)

It runs after every table its SQL reads, parsed as a table's dependencies are
(pipelines/lib/sql_files.py). Nothing here imports Dagster.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from pipelines.lib.sql_files import header, tables_read
from pipelines.lib.warehouse_sql import WAREHOUSE_DIR

CHECKS_FOLDER = "checks"
CHECK_KEYS = ("checks", "blocking", "description", "name")
_BLOCKING = {"yes": True, "no": False}


@dataclass(frozen=True)
class CheckFile:
    path: str  # under warehouse/, e.g. "checks/truncated_downloads.sql"
    name: str
    table: str
    blocking: bool
    description: str
    sql: str
    reads: tuple[str, ...]  # the other asset tables its SQL reads, sorted


def read_check_file(path: str) -> CheckFile:
    sql = (WAREHOUSE_DIR / path).read_text(encoding="utf-8")
    _, keys = header(sql, CHECK_KEYS)
    for required in ("checks", "description"):
        if required not in keys:
            raise ValueError(f"warehouse/{path}: no '-- {required}:' line in its header")
    blocking = keys.get("blocking", "no")
    if blocking not in _BLOCKING:
        raise ValueError(f"warehouse/{path}: 'blocking: {blocking}': yes or no")
    table = keys["checks"]
    return CheckFile(
        path=path,
        name=keys.get("name", path.rsplit("/", 1)[-1].removesuffix(".sql")),
        table=table,
        blocking=_BLOCKING[blocking],
        description=keys["description"],
        sql=sql,
        reads=tuple(sorted(tables_read(sql) - {table})),
    )


@cache
def check_files() -> tuple[CheckFile, ...]:
    """Every check of warehouse/checks/, by path."""
    paths = sorted(
        f"{CHECKS_FOLDER}/{p.name}" for p in (WAREHOUSE_DIR / CHECKS_FOLDER).glob("*.sql")
    )
    return tuple(read_check_file(path) for path in paths)
