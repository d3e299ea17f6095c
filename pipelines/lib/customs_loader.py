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

from pipelines.lib.customs_batch import CustomsBatch, StagedFile
from pipelines.lib.customs_file import (
    CustomsFileProfile,
    FileRejected,
    customs_months,
    inspect_customs_file,
)
from pipelines.lib.load_audit import (
    FileOutcome,
    Window,
    for_window,
    oldest_first,
    quarantine_file,
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
    """Load every new download, or with ``window`` those touching its months (a partition run).

    Files are read one by one into a batch, written together once the batch is full (see
    customs_batch); outcomes come in landing order.
    """
    flows = dict((path, flow) for flow, path in landing_files(landing))
    paths = for_window(flows, customs_months, window)
    batch = CustomsBatch(con, loaded_at)
    outcomes: dict[str, FileOutcome] = {}

    def settle(done: list[FileOutcome]) -> None:
        for outcome in done:
            outcomes[outcome.source_file] = outcome
            if on_file:
                on_file(outcome)

    for path in paths:
        settle(_stage_file(con, batch, landing, flows[path], path, loaded_at, scratch_dir))
        if batch.full:
            settle(batch.write())
    settle(batch.write())
    return [outcomes[path.relative_to(landing).as_posix()] for path in paths]


def load_customs_file(
    con: duckdb.DuckDBPyConnection,
    landing: Path,
    flow: str,
    path: Path,
    loaded_at: dt.datetime,
    scratch_dir: Path,
) -> FileOutcome:
    """Load one download on its own (a batch of one)."""
    batch = CustomsBatch(con, loaded_at)
    done = _stage_file(con, batch, landing, flow, path, loaded_at, scratch_dir) + batch.write()
    (outcome,) = done
    return outcome


def _stage_file(
    con: duckdb.DuckDBPyConnection,
    batch: CustomsBatch,
    landing: Path,
    flow: str,
    path: Path,
    loaded_at: dt.datetime,
    scratch_dir: Path,
) -> list[FileOutcome]:
    """Read one file into the batch; the outcome of a file settled at once (skipped, refused)."""
    version = screen_file(
        con, landing, path, "raw.customs_files", flow, loaded_at, batch.staged_sha256()
    )
    source_file, sha256 = version.source_file, version.sha256
    if version.skip:
        return [FileOutcome(source_file, version.skip, warning=version.warning)]
    try:
        profile = inspect_customs_file(path)
        table = batch.pending_table()
        reencoded, accepted = _scan_file(con, path, profile, table, scratch_dir)
    except (FileRejected, EncodingError) as exc:
        quarantine_file(con, source_file, sha256, flow, str(exc), loaded_at)
        return [FileOutcome(source_file, "quarantined", warning=str(exc))]
    staged = StagedFile(
        source_file, sha256, flow, profile, reencoded, table, accepted, rejected=[], texts={}
    )
    try:
        staged.rejected = _rejected_rows(con, reencoded)
        if reencoded:
            staged.texts = _decode_cells(con, staged)
    except EncodingError as exc:
        con.execute(f"drop table {table}")
        quarantine_file(con, source_file, sha256, flow, str(exc), loaded_at)
        return [FileOutcome(source_file, "quarantined", warning=str(exc))]
    batch.add(staged)
    return []


def _scan_file(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    profile: CustomsFileProfile,
    table: str,
    scratch_dir: Path,
) -> tuple[bool, int]:
    """Read the file into ``table``; (cells are GB18030 read as latin-1, rows read).

    No byte of a GB18030 multi-byte character is a comma, a quote or a line break (trail bytes
    are 0x30-0x39 or 0x40-0xFE), so DuckDB splits a GB18030 file read as latin-1 exactly as the
    decoded text; only the few distinct non-ASCII cells (names, units) are then decoded, in
    Python. This spares decoding the whole file in Python,
    which took longer than DuckDB's read itself.
    """
    if profile.encoding != "gb18030":
        return False, _scan_csv(con, path, profile, table, "utf-8")
    try:
        return True, _scan_csv(con, path, profile, table, "latin-1")
    except _NotLatin1:
        # DuckDB's latin-1 refuses bytes 0x80-0x9F, which characters outside GB2312 use:
        # such a file is decoded whole in Python first.
        with tempfile.TemporaryDirectory(dir=scratch_dir, prefix="autoexport-") as tmp:
            csv_path = Path(tmp) / "utf8.csv"
            transcode_to_utf8(path, csv_path, profile.encoding)
            return False, _scan_csv(con, csv_path, profile, table, "utf-8")


def _rejected_rows(con: duckdb.DuckDBPyConnection, reencoded: bool) -> list[tuple[int, str, str]]:
    """(data row, reason, line) of the rows the reader refused, as text."""
    rejected = con.execute(
        "select line - 1 as row_number, string_agg(distinct error_message, '; ') as reason, "
        "any_value(trim(csv_line, chr(10) || chr(13))) as raw "
        "from temp.csv_rejects group by line order by line"
    ).fetchall()
    if not reencoded:
        return rejected
    return [
        (row, _gb18030(reason, row, strict=False), _gb18030(raw, row))
        for row, reason, raw in rejected
    ]


class _NotLatin1(Exception):
    """DuckDB's latin-1 reader refused a byte (0x80-0x9F)."""


def _scan_csv(
    con: duckdb.DuckDBPyConnection,
    csv_path: Path,
    profile: CustomsFileProfile,
    table: str,
    encoding: str,
) -> int:
    """Read the file into ``table`` as text, and rows it cannot split into csv_rejects."""
    # A row with one field more than the header lands in _trailing and is refused in staging.
    columns = {role: "VARCHAR" for role in profile.header.columns}
    con.execute("drop table if exists temp.csv_rejects")
    con.execute("drop table if exists temp.csv_reject_scans")
    try:
        (accepted,) = con.execute(
            # no row_number() here: a window over the read costs a third of it; the table
            # keeps the file's order, so rowid + 1 numbers the accepted rows
            f"create or replace temp table {table.removeprefix('temp.')} as "
            "select * from read_csv(?, columns = ?, "
            "header = true, delim = ',', quote = '\"', escape = '\"', auto_detect = false, "
            "null_padding = false, encoding = ?, store_rejects = true, "
            "rejects_table = 'csv_rejects', rejects_scan = 'csv_reject_scans')",
            [csv_path.as_posix(), columns, encoding],
        ).fetchone()
    except duckdb.Error as exc:  # the reader gave up on the file as a whole
        if encoding == "latin-1" and "not latin-1 encoded" in str(exc):
            raise _NotLatin1 from exc
        raise FileRejected(f"not readable as CSV: {exc}") from exc
    return accepted


def _decode_cells(con: duckdb.DuckDBPyConnection, staged: StagedFile) -> dict[str, dict[str, str]]:
    """For each column, its distinct non-ASCII cells as read (latin-1) and as GB18030 text."""
    # identifiers: the file's table from the batch, roles from the header's fixed list
    roles = staged.profile.header.columns
    # a latin-1 character above 0x7F takes two bytes: byte length differs from length
    found = con.execute(
        " union all ".join(
            f"select distinct '{role}' as role, {role} as latin from {staged.table} "
            f"where strlen({role}) <> length({role})"
            for role in roles
        )
    ).fetchall()
    texts: dict[str, dict[str, str]] = {}
    for role, latin in found:
        try:
            texts.setdefault(role, {})[latin] = latin.encode("latin-1").decode("gb18030")
        except UnicodeDecodeError as exc:
            (accepted_no,) = con.execute(
                f"select min(rowid) + 1 from {staged.table} where {role} = ?", [latin]
            ).fetchone()
            row = _data_row(accepted_no, [row for row, _, _ in staged.rejected])
            raise EncodingError(f"invalid gb18030 bytes in data row {row} ({role})") from exc
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
