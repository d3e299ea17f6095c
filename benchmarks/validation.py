"""Validation benchmark: GX on DuckDB vs GX on pandas vs plain SQL, and validation vs load.

1. Generates N rows of full-detail downloads (benchmarks/generate.py, 12 monthly files,
   illustrative figures) and builds them with ``pipelines.app.build_runner.run_build``: the step
   times of that one build give the load (the landing-file loaders), the SQL (staging, marts)
   and the validation (the suites and reconciliations of pipelines/defs/validation/).
2. On the built warehouse, the column expectations of expectations/marts.fct_customs_trade.json
   that pandas can run too (not-null keys, value sets, non-negative figures, the HS-code
   pattern, grain uniqueness) three ways:
   - gx_duckdb: GX Core through pipelines/lib/gx_duckdb.py (SQL pushed down to DuckDB);
   - gx_pandas: GX Core on pandas frames fetched month by month with
     ``to_arrow_table().to_pandas()`` (``.df()`` is far slower with pandas 3);
   - plain_sql: the same rules as one DuckDB query.
   and the whole real suite (with its SQL expectations) through gx_duckdb.

Usage (from the repo root): ``.venv/bin/python -m benchmarks.validation --rows 1000000``.
Prints a markdown table. Figures are wall-clock seconds on this machine, one run each.
"""

import argparse
import datetime as dt
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import duckdb

from benchmarks import generate
from pipelines.app.build_runner import run_build
from pipelines.defs.validation.reconciliations import RECONCILIATIONS
from pipelines.defs.validation.suites import CHECK_NAME
from pipelines.lib.gx_duckdb import ephemeral_context, import_gx
from pipelines.lib.gx_suites import SUITES_DIR, load_suite, run_suites
from pipelines.lib.settings import resolve_settings

TABLE = "marts.fct_customs_trade"
HS_PATTERN = "^[0-9]{8}$"
NOT_NULL = ("flow", "period", "breakdown", "hs_code")
VALUE_SETS = {
    "flow": ["export", "import"],
    "vehicle_class": ["passenger car", "truck", "bus", "chassis", "special"],
    "powertrain": ["BEV", "PHEV", "HEV", "ICE", "OTHER", "UNSPECIFIED"],
}
NON_NEGATIVE = ("quantity", "quantity_2", "value_cny", "value_usd")
GRAIN = ["flow", "period", "breakdown", "hs_code", "partner_code", "trade_mode_code"]


def column_expectations(gx, hs_regex: bool) -> list:
    """The shared rules as GX expectations; the pattern as a regex only where GX allows it."""
    e = gx.expectations
    rules = [e.ExpectColumnValuesToNotBeNull(column=c) for c in NOT_NULL]
    rules += [e.ExpectColumnValuesToBeInSet(column=c, value_set=v) for c, v in VALUE_SETS.items()]
    rules += [e.ExpectColumnValuesToBeBetween(column=c, min_value=0) for c in NON_NEGATIVE]
    rules.append(e.ExpectCompoundColumnsToBeUnique(column_list=[*GRAIN, "province_code"]))
    if hs_regex:
        rules.append(e.ExpectColumnValuesToMatchRegex(column="hs_code", regex=HS_PATTERN))
    else:  # GX refuses regex expectations on the duckdb dialect
        rules.append(
            e.UnexpectedRowsExpectation(
                unexpected_rows_query="select hs_code from {batch} "
                "where not regexp_full_match(hs_code, '[0-9]{{8}}')"
            )
        )
    return rules


def time_gx_duckdb(database: Path) -> float:
    gx = import_gx()
    from pipelines.lib.gx_duckdb import duckdb_datasource, table_query

    started = time.perf_counter()
    context = ephemeral_context()
    with duckdb_datasource(context, "bench", database) as datasource:
        batch = datasource.add_query_asset("fct", query=table_query(TABLE))
        definition = batch.add_batch_definition_whole_table("all")
        suite = context.suites.add(
            gx.ExpectationSuite(name="bench", expectations=column_expectations(gx, False))
        )
        result = definition.get_batch().validate(suite)
    assert result.success, "the generated data passes every rule"
    return time.perf_counter() - started


def time_gx_pandas(database: Path) -> float:
    """Month by month, to bound memory: one frame per period."""
    gx = import_gx()
    started = time.perf_counter()
    context = ephemeral_context()
    suite = context.suites.add(
        gx.ExpectationSuite(name="bench", expectations=column_expectations(gx, True))
    )
    batch_definition = (
        context.data_sources.add_pandas("frames")
        .add_dataframe_asset("fct")
        .add_batch_definition_whole_dataframe("month")
    )
    con = duckdb.connect(database.as_posix(), read_only=True)
    try:
        periods = [p for (p,) in con.execute(f"select distinct period from {TABLE}").fetchall()]
        for period in periods:
            frame = (
                con.execute(
                    f"select * exclude (source_files) from {TABLE} where period = ?", [period]
                )
                .to_arrow_table()
                .to_pandas()
            )
            batch = batch_definition.get_batch(batch_parameters={"dataframe": frame})
            assert batch.validate(suite).success
    finally:
        con.close()
    return time.perf_counter() - started


