"""Run the build job in process, stream its progress, and summarise what it did.

`dg launch` would start a subprocess per step; in process is several times faster and lets
the CLI show progress from the run's own events.
"""

import datetime as dt
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg
import duckdb

from pipelines.app.check_command import observed_from_metadata
from pipelines.lib.build_file import current_database
from pipelines.lib.build_session import BUILD_JOB, build_session_started_aside
from pipelines.lib.settings import Settings, prepare_dagster_home

PUBLISH_KEY = dg.AssetKey(["published_warehouse"])
_QUIET_DAGSTER_CONSOLE = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}
# the run tag naming the warehouse a CLI build was building (see _fail_dead_runs)
CLI_BUILD_TAG = "autoexport/cli_build"


@dataclass(frozen=True)
class CheckOutcome:
    name: str
    passed: bool
    blocking: bool
    why: str = ""  # a failed check's own words: its description, else its figures


@dataclass
class BuildReport:
    published: bool = False
    files: dict[str, int] = field(default_factory=dict)
    rows_loaded: int = 0
    rows_quarantined: int = 0
    quarantined: list[tuple[str, int | None, str]] = field(default_factory=list)
    checks: list[CheckOutcome] = field(default_factory=list)
    failed_steps: list[str] = field(default_factory=list)
    failures: dict[str, str] = field(default_factory=dict)  # failed step -> its error's words
    seconds: float = 0.0
    month: str | None = None  # the partition built; None: every month


@dataclass(frozen=True)
class Progress:
    """What the CLI shows: a step started or finished, or a message the step logged."""

    kind: str  # step_start | step_done | step_failed | warning | info
    text: str
    steps_total: int


def build_definitions() -> dg.Definitions:
    # imported here: loading the definitions imports every asset module
    from pipelines.definitions import defs

    return defs()


def _build_instance(settings: Settings) -> dg.DagsterInstance:
    from pipelines.app.run_events import build_instance

    prepare_dagster_home(settings.dagster_home)
    os.environ["DAGSTER_HOME"] = str(settings.dagster_home)
    return build_instance(settings.dagster_home)


def _fail_dead_runs(instance: dg.DagsterInstance, warehouse: Path) -> list[str]:
    """Mark failed the CLI builds of ``warehouse`` still STARTED in the run history.

    Called with the build lock held: a CLI build holds that lock from before its run starts
    until after it ends, so any other unfinished run tagged with this warehouse belongs to a
    process that died (kill -9, power cut) without recording its end. Dagster's own run
    monitoring needs the daemon and a launcher that reports worker health; `build` has neither.
    """
    unfinished = instance.get_runs(
        filters=dg.RunsFilter(
            statuses=[
                dg.DagsterRunStatus.NOT_STARTED,
                dg.DagsterRunStatus.STARTING,
                dg.DagsterRunStatus.STARTED,
            ],
            tags={CLI_BUILD_TAG: str(warehouse)},
        )
    )
    for run in unfinished:
        instance.report_run_failed(
            run, "its process ended without finishing the run (killed?); found by the next build"
        )
    return [run.run_id for run in unfinished]


def check_month(month: str) -> str:
    """A month as `build --month` takes it (YYYY-MM, a partition of the warehouse)."""
    from pipelines.defs.landing_loader import MONTHLY

    if month not in MONTHLY.get_partition_keys():
        first, last = MONTHLY.get_first_partition_key(), MONTHLY.get_last_partition_key()
        raise ValueError(f"--month must be YYYY-MM between {first} and {last}, got {month!r}")
    return month


