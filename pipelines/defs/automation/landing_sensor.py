"""The landing sensor: new or changed files start a run for exactly the months they touch.

The cursor is JSON {landing-relative path: sha256} of the files seen so far. A file whose
hash differs from the cursor (or that the cursor lacks) is changed; unchanged files start
nothing. Each touched month gets one RunRequest (partition key YYYY-MM) whose run_key names
the month and the changed files' hashes, so the same change never runs twice.
"""

import datetime as dt
import hashlib
import json
from pathlib import Path

import dagster as dg
import duckdb

from pipelines.defs.landing_loader import MONTHLY
from pipelines.lib.build_session import BUILD_JOB
from pipelines.lib.landing_scan import file_months, landing_hashes, month_key
from pipelines.lib.periods import BUILD_TIMEZONE, previous_month
from pipelines.lib.settings import resolve_settings


def published_files(warehouse: Path) -> dict[str, str]:
    """Files the published warehouse already holds: the cursor's starting point, so a first
    evaluation against an existing warehouse does not rerun every month."""
    if not warehouse.exists():
        return {}
    con = duckdb.connect(warehouse.as_posix(), read_only=True)
    try:
        rows = con.execute("select source_file, sha256 from audit.loads").fetchall()
    except duckdb.CatalogException:
        return {}
    finally:
        con.close()
    return dict(rows)


def landing_run_requests(
    landing: Path, cursor: str | None, warehouse: Path, today: dt.date
) -> dg.SensorResult:
    """What the sensor does, as a function of the landing folder and the cursor.

    A month outside the partitions (before 2000, or not begun) has no run: such a file is
    loaded by a full `autoexport build`.
    """
    seen = json.loads(cursor) if cursor else published_files(warehouse)
    current = landing_hashes(landing)
    changed = {path: sha for path, sha in current.items() if seen.get(path) != sha}
    if not changed:
        return dg.SensorResult(
            skip_reason=dg.SkipReason(f"no new or changed file among {len(current)}"),
            cursor=json.dumps(current, sort_keys=True),
        )
    by_month: dict[str, dict[str, str]] = {}
    for path, sha in changed.items():
        # a file with no month (policy, industry, or one that will be refused whole) is taken
        # by any run: give it the month GACC is publishing now
        months = file_months(landing, path) or {previous_month(today)}
        for month in months:
            if MONTHLY.has_partition_key(month_key(month)):
                by_month.setdefault(month_key(month), {})[path] = sha
    requests = [
        dg.RunRequest(
            partition_key=month,
            run_key=f"{month}:{_digest(files)}",
            tags={"autoexport/changed_files": str(len(files))},
        )
        for month, files in sorted(by_month.items())
    ]
    if not requests:
        return dg.SensorResult(
            skip_reason=dg.SkipReason(
                f"{len(changed)} changed file(s) outside the monthly partitions: "
                "run `autoexport build`"
            ),
            cursor=json.dumps(current, sort_keys=True),
        )
    return dg.SensorResult(run_requests=requests, cursor=json.dumps(current, sort_keys=True))


def _digest(files: dict[str, str]) -> str:
    text = "\n".join(f"{path} {sha}" for path, sha in sorted(files.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dg.sensor(
    job_name=BUILD_JOB,
    minimum_interval_seconds=300,
    description=(
        "Hashes the landing folder; new or changed files start one build run per month they "
        "touch (cursor: JSON path -> sha256). Unchanged files start nothing."
    ),
)
def landing_sensor(context: dg.SensorEvaluationContext) -> dg.SensorResult:
    # the folders come from the environment, as for the runs it starts (not from the resource:
    # initialising that would take the build lock at every tick)
    settings = resolve_settings()
    today = dt.datetime.now(BUILD_TIMEZONE).date()
    return landing_run_requests(settings.landing, context.cursor, settings.warehouse, today)
