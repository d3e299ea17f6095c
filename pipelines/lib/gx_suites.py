"""Expectation suites of expectations/*.json: load them, run them on a DuckDB file, report.

A suite file is GX Core 1.x suite JSON whose ``meta`` names the table it guards
(``"table": "marts.exports_by_destination"``), whether a failure blocks publication
(``"blocking"``, default true) and which rows a build's run of it judges (``"scope"``:
``"all_months"``, the default, or ``"restaged_months"`` for the tables restaged month by
month, whose expectations judge rows one month at a time: see run_months.py). The file is
named after the table.

The SQL of a query expectation lives in a file beside the SQL checks: its kwargs name it,
``"unexpected_rows_query_file": "suites/<table>/<name>.sql"`` (under warehouse/checks/), and
the suite is loaded with the file's query (its leading ``--`` lines left out) in
``unexpected_rows_query``, which GX runs with the judged rows in place of ``{batch}`` (GX
formats the query as Python does, so any other brace is doubled: ``'[0-9]{{8}}'``).
"""

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb

from pipelines.lib.build_connection import connect_duckdb
from pipelines.lib.gx_duckdb import duckdb_datasource, ephemeral_context, table_query
from pipelines.lib.run_months import MACRO

SUITES_DIR = Path(__file__).resolve().parents[2] / "expectations"
CHECKS_DIR = Path(__file__).resolve().parents[2] / "warehouse" / "checks"
QUERY_FILE = "unexpected_rows_query_file"
_TABLE_NAME = re.compile(r"(staging|marts)\.[a-z_][a-z0-9_]*")
SAMPLE_LIMIT = 10  # unexpected values or rows kept per expectation
# SUMMARY keeps a few unexpected values per column expectation; COMPLETE would list them all
RESULT_FORMAT = {"result_format": "SUMMARY", "partial_unexpected_count": SAMPLE_LIMIT}
UNEXPECTED_ROWS = "unexpected_rows_expectation"
DATASOURCE = "warehouse"
SCOPES = ("all_months", "restaged_months")


class SuiteFileError(ValueError):
    """A suite file that cannot be used: names the file and the reason."""


@dataclass(frozen=True)
class SuiteSpec:
    table: str
    blocking: bool
    path: Path
    document: dict = field(repr=False, hash=False, compare=False)
    scope: str = "all_months"

    @property
    def name(self) -> str:
        return self.table

    @property
    def batch_query(self) -> str:
        """The rows the suite judges: the whole table, or the months the build restaged."""
        query = table_query(self.table)
        if self.scope == "restaged_months":
            query += f" where {MACRO}(period)"
        return query


@dataclass(frozen=True)
class ExpectationOutcome:
    expectation: str  # GX type, e.g. expect_column_values_to_be_between
    target: str  # column(s), or the description of a query expectation
    success: bool
    observed: str
    unexpected_count: int | None = None
    sample: tuple[str, ...] = ()
    error: str | None = None


@dataclass(frozen=True)
class SuiteOutcome:
    spec: SuiteSpec
    expectations: tuple[ExpectationOutcome, ...]

    @property
    def passed(self) -> bool:
        return all(e.success for e in self.expectations)

    @property
    def failures(self) -> list[ExpectationOutcome]:
        return [e for e in self.expectations if not e.success]

    def summary(self) -> str:
        """One line: how many expectations passed, and what the failing ones saw."""
        total = len(self.expectations)
        if self.passed:
            return f"{total}/{total} expectations passed"
        failed = "; ".join(f"{e.expectation}({e.target}): {e.observed}" for e in self.failures)
        return f"{len(self.failures)} of {total} expectations failed: {failed}"


def load_suites(directory: Path = SUITES_DIR) -> list[SuiteSpec]:
    """Every suite file of ``directory``, sorted by table; a bad file raises SuiteFileError."""
    specs = [load_suite(path) for path in sorted(directory.glob("*.json"))]
    tables = [spec.table for spec in specs]
    if len(set(tables)) != len(tables):
        raise SuiteFileError(f"{directory}: two suite files guard the same table")
    return specs