def run_build(
    settings: Settings,
    full_refresh: bool = False,
    on_progress: Callable[[Progress], None] | None = None,
    month: str | None = None,
) -> BuildReport:
    """Build the warehouse from the landing folder and publish it if every blocking check passes.

    With ``month`` (YYYY-MM) the run is that month's partition: it loads the landing files of
    that month only and restages that month; marts are rebuilt from staging as always.
    """
    from pipelines.defs.resources import WarehouseResource

    if month is not None:
        check_month(month)
    started = dt.datetime.now()
    # loaders stamp loaded_at in UTC to the second: this build's loads are the ones from here on
    started_at = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    report = BuildReport(month=month)
    # the build file is started (the published file copied) while the definitions load
    with build_session_started_aside(
        settings.warehouse, settings.storage_version, full_refresh
    ) as starting:
        definitions = build_definitions()
        job = definitions.resolve_job_def(BUILD_JOB)
        steps_total = len(job.graph.node_defs)
        instance = _build_instance(settings)
        _fail_dead_runs(instance, settings.warehouse)
        starting.result()  # a damaged published file is refused here, before any run
        run_id = str(uuid.uuid4())  # Dagster's run ids are UUID4 strings
        materialized: dict[dg.AssetKey, dict] = {}

        def listen(entry) -> None:
            _on_event(entry, report, materialized, steps_total, on_progress)

        instance.add_event_listener(run_id, listen)
        try:
            job.execute_in_process(
                partition_key=month,
                run_config=_QUIET_DAGSTER_CONSOLE,
                instance=instance,
                run_id=run_id,
                tags={CLI_BUILD_TAG: str(settings.warehouse)},
                raise_on_error=False,
                resources={
                    "warehouse": WarehouseResource(
                        landing_dir=str(settings.landing),
                        warehouse_path=str(settings.warehouse),
                        storage_version=settings.storage_version,
                        memory_limit=settings.memory_limit,
                    )
                },
            )
        finally:
            instance.dispose()  # closes the run history's connections
        report.published = PUBLISH_KEY in materialized
        report.files = _file_counts(materialized.values())
        database = current_database(settings.warehouse)
        if database.exists():
            _summarise_loads(database, started_at, report)
    report.seconds = (dt.datetime.now() - started).total_seconds()
    return report


def _on_event(entry, report, materialized, steps_total, on_progress) -> None:
    event = entry.dagster_event
    emit = on_progress or (lambda _progress: None)
    if event is None:
        if entry.user_message and entry.level >= 20:
            kind = "warning" if entry.level >= 30 else "info"
            emit(Progress(kind, entry.user_message, steps_total))
        return
    kind = event.event_type_value
    if kind == "STEP_START":
        emit(Progress("step_start", event.step_key, steps_total))
    elif kind == "STEP_SUCCESS":
        emit(Progress("step_done", event.step_key, steps_total))
    elif kind == "STEP_FAILURE":
        report.failed_steps.append(event.step_key)
        message = event.step_failure_data.error.message.strip() if event.step_failure_data else ""
        report.failures[event.step_key] = message
        emit(Progress("step_failed", f"{event.step_key}: {message}", steps_total))
    elif kind == "ASSET_MATERIALIZATION":
        materialization = event.event_specific_data.materialization
        materialized[materialization.asset_key] = dict(materialization.metadata)
    elif kind == "ASSET_CHECK_EVALUATION":
        evaluation = event.event_specific_data
        report.checks.append(
            CheckOutcome(
                name=f"{evaluation.asset_key.to_user_string()}:{evaluation.check_name}",
                passed=evaluation.passed,
                blocking=evaluation.severity == dg.AssetCheckSeverity.ERROR,
                why=""
                if evaluation.passed
                else (evaluation.description or observed_from_metadata(evaluation.metadata)),
            )
        )


def _file_counts(materializations) -> dict[str, int]:
    """Files per status, added up over every loader asset (metadata ``files_<status>``)."""
    counts: dict[str, int] = {}
    for metadata in materializations:
        for key, value in metadata.items():
            if key.startswith("files_"):
                status = key.removeprefix("files_")
                counts[status] = counts.get(status, 0) + int(value.value)
    return counts


def _summarise_loads(database: Path, started_at: dt.datetime, report: BuildReport) -> None:
    con = duckdb.connect(database.as_posix(), read_only=True)
    try:
        report.rows_loaded, report.rows_quarantined = con.execute(
            "select coalesce(sum(rows_loaded), 0), coalesce(sum(rows_quarantined), 0) "
            "from audit.loads where loaded_at >= ?",
            [started_at],
        ).fetchone()
        report.quarantined = con.execute(
            "select source_file, row_number, reason from audit.quarantine "
            "where loaded_at >= ? order by source_file, row_number nulls first",
            [started_at],
        ).fetchall()
    finally:
        con.close()
