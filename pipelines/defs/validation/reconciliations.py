"""SQL reconciliations beside the suites: each query (warehouse/checks/<name>.sql) returns the
rows that disagree. Heavy structural checks are plain DuckDB SQL: about 10x faster than GX.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import dagster as dg

from pipelines.defs.resources import WarehouseResource
from pipelines.defs.sql_check import rows_as_markdown
from pipelines.defs.sql_table import table_key
from pipelines.defs.validation.recording import record_in_build
from pipelines.lib.check_results import CheckResult
from pipelines.lib.warehouse_sql import sql_text


@dataclass(frozen=True)
class Reconciliation:
    name: str  # warehouse/checks/<name>.sql
    table: str
    description: str
    blocking: bool
    reads: tuple[str, ...] = ()


RECONCILIATIONS = (
    Reconciliation(
        "mart_rows_without_source_files",
        "marts.fct_customs_trade",
        "Every row of every mart names the landing files that produced it.",
        blocking=True,
        reads=(
            "marts.exports_by_destination",
            "marts.exports_by_province",
            "marts.exports_by_powertrain",
            "marts.national_monthly",
            "marts.national_monthly_history",
            "marts.annual_exports",
            "marts.exporter_comparison",
            "marts.source_bridge",
            "marts.policy_documents",
            "marts.policy_measures",
            "marts.policy_overlap",
            "marts.policy_timeline",
            "marts.policy_export_outcomes",
            "marts.plant_export_effects",
            "marts.nev_share_by_region",
            "marts.market_signals",
        ),
    ),
    # A warning: a later download of one breakdown can legitimately revise a month that an
    # older download of another breakdown still shows; the check names the three sums.
    Reconciliation(
        "exports_marts_agree_across_breakdowns",
        "marts.exports_by_powertrain",
        "Where breakdowns cover the same vehicle codes, vehicles by destination = by province "
        "= by powertrain for the month: no mart double counts a breakdown.",
        blocking=False,
        reads=(
            "marts.exports_by_destination",
            "marts.exports_by_province",
            "staging.customs_breakdown_choice",
            "staging.hs_vehicle_map",
        ),
    ),
    # A warning for the same reason as release_months_add_up_to_ytd: revisions.
    Reconciliation(
        "national_monthly_months_add_up_to_ytd",
        "marts.national_monthly",
        "Published months add up to the published year-to-date, within the releases' rounding.",
        blocking=False,
    ),
)


def reconciliation_check(check: Reconciliation) -> dg.AssetChecksDefinition:
    severity = dg.AssetCheckSeverity.ERROR if check.blocking else dg.AssetCheckSeverity.WARN
    query = sql_text(f"checks/{check.name}.sql")

    @dg.asset_check(
        asset=table_key(check.table),
        name=check.name,
        blocking=check.blocking,
        description=check.description,
        additional_deps=[table_key(t) for t in check.reads],
    )
    def _check(
        context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource
    ) -> dg.AssetCheckResult:
        columns, rows = run_reconciliation(warehouse, query)
        record_in_build(
            context,
            warehouse,
            CheckResult(check.name, check.table, not rows, check.blocking, observed_text(rows)),
        )
        metadata = {"offending_rows": len(rows)}
        if rows:
            metadata["sample"] = dg.MetadataValue.md(rows_as_markdown(columns, rows))
        return dg.AssetCheckResult(passed=not rows, severity=severity, metadata=metadata)

    return _check


def run_reconciliation(warehouse: WarehouseResource, query: str) -> tuple[list[str], list[tuple]]:
    with warehouse.read() as con:
        cursor = con.execute(query)
        return [d[0] for d in cursor.description], cursor.fetchall()


def observed_text(rows: Sequence[tuple]) -> str:
    return f"{len(rows)} offending rows" + (f", first: {rows[0]}" if rows else "")


reconciliation_checks = [reconciliation_check(check) for check in RECONCILIATIONS]
