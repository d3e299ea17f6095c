"""The expectation suites of expectations/, one asset check each, all run in one step.

Each suite is the check ``<table>:expectation_suite`` on the table it guards; one
multi_asset_check runs the selected ones (a UI run may select a few) with one GX context and
one checkpoint: GX's fixed cost per run (context, datasource, checkpoint) was most of a
suite's. Suites of the marts that publication depends on are blocking: a failed one fails the
step once every selected suite has reported, which stops the publish step. The check's
metadata lists the failing expectations with sample values or rows.

Dagster would split the step if a checked table were built in a later step than another
table's blocking suite it waits for (tests/integration/test_suite_step.py says so).
"""

import re

import dagster as dg

from pipelines.defs.check_recording import database_to_check, record_in_build
from pipelines.defs.resources import WarehouseResource
from pipelines.defs.sql_table import table_key
from pipelines.lib.check_results import CheckResult
from pipelines.lib.gx_suites import SuiteOutcome, SuiteSpec, load_suites
from pipelines.lib.run_months import MACRO, describe_run_months
from pipelines.lib.sql_files import WRITTEN_WITH

CHECK_NAME = "expectation_suite"
_TABLE_REFERENCE = re.compile(r"\b(?:ref|raw|staging|marts)\.[a-z_][a-z0-9_]*\b")


def tables_read(spec: SuiteSpec) -> list[str]:
    """Other tables the suite's queries read, by the asset that writes them: the check must run
    after them (raw.customs_files is written by raw.customs_rows' loader, not an asset)."""
    text = str(spec.document["expectations"])
    tables = {WRITTEN_WITH.get(t, t) for t in _TABLE_REFERENCE.findall(text)}
    return sorted(tables - {spec.table, MACRO})


def failures_markdown(outcome: SuiteOutcome) -> str:
    lines = ["| expectation | target | observed | sample |", "|---|---|---|---|"]
    for failure in outcome.failures:
        sample = "<br>".join(s.replace("|", "\\|") for s in failure.sample) or ""
        lines.append(
            f"| {failure.expectation} | {failure.target} | {failure.observed} | {sample} |"
        )
    return "\n".join(lines)


def suite_metadata(outcome: SuiteOutcome, judged: str | None = None) -> dict:
    metadata = {
        "suite": dg.MetadataValue.path(str(outcome.spec.path)),
        "expectations": len(outcome.expectations),
        "expectations_failed": len(outcome.failures),
    }
    if judged is not None:
        metadata["judged"] = judged
    if outcome.failures:
        metadata["failing_expectations"] = dg.MetadataValue.md(failures_markdown(outcome))
    return metadata


def suite_check_spec(spec: SuiteSpec) -> dg.AssetCheckSpec:
    return dg.AssetCheckSpec(
        name=CHECK_NAME,
        asset=table_key(spec.table),
        blocking=spec.blocking,
        description=f"Great Expectations suite {spec.path.name}: "
        + ", ".join(sorted({e["type"] for e in spec.document["expectations"]})),
        additional_deps=[table_key(t) for t in tables_read(spec)],
    )


def suite_checks_definition(specs: list[SuiteSpec]) -> dg.AssetChecksDefinition:
    """One multi_asset_check for ``specs``: it runs the selected ones in one GX checkpoint."""
    by_key = {dg.AssetCheckKey(table_key(spec.table), CHECK_NAME): spec for spec in specs}

    @dg.multi_asset_check(
        name="expectation_suites",
        specs=[suite_check_spec(spec) for spec in specs],
        can_subset=True,
        description="The Great Expectations suites of expectations/, in one GX checkpoint.",
    )
    def _checks(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource):
        # imported here: GX takes seconds to import, and only checks need it
        from pipelines.lib.gx_suites import run_suites_folded

        keys = context.selected_asset_check_keys
        selected = [spec for key, spec in by_key.items() if key in keys]
        if not selected:
            return
        # each suite folded into one query: GX's outcomes at a fraction of its per-expectation
        # cost; the queries share the run's open build file
        with warehouse.step():
            outcomes = run_suites_folded(database_to_check(warehouse), selected)
            judged = None
            if any(spec.scope == "restaged_months" for spec in selected):
                with warehouse.read() as con:
                    judged = describe_run_months(con)
        for outcome in outcomes:
            spec = outcome.spec
            scoped = judged if spec.scope == "restaged_months" else None
            observed = outcome.summary() + (f" (judged: {scoped})" if scoped is not None else "")
            record_in_build(
                context,
                warehouse,
                CheckResult(CHECK_NAME, spec.table, outcome.passed, spec.blocking, observed),
            )
            yield dg.AssetCheckResult(
                asset_key=table_key(spec.table),
                check_name=CHECK_NAME,
                passed=outcome.passed,
                severity=dg.AssetCheckSeverity.ERROR
                if spec.blocking
                else dg.AssetCheckSeverity.WARN,
                metadata=suite_metadata(outcome, scoped),
            )

    return _checks


suite_checks = suite_checks_definition(load_suites())
