"""Load GACC query downloads from the landing folder into raw.customs_rows.

Each file is inspected in Python (encoding, header, period, completeness), then read by
DuckDB's CSV reader with explicit text columns: the heavy lifting stays in DuckDB. Rows the
reader cannot split go to audit.quarantine with their line; the file's other rows still load.
Files already seen (same path and content) are skipped, so a second build loads nothing.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.lib.customs_file import (
    PLATFORM_ROW_CAP,
    CustomsFileProfile,
    FileRejected,
    inspect_customs_file,
    sha256_of,
)
from pipelines.lib.customs_header import RAW_ROLES
from pipelines.lib.text_encoding import EncodingError, transcode_to_utf8

FLOW_FOLDERS = (("export", "customs/exports"), ("import", "customs/imports"))


@dataclass(frozen=True)
class FileOutcome:
    source_file: str
    status: str  # loaded | duplicate | quarantined | unchanged
    rows_in: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    warning: str | None = None


def landing_files(landing: Path) -> list[tuple[str, Path]]:
    """(flow, path) of every download, oldest first so a later file is the later revision."""
    found = []
    for flow, folder in FLOW_FOLDERS:
        for path in (landing / folder).glob("*.csv"):
            if path.is_file():
                found.append((flow, path))
    return sorted(found, key=lambda item: (item[1].stat().st_mtime, item[1].as_posix()))


def load_customs_landing(
    con: duckdb.DuckDBPyConnection,
    landing: Path,
    loaded_at: dt.datetime,
    scratch_dir: Path,
    on_file: Callable[[FileOutcome], None] | None = None,
) -> list[FileOutcome]:
    outcomes = []
    for flow, path in landing_files(landing):
        outcome = load_customs_file(con, landing, flow, path, loaded_at, scratch_dir)
        outcomes.append(outcome)
        if on_file:
            on_file(outcome)
    return outcomes


def load_customs_file(
    con: duckdb.DuckDBPyConnection,
    landing: Path,
    flow: str,
    path: Path,
    loaded_at: dt.datetime,
    scratch_dir: Path,
) -> FileOutcome:
    source_file = path.relative_to(landing).as_posix()
    sha256 = sha256_of(path)
    seen = con.execute(
        "select 1 from audit.loads where source_file = ? and sha256 = ?", [source_file, sha256]
    ).fetchone()
    if seen:
        return FileOutcome(source_file, "unchanged")

    twin = con.execute(
        "select source_file from raw.customs_files where sha256 = ? limit 1", [sha256]
    ).fetchone()
    if twin:
        warning = f"same content as {twin[0]}: loaded once"
        _record_load(con, source_file, sha256, flow, 0, 0, 0, "duplicate", warning, loaded_at)
        return FileOutcome(source_file, "duplicate", warning=warning)

    try:
        profile = inspect_customs_file(path)
    except FileRejected as exc:
        return _quarantine_file(con, source_file, sha256, flow, str(exc), loaded_at)
    con.begin()  # the file's rows, rejects and audit rows land together or not at all
    try:
        rows_in, rejected = _read_rows(
            con, path, profile, sha256, source_file, loaded_at, scratch_dir
        )
    except (FileRejected, EncodingError) as exc:
        con.rollback()
        return _quarantine_file(con, source_file, sha256, flow, str(exc), loaded_at)

    truncated = rows_in == PLATFORM_ROW_CAP
    warning = (
        f"exactly {PLATFORM_ROW_CAP:,} data rows: the query platform caps downloads there, "
        "so this file was probably cut; split the query"
        if truncated
        else None
    )
    load_seq = con.execute(
        "select coalesce(max(load_seq), 0) + 1 from raw.customs_files"
    ).fetchone()[0]
    con.execute(
        "insert into raw.customs_files values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            source_file,
            sha256,
            flow,
            profile.header.currency,
            profile.header.language,
            profile.encoding,
            profile.header.breakdown,
            profile.header.dimension_count,
            profile.file_period,
            rows_in,
            truncated,
            load_seq,
            loaded_at,
        ],
    )
    status = "loaded_with_quarantine" if rejected else "loaded"
    loaded = rows_in - rejected
    _record_load(
        con, source_file, sha256, flow, rows_in, loaded, rejected, status, warning, loaded_at
    )
    con.commit()
    return FileOutcome(source_file, status, rows_in, loaded, rejected, warning)


def _read_rows(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    profile: CustomsFileProfile,
    sha256: str,
    source_file: str,
    loaded_at: dt.datetime,
    scratch_dir: Path,
) -> tuple[int, int]:
    """Insert the file's rows into raw.customs_rows; return (data rows, rows rejected)."""
    with tempfile.TemporaryDirectory(dir=scratch_dir, prefix="autoexport-") as tmp:
        csv_path = path
        if profile.encoding not in ("utf-8", "utf-8-sig"):
            csv_path = Path(tmp) / "utf8.csv"
            transcode_to_utf8(path, csv_path, profile.encoding)

        # A row with one field more than the header lands in _trailing and is refused in staging.
        columns = {role: "VARCHAR" for role in profile.header.columns}
        con.execute("drop table if exists temp.csv_rejects")
        con.execute("drop table if exists temp.csv_reject_scans")
        try:
            con.execute(
                "create or replace temp table csv_rows as "
                "select row_number() over () as accepted_no, * from read_csv(?, columns = ?, "
                "header = true, delim = ',', quote = '\"', escape = '\"', auto_detect = false, "
                "null_padding = false, store_rejects = true, rejects_table = 'csv_rejects', "
                "rejects_scan = 'csv_reject_scans')",
                [csv_path.as_posix(), columns],
            )
        except duckdb.Error as exc:  # the reader gave up on the file as a whole
            raise FileRejected(f"not readable as CSV: {exc}") from exc
    rejected = con.execute(
        "select line - 1 as row_number, string_agg(distinct error_message, '; ') as reason, "
        "any_value(trim(csv_line, chr(10) || chr(13))) as raw "
        "from temp.csv_rejects group by line order by line"
    ).fetchall()
    accepted = con.execute("select count(*) from temp.csv_rows").fetchone()[0]
    if rejected:
        con.executemany(
            "insert into audit.quarantine values (?, ?, ?, ?, ?, 'parse', ?)",
            [
                (source_file, sha256, row, f"row not readable as CSV: {reason}", raw, loaded_at)
                for row, reason, raw in rejected
            ],
        )

    # Row numbers count data rows in the file; rejected rows keep their slots.
    select_roles = ", ".join(
        (role if role in profile.header.columns else f"null as {role}") for role in RAW_ROLES
    )
    trailing = "_trailing" if "_trailing" in profile.header.columns else "null::varchar"
    if rejected:
        con.execute(
            "create or replace temp table row_slots as "
            "select row_number() over (order by i) as accepted_no, i as row_number "
            "from range(1, ? + 1) as slots(i) "
            "where i not in (select line - 1 from temp.csv_rejects)",
            [accepted + len(rejected)],
        )
        source = "temp.csv_rows join temp.row_slots using (accepted_no)"
    else:
        source = "(select *, accepted_no as row_number from temp.csv_rows)"
    # identifiers below come from RAW_ROLES, a fixed list; values are bound
    con.execute(
        f"insert into raw.customs_rows select ?, row_number, {select_roles}, "
        f"{trailing} from {source}",
        [sha256],
    )
    con.execute("drop table temp.csv_rows")
    return accepted + len(rejected), len(rejected)


def _quarantine_file(con, source_file, sha256, flow, reason, loaded_at) -> FileOutcome:
    con.execute(
        "insert into audit.quarantine values (?, ?, null, ?, null, 'parse', ?)",
        [source_file, sha256, reason, loaded_at],
    )
    _record_load(con, source_file, sha256, flow, 0, 0, 0, "quarantined", reason, loaded_at)
    return FileOutcome(source_file, "quarantined", warning=reason)


def _record_load(con, source_file, sha256, flow, rows_in, loaded, quarantined, status, warning, at):
    con.execute(
        "insert into audit.loads values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [source_file, sha256, flow, rows_in, loaded, quarantined, status, warning, at],
    )
