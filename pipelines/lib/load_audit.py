"""The audit trail every landing loader keeps: file versions seen, loads, refusals.

A file version is its landing path and content hash. A version already in audit.loads is
skipped (a second build loads nothing); the same content under another name loads once, unless
its name gives it another month (then it is refused, naming both). The landing folder holds
regular files: a symbolic link is never followed and a directory named like a file is refused.
Every refusal's reason is capped here, where reasons are written (cap_reason).
"""

import datetime as dt
import hashlib
import os
import re
import stat
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import duckdb

# Months a partitioned run covers: [start, end) as first days of months; None: every month.
Window = tuple[dt.date, dt.date] | None

_RAW_TABLE = re.compile(r"raw\.[a-z][a-z0-9_]*")
_COLUMN = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class FilesTable:
    """The raw table where a source records the files it took in, by sha256, and the column
    holding the month a file's name gave it (None: its files have no month). Each source's
    descriptor names its own (pipelines/lib/sources/): identifiers from code, never input."""

    name: str
    month_column: str | None = None

    def __post_init__(self) -> None:
        # both go into SQL as identifiers
        if not _RAW_TABLE.fullmatch(self.name):
            raise ValueError(f"not a raw table: {self.name}")
        if self.month_column is not None and not _COLUMN.fullmatch(self.month_column):
            raise ValueError(f"not a column name: {self.month_column}")


# A reason is a sentence, with at most a short excerpt of what was read: never file content.
REASON_LIMIT = 300


def cap_reason(reason: str | None) -> str | None:
    """``reason`` cut to REASON_LIMIT characters, saying how long it was."""
    if reason is None or len(reason) <= REASON_LIMIT:
        return reason
    note = f"… (cut: {len(reason)} characters)"
    return reason[: REASON_LIMIT - len(note)] + note


def irregular_reason(path: Path) -> str | None:
    """Why a landing entry is not read as a file (symbolic link, directory, device, pipe,
    socket), or None for a regular file. Judged without following a link or opening anything."""
    mode = path.lstat().st_mode
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return "symbolic link: not followed (the landing folder takes regular files; copy it in)"
    if stat.S_ISDIR(mode):
        return "a directory named like a file: the landing folder takes regular files"
    return "not a regular file (device, pipe or socket): not read"


def entry_sha256(path: Path) -> str:
    """sha256 of a regular file's content; of what a link points to (as text), never followed;
    of the kind of any other entry. Identifies a version of the entry for audit.loads."""
    mode = path.lstat().st_mode
    if stat.S_ISREG(mode):
        return sha256_of(path)
    if stat.S_ISLNK(mode):
        marker = "symlink:" + os.readlink(path)
    else:
        marker = f"{stat.filemode(mode)[0]}:{path.name}"
    return hashlib.sha256(marker.encode("utf-8", "surrogateescape")).hexdigest()


def landing_entries(folder: Path, pattern: str, suffixes: Iterable[str] | None = None) -> list:
    """Every entry of ``folder`` matching ``pattern`` (and, when given, one of ``suffixes``),
    whatever its kind: links, directories and the like are refused by the loader, not skipped."""
    wanted = {suffix.lower() for suffix in suffixes} if suffixes is not None else None
    return [
        path for path in folder.glob(pattern) if wanted is None or path.suffix.lower() in wanted
    ]


@dataclass(frozen=True)
class FileOutcome:
    source_file: str
    status: str  # loaded | loaded_with_quarantine | duplicate | quarantined | unchanged
    rows_in: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    warning: str | None = None


def oldest_first(paths: Iterable[Path]) -> list[Path]:
    """Files in load order: a later file is the later revision (mtime, then path). A link's
    own time counts: it is never followed, even to learn its target's time."""
    return sorted(paths, key=lambda path: (path.lstat().st_mtime, path.as_posix()))


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
    skip: str | None = None  # "unchanged", "duplicate" or "quarantined": nothing to load
    warning: str | None = None


# A loaded file with the same content: its landing path and the month its name gave it.
Twin = tuple[str, dt.date | None]


def screen_file(
    con: duckdb.DuckDBPyConnection,
    landing: Path,
    path: Path,
    files_table: FilesTable | None,
    flow: str | None,
    loaded_at: dt.datetime,
    staged: Mapping[str, Twin] | None = None,
    month_of: Callable[[Path], dt.date | None] | None = None,
) -> FileVersion:
    """Identify a landing entry; a version seen before is skipped; an entry that is not a
    regular file is refused; a copy of a loaded file is recorded as a duplicate, or refused
    when ``month_of`` (the month this file's name gives it) is another than the twin's month.
    ``staged``: sha256 -> twin of files read but not yet written, which count as loaded."""
    source_file = path.relative_to(landing).as_posix()
    sha256 = entry_sha256(path)
    if already_seen(con, source_file, sha256):
        return FileVersion(source_file, sha256, skip="unchanged")
    if reason := irregular_reason(path):
        reason = quarantine_file(con, source_file, sha256, flow, reason, loaded_at)
        return FileVersion(source_file, sha256, skip="quarantined", warning=reason)
    twin = (twin_of(con, files_table, sha256) if files_table else None) or (staged or {}).get(
        sha256
    )
    if twin:
        twin_file, twin_month = twin
        month = month_of(path) if month_of else twin_month
        # a copy whose name gives no month loses nothing: it is a duplicate
        if month is not None and month != twin_month:
            reason = quarantine_file(
                con, source_file, sha256, flow, _other_month(twin_file, twin_month, month),
                loaded_at,
            )  # fmt: skip
            return FileVersion(source_file, sha256, skip="quarantined", warning=reason)
        warning = record_duplicate(con, source_file, sha256, flow, twin_file, loaded_at)
        return FileVersion(source_file, sha256, skip="duplicate", warning=warning)
    return FileVersion(source_file, sha256)


