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
from pathlib import Path

import duckdb

from pipelines.lib.customs_file import (
    PLATFORM_ROW_CAP,
    CustomsFileProfile,
    FileRejected,
    customs_months,
    inspect_customs_file,
)
from pipelines.lib.customs_header import RAW_ROLES
from pipelines.lib.load_audit import (
    FileOutcome,
    Window,
    for_window,
    load_each,
    oldest_first,
    quarantine_file,
    quarantine_rows,
    record_load,
    screen_file,
)
from pipelines.lib.text_encoding import EncodingError, transcode_to_utf8

FLOW_FOLDERS = (("export", "customs/exports"), ("import", "customs/imports"))


def landing_files(landing: Path) -> list[tuple[str, Path]]:
    """(flow, path) of every download, oldest first so a later file is the later revision."""
    flow_of = {
        path: flow
        for flow, folder in FLOW_FOLDERS
        for path in (landing / folder).glob("*.csv")
        if path.is_file()
    }
    return [(flow_of[path], path) for path in oldest_first(flow_of)]


def load_customs_landing(
    con: duckdb.DuckDBPyConnection,
    landing: Path,
    loaded_at: dt.datetime,
    scratch_dir: Path,
    on_file: Callable[[FileOutcome], None] | None = None,
    window: Window = None,
) -> list[FileOutcome]:
    """Load every new download, or with ``window`` those touching its months (a partition run)."""
    flows = dict((path, flow) for flow, path in landing_files(landing))
    return load_each(
        for_window(flows, customs_months, window),
        lambda path: load_customs_file(con, landing, flows[path], path, loaded_at, scratch_dir),
        on_file,
    )


def load_customs_file(
    con: duckdb.DuckDBPyConnection,
    landing: Path,
    flow: str,
    path: Path,
    loaded_at: dt.datetime,
    scratch_dir: Path,
) -> FileOutcome:
    version = screen_file(con, landing, path, "raw.customs_files", flow, loaded_at)
    source_file, sha256 = version.source_file, version.sha256
    if version.skip:
        return FileOutcome(source_file, version.skip, warning=version.warning)

    try:
        profile = inspect_customs_file(path)
    except FileRejected as exc:
        return _quarantine_file(con, source_file, sha256, flow, str(exc), loaded_at)
    try:
        # temp tables only, before the transaction: a read DuckDB refuses would abort it
        reencoded = _scan_file(con, path, profile, scratch_dir)
    except (FileRejected, EncodingError) as exc:
        return _quarantine_file(con, source_file, sha256, flow, str(exc), loaded_at)
    con.begin()  # the file's rows, rejects and audit rows land together or not at all
    try:
        rows_in, rejected = _read_rows(con, profile, reencoded, sha256, source_file, loaded_at)
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
    record_load(
        con, source_file, sha256, flow, rows_in, loaded, rejected, status, warning, loaded_at
    )
    con.commit()
    return FileOutcome(source_file, status, rows_in, loaded, rejected, warning)


def _scan_file(
    con: duckdb.DuckDBPyConnection, path: Path, profile: CustomsFileProfile, scratch_dir: Path
) -> bool:
    """Read the file into temp.csv_rows; True when its cells are GB18030 bytes read as latin-1.

    No byte of a GB18030 multi-byte character is a comma, a quote or a line break (trail bytes
    are 0x30-0x39 or 0x40-0xFE), so DuckDB splits a GB18030 file read as latin-1 exactly as the
    decoded text; only the few distinct non-ASCII cells (names, units) are then decoded, in
    Python. This spares decoding the whole file in Python,
    which took longer than DuckDB's read itself.
    """
    if profile.encoding != "gb18030":
        _scan_csv(con, path, profile, "utf-8")
        return False
    try:
        _scan_csv(con, path, profile, "latin-1")
        return True
    except _NotLatin1:
        # DuckDB's latin-1 refuses bytes 0x80-0x9F, which characters outside GB2312 use:
        # such a file is decoded whole in Python first.
        with tempfile.TemporaryDirectory(dir=scratch_dir, prefix="autoexport-") as tmp:
            csv_path = Path(tmp) / "utf8.csv"
            transcode_to_utf8(path, csv_path, profile.encoding)
            _scan_csv(con, csv_path, profile, "utf-8")
        return False


