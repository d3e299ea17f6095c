"""Build benchmarks: a full build of N rows over M monthly files, one month added, mart queries.

- full: ``run_build(full_refresh=True)`` from an empty warehouse (parse, staging, marts,
  checks, publish), in its own process; peak memory is that process tree's resident set.
- incremental: the published warehouse of the full build plus one new month's file (the same
  size as the others), built as the month's partition (``autoexport build --month``: loads
  that month's files, restages that month, rebuilds the marts) and, for comparison, by a plain
  ``autoexport build`` (every month in scope: screens every file, restages every month).
- queries: typical analyst queries on the published warehouse, each run many times on one
  read-only connection; p50 and p95.

Usage: bench_build.py --rows 10000000 --months 120 --runs 2 --work /tmp/x --out result.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_common  # noqa: E402
import generate  # noqa: E402

LAST_MONTH = dt.date(2025, 12, 1)  # the built months end here; the incremental month follows


def first_month(months: int) -> dt.date:
    index = LAST_MONTH.year * 12 + LAST_MONTH.month - months
    return dt.date(index // 12, index % 12 + 1, 1)


# What analysts ask the marts (and the fact table) for; periods fall inside 2016-2025.
QUERIES = {
    "top destinations of a year": (
        "select partner_iso3, any_value(partner_name_en) as name, sum(vehicles) as vehicles, "
        "sum(value_usd) as value_usd from marts.exports_by_destination "
        "where period >= date '2024-01-01' and period < date '2025-01-01' "
        "group by partner_iso3 order by vehicles desc limit 20"
    ),
    "a province's monthly series": (
        "select period, vehicles, value_cny from marts.exports_by_province "
        "where province_code = '34' order by period"
    ),
    "NEV (BEV+PHEV) share by destination, one year": (
        "select partner_iso3, "
        "sum(quantity) filter (where powertrain in ('BEV', 'PHEV')) / sum(quantity) as nev_share "
        "from marts.fct_customs_trade "
        "where flow = 'export' and is_total_basis and vehicle_class = 'passenger car' "
        "and quantity_unit = '辆' and period >= date '2024-01-01' "
        "and period < date '2025-01-01' "
        "group by partner_iso3 order by nev_share desc nulls last"
    ),
    "a province before/after a policy date (6 months each side)": (
        "select sum(vehicles) filter (where period < date '2023-07-01') as before, "
        "sum(vehicles) filter (where period >= date '2023-07-01') as after "
        "from marts.exports_by_province where province_code = '31' "
        "and period >= date '2023-01-01' and period < date '2024-01-01'"
    ),
}


def build_once(
    landing: Path, warehouse: Path, dagster_home: Path, full_refresh: bool, month: str | None
) -> dict:
    """Run in the child process: one build, timed from the call to the return of run_build."""
    os.environ["DAGSTER_HOME"] = str(dagster_home)
    dagster_home.mkdir(parents=True, exist_ok=True)
    # no telemetry from a benchmark (run_build keeps an existing dagster.yaml as it is)
    (dagster_home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    from pipelines.app.build_runner import run_build
    from pipelines.lib.settings import resolve_settings

    settings = resolve_settings(landing=str(landing), warehouse=str(warehouse))
    started = time.perf_counter()
    report = run_build(settings, full_refresh=full_refresh, month=month)
    seconds = time.perf_counter() - started
    blocking_failed = [c.name for c in report.checks if c.blocking and not c.passed]
    return {
        "seconds": seconds,
        "published": report.published,
        "rows_loaded": report.rows_loaded,
        "rows_quarantined": report.rows_quarantined,
        "files": report.files,
        "failed_steps": report.failed_steps,
        "blocking_failed": blocking_failed,
        "warnings": sorted(c.name for c in report.checks if not c.blocking and not c.passed),
        "vmhwm": bench_common.own_peak_rss_bytes(),
    }


def _measured_build(landing, warehouse, dagster_home, full_refresh, month=None) -> dict:
    args = [bench_common.PYTHON, __file__, "--one", str(landing), str(warehouse)]
    args += [str(dagster_home)] + (["--full-refresh"] if full_refresh else [])
    args += ["--month", month] if month else []
    out, wall, peak = bench_common.run_measured(args)
    result = json.loads(out.strip().splitlines()[-1])
    if not result["published"] or result["blocking_failed"] or result["failed_steps"]:
        raise SystemExit(f"build of {landing} did not publish: {result}")
    result["wall"] = wall
    result["peak_rss"] = max(peak, result["vmhwm"])
    return result


def time_queries(warehouse: Path, repeats: int) -> dict[str, dict[str, float]]:
    import duckdb

    con = duckdb.connect(warehouse.as_posix(), read_only=True)
    timings = {}
    try:
        for name, sql in QUERIES.items():
            con.execute(sql).fetchall()  # warm: the first query reads the blocks from disk
            seconds = []
            for _ in range(repeats):
                started = time.perf_counter()
                con.execute(sql).fetchall()
                seconds.append(time.perf_counter() - started)
            timings[name] = {
                "p50": bench_common.percentile(seconds, 50),
                "p95": bench_common.percentile(seconds, 95),
                "rows": len(con.execute(sql).fetchall()),
            }
    finally:
        con.close()
    return timings


def run(rows: int, months: int, runs: int, query_repeats: int, work: Path) -> dict:
    per_month = rows // months
    landing = work / f"build_{rows}_{months}"
    if not landing.exists():
        print(f"  generating {rows:,} rows in {months} monthly files ...")
        generate.generate(landing, rows, months, first_month(months), seed=rows + months)
    # the incremental landing: the same files (hard links, same mtimes) plus the next month
    landing_next = work / f"build_{rows}_{months}_next"
    if not landing_next.exists():
        exports = landing_next / "customs" / "exports"
        exports.mkdir(parents=True)
        for path in sorted((landing / "customs" / "exports").glob("*.csv")):
            os.link(path, exports / path.name)
        next_month = generate.months_from(first_month(months), months + 1)[-1]
        generate.write_month(
            exports / f"exports_{next_month:%Y%m}_full_cny.csv",
            next_month,
            per_month,
            generate.np.random.default_rng(rows + months + 1),
        )

    next_key = f"{generate.months_from(first_month(months), months + 1)[-1]:%Y-%m}"
    full, incremental, unpartitioned = [], [], []
    published = work / "published_full.duckdb"
    for index in range(runs):
        warehouse = work / "warehouse.duckdb"
        for stale in work.glob("warehouse.duckdb*"):
            stale.unlink()
        home = work / f"dagster_full_{index}"
        shutil.rmtree(home, ignore_errors=True)
        result = _measured_build(landing, warehouse, home, full_refresh=True)
        full.append(result)
        print(
            f"  full build run {index + 1}/{runs}: {result['seconds']:.1f} s, "
            f"peak {result['peak_rss'] / 2**30:.2f} GiB, {result['rows_loaded']:,} rows"
        )
        shutil.copyfile(warehouse, published)

    for label, month, results in (
        ("incremental --month", next_key, incremental),
        ("incremental, no --month", None, unpartitioned),
    ):
        for index in range(runs):
            warehouse = work / "warehouse.duckdb"
            for stale in work.glob("warehouse.duckdb*"):
                stale.unlink()
            shutil.copyfile(published, warehouse)
            home = work / f"dagster_incr_{index}"
            shutil.rmtree(home, ignore_errors=True)
            result = _measured_build(landing_next, warehouse, home, False, month)
            results.append(result)
            print(
                f"  {label} run {index + 1}/{runs}: {result['seconds']:.1f} s, "
                f"{result['rows_loaded']:,} rows"
            )

    queries = time_queries(work / "warehouse.duckdb", query_repeats)
    for name, timing in queries.items():
        print(f"  query {name}: p50 {timing['p50'] * 1000:.1f} ms, p95 {timing['p95'] * 1000:.1f}")
    return {
        "rows": rows,
        "months": months,
        "runs": runs,
        "query_repeats": query_repeats,
        "warehouse_bytes": (work / "warehouse.duckdb").stat().st_size,
        "full": full,
        "incremental": incremental,
        "incremental_unpartitioned": unpartitioned,
        "queries": queries,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--one", nargs=3, metavar=("LANDING", "WAREHOUSE", "DAGSTER_HOME"))
    parser.add_argument("--full-refresh", action="store_true")
    parser.add_argument("--month", help="with --one: build this month's partition only")
    parser.add_argument("--rows", type=int)
    parser.add_argument("--months", type=int, default=120)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--query-repeats", type=int, default=100)
    parser.add_argument("--work", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.one:
        landing, warehouse, home = (Path(p) for p in args.one)
        print(json.dumps(build_once(landing, warehouse, home, args.full_refresh, args.month)))
        return
    result = run(args.rows, args.months, args.runs, args.query_repeats, args.work)
    args.out.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
