"""End-to-end benchmark: what a whole `autoexport build` costs, from the command to its exit.

- sample: `autoexport build` of the bundled sample (data/landing, a few hundred rows) into a
  fresh warehouse: the fixed cost of a run, since its data costs next to nothing.
- one download: `autoexport build` of a landing folder holding one N-row GB18030 download
  (the ingest benchmark's file) against the hand floor measured in the same run: decode the
  file to UTF-8, DuckDB read_csv of it into a typed table (codes and names as text, figures as
  BIGINT), close. The floor does no checks, no staging, no marts and no publication: the
  ratio says how much of a build is the work any loader of that file must do.

Each run is its own process with a fresh DAGSTER_HOME and warehouse; the floor and the build
alternate run by run. Usage: bench_e2e.py --floor GB18030_FILE WORK_DIR (prints seconds).
"""

from __future__ import annotations

import argparse
import codecs
import datetime as dt
import json
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_common  # noqa: E402
import generate  # noqa: E402
from bench_ingest import LIMIT_COLUMNS  # noqa: E402

SAMPLE_LANDING = bench_common.REPO / "data" / "landing"


def floor_once(path: Path, work: Path) -> float:
    """Run in the child process: decode, read_csv into a typed table, close; seconds."""
    import duckdb

    utf8_copy, database = work / "floor_utf8.csv", work / "floor.duckdb"
    database.unlink(missing_ok=True)
    started = time.perf_counter()
    with path.open("rb") as source, utf8_copy.open("w", encoding="utf-8") as target:
        decoder = codecs.getincrementaldecoder("gb18030")()
        while block := source.read(1 << 24):
            target.write(decoder.decode(block))
        target.write(decoder.decode(b"", final=True))
    con = duckdb.connect(database.as_posix())
    con.execute(
        "create table customs_rows as select * exclude (trailing_comma) from read_csv(?, "
        "columns = ?, header = true, delim = ',', quote = '\"', escape = '\"', "
        "auto_detect = false, thousands = ',', nullstr = ['?', ''])",
        [utf8_copy.as_posix(), LIMIT_COLUMNS],
    )
    con.close()
    seconds = time.perf_counter() - started
    utf8_copy.unlink()
    database.unlink()
    return seconds


def _cli_build(landing: Path, run_dir: Path) -> dict:
    """`autoexport build` of ``landing`` into a fresh warehouse; wall seconds and peak RSS."""
    shutil.rmtree(run_dir, ignore_errors=True)
    home = run_dir / "dagster"
    home.mkdir(parents=True)
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    env = {
        "AUTOEXPORT_LANDING": str(landing),
        "AUTOEXPORT_WAREHOUSE": str(run_dir / "warehouse.duckdb"),
        "DAGSTER_HOME": str(home),
    }
    out, seconds, peak = bench_common.run_measured(
        [bench_common.PYTHON, "-m", "pipelines.cli", "build"], env=env
    )
    if "published" not in out:
        raise SystemExit(f"build of {landing} did not publish:\n{out}")
    shutil.rmtree(run_dir, ignore_errors=True)
    return {"seconds": seconds, "peak_rss": peak}


def run(sample_runs: int, download_rows: int, download_runs: int, work: Path) -> dict:
    sample = []
    for index in range(sample_runs):
        sample.append(_cli_build(SAMPLE_LANDING, work / "e2e_sample"))
        print(f"  sample build run {index + 1}/{sample_runs}: {sample[-1]['seconds']:.2f} s")
    landing = work / f"ingest_{download_rows}"  # the ingest benchmark's file, when it ran
    if not landing.exists():
        generate.generate(landing, download_rows, 1, dt.date(2025, 4, 1), seed=download_rows)
    path = next((landing / "customs" / "exports").glob("*.csv"))
    builds, floors = [], []
    for index in range(download_runs):
        out, _, _ = bench_common.run_measured(
            [bench_common.PYTHON, __file__, "--floor", str(path), str(work)]
        )
        floors.append(json.loads(out)["seconds"])
        builds.append(_cli_build(landing, work / "e2e_download"))
        print(
            f"  one download of {download_rows:,} rows run {index + 1}/{download_runs}: "
            f"build {builds[-1]['seconds']:.2f} s, hand floor {floors[-1]:.2f} s"
        )
    return {
        "sample": sample,
        "download_rows": download_rows,
        "download_bytes": path.stat().st_size,
        "download_builds": builds,
        "download_floors": floors,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--floor", nargs=2, metavar=("FILE", "WORK"))
    args = parser.parse_args()
    if args.floor:
        print(json.dumps({"seconds": floor_once(Path(args.floor[0]), Path(args.floor[1]))}))


if __name__ == "__main__":
    main()
