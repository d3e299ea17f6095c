"""Time each SQL step of a build on a copy of a built warehouse, to see where a build's time goes.

    .venv/bin/python benchmarks/profile_steps.py WAREHOUSE.duckdb [MEMORY_LIMIT, e.g. 3GB]

Runs the staging, audit and mart SQL files and the SQL checks in build order on a copy
(the original is untouched) and prints wall and CPU seconds per file (CPU: every thread of the
process, the steadier figure on a shared machine). The copy first drops the tables restaged by
month, as `build --full-refresh` starts without them: otherwise each step would also delete
the rows of all time that a full build never has. Python-side profiles of a whole build:
``.venv/bin/pyinstrument -m pipelines.cli build ...`` (pyinstrument is a bench extra).
"""

from __future__ import annotations

import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from pipelines.lib.run_months import (
    ALL_TIME,
    MONTHS_PER_STATEMENT,
    bind_months,
    run_in_slices,
    touched_months,
)
from pipelines.lib.sql_files import table_files
from pipelines.lib.warehouse_sql import run_sql_file, sql_text

STEPS = (
    "staging/customs_lines.sql",
    "audit/quarantine_staging_rows.sql",
    "audit/loads_row_counts.sql",
    "staging/customs_trade.sql",
    "staging/customs_breakdown_choice.sql",
    "staging/hs_vehicle_map.sql",
    "staging/vehicle_export_rows.sql",
    "marts/fct_customs_trade.sql",
    "marts/exports_by_destination.sql",
    "marts/exports_by_province.sql",
    "marts/exports_by_powertrain.sql",
    "marts/nev_share_by_region.sql",
    "marts/unit_value_signals.sql",
)
# what a full refresh starts without: the two tables customs staging restages by month, and
# those whose SQL file says "restaged: by month" (each rebuilt by one of STEPS)
RESTAGED = (
    "staging.customs_lines",
    "staging.customs_trade",
    *(f.table for f in table_files() if f.restaged_by_month),
)
CHECKS = (
    "checks/duplicate_keys_within_file.sql",
    "checks/fct_customs_trade_grain.sql",
    "checks/hs_codes_outside_vehicle_reference.sql",
    "checks/truncated_downloads.sql",
    "checks/unknown_trade_modes.sql",
    "checks/vehicle_rows_without_count.sql",
)


def _cpu() -> float:
    """User and system seconds of every thread of this process (DuckDB's included)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    source = Path(sys.argv[1])
    with tempfile.TemporaryDirectory(dir=source.parent) as tmp:
        copy = Path(tmp) / "profile.duckdb"
        shutil.copyfile(source, copy)
        con = duckdb.connect(copy.as_posix())
        if len(sys.argv) > 2:  # what a memory_limit on the build's connections would do
            con.execute("set memory_limit = ?", [sys.argv[2]])
        for table in RESTAGED:
            con.execute(f"drop table if exists {table}")
        con.execute("checkpoint")
        bind_months(con, ALL_TIME)  # a full build's months: all time
        total = total_cpu = 0.0
        for step in STEPS:
            started, cpu = time.perf_counter(), _cpu()
            con.execute(sql_text(step))
            if step == "staging/customs_trade.sql":
                con.execute(sql_text("staging/customs_restaged_months.sql"))
                run_in_slices(
                    con,
                    touched_months(con),
                    MONTHS_PER_STATEMENT,
                    lambda c: run_sql_file(c, "staging/customs_trade_months.sql"),
                )
                # the month-restaged steps after it: one span, all time
                bind_months(con, ALL_TIME)
            seconds, cpu_seconds = time.perf_counter() - started, _cpu() - cpu
            total, total_cpu = total + seconds, total_cpu + cpu_seconds
            print(f"{seconds:7.2f} s {cpu_seconds:7.2f} s CPU  {step}")
        for check in CHECKS:
            started, cpu = time.perf_counter(), _cpu()
            con.execute(sql_text(check)).fetchmany(5)
            seconds, cpu_seconds = time.perf_counter() - started, _cpu() - cpu
            total, total_cpu = total + seconds, total_cpu + cpu_seconds
            print(f"{seconds:7.2f} s {cpu_seconds:7.2f} s CPU  {check}")
        started, cpu = time.perf_counter(), _cpu()
        con.execute("checkpoint")
        print(f"{time.perf_counter() - started:7.2f} s {_cpu() - cpu:7.2f} s CPU  checkpoint")
        print(f"{total:7.2f} s {total_cpu:7.2f} s CPU  SQL in all")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
        print(f"{peak:7.2f} GiB peak resident set")
        con.close()


if __name__ == "__main__":
    main()
