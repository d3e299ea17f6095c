"""Asset checks that run one query returning the offending rows: no rows, check passes."""

from collections.abc import Callable, Sequence

import dagster as dg
import duckdb

from pipelines.defs.check_recording import record_in_build
from pipelines.defs.releases.checks import release_total_hs_set
from pipelines.defs.resources import WarehouseResource
from pipelines.defs.sql_table import table_key
from pipelines.lib.check_files import CheckFile, check_files
from pipelines.lib.check_results import CheckResult
from pipelines.lib.run_months import describe_run_months, uses_run_months

_SAMPLE_ROWS = 20


def rows_as_markdown(columns: list[str], rows: list[tuple]) -> str:
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(str(v) for v in row) + " |" for row in rows[:_SAMPLE_ROWS]]
    return "\n".join(lines)


def sql_check(
    name: str,
    table: str,
    query: str | Callable[[duckdb.DuckDBPyConnection], str],
    description: str,
    blocking: bool = False,
    additional_deps: Sequence[str] = (),
) -> dg.AssetChecksDefinition:
    """A check on ``table`` that fails when ``query`` (fixed project SQL) returns rows.

    ``query`` may be a function that writes it from the warehouse (the source-files check
    reads the marts' columns). Blocking checks fail with severity ERROR and stop publication;
    the others warn. ``additional_deps`` are other tables the query reads, so the check runs
    after them. The outcome is also written to audit.check_results of the build file.
    """
    severity = dg.AssetCheckSeverity.ERROR if blocking else dg.AssetCheckSeverity.WARN
    # judges the run's months only (run_months.py)
    scoped = isinstance(query, str) and uses_run_months(query)

    @dg.asset_check(
        asset=table_key(table),
        name=name,
        blocking=blocking,
        description=description,
        additional_deps=[table_key(dep) for dep in additional_deps],
    )
    def _check(
        context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource
    ) -> dg.AssetCheckResult:
        with warehouse.read() as con:
            cursor = con.execute(query if isinstance(query, str) else query(con))
            columns = [d[0] for d in cursor.description]
            rows = cursor.fetchall()
            scope = describe_run_months(con) if scoped else None
        observed = f"{len(rows)} offending rows" + (f", first: {rows[0]}" if rows else "")
        if scope is not None:
            observed += f" (judged: {scope})"
        record_in_build(context, warehouse, CheckResult(name, table, not rows, blocking, observed))
        metadata = {"offending_rows": len(rows)}
        if scope is not None:
            metadata["judged"] = scope
        if rows:
            metadata["sample"] = dg.MetadataValue.md(rows_as_markdown(columns, rows))
        return dg.AssetCheckResult(passed=not rows, severity=severity, metadata=metadata)

    return _check


# A description that states a seed's current content, written when the definitions load.
_DESCRIPTION_ADDED = {"national_monthly_vs_customs_downloads": release_total_hs_set}


def file_check(check: CheckFile) -> dg.AssetChecksDefinition:
    """sql_check of a file of warehouse/checks/, as its header declares it; it runs after every
    other table its SQL reads."""
    description = check.description
    if check.name in _DESCRIPTION_ADDED:
        description += " " + _DESCRIPTION_ADDED[check.name]()
    return sql_check(check.name, check.table, check.sql, description, check.blocking, check.reads)


# every file of warehouse/checks/ is a check: no list names them
sql_file_checks = [file_check(check) for check in check_files()]