def load_suite(path: Path) -> SuiteSpec:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise SuiteFileError(f"{path}: not readable as JSON ({exc})") from exc
    meta = document.get("meta") or {}
    table = meta.get("table")
    if not isinstance(table, str) or not _TABLE_NAME.fullmatch(table):
        raise SuiteFileError(f"{path}: meta.table must name a staging or marts table")
    if path.stem != table:
        raise SuiteFileError(f"{path}: file must be named {table}.json")
    if document.get("name") != table:
        raise SuiteFileError(f"{path}: suite name must be {table!r}")
    if not document.get("expectations"):
        raise SuiteFileError(f"{path}: the suite has no expectations")
    scope = meta.get("scope", SCOPES[0])
    if scope not in SCOPES:
        raise SuiteFileError(f"{path}: meta.scope must be one of {', '.join(SCOPES)}")
    document["expectations"] = [_with_query(path, e) for e in document["expectations"]]
    return SuiteSpec(table, bool(meta.get("blocking", True)), path, document, scope)


def _with_query(path: Path, expectation: dict) -> dict:
    """The expectation with the query of the file its kwargs name, if they name one."""
    kwargs = expectation.get("kwargs") or {}
    if QUERY_FILE not in kwargs:
        return expectation
    name = kwargs[QUERY_FILE]
    file = (CHECKS_DIR / str(name)).resolve()
    if not file.is_relative_to(CHECKS_DIR / "suites") or file.suffix != ".sql":
        raise SuiteFileError(f"{path}: {QUERY_FILE} {name!r} is not a .sql file of suites/")
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise SuiteFileError(f"{path}: {QUERY_FILE} {name!r} not readable ({exc})") from exc
    lines = text.splitlines()
    while lines and lines[0].startswith("--"):
        lines.pop(0)
    query = "\n".join(lines).strip()
    if "{batch}" not in query:
        raise SuiteFileError(f"{path}: {name} does not select from {{batch}}")
    others = {k: v for k, v in kwargs.items() if k != QUERY_FILE}
    return {**expectation, "kwargs": {**others, "unexpected_rows_query": query}}


def run_suites(
    database: Path,
    specs: Sequence[SuiteSpec],
    data_docs_dir: Path | None = None,
) -> list[SuiteOutcome]:
    """Run ``specs`` on ``database`` (read-only) through GX's SQL engine on DuckDB.

    With ``data_docs_dir``, GX also writes its Data Docs there (see data_docs.py for making
    them readable offline).
    """
    context = ephemeral_context()
    gx = _gx()
    if data_docs_dir is not None:
        context.add_data_docs_site(
            "local",
            {
                "class_name": "SiteBuilder",
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",
                    "base_directory": str(data_docs_dir),
                },
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            },
        )
    outcomes = []
    with duckdb_datasource(context, DATASOURCE, database) as datasource:
        definitions = []
        declared: dict[str, dict[str, int]] = {}
        for spec in specs:
            asset = datasource.add_query_asset(spec.table, query=spec.batch_query)
            batch = asset.add_batch_definition_whole_table("whole table")
            suite = context.suites.add(gx.ExpectationSuite(**_suite_arguments(spec)))
            # GX returns results in an order of its own: report them in the file's order
            declared[spec.table] = {e.id: p for p, e in enumerate(suite.expectations)}
            definitions.append(
                context.validation_definitions.add(
                    gx.ValidationDefinition(name=spec.table, data=batch, suite=suite)
                )
            )
        checkpoint = context.checkpoints.add(
            gx.Checkpoint(
                name="autoexport",
                validation_definitions=definitions,
                result_format=RESULT_FORMAT,
            )
        )
        result = checkpoint.run()
        if data_docs_dir is not None:
            # once, after every suite: GX's UpdateDataDocsAction rebuilt the whole site after
            # each validation (22 times, 10.6 of 29 s of `autoexport check` on the sample)
            context.build_data_docs(site_names=["local"])
        by_suite = {r.suite_name: r for r in result.run_results.values()}
        for spec in specs:
            position = declared[spec.table]
            results = sorted(
                by_suite[spec.table].results, key=lambda r: position[r.expectation_config.id]
            )
            outcomes.append(SuiteOutcome(spec, tuple(expectation_outcome(r) for r in results)))
    return [with_unexpected_rows(database, outcome) for outcome in outcomes]