def _other_month(twin: str, twin_month: dt.date | None, month: dt.date | None) -> str:
    def said(value: dt.date | None) -> str:
        return f"{value:%Y-%m}" if value else "no month"

    return (
        f"same content as {twin} ({said(twin_month)}) but this file's name gives "
        f"{said(month)}: one of the two names is wrong; nothing of it loaded"
    )


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(4 * 1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def twin_of(con: duckdb.DuckDBPyConnection, files_table: FilesTable, sha256: str) -> Twin | None:
    """The file already loaded with this content, and its month, if any."""
    month = files_table.month_column or "null::date"
    found = con.execute(
        f"select source_file, {month} from {files_table.name} where sha256 = ? "
        "order by load_seq limit 1",
        [sha256],
    ).fetchone()
    return (found[0], found[1]) if found else None


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
        [source_file, sha256, flow, rows_in, rows_loaded, rows_quarantined, status,
         cap_reason(warning), loaded_at],
    )  # fmt: skip


def record_duplicate(con, source_file, sha256, flow, twin: str, loaded_at) -> str:
    """Record a copy of an already loaded file; return the warning that names its twin."""
    warning = f"same content as {twin}: loaded once"
    record_load(con, source_file, sha256, flow, 0, 0, 0, "duplicate", warning, loaded_at)
    return warning


def quarantine_rows(con: duckdb.DuckDBPyConnection, rows: list[tuple]) -> None:
    """Rows refused while reading: (source_file, sha256, row_number, reason, raw, loaded_at)."""
    if rows:
        con.executemany(
            "insert into audit.quarantine values (?, ?, ?, ?, ?, 'parse', ?)",
            [(file, sha, row, cap_reason(why), raw, at) for file, sha, row, why, raw, at in rows],
        )


def quarantine_file(
    con: duckdb.DuckDBPyConnection,
    source_file: str,
    sha256: str,
    flow: str | None,
    reason: str,
    loaded_at: dt.datetime,
) -> str:
    """Refuse a whole file: one quarantine row with no row number, and its audit.loads row.
    Returns the reason as written (capped), for the outcome the console shows."""
    reason = cap_reason(reason)
    quarantine_rows(con, [(source_file, sha256, None, reason, None, loaded_at)])
    record_load(con, source_file, sha256, flow, 0, 0, 0, "quarantined", reason, loaded_at)
    return reason


class FileRefused(ValueError):
    """A landing file none of whose rows load; the reason goes to audit.quarantine."""


@dataclass(frozen=True)
class Written:
    """What a source wrote of one parsed file: rows read and loaded, and the rows refused as
    (row_number, reason, raw text)."""

    rows_in: int
    rows_loaded: int
    rejected: list[tuple[int | None, str, str | None]]
    warning: str | None = None


def load_file(
    con: duckdb.DuckDBPyConnection,
    landing: Path,
    path: Path,
    loaded_at: dt.datetime,
    parse: Callable[[Path], object],
    write: Callable[[duckdb.DuckDBPyConnection, str, str, object], Written],
    files_table: FilesTable | None = None,
    flow: str | None = None,
    month_of: Callable[[Path], dt.date | None] | None = None,
) -> FileOutcome:
    """The skeleton of a loader that parses a file whole in Python: screen the entry (seen,
    irregular, a copy), ``parse`` it (FileRefused refuses it whole), then ``write`` its rows,
    its refused rows and its audit.loads row in one transaction."""
    version = screen_file(con, landing, path, files_table, flow, loaded_at, month_of=month_of)
    source_file, sha256 = version.source_file, version.sha256
    if version.skip:
        return FileOutcome(source_file, version.skip, warning=version.warning)
    try:
        parsed = parse(path)
    except FileRefused as exc:
        reason = quarantine_file(con, source_file, sha256, flow, str(exc), loaded_at)
        return FileOutcome(source_file, "quarantined", warning=reason)
    con.begin()  # the file's rows, refused rows and audit rows land together or not at all
    try:
        written = write(con, source_file, sha256, parsed)
        refused = written.rejected
        quarantine_rows(
            con, [(source_file, sha256, row, why, raw, loaded_at) for row, why, raw in refused]
        )
        status = "loaded_with_quarantine" if refused else "loaded"
        record_load(
            con, source_file, sha256, flow, written.rows_in, written.rows_loaded, len(refused),
            status, written.warning, loaded_at,
        )  # fmt: skip
        con.commit()
    except Exception:
        con.rollback()
        raise
    return FileOutcome(
        source_file, status, written.rows_in, written.rows_loaded, len(refused), written.warning
    )