PLAIN_SQL = f"""
select
    count(*) filter (where flow is null or period is null or breakdown is null or hs_code is null)
        as nulls,
    count(*) filter (where flow not in ('export', 'import')
        or vehicle_class not in ('passenger car', 'truck', 'bus', 'chassis', 'special')
        or powertrain not in ('BEV', 'PHEV', 'HEV', 'ICE', 'OTHER', 'UNSPECIFIED')) as outside_sets,
    count(*) filter (where quantity < 0 or quantity_2 < 0 or value_cny < 0 or value_usd < 0)
        as negative,
    count(*) filter (where not regexp_full_match(hs_code, '[0-9]{{8}}')) as bad_hs,
    (select count(*) from (select 1 from {TABLE} group by {", ".join([*GRAIN, "province_code"])}
        having count(*) > 1)) as duplicate_keys
from {TABLE}
"""


def time_plain_sql(database: Path) -> float:
    started = time.perf_counter()
    con = duckdb.connect(database.as_posix(), read_only=True)
    try:
        offending = con.execute(PLAIN_SQL).fetchone()
    finally:
        con.close()
    assert offending == (0, 0, 0, 0, 0), offending
    return time.perf_counter() - started


def time_real_suite(database: Path) -> tuple[float, bool]:
    started = time.perf_counter()
    (outcome,) = run_suites(database, [load_suite(SUITES_DIR / f"{TABLE}.json")])
    return time.perf_counter() - started, outcome.passed


def timed_build(landing: Path, warehouse: Path, work: Path) -> dict[str, float]:
    """Seconds per kind of step of one full build (from the run's step events)."""
    names = (CHECK_NAME, *(r.name for r in RECONCILIATIONS))
    starts: dict[str, float] = {}
    spent: dict[str, float] = {}

    def on_progress(progress) -> None:
        if progress.kind == "step_start":
            starts[progress.text] = time.perf_counter()
        elif progress.kind in ("step_done", "step_failed"):
            key = progress.text.split(":")[0]
            if key in starts:
                spent[key] = time.perf_counter() - starts.pop(key)

    os.environ["DAGSTER_HOME"] = str(work / "dagster")
    settings = resolve_settings(landing=str(landing), warehouse=str(warehouse))
    started = time.perf_counter()
    report = run_build(settings, full_refresh=True, on_progress=on_progress)
    total = time.perf_counter() - started
    validation = sum(v for k, v in spent.items() if k.endswith(names))
    load = sum(v for k, v in spent.items() if k.startswith("raw__"))
    if not report.published:
        failed = [c.name for c in report.checks if not c.passed and c.blocking]
        raise SystemExit(f"the build did not publish: {failed or report.failed_steps}")
    return {
        "published": report.published,
        "build": total,
        "load": load,
        "validation": validation,
        "other_steps": sum(spent.values()) - validation - load,
        "validation_steps": {k: round(v, 2) for k, v in spent.items() if k.endswith(names)},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: tmp)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-validation-", dir=args.work))
    try:
        landing = work / "landing"
        generate.generate(landing, args.rows, args.months, dt.date(2024, 1, 1), seed=6)
        warehouse = work / "w.duckdb"
        build = timed_build(landing, warehouse, work)
        [(fact_rows,)] = (
            duckdb.connect(warehouse.as_posix(), read_only=True)
            .execute(f"select count(*) from {TABLE}")
            .fetchall()
        )
        figures = {
            "rows": args.rows,
            "fact_rows": fact_rows,
            **build,
            "gx_duckdb": time_gx_duckdb(warehouse),
            "gx_pandas": time_gx_pandas(warehouse),
            "plain_sql": time_plain_sql(warehouse),
        }
        figures["real_suite"], figures["real_suite_passed"] = time_real_suite(warehouse)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(markdown(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")


def markdown(f: dict) -> str:
    rows = [
        ("GX on DuckDB (gx_duckdb.py), shared rules", f["gx_duckdb"]),
        ("GX on pandas, month by month, shared rules", f["gx_pandas"]),
        ("plain DuckDB SQL, shared rules", f["plain_sql"]),
        (f"GX on DuckDB, the whole {TABLE} suite", f["real_suite"]),
        ("build: loading the landing files (raw__* steps)", f["load"]),
        ("build: every suite and reconciliation (validation steps)", f["validation"]),
        ("build: other steps (staging, marts, other checks)", f["other_steps"]),
        ("build: total", f["build"]),
    ]
    lines = [
        f"{f['rows']:,} generated rows, {f['fact_rows']:,} rows in {TABLE}",
        "",
        "| what | seconds |",
        "|---|---|",
        *(f"| {name} | {seconds:.2f} |" for name, seconds in rows),
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
