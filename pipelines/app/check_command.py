"""`autoexport check`: every check against the published warehouse, Data Docs, results.

The published file is never opened for writing: the checks read a snapshot copied into the
results folder (default ``<warehouse folder>/checks/``), so a build publishing meanwhile or a
reader holding the file is not disturbed. The results folder receives:

- ``data_docs/index.html``: GX Data Docs of the suites, readable with no network;
- ``check_results.duckdb``: ``audit.check_results``, one row per check and run
  (trigger ``check``); BI tools can attach it beside the warehouse, whose own
  ``audit.check_results`` holds the results of the build that published it.
"""

import shutil
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from pipelines.lib.check_results import CheckResult, record_results_in_file

RESULTS_FILE = "check_results.duckdb"
DATA_DOCS = "data_docs"
CHECK_JOB = "autoexport_check"
TRIGGER = "check"
_QUIET = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}


@dataclass(frozen=True)
class CheckReport:
    run_id: str
    results: list[CheckResult]
    data_docs: Path
    results_file: Path

    @property
    def blocking_failed(self) -> list[CheckResult]:
        return [r for r in self.results if r.blocking and not r.passed]


def default_results_dir(warehouse: Path) -> Path:
    return warehouse.parent / "checks"


def run_checks(warehouse: Path, results_dir: Path) -> CheckReport:
    """Run every asset check and suite on a snapshot of ``warehouse``; record and document them."""
    from pipelines.lib.data_docs import make_offline
    from pipelines.lib.gx_suites import load_suites, run_suites

    run_id = str(uuid.uuid4())
    results_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=results_dir, prefix=".check-") as scratch:
        snapshot = Path(scratch) / "warehouse.duckdb"
        shutil.copyfile(warehouse, snapshot)
        _judge_every_month(snapshot)
        results = _run_sql_checks(snapshot)
        specs = load_suites()
        docs = Path(scratch) / DATA_DOCS
        for outcome in run_suites(snapshot, specs, data_docs_dir=docs):
            results.append(
                CheckResult(
                    "expectation_suite",
                    outcome.spec.table,
                    outcome.passed,
                    outcome.spec.blocking,
                    outcome.summary(),
                )
            )
        make_offline(docs)
        target = results_dir / DATA_DOCS
        shutil.rmtree(target, ignore_errors=True)
        docs.rename(target)
    results.sort(key=lambda r: (r.table_name, r.check_name))
    results_file = results_dir / RESULTS_FILE
    record_results_in_file(results_file, run_id, results, TRIGGER)
    return CheckReport(run_id, results, target, results_file)


def _judge_every_month(snapshot: Path) -> None:
    """A build's checks judge the months it restaged; this command judges every row."""
    import duckdb

    from pipelines.lib.run_months import check_every_month
    from pipelines.lib.warehouse_sql import ensure_schema

    con = duckdb.connect(snapshot.as_posix())
    try:
        ensure_schema(con)  # a warehouse built before the scope existed gains it
        check_every_month(con)
    finally:
        con.close()


def _run_sql_checks(snapshot: Path) -> list[CheckResult]:
    """Every asset check of the code location except the suites (run once, with Data Docs)."""
    import dagster as dg

    from pipelines.app.build_runner import build_definitions
    from pipelines.defs.resources import WarehouseResource
    from pipelines.defs.validation.suites import CHECK_NAME

    definitions = build_definitions()
    keys = [k for k in definitions.resolve_asset_graph().asset_check_keys if k.name != CHECK_NAME]
    job = dg.define_asset_job(CHECK_JOB, selection=dg.AssetSelection.checks(*keys))
    result = (
        dg.Definitions.merge(definitions, dg.Definitions(jobs=[job]))
        .resolve_job_def(CHECK_JOB)
        .execute_in_process(
            run_config=_QUIET,
            instance=dg.DagsterInstance.ephemeral(),
            raise_on_error=False,
            resources={
                "warehouse": WarehouseResource(
                    landing_dir=str(snapshot.parent), warehouse_path=str(snapshot)
                )
            },
        )
    )
    results, evaluated = [], set()
    for event in result.all_events:
        if event.event_type_value == "ASSET_CHECK_EVALUATION":
            evaluation = event.event_specific_data
            evaluated.add((evaluation.asset_key, evaluation.check_name))
            results.append(
                CheckResult(
                    evaluation.check_name,
                    ".".join(evaluation.asset_key.path),
                    evaluation.passed,
                    evaluation.severity == dg.AssetCheckSeverity.ERROR,
                    observed_from_metadata(evaluation.metadata),
                )
            )
    # a check whose step raised has no evaluation: it failed
    graph = definitions.resolve_asset_graph()
    for key in keys:
        if (key.asset_key, key.name) not in evaluated:
            results.append(
                CheckResult(
                    key.name,
                    ".".join(key.asset_key.path),
                    False,
                    graph.get_check_spec(key).blocking,
                    "error: the check did not run (see the Dagster log)",
                )
            )
    return results


def observed_from_metadata(metadata: dict) -> str:
    """The check's own figures, short: offending_rows first, then other scalar entries."""
    parts = []
    for key in sorted(metadata, key=lambda k: (k != "offending_rows", k)):
        value = getattr(metadata[key], "value", metadata[key])
        if isinstance(value, int | float | str) and len(str(value)) <= 80:
            parts.append(f"{key}={value}")
    return ", ".join(parts)


def format_line(result: CheckResult) -> str:
    status = "passed" if result.passed else ("FAILED" if result.blocking else "failed (warning)")
    return f"{result.check_name}  {result.table_name}  {status}  {result.observed}"