# A build runs each suite folded (run_suites_folded): every expectation whose meaning is one SQL
# query of unexpected rows goes into ONE unexpected-rows expectation of the suite, a `union all`
# of those queries, since GX costs about 12 ms of Python per expectation (its metric graph)
# however few the rows. Each query finds at least the rows GX finds unexpected (nulls grouped
# together in a duplicate check, say), never fewer: a folded suite that passes is a suite GX
# passes; one that fails is run again as declared, for GX's own outcome of each expectation.
# The rest (mostly, strict bounds, a row condition, a value set of other than strings) runs as
# declared beside it.
NOT_NULL, BETWEEN = "expect_column_values_to_not_be_null", "expect_column_values_to_be_between"
IN_SET, UNIQUE = "expect_column_values_to_be_in_set", "expect_column_values_to_be_unique"
COMPOUND_UNIQUE = "expect_compound_columns_to_be_unique"
FOLDED = "folded expectations"  # the description of a suite's folded expectation
# on a batch without rows GX reports these with no counts at all (observed None); the others
# with 0 unexpected (tests/integration/test_validation_folded.py holds it to that)
_NO_COUNTS_WHEN_EMPTY = (NOT_NULL, BETWEEN, IN_SET)
_COLUMN = re.compile(r"[a-z_][a-z0-9_]*")
# how expect_compound_columns_to_be_unique leaves out rows with nulls (GX's default first)
_IGNORE_ROW_IF = {
    "all_values_are_missing": " and ".join,
    "any_value_is_missing": " or ".join,
    "never": None,
}


