"""Load association and peer-exporter series (landing/industry/*.csv) into raw.industry_series.

The header must be source,country,metric,period,value,unit. A row with a value that is not a
number, a period that is not a year (YYYY) or month (YYYY-MM) or that is after the build's date,
or a wrong field count is quarantined with its line; the file's other rows load. Files already
loaded are skipped. The text is decoded by the rule all landing text follows (text_encoding).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from pathlib import Path

import duckdb

from pipelines.lib.load_audit import (
    FileOutcome,
    FileRefused,
    Written,
    landing_entries,
    load_each,
    load_file,
    oldest_first,
)
from pipelines.lib.periods import build_date, future_month_reason, future_year_reason
from pipelines.lib.text_encoding import EncodingError, decode_bytes

INDUSTRY_FOLDER = "industry"
HEADER = ["source", "country", "metric", "period", "value", "unit"]
_PERIOD = re.compile(r"(19|20)\d{2}(-(0[1-9]|1[0-2]))?", re.ASCII)
_VALUE = re.compile(r"-?\d+(\.\d+)?", re.ASCII)


def industry_files(landing: Path) -> list[Path]:
    """Files oldest first; links and directories named *.csv are listed too: the loader
    refuses them by name."""
    return oldest_first(landing_entries(landing / INDUSTRY_FOLDER, "*.csv"))


def row_problem(fields: list[str], today: dt.date | None = None) -> str | None:
    """Why a row cannot load, or None. ``today``: the build's date (default: today in Beijing)."""
    if len(fields) != len(HEADER):
        return f"{len(fields)} fields, the header has {len(HEADER)}"
    record = dict(zip(HEADER, (f.strip() for f in fields), strict=True))
    if not all(record[k] for k in ("source", "country", "metric", "unit")):
        return "source, country, metric and unit must not be empty"
    period = record["period"]
    if not _PERIOD.fullmatch(period):
        return f"period {period!r} is not YYYY or YYYY-MM"
    today = today or build_date()
    if len(period) == 4:
        future = future_year_reason(int(period), today)
    else:
        future = future_month_reason(dt.date(int(period[:4]), int(period[5:]), 1), today)
    if future:
        return future
    if not _VALUE.fullmatch(record["value"].replace(",", "")):
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
    today = build_date(loaded_at)

    def parse(path: Path) -> list[list[str]]:
        try:
            text, _ = decode_bytes(path.read_bytes())
            # csv reads the line breaks itself: str.splitlines would also split at \x0c, \x85, …
            lines = list(csv.reader(io.StringIO(text, newline="")))
        except EncodingError as exc:
            raise FileRefused(str(exc)) from exc
        except csv.Error as exc:
            raise FileRefused(f"not readable as CSV: {exc}") from exc
        if not lines or [h.strip().lower() for h in lines[0]] != HEADER:
            raise FileRefused("header is not source,country,metric,period,value,unit")
        return lines

    def write(con, source_file: str, sha256: str, lines: list[list[str]]) -> Written:
        good, bad = [], []
        for number, fields in enumerate(lines[1:], start=1):
            if not any(f.strip() for f in fields):
                continue
            problem = row_problem(fields, today)
            if problem:
                bad.append((number, problem, ",".join(fields)))
            else:
                good.append((source_file, sha256, number, *(f.strip() for f in fields), loaded_at))
        if good:
            con.executemany(
                "insert into raw.industry_series values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", good
            )
        return Written(len(good) + len(bad), len(good), bad)

    return load_file(con, landing, path, loaded_at, parse, write)
