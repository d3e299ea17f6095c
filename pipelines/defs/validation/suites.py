"""One asset check per expectation suite in expectations/, on the table the suite guards.

Suites of the marts that publication depends on are blocking: a failed expectation stops the
publish step. The check's metadata lists the failing expectations with sample values or rows.
"""

import re

import dagster as dg

from pipelines.defs.check_recording import database_to_check, record_in_build
from pipelines.defs.resources import WarehouseResource
from pipelines.defs.sql_table import table_key
from pipelines.lib.check_results import CheckResult
from pipelines.lib.gx_suites import SuiteOutcome, SuiteSpec, load_suites
from pipelines.lib.run_months import MACRO, describe_run_months

CHECK_NAME = "expectation_suite"
_TABLE_REFERENCE = re.compile(r"\b(?:ref|raw|staging|marts)\.[a-z_][a-z0-9_]*\b")


def tables_read(spec: SuiteSpec) -> list[str]:
    """Other tables the suite's queries read: the check must run after them."""
    text = str(spec.document["expectations"])
    return sorted({t for t in _TABLE_REFERENCE.findall(text) if t not in (spec.table, MACRO)})


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


def suite_check(spec: SuiteSpec) -> dg.AssetChecksDefinition:
    severity = dg.AssetCheckSeverity.ERROR if spec.blocking else dg.AssetCheckSeverity.WARN

    @dg.asset_check(
        asset=table_key(spec.table),
        name=CHECK_NAME,
        blocking=spec.blocking,
        description=f"Great Expectations suite {spec.path.name}: "
        + ", ".join(sorted({e["type"] for e in spec.document["expectations"]})),
        additional_deps=[table_key(t) for t in tables_read(spec)],
    )
    def _check(
        context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource
    ) -> dg.AssetCheckResult:
        # imported here: GX takes seconds to import, and only checks need it
        from pipelines.lib.gx_suites import run_suites_folded

        # column expectations folded: GX's outcomes at a fraction of its per-expectation cost
        (outcome,) = run_suites_folded(database_to_check(warehouse), [spec])
        observed, judged = outcome.summary(), None
        if spec.scope == "restaged_months":
            with warehouse.read() as con:
                judged = describe_run_months(con)
        if judged is not None:
            observed += f" (judged: {judged})"
        record_in_build(
            context,
            warehouse,
            CheckResult(CHECK_NAME, spec.table, outcome.passed, spec.blocking, observed),
        )
        return dg.AssetCheckResult(
            passed=outcome.passed, severity=severity, metadata=suite_metadata(outcome, judged)
        )

    return _check


suite_checks = [suite_check(spec) for spec in load_suites()]
