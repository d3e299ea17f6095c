"""Where checks of a build find the data, and how they leave their result in audit.check_results.

A check's verdict waits in a file beside the build file (one JSON line per check) and the publish
step writes them all into the build file's audit.check_results, on the connection it opens
anyway: a DuckDB connection per check, written and checkpointed, cost more than most checks.
"""

import datetime as dt
import json
from dataclasses import asdict
from pathlib import Path

import dagster as dg
import duckdb

from pipelines.defs.resources import WarehouseResource
from pipelines.lib.build_file import build_path, current_database
from pipelines.lib.build_session import pending_checks_path
from pipelines.lib.check_results import CheckResult, now_utc, record_results

TRIGGER = "build"


def database_to_check(warehouse: WarehouseResource) -> Path:
    """The build file; the published file once the build has been published (as read())."""
    return current_database(warehouse.warehouse)


def record_in_build(
    context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource, result: CheckResult
) -> None:
    """Keep the result for the build file, so it is published with the data it judged.

    A check that Dagster runs after publication finds no build file: its result stays in the
    run's metadata, and the published file is never written in place.
    """
    if not build_path(warehouse.warehouse).exists():
        return
    line = {"run_id": context.run.run_id, "checked_at": now_utc().isoformat(), **asdict(result)}
    with pending_checks_path(warehouse.warehouse).open("a", encoding="utf-8") as pending:
        pending.write(json.dumps(line, ensure_ascii=False) + "\n")


def write_pending_results(con: duckdb.DuckDBPyConnection, warehouse: Path) -> int:
    """Write the results the build's checks kept into ``con`` (its build file); returns rows."""
    path = pending_checks_path(warehouse)
    if not path.exists():
        return 0
    batches: dict[tuple[str, str], list[CheckResult]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        key = (row.pop("run_id"), row.pop("checked_at"))
        batches.setdefault(key, []).append(CheckResult(**row))
    written = sum(
        record_results(con, run_id, results, TRIGGER, dt.datetime.fromisoformat(checked_at))
        for (run_id, checked_at), results in batches.items()
    )
    path.unlink()
    return written