def _bound(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _literal(value: str) -> str:
    # a string of a suite file (project code) as a SQL literal; braces doubled for GX's format()
    return "'" + value.replace("'", "''").replace("{", "{{").replace("}", "}}") + "'"


def _unexpected_rows_sql(expectation: dict) -> str | None:
    """A query (over ``{batch}``) of the rows ``expectation`` finds unexpected, or more; None
    if it has no plain form here."""
    kind, kwargs = expectation["type"], expectation.get("kwargs") or {}
    if kind == UNEXPECTED_ROWS and set(kwargs) == {"unexpected_rows_query"}:
        # wrapped as GX wraps it to count its rows: a query GX cannot run fails here too
        return f"select 1 from ({kwargs['unexpected_rows_query']})"
    if kind == COMPOUND_UNIQUE:
        columns = kwargs.get("column_list")
        ignore = kwargs.get("ignore_row_if", "all_values_are_missing")
        if (
            set(kwargs) - {"column_list", "ignore_row_if"}
            or not isinstance(columns, list)
            or len(columns) < 2
            or not all(isinstance(c, str) and _COLUMN.fullmatch(c) for c in columns)
            or ignore not in _IGNORE_ROW_IF
        ):
            return None
        quoted = [f'"{c}"' for c in columns]
        join = _IGNORE_ROW_IF[ignore]
        where = f" where not ({join(f'{c} is null' for c in quoted)})" if join else ""
        group = ", ".join(quoted)
        return f"select 1 from {{batch}}{where} group by {group} having count(*) > 1"
    column = kwargs.get("column")
    if not isinstance(column, str) or not _COLUMN.fullmatch(column):
        return None
    quoted = f'"{column}"'
    if kind == NOT_NULL and set(kwargs) == {"column"}:
        condition = f"{quoted} is null"
    elif kind == BETWEEN and set(kwargs) <= {"column", "min_value", "max_value"}:
        low, high = kwargs.get("min_value"), kwargs.get("max_value")
        if low is None and high is None or not all(_bound(v) for v in (low, high) if v is not None):
            return None
        parts = [f"{quoted} < {low!r}" if low is not None else None]
        parts.append(f"{quoted} > {high!r}" if high is not None else None)
        condition = " or ".join(p for p in parts if p)
    elif kind == IN_SET and set(kwargs) == {"column", "value_set"}:
        values = kwargs["value_set"]
        if not values or not all(isinstance(v, str) for v in values):
            return None
        # compared as text: a value GX would cast to one of the set's (01 to 1) is flagged
        # here, and the suite runs again as declared; nulls pass, as in GX
        values_sql = ", ".join(_literal(v) for v in values)
        condition = f"cast({quoted} as varchar) not in ({values_sql})"
    elif kind == UNIQUE and set(kwargs) == {"column"}:
        return (
            f"select 1 from {{batch}} where {quoted} is not null "
            f"group by {quoted} having count(*) > 1"
        )
    else:
        return None
    return f"select 1 from {{batch}} where {condition}"


def fold_suite(spec: SuiteSpec) -> tuple[SuiteSpec, list[int]]:
    """``spec`` with the expectations that have a plain SQL form folded into one
    unexpected-rows expectation (if two or more have), and the positions of those it folded."""
    expectations = spec.document["expectations"]
    queries = {p: _unexpected_rows_sql(e) for p, e in enumerate(expectations)}
    folded = [p for p, query in queries.items() if query is not None]
    if len(folded) < 2:
        return spec, []
    union = "\nunion all\n".join(queries[p] for p in folded)
    kept = [e for p, e in enumerate(expectations) if queries[p] is None]
    kept.append(
        {
            "type": UNEXPECTED_ROWS,
            "description": FOLDED,
            "kwargs": {"unexpected_rows_query": union},
        }
    )
    return replace(spec, document={**spec.document, "expectations": kept}), folded


def run_suites_folded(database: Path, specs: Sequence[SuiteSpec]) -> list[SuiteOutcome]:
    """``run_suites`` with each suite's plain expectations folded into one (fold_suite): the
    same outcomes as ``run_suites`` (a folded expectation that passed reads as GX reports a
    passed one), at a fraction of GX's cost.

    A suite whose expectations all fold is proven passed by its query alone, counted in DuckDB
    as GX counts an unexpected-rows query: no row, so GX passes each of its expectations. GX
    (3 to 4 s to import) is then not needed at all, as in a build whose suites pass. A query
    that finds a row or raises says only that some expectation failed: those suites run again
    as declared in GX, for its own outcome of every expectation (what failed, samples); a suite
    with expectations that do not fold runs folded in GX. Data Docs (``autoexport check``)
    always run the suites as declared.
    """
    folded = [fold_suite(spec) for spec in specs]
    results: dict[str, SuiteOutcome] = {}
    in_gx, again = [], []
    con = connect_duckdb(database, read_only=True)  # one for every count, closed before GX
    try:
        empty = _empty_batches(
            con, [spec for spec, (_, members) in zip(specs, folded, strict=True) if members]
        )
        for spec, (folded_spec, members) in zip(specs, folded, strict=True):
            query = _whole_suite_query(spec, folded_spec, members)
            if query is None:
                in_gx.append((spec, folded_spec, members))
            elif _finds_no_row(con, spec, query):
                passed = ExpectationOutcome(UNEXPECTED_ROWS, FOLDED, True, "0")
                outcome = SuiteOutcome(folded_spec, (passed,))
                results[spec.table] = _unfold(spec, members, outcome, spec.table in empty)
            else:
                again.append(spec)
    finally:
        con.close()
    if in_gx:
        outcomes = run_suites(database, [folded_spec for _, folded_spec, _ in in_gx])
        for (spec, _, members), outcome in zip(in_gx, outcomes, strict=True):
            unfolded = _unfold(spec, members, outcome, spec.table in empty)
            if unfolded is None:
                again.append(spec)
            else:
                results[spec.table] = unfolded
    if again:
        results.update({o.spec.table: o for o in run_suites(database, again)})
    return [results[spec.table] for spec in specs]


def _whole_suite_query(spec: SuiteSpec, folded_spec: SuiteSpec, members: list[int]) -> str | None:
    """The one query of unexpected rows that stands for every expectation of ``spec``; None
    when some expectation has no plain SQL form (or the suite is one expectation)."""
    if not members or len(members) != len(spec.document["expectations"]):
        return None
    (expectation,) = folded_spec.document["expectations"]
    return expectation["kwargs"]["unexpected_rows_query"]


# GX puts the batch in place of {batch} as "(<batch query>) AS subselect", without the alias
# when the query has a join (query_metric_provider._query_has_join_clause)
_JOIN = re.compile(r"\bjoin\b", re.IGNORECASE)


def _finds_no_row(con: duckdb.DuckDBPyConnection, spec: SuiteSpec, query: str) -> bool:
    """Whether ``query`` finds no unexpected row, run as GX runs it (False when it raises).
    Only a pass is taken from here: the same text counted the same way finds the rows GX's
    count would find, and any other answer goes to GX."""
    batch = f"({spec.batch_query})" + ("" if _JOIN.search(query) else " AS subselect")
    try:
        sql = query.format(batch=batch)
    except (KeyError, IndexError, ValueError):
        return False
    try:
        count = con.execute(
            f"SELECT COUNT(*) FROM ({sql}) AS substituted_batch_subquery"
        ).fetchone()[0]
    except duckdb.Error:
        return False
    return count == 0


def _empty_batches(con: duckdb.DuckDBPyConnection, specs: Sequence[SuiteSpec]) -> set[str]:
    """The tables of ``specs`` whose batch has no rows (GX reports no counts for them)."""
    return {
        spec.table
        for spec in specs
        if not con.execute(f"select exists ({spec.batch_query})").fetchone()[0]
    }


def _unfold(
    spec: SuiteSpec, members: list[int], outcome: SuiteOutcome, empty: bool
) -> SuiteOutcome | None:
    """The outcome in the suite's own expectations; None if the folded expectation failed.

    A passed expectation reads as GX reports it: 0 unexpected, or no counts at all (observed
    None) for some types on a batch without rows."""
    if not members:
        return outcome
    expectations = spec.document["expectations"]
    by_position: dict[int, ExpectationOutcome] = {}
    for result in outcome.expectations:
        if result.target == FOLDED and not result.success:
            return None
    for position in members:
        expectation = expectations[position]
        kwargs = expectation["kwargs"]
        no_counts = empty and expectation["type"] in _NO_COUNTS_WHEN_EMPTY
        by_position[position] = ExpectationOutcome(
            expectation=expectation["type"],
            target=kwargs.get("column")
            or ",".join(kwargs.get("column_list") or ())
            or expectation.get("description")
            or expectation["type"],
            success=True,
            observed="None" if no_counts else "0 unexpected",
            unexpected_count=None if no_counts else 0,
        )
    kept = iter(o for o in outcome.expectations if o.target != FOLDED)
    for position in range(len(expectations)):
        if position not in by_position:
            by_position[position] = next(kept)
    return SuiteOutcome(spec, tuple(by_position[p] for p in range(len(expectations))))


def with_unexpected_rows(database: Path, outcome: SuiteOutcome) -> SuiteOutcome:
    """Fill in sample rows of failed query expectations (GX's SUMMARY format omits them)."""
    queries = {
        e.get("description"): e["kwargs"]["unexpected_rows_query"]
        for e in outcome.spec.document["expectations"]
        if e["type"] == UNEXPECTED_ROWS
    }
    expectations = []
    for expectation in outcome.expectations:
        query = queries.get(expectation.target)
        if expectation.expectation == UNEXPECTED_ROWS and not expectation.success and query:
            expectation = replace(expectation, sample=_sample_rows(database, outcome.spec, query))
        expectations.append(expectation)
    return SuiteOutcome(outcome.spec, tuple(expectations))


def _sample_rows(database: Path, spec: SuiteSpec, query: str) -> tuple[str, ...]:
    # the query is project code from expectations/; {batch} is the batch, as GX substitutes it
    sql = query.format(batch=f"({spec.batch_query})")
    con = connect_duckdb(database, read_only=True)
    try:
        cursor = con.execute(f"select * from ({sql}) limit {SAMPLE_LIMIT}")
        columns = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
    except duckdb.Error as exc:
        return (f"sample not available: {exc}",)
    finally:
        con.close()
    return tuple(_row_text(dict(zip(columns, row, strict=True))) for row in rows)


def _gx():
    from pipelines.lib.gx_duckdb import import_gx

    return import_gx()


def _suite_arguments(spec: SuiteSpec) -> dict:
    document = spec.document
    return {
        "name": spec.table,
        "expectations": document["expectations"],
        "meta": document.get("meta"),
        "notes": document.get("notes"),
    }


def expectation_outcome(result) -> ExpectationOutcome:
    """What one GX expectation result says, reduced to text a check line or metadata can show.

    An expectation that raised (a bad query, a missing column) counts as failed, with the error.
    """
    config = result.expectation_config
    kwargs = config.kwargs
    target = (
        kwargs.get("column")
        or ",".join(kwargs.get("column_list") or ())
        or config.description
        or config.type
    )
    details = result.result or {}
    error = None
    if result.exception_info and result.exception_info.get("raised_exception"):
        error = str(result.exception_info.get("exception_message"))
    elif not result.success and not details:
        # several metrics raised: exception_info is keyed by metric
        messages = [
            str(info.get("exception_message"))
            for info in (result.exception_info or {}).values()
            if isinstance(info, dict) and info.get("raised_exception")
        ]
        error = "; ".join(messages) or None
    unexpected = details.get("unexpected_count")
    if config.type == UNEXPECTED_ROWS:
        unexpected = details.get("observed_value")
    sample = tuple(str(v) for v in details.get("partial_unexpected_list") or ())
    if error is not None:
        observed = f"error: {error}"
    elif unexpected is not None:
        observed = f"{unexpected} unexpected"
    else:
        observed = str(details.get("observed_value"))
    return ExpectationOutcome(
        expectation=config.type,
        target=str(target),
        success=bool(result.success) and error is None,
        observed=observed,
        unexpected_count=int(unexpected) if isinstance(unexpected, int) else None,
        sample=sample[:SAMPLE_LIMIT],
        error=error,
    )


def _row_text(row) -> str:
    if isinstance(row, dict):
        return json.dumps(row, default=str, ensure_ascii=False)
    return str(row)
