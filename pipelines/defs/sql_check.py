"""Asset checks that run one query returning the offending rows: no rows, check passes.

Every file of warehouse/checks/ is a check of its own (name, table, description, blocking,
dependencies), but all run in one Dagster step: a step per check cost more in Dagster's
bookkeeping than most queries (#21). The two checks written from every mart at run time are a
second such step (pipelines/defs/validation/reconciliations.py).
"""

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

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
# the step's name, its step key in the run
STEP = "sql_checks"


def rows_as_markdown(columns: list[str], rows: list[tuple]) -> str:
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(str(v) for v in row) + " |" for row in rows[:_SAMPLE_ROWS]]
    return "\n".join(lines)


@dataclass(frozen=True)
class SqlCheck:
    """A check on ``table`` that fails when ``query`` (fixed project SQL) returns rows.

    ``query`` may be a function that writes it from the warehouse (the source-files check
    reads the marts' columns). Blocking checks fail with severity ERROR and stop publication;
    the others warn. ``additional_deps`` are other tables the query reads, so the check runs
    after them.
    """

    name: str
    table: str
    query: str | Callable[[duckdb.DuckDBPyConnection], str]
    description: str
    blocking: bool = False
    additional_deps: Sequence[str] = ()

    @property
    def key(self) -> dg.AssetCheckKey:
        return dg.AssetCheckKey(table_key(self.table), self.name)

    def spec(self) -> dg.AssetCheckSpec:
        return dg.AssetCheckSpec(
            self.name,
            asset=table_key(self.table),
            description=self.description,
            blocking=self.blocking,
            additional_deps=[table_key(dep) for dep in self.additional_deps],
        )


def offending_rows(con: duckdb.DuckDBPyConnection, query: str) -> tuple[list[str], list[tuple]]:
    cursor = con.execute(query)
    return [d[0] for d in cursor.description], cursor.fetchall()


def run_check(con: duckdb.DuckDBPyConnection, check: SqlCheck) -> tuple[dict, CheckResult]:
    """Run one check on ``con``: its result's metadata, and its line for audit.check_results."""
    # a query on the run_months macro judges the run's months only (run_months.py)
    scoped = isinstance(check.query, str) and uses_run_months(check.query)
    query = check.query if isinstance(check.query, str) else check.query(con)
    columns, rows = offending_rows(con, query)
    scope = describe_run_months(con) if scoped else None
    observed = f"{len(rows)} offending rows" + (f", first: {rows[0]}" if rows else "")
    metadata = {"offending_rows": len(rows)}
    if scope is not None:
        observed += f" (judged: {scope})"
        metadata["judged"] = scope
    if rows:
        metadata["sample"] = dg.MetadataValue.md(rows_as_markdown(columns, rows))
    return metadata, CheckResult(check.name, check.table, not rows, check.blocking, observed)


def sql_checks(name: str, checks: Sequence[SqlCheck]) -> dg.AssetChecksDefinition:
    """One step that runs the selected ``checks``, each its own result (severity ERROR for a
    blocking one) and its own line in audit.check_results.

    A failed blocking check fails the step once every check has run (Dagster's execute_step
    raises DagsterAssetCheckFailedError after the step's last event), so the assets that wait
    for blocking checks, publication, do not run. A query that raises does not stop the others
    either: the step fails after them, naming it, and publication waits for it as for a
    blocking check.
    """

    @dg.multi_asset_check(name=name, specs=[check.spec() for check in checks], can_subset=True)
    def _checks(
        context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource
    ) -> Iterator[dg.AssetCheckResult]:
        selected = context.selected_asset_check_keys
        errors: list[str] = []
        with warehouse.step():  # the checks share the run's open build file
            for check in checks:
                if check.key not in selected:
                    continue
                try:
                    with warehouse.read() as con:
                        metadata, result = run_check(con, check)
                except Exception as error:  # the step fails below, after the others
                    errors.append(f"{check.table}:{check.name}: {type(error).__name__}: {error}")
                    context.log.error(errors[-1])
                    continue
                record_in_build(context, warehouse, result)
                yield dg.AssetCheckResult(
                    asset_key=table_key(check.table),
                    check_name=check.name,
                    passed=result.passed,
                    severity=dg.AssetCheckSeverity.ERROR
                    if check.blocking
                    else dg.AssetCheckSeverity.WARN,
                    metadata=metadata,
                )
        if errors:
            raise dg.Failure(description="\n".join(errors))

    return _checks


# A description that states a seed's current content, written when the definitions load.
_DESCRIPTION_ADDED = {"national_monthly_vs_customs_downloads": release_total_hs_set}


def file_check(check: CheckFile) -> SqlCheck:
    """The check of a file of warehouse/checks/, as its header declares it; it runs after every
    other table its SQL reads."""
    description = check.description
    if check.name in _DESCRIPTION_ADDED:
        description += " " + _DESCRIPTION_ADDED[check.name]()
    return SqlCheck(check.name, check.table, check.sql, description, check.blocking, check.reads)


# every file of warehouse/checks/ is a check: no list names them
SQL_CHECKS = tuple(file_check(check) for check in check_files())
sql_file_checks = sql_checks(STEP, SQL_CHECKS)
