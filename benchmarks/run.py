"""Run every benchmark and write the results tables into benchmarks/README.md.

    .venv/bin/python benchmarks/run.py            # full sizes (about half an hour on 2 cores)
    .venv/bin/python benchmarks/run.py --quick    # small sizes, a smoke run: README untouched

Generated data and DuckDB files live in a temporary folder (``--work`` to choose it, e.g. on a
disk with room: the full run writes about 10 GB) and are deleted afterwards unless ``--keep``.
The tables go between the results markers of benchmarks/README.md; ``--quick`` prints them only
(pass ``--write`` to write them anyway).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_build  # noqa: E402
import bench_common  # noqa: E402
import bench_e2e  # noqa: E402
import bench_ingest  # noqa: E402

README = bench_common.BENCHMARKS / "README.md"
START, END = "<!-- results:start -->", "<!-- results:end -->"

FULL = {
    "ingest": [(1_000_000, 5), (10_000_000, 3)],
    "build": {"rows": 10_000_000, "months": 120, "runs": 2, "query_repeats": 200},
    "e2e": {"sample_runs": 3, "download_rows": 1_000_000, "download_runs": 3},
}
QUICK = {
    "ingest": [(100_000, 3)],
    # 8,333 rows a month: never the platform's 10,000-row cap, which would warn
    "build": {"rows": 300_000, "months": 36, "runs": 1, "query_repeats": 50},
    "e2e": {"sample_runs": 1, "download_rows": 100_000, "download_runs": 1},
}


def _gib(n: float) -> str:
    return f"{n / 2**30:.2f} GiB"


def _runs(results: list[dict]) -> str:
    return ", ".join(f"{r['seconds']:.1f}" for r in results)


def _verdict(ok: bool) -> str:
    return "**met**" if ok else "**missed**"


def render(results: dict) -> str:
    m = results["machine"]
    lines = [
        f"Measured {results['date']} with `{results['command']}` on {m['nproc']} cores "
        f"({m['cpu']}), {m['ram']} RAM; Python {m['python']}, DuckDB {m['duckdb']}. "
        "Times are medians of the runs shown; ratios compare figures of the same run. "
        f"Load average (1, 5, 15 min) at the start: {m['load_average']}; at the end: "
        f"{results.get('load_average_end', '?')} (the benchmark itself accounts for "
        "about 1; more means other jobs shared the machine).",
        "",
        "### 1. Ingest of one file (GB18030, every dimension, one month)",
        "",
        "| rows | file | runs | autoexport | DuckDB read_csv (UTF-8, typed) | pandas naive "
        "| autoexport ÷ limit throughput | autoexport ÷ naive throughput | target ≥ 0.5× |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for ingest in results["ingest"]:
        med = {k: bench_common.median(v) for k, v in ingest["seconds"].items()}
        ratio_limit = med["duckdb_limit"] / med["autoexport"]
        ratio_naive = med["pandas_naive"] / med["autoexport"]
        rate = ingest["rows"] / med["autoexport"]
        lines.append(
            f"| {ingest['rows']:,} | {ingest['file_bytes'] / 2**20:,.0f} MiB | {ingest['runs']} "
            f"| {med['autoexport']:.2f} s ({rate / 1e6:.2f} M rows/s) "
            f"| {med['duckdb_limit']:.2f} s | {med['pandas_naive']:.2f} s "
            f"| {ratio_limit:.2f}× | {ratio_naive:.1f}× | {_verdict(ratio_limit >= 0.5)} |"
        )
    lines += [
        "",
        "Peak memory of each loader's process (largest run): "
        + "; ".join(
            f"{ingest['rows']:,} rows: "
            + ", ".join(f"{k} {_gib(max(v))}" for k, v in ingest["peak_rss"].items())
            for ingest in results["ingest"]
        )
        + ".",
    ]
    build = results["build"]
    full = bench_common.median([r["seconds"] for r in build["full"]])
    incr = bench_common.median([r["seconds"] for r in build["incremental"]])
    peak = max(r["peak_rss"] for r in build["full"])
    incr_peak = max(r["peak_rss"] for r in build["incremental"])
    plain = build.get("incremental_unpartitioned") or []
    plain_seconds = bench_common.median([r["seconds"] for r in plain]) if plain else None
    lines += [
        "",
        f"### 2–3. Build of {build['rows']:,} rows in {build['months']} monthly files, "
        "and one month more",
        "",
        "| build | runs | seconds (median) | runs' seconds | peak RSS (process tree) "
        "| ÷ full build | target |",
        "|---|---:|---:|---:|---:|---:|---|",
        f"| full (parse, staging, marts, checks, publish) | {len(build['full'])} | {full:.1f} "
        f"| {_runs(build['full'])} | {_gib(peak)} | 1.00 "
        f"| < 45 s: {_verdict(full < 45)}; < 2 GiB: {_verdict(peak < 2 * 2**30)} |",
        f"| incremental: `build --month` (+1 month, {build['rows'] // build['months']:,} rows) "
        f"| {len(build['incremental'])} | {incr:.1f} "
        f"| {_runs(build['incremental'])} "
        f"| {_gib(incr_peak)} | {incr / full:.2f} | < 0.10: {_verdict(incr / full < 0.10)} |",
    ]
    if plain_seconds is not None:
        lines.append(
            "| the same month by a plain `build` (screens every file, restages every month) "
            f"| {len(plain)} | {plain_seconds:.1f} | {_runs(plain)} "
            f"| {_gib(max(r['peak_rss'] for r in plain))} | {plain_seconds / full:.2f} | — |"
        )
    lines += [
        "",
        f"Published warehouse: {build['warehouse_bytes'] / 2**30:.2f} GiB. Warning checks that "
        "fired (expected with all-goods data): "
        + (", ".join(f"`{w}`" for w in build["full"][0]["warnings"]) or "none")
        + ".",
        "",
        *render_e2e(results["e2e"]),
        "",
        f"### 5. Analyst queries on the published warehouse ({build['query_repeats']} runs "
        "each, one read-only connection, after one warm-up run)",
        "",
        "| query | rows | p50 | p95 | target p95 < 100 ms |",
        "|---|---:|---:|---:|---|",
    ]
    for name, timing in build["queries"].items():
        lines.append(
            f"| {name} | {timing['rows']} | {timing['p50'] * 1000:.1f} ms "
            f"| {timing['p95'] * 1000:.1f} ms | {_verdict(timing['p95'] < 0.1)} |"
        )
    return "\n".join(lines) + "\n"


def render_e2e(e2e: dict) -> list[str]:
    sample = bench_common.median([r["seconds"] for r in e2e["sample"]])
    build = bench_common.median([r["seconds"] for r in e2e["download_builds"]])
    floor = bench_common.median(e2e["download_floors"])
    rows = e2e["download_rows"]
    return [
        "### 4. A whole `autoexport build`, from the command to its exit",
        "",
        "| build | runs | seconds (median) | runs' seconds | peak RSS | hand floor "
        "| floor ÷ build (throughput ratio) | target |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
        f"| the bundled sample (`data/landing`) | {len(e2e['sample'])} | {sample:.2f} "
        f"| {_runs(e2e['sample'])} | {_gib(max(r['peak_rss'] for r in e2e['sample']))} "
        f"| — | — | < 5 s: {_verdict(sample < 5)} |",
        f"| one GB18030 download of {rows:,} rows ({e2e['download_bytes'] / 2**20:,.0f} MiB) "
        f"| {len(e2e['download_builds'])} | {build:.2f} | {_runs(e2e['download_builds'])} "
        f"| {_gib(max(r['peak_rss'] for r in e2e['download_builds']))} | {floor:.2f} s "
        f"| {floor / build:.2f}× | ≥ 0.33×: {_verdict(floor / build >= 0.33)} |",
        "",
        "The hand floor: decode the same file to UTF-8, DuckDB `read_csv` into a typed table, "
        "close (benchmarks/bench_e2e.py); no checks, staging, marts or publication.",
    ]


def write_readme(tables: str) -> None:
    text = README.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    README.write_text(f"{head}{START}\n{tables}{END}{tail}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run")
    parser.add_argument("--write", action="store_true", help="write README tables even if --quick")
    parser.add_argument("--work", type=Path, help="folder for generated data (default: a tmp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the generated data")
    parser.add_argument("--only", choices=("ingest", "build", "e2e"), help="run one benchmark only")
    args = parser.parse_args()
    sizes = QUICK if args.quick else FULL
    work = args.work or Path(tempfile.mkdtemp(prefix="autoexport-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    command = "make bench" + (" BENCH_ARGS=--quick" if args.quick else "")
    results: dict = {
        "date": dt.date.today().isoformat(),
        "command": command,
        "machine": bench_common.machine(),
        "ingest": [],
    }
    saved = work / "results.json"
    if saved.exists():  # resume: keep what a previous run of this work folder measured
        results.update(
            {
                k: v
                for k, v in json.loads(saved.read_text()).items()
                if k in ("ingest", "build", "e2e")
            }
        )
    try:
        if args.only in (None, "ingest"):
            results["ingest"] = []
            for rows, runs in sizes["ingest"]:
                print(f"ingest: {rows:,} rows, {runs} runs")
                results["ingest"].append(bench_ingest.run(rows, runs, work))
                saved.write_text(json.dumps(results, indent=2))
        if args.only in (None, "build"):
            b = sizes["build"]
            print(f"build: {b['rows']:,} rows in {b['months']} months, {b['runs']} runs")
            results["build"] = bench_build.run(
                b["rows"], b["months"], b["runs"], b["query_repeats"], work
            )
            saved.write_text(json.dumps(results, indent=2))
        if args.only in (None, "e2e"):
            e = sizes["e2e"]
            print(f"end to end: the sample, and one download of {e['download_rows']:,} rows")
            results["e2e"] = bench_e2e.run(
                e["sample_runs"], e["download_rows"], e["download_runs"], work
            )
            saved.write_text(json.dumps(results, indent=2))
        results["load_average_end"] = bench_common.machine()["load_average"]
        if results["ingest"] and "build" in results and "e2e" in results:
            tables = render(results)
            print(tables)
            if args.write or not args.quick:
                write_readme(tables)
                print(f"wrote {README}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
