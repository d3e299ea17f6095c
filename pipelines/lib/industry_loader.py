"""Load association and peer-exporter series (landing/industry/*.csv) into raw.industry_series.

The header must be source,country,metric,period,value,unit. A row with a value that is not a
number, a period that is not a year (YYYY) or month (YYYY-MM), or a wrong field count is
quarantined with its line; the file's other rows load. Files already loaded are skipped.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import duckdb

from pipelines.lib.load_audit import (
    FileOutcome,
    already_seen,
    load_each,
    oldest_first,
    quarantine_file,
    quarantine_rows,
    record_load,
    sha256_of,
)

INDUSTRY_FOLDER = "industry"
HEADER = ["source", "country", "metric", "period", "value", "unit"]
_PERIOD = re.compile(r"^(19|20)\d{2}(-(0[1-9]|1[0-2]))?$")
_VALUE = re.compile(r"^-?\d+(\.\d+)?$")


def industry_files(landing: Path) -> list[Path]:
    return oldest_first(p for p in (landing / INDUSTRY_FOLDER).glob("*.csv") if p.is_file())


def row_problem(fields: list[str]) -> str | None:
    if len(fields) != len(HEADER):
        return f"{len(fields)} fields, the header has {len(HEADER)}"
    record = dict(zip(HEADER, (f.strip() for f in fields), strict=True))
    if not all(record[k] for k in ("source", "country", "metric", "unit")):
        return "source, country, metric and unit must not be empty"
    if not _PERIOD.match(record["period"]):
        return f"period {record['period']!r} is not YYYY or YYYY-MM"
    if not _VALUE.match(record["value"].replace(",", "")):
        return f"value {record['value']!r} is not a number"
    return None


def load_industry_landing(
    con: duckdb.DuckDBPyConnection,
    landing: Path,
    loaded_at: dt.datetime,
    on_file: Callable[[FileOutcome], None] | None = None,
) -> list[FileOutcome]:
    return load_each(
        industry_files(landing),
        lambda path: load_industry_file(con, landing, path, loaded_at),
        on_file,
    )


def load_industry_file(con, landing: Path, path: Path, loaded_at: dt.datetime) -> FileOutcome:
    source_file = path.relative_to(landing).as_posix()
    sha256 = sha256_of(path)
    if already_seen(con, source_file, sha256):
        return FileOutcome(source_file, "unchanged")
    try:
        lines = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    except (UnicodeDecodeError, csv.Error) as exc:
        return _quarantine_file(con, source_file, sha256, f"not UTF-8 CSV: {exc}", loaded_at)
    if not lines or [h.strip().lower() for h in lines[0]] != HEADER:
        reason = "header is not source,country,metric,period,value,unit"
        return _quarantine_file(con, source_file, sha256, reason, loaded_at)
    good, bad = [], []
    for number, fields in enumerate(lines[1:], start=1):
        if not any(f.strip() for f in fields):
            continue
        problem = row_problem(fields)
        if problem:
            bad.append((source_file, sha256, number, problem, ",".join(fields), loaded_at))
        else:
            good.append((source_file, sha256, number, *(f.strip() for f in fields), loaded_at))
    con.begin()
    if good:
        con.executemany(
            "insert into raw.industry_series values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", good
        )
    quarantine_rows(con, bad)
    status = "loaded_with_quarantine" if bad else "loaded"
    rows_in = len(good) + len(bad)
    record_load(
        con, source_file, sha256, None, rows_in, len(good), len(bad), status, None, loaded_at
    )
    con.commit()
    return FileOutcome(source_file, status, rows_in, len(good), len(bad))


def _quarantine_file(con, source_file, sha256, reason, loaded_at) -> FileOutcome:
    quarantine_file(con, source_file, sha256, None, reason, loaded_at)
    return FileOutcome(source_file, "quarantined", warning=reason)
