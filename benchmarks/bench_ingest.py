"""Ingest benchmark: one GACC download of N rows, three ways, each into a fresh DuckDB file.

- autoexport: pipelines.lib.sources.customs.loader.load_customs_file (hash, inspect, parse,
  load into raw.customs_rows with audit rows), after ensure_schema, into a fresh DuckDB file.
- duckdb_limit: DuckDB read_csv of the same file already converted to UTF-8 (conversion not
  timed) into a typed table: the speed limit of loading this file into DuckDB.
- pandas_naive: pandas read_csv(encoding="gb18030", thousands=",") and an insert into DuckDB.

Each run is its own process (so one loader's heap never slows the next), timed inside the
process from connect to close (close includes DuckDB's checkpoint), loaders interleaved run by
run. Usage: bench_ingest.py --rows 1000000 --runs 5 --work /tmp/x --out result.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_common  # noqa: E402
import generate  # noqa: E402

LOADERS = ("autoexport", "duckdb_limit", "pandas_naive")

# The limit's typed table: codes and names as text, figures as integers.
LIMIT_COLUMNS = {
    "hs_code": "VARCHAR",
    "commodity_name": "VARCHAR",
    "partner_code": "VARCHAR",
    "partner_name": "VARCHAR",
    "trade_mode_code": "VARCHAR",
    "trade_mode_name": "VARCHAR",
    "province_code": "VARCHAR",
    "province_name": "VARCHAR",
    "quantity": "BIGINT",
    "quantity_unit": "VARCHAR",
    "quantity_2": "BIGINT",
    "quantity_2_unit": "VARCHAR",
    "value_cny": "BIGINT",
    "trailing_comma": "VARCHAR",
}


def load_once(loader: str, landing: Path, utf8_copy: Path, database: Path) -> float:
    """Load the landing folder's one file with ``loader``; return seconds."""
    import duckdb

    path = next((landing / "customs" / "exports").glob("*.csv"))
    database.unlink(missing_ok=True)
    if loader == "autoexport":
        from pipelines.lib.sources.customs.loader import load_customs_file
        from pipelines.lib.warehouse_sql import ensure_schema

        started = time.perf_counter()
        con = duckdb.connect(database.as_posix())
        ensure_schema(con)
        outcome = load_customs_file(
            con, landing, "export", path, dt.datetime(2026, 1, 1), database.parent
        )
        con.close()
        seconds = time.perf_counter() - started
        assert outcome.status == "loaded", outcome
    elif loader == "duckdb_limit":
        started = time.perf_counter()
        con = duckdb.connect(database.as_posix())
        con.execute(
            "create table customs_rows as select * exclude (trailing_comma) from read_csv(?, "
            "columns = ?, header = true, delim = ',', quote = '\"', escape = '\"', "
            "auto_detect = false, thousands = ',', nullstr = ['?', ''])",
            [utf8_copy.as_posix(), LIMIT_COLUMNS],
        )
        con.close()
        seconds = time.perf_counter() - started
    elif loader == "pandas_naive":
        import pandas as pd

        started = time.perf_counter()
        codes = {"商品编码": str, "贸易伙伴编码": str, "贸易方式编码": str, "注册地编码": str}
        frame = pd.read_csv(path, encoding="gb18030", thousands=",", dtype=codes, na_values=["?"])
        frame = frame.drop(columns=[c for c in frame.columns if c.startswith("Unnamed")])
        con = duckdb.connect(database.as_posix())
        con.register("frame", frame)
        con.execute("create table customs_rows as select * from frame")
        con.close()
        seconds = time.perf_counter() - started
    else:
        raise SystemExit(f"unknown loader {loader}")
    return seconds


def run(rows: int, runs: int, work: Path) -> dict:
    from pipelines.lib.text_encoding import transcode_to_utf8

    landing = work / f"ingest_{rows}"
    if not landing.exists():
        generate.generate(landing, rows, 1, dt.date(2025, 4, 1), seed=rows)
    path = next((landing / "customs" / "exports").glob("*.csv"))
    utf8_copy = work / f"ingest_{rows}_utf8.csv"
    if not utf8_copy.exists():
        transcode_to_utf8(path, utf8_copy, "gb18030")
    times: dict[str, list[float]] = {loader: [] for loader in LOADERS}
    peaks: dict[str, list[int]] = {loader: [] for loader in LOADERS}
    for index in range(runs):
        for loader in LOADERS:
            database = work / f"ingest_{loader}.duckdb"
            out, _, peak = bench_common.run_measured(
                [
                    bench_common.PYTHON,
                    __file__,
                    "--one",
                    loader,
                    str(landing),
                    str(utf8_copy),
                    str(database),
                ]
            )
            seconds = json.loads(out)["seconds"]
            times[loader].append(seconds)
            peaks[loader].append(peak)
            print(f"  ingest {rows:,} rows run {index + 1}/{runs} {loader}: {seconds:.2f} s")
            database.unlink(missing_ok=True)
    return {
        "rows": rows,
        "runs": runs,
        "file_bytes": path.stat().st_size,
        "seconds": times,
        "peak_rss": peaks,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--one", nargs=4, metavar=("LOADER", "LANDING", "UTF8", "DB"))
    parser.add_argument("--rows", type=int)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.one:
        loader, landing, utf8_copy, database = args.one
        seconds = load_once(loader, Path(landing), Path(utf8_copy), Path(database))
        print(json.dumps({"seconds": seconds}))
        return
    result = run(args.rows, args.runs, args.work)
    args.out.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