def _read_rows(
    con: duckdb.DuckDBPyConnection,
    profile: CustomsFileProfile,
    reencoded: bool,
    sha256: str,
    source_file: str,
    loaded_at: dt.datetime,
) -> tuple[int, int]:
    """Insert the scanned rows into raw.customs_rows; return (data rows, rows rejected)."""
    rejected = con.execute(
        "select line - 1 as row_number, string_agg(distinct error_message, '; ') as reason, "
        "any_value(trim(csv_line, chr(10) || chr(13))) as raw "
        "from temp.csv_rejects group by line order by line"
    ).fetchall()
    accepted = con.execute("select count(*) from temp.csv_rows").fetchone()[0]
    rejected_rows = [row for row, _, _ in rejected]
    if reencoded:
        rejected = [
            (row, _gb18030(reason, row, strict=False), _gb18030(raw, row))
            for row, reason, raw in rejected
        ]
    quarantine_rows(
        con,
        [
            (source_file, sha256, row, f"row not readable as CSV: {reason}", raw, loaded_at)
            for row, reason, raw in rejected
        ],
    )

    texts = _decode_cells(con, profile, rejected_rows) if reencoded else {}
    # identifiers below come from RAW_ROLES and the header's roles, fixed lists; values are bound
    present = set(profile.header.columns)
    cells = [
        (f"coalesce(text_{role}.text, rows_.{role})" if role in texts else f"rows_.{role}")
        if role in present
        else "null"
        for role in (*RAW_ROLES, "_trailing")
    ]
    if "_trailing" not in present:
        cells[-1] = "null::varchar"
    joins = "".join(
        f" left join (select unnest(?::varchar[]) as latin, unnest(?::varchar[]) as text) "
        f"as text_{role} on rows_.{role} = text_{role}.latin"
        for role in texts
    )
    params: list = [sha256]
    for latin, text in texts.values():
        params += [latin, text]

    # Row numbers count data rows in the file; rejected rows keep their slots.
    if rejected:
        con.execute(
            "create or replace temp table row_slots as "
            "select row_number() over (order by i) as accepted_no, i as row_number "
            "from range(1, ? + 1) as slots(i) "
            "where i not in (select line - 1 from temp.csv_rejects)",
            [accepted + len(rejected)],
        )
        source = "(select * from temp.csv_rows join temp.row_slots using (accepted_no))"
    else:
        source = "(select *, accepted_no as row_number from temp.csv_rows)"
    con.execute(
        f"insert into raw.customs_rows select ?, rows_.row_number, {', '.join(cells)} "
        f"from {source} as rows_{joins}",
        params,
    )
    con.execute("drop table temp.csv_rows")
    return accepted + len(rejected), len(rejected)


class _NotLatin1(Exception):
    """DuckDB's latin-1 reader refused a byte (0x80-0x9F)."""


def _scan_csv(
    con: duckdb.DuckDBPyConnection, csv_path: Path, profile: CustomsFileProfile, encoding: str
) -> None:
    """Read the file into temp.csv_rows as text, and rows it cannot split into csv_rejects."""
    # A row with one field more than the header lands in _trailing and is refused in staging.
    columns = {role: "VARCHAR" for role in profile.header.columns}
    con.execute("drop table if exists temp.csv_rejects")
    con.execute("drop table if exists temp.csv_reject_scans")
    try:
        con.execute(
            "create or replace temp table csv_rows as "
            "select row_number() over () as accepted_no, * from read_csv(?, columns = ?, "
            "header = true, delim = ',', quote = '\"', escape = '\"', auto_detect = false, "
            "null_padding = false, encoding = ?, store_rejects = true, "
            "rejects_table = 'csv_rejects', rejects_scan = 'csv_reject_scans')",
            [csv_path.as_posix(), columns, encoding],
        )
    except duckdb.Error as exc:  # the reader gave up on the file as a whole
        if encoding == "latin-1" and "not latin-1 encoded" in str(exc):
            raise _NotLatin1 from exc
        raise FileRejected(f"not readable as CSV: {exc}") from exc


def _decode_cells(
    con: duckdb.DuckDBPyConnection, profile: CustomsFileProfile, rejected_rows: list[int]
) -> dict[str, tuple[list[str], list[str]]]:
    """For each column, its distinct non-ASCII cells as read (latin-1) and as GB18030 text."""
    roles = profile.header.columns
    # a latin-1 character above 0x7F takes two bytes: byte length differs from char length
    found = con.execute(
        " union all ".join(
            f"select distinct '{role}' as role, {role} as latin from temp.csv_rows "
            f"where strlen({role}) <> length({role})"
            for role in roles
        )
    ).fetchall()
    texts: dict[str, tuple[list[str], list[str]]] = {}
    for role, latin in found:
        try:
            text = latin.encode("latin-1").decode("gb18030")
        except UnicodeDecodeError as exc:
            accepted_no = con.execute(
                f"select min(accepted_no) from temp.csv_rows where {role} = ?", [latin]
            ).fetchone()[0]
            row = _data_row(accepted_no, rejected_rows)
            raise EncodingError(f"invalid gb18030 bytes in data row {row} ({role})") from exc
        latins, decoded = texts.setdefault(role, ([], []))
        latins.append(latin)
        decoded.append(text)
    return texts


def _data_row(accepted_no: int, rejected_rows: list[int]) -> int:
    """The data row number of the accepted_no-th row the reader accepted."""
    row = accepted_no
    for rejected in sorted(rejected_rows):
        if rejected <= row:
            row += 1
    return row


def _gb18030(latin: str, row: int, strict: bool = True) -> str:
    """Text read as latin-1 back to its GB18030 meaning; strict for cells, lenient for messages."""
    try:
        return latin.encode("latin-1").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError) as exc:
        if not strict:
            return latin
        raise EncodingError(f"invalid gb18030 bytes in data row {row}") from exc


def _quarantine_file(con, source_file, sha256, flow, reason, loaded_at) -> FileOutcome:
    quarantine_file(con, source_file, sha256, flow, reason, loaded_at)
    return FileOutcome(source_file, "quarantined", warning=reason)
