"""The audit trail every landing loader keeps: file versions seen, loads, refusals.

A file version is its landing path and content hash. A version already in audit.loads is
skipped (a second build loads nothing); the same content under another name loads once.
"""

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import duckdb

# Months a partitioned run covers: [start, end) as first days of months; None: every month.
Window = tuple[dt.date, dt.date] | None

# raw tables that record the files a loader took in, by sha256: a fixed list for identifiers
_FILE_TABLES = ("raw.customs_files", "raw.release_files", "raw.policy_files")


@dataclass(frozen=True)
class FileOutcome:
    source_file: str
    status: str  # loaded | loaded_with_quarantine | duplicate | quarantined | unchanged
    rows_in: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    warning: str | None = None


def oldest_first(paths: Iterable[Path]) -> list[Path]:
    """Files in load order: a later file is the later revision (mtime, then path)."""
    return sorted(paths, key=lambda path: (path.stat().st_mtime, path.as_posix()))


def in_window(months: frozenset[dt.date], window: Window) -> bool:
    """Whether a run over ``window`` takes a file touching ``months``.

    A file with no month (it will be refused whole) is taken by every run: refusing it is
    cheap and touches no month's data.
    """
    if window is None or not months:
        return True
    start, end = window
    return any(start <= month < end for month in months)


def for_window(
    paths: Iterable[Path], months_of: Callable[[Path], frozenset[dt.date]], window: Window
) -> list[Path]:
    """The files, in order, that a run over ``window`` loads (all of them without a window)."""
    paths = list(paths)
    if window is None:
        return paths
    return [path for path in paths if in_window(months_of(path), window)]


def load_each(paths: Iterable[Path], load_one: Callable[[Path], object], on_file) -> list:
    """Load each file in turn, telling ``on_file`` (when given) each outcome as it comes."""
    outcomes = []
    for path in paths:
        outcome = load_one(path)
        outcomes.append(outcome)
        if on_file:
            on_file(outcome)
    return outcomes


def already_seen(con: duckdb.DuckDBPyConnection, source_file: str, sha256: str) -> bool:
    return bool(
        con.execute(
            "select 1 from audit.loads where source_file = ? and sha256 = ?",
            [source_file, sha256],
        ).fetchone()
    )


@dataclass(frozen=True)
class FileVersion:
    source_file: str  # path relative to the landing folder
    sha256: str
    skip: str | None = None  # "unchanged" or "duplicate": nothing to load
    warning: str | None = None


def screen_file(
    con: duckdb.DuckDBPyConnection,
    landing: Path,
    path: Path,
    files_table: str,
    flow: str | None,
    loaded_at: dt.datetime,
    staged: Mapping[str, str] | None = None,
) -> FileVersion:
    """Identify a landing file; a version seen before, or a copy of a loaded file, is skipped
    (the copy recorded as a duplicate). ``staged``: sha256 -> source file of files read but not
    yet written, which count as loaded."""
    source_file = path.relative_to(landing).as_posix()
    sha256 = sha256_of(path)
    if already_seen(con, source_file, sha256):
        return FileVersion(source_file, sha256, skip="unchanged")
    twin = twin_of(con, files_table, sha256) or (staged or {}).get(sha256)
    if twin:
        warning = record_duplicate(con, source_file, sha256, flow, twin, loaded_at)
        return FileVersion(source_file, sha256, skip="duplicate", warning=warning)
    return FileVersion(source_file, sha256)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(4 * 1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def twin_of(con: duckdb.DuckDBPyConnection, files_table: str, sha256: str) -> str | None:
    """The file already loaded with this content, if any."""
    if files_table not in _FILE_TABLES:
        raise ValueError(f"not a raw files table: {files_table}")
    found = con.execute(
        f"select source_file from {files_table} where sha256 = ? limit 1", [sha256]
    ).fetchone()
    return found[0] if found else None


def record_load(
    con: duckdb.DuckDBPyConnection,
    source_file: str,
    sha256: str,
    flow: str | None,
    rows_in: int,
    rows_loaded: int,
    rows_quarantined: int,
    status: str,
    warning: str | None,
    loaded_at: dt.datetime,
) -> None:
    con.execute(
        "insert into audit.loads values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [source_file, sha256, flow, rows_in, rows_loaded, rows_quarantined, status, warning,
         loaded_at],
    )  # fmt: skip


def record_duplicate(con, source_file, sha256, flow, twin: str, loaded_at) -> str:
    """Record a copy of an already loaded file; return the warning that names its twin."""
    warning = f"same content as {twin}: loaded once"
    record_load(con, source_file, sha256, flow, 0, 0, 0, "duplicate", warning, loaded_at)
    return warning


def quarantine_rows(con: duckdb.DuckDBPyConnection, rows: list[tuple]) -> None:
    """Rows refused while reading: (source_file, sha256, row_number, reason, raw, loaded_at)."""
    if rows:
        con.executemany("insert into audit.quarantine values (?, ?, ?, ?, ?, 'parse', ?)", rows)


def quarantine_file(
    con: duckdb.DuckDBPyConnection,
    source_file: str,
    sha256: str,
    flow: str | None,
    reason: str,
    loaded_at: dt.datetime,
) -> None:
    """Refuse a whole file: one quarantine row with no row number, and its audit.loads row."""
    quarantine_rows(con, [(source_file, sha256, None, reason, None, loaded_at)])
    record_load(con, source_file, sha256, flow, 0, 0, 0, "quarantined", reason, loaded_at)
