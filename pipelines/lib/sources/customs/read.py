"""Read customs downloads into a temp table with DuckDB's CSV reader, every cell as text.

Files with the same columns and encoding are read by one read_csv call, which spreads them
over the cores (a download is one read thread on its own) and gives the batch one table to
write from. If that read fails, each file is read alone, so only the file at fault is refused.

No byte of a GB18030 multi-byte character is a comma, a quote or a line break (trail bytes
are 0x30-0x39 or 0x40-0xFE), so DuckDB splits a GB18030 file read as latin-1 exactly as the
decoded text; only the few distinct non-ASCII cells (names, units) are then decoded, in
Python. This spares decoding whole files in Python, which took longer than DuckDB's read.
DuckDB's latin-1 refuses bytes 0x80-0x9F, which characters outside GB2312 use: such a file is
decoded whole in Python first.

The table keeps the files' order, so a file's rows are a run of rowids: rowid less the file's
first rowid, plus one, numbers the rows the reader accepted.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.lib.periods import future_month_reason
from pipelines.lib.sources.customs.file import FileRejected
from pipelines.lib.text_encoding import EncodingError, transcode_to_utf8


@dataclass
class ReadFile:
    """What reading one file left in its table."""

    path: Path
    table: str
    file_index: int  # the file's place in the read's list (the table's file_index column)
    columns: tuple[str, ...]  # the roles its header has
    reencoded: bool  # GB18030 cells read as latin-1, decoded through ``texts``
    first_rowid: int
    accepted: int  # rows the reader accepted (and that are kept)
    rejected: list[tuple[int, str, str]]  # (data row, reason, line) refused in reading, as text
    texts: dict[str, dict[str, str]]  # role -> {cell read as latin-1: its GB18030 text}


def read_files(
    con: duckdb.DuckDBPyConnection,
    tables: list[str],
    paths: list[Path],
    columns: tuple[str, ...],
    gb18030: bool,
    scratch_dir: Path,
    today: dt.date,
) -> tuple[list[ReadFile], dict[Path, str]]:
    """Read files sharing ``columns`` into temp tables named from ``tables`` (one name a file
    at most); return what was read, and the files refused with the reason. A row whose period
    is a month after ``today`` (the build's date) is refused with its row number."""
    encoding = "latin-1" if gb18030 else "utf-8"
    if len(paths) > 1:
        try:
            _read_csv(con, tables[0], {path.as_posix(): path for path in paths}, columns, encoding)
            return _files_read(con, tables[0], paths, columns, gb18030, {}, today)
        except (FileRejected, _NotLatin1):
            con.execute(f"drop table if exists {tables[0]}")
    read: list[ReadFile] = []
    refused: dict[Path, str] = {}
    for table, path in zip(tables, paths, strict=False):
        try:
            found, failed = _read_one(con, table, path, columns, gb18030, scratch_dir, today)
        except (FileRejected, EncodingError) as exc:
            con.execute(f"drop table if exists {table}")
            refused[path] = str(exc)
            continue
        read += found
        refused |= failed
    return read, refused


def _read_one(con, table, path, columns, gb18030, scratch_dir, today):
    if not gb18030:
        _read_csv(con, table, {path.as_posix(): path}, columns, "utf-8")
        return _files_read(con, table, [path], columns, False, {}, today)
    try:
        _read_csv(con, table, {path.as_posix(): path}, columns, "latin-1")
        return _files_read(con, table, [path], columns, True, {}, today)
    except _NotLatin1:
        with tempfile.TemporaryDirectory(dir=scratch_dir, prefix="autoexport-") as tmp:
            utf8 = Path(tmp) / "utf8.csv"
            transcode_to_utf8(path, utf8, "gb18030")
            _read_csv(con, table, {utf8.as_posix(): path}, columns, "utf-8")
            return _files_read(con, table, [path], columns, False, {utf8.as_posix(): path}, today)


class _NotLatin1(Exception):
    """DuckDB's latin-1 reader refused a byte (0x80-0x9F)."""


def _read_csv(
    con: duckdb.DuckDBPyConnection,
    table: str,
    files: dict[str, Path],
    columns: tuple[str, ...],
    encoding: str,
) -> None:
    """Read the files into ``table`` as text, and rows the reader cannot split into csv_rejects.

    DuckDB's reader takes a line with one field more than the columns, an empty last one, for a
    line ending in a delimiter and drops that field: a row whose cells shifted right by one
    would load its figures a column off. So one column more than the header is read (_overflow,
    NULL unless the line has a field too many), short lines are padded with NULL, and empty
    fields read as '' (nullstr: a byte no download has), so a padded cell (NULL) tells a short
    line from an empty field. _short_or_long_rows refuses both; '' becomes NULL on insert.
    """
    types = {role: "VARCHAR" for role in (*columns, "_overflow")}
    con.execute("drop table if exists temp.csv_rejects")
    con.execute("drop table if exists temp.csv_reject_scans")
    try:
        con.execute(
            # no row_number() here: a window over the read costs a third of it
            f"create or replace temp table {table.removeprefix('temp.')} as "
            # file_index, not filename: a long name on each of 10M rows costs memory and time
            "select file_index, * from read_csv(?::varchar[], columns = ?, "
            "header = true, delim = ',', quote = '\"', escape = '\"', auto_detect = false, "
            "null_padding = true, nullstr = '\x01', encoding = ?, store_rejects = true, "
            "rejects_table = 'csv_rejects', rejects_scan = 'csv_reject_scans')",
            [list(files), types, encoding],
        )
    except duckdb.Error as exc:  # the reader gave up on a file as a whole
        if encoding == "latin-1" and "not latin-1 encoded" in str(exc):
            raise _NotLatin1 from exc
        raise FileRejected(f"not readable as CSV: {exc}") from exc


def _files_read(
    con: duckdb.DuckDBPyConnection,
    table: str,
    paths: list[Path],
    columns: tuple[str, ...],
    reencoded: bool,
    renamed: dict[str, Path],
    today: dt.date,
) -> tuple[list[ReadFile], dict[Path, str]]:
    """Each file's run of rowids, refused rows and decoded cells; files failing to decode."""
    path_of = {path.as_posix(): path for path in paths} | renamed
    spans = _spans(con, table, paths)
    rejected = {
        path: [(row, f"row not readable as CSV: {reason}", raw) for row, reason, raw in rows]
        for path, rows in _rejected_rows(con, path_of).items()
    }
    # rows the reader accepted that must not load: taken out of the table, refused by number
    taken: dict[Path, list[tuple[int, int, str, str]]] = {}  # (rowid, data row, reason, line)
    _add(taken, _short_or_long_rows(con, table, columns, paths, spans, rejected))
    if "period" in columns:
        _add(taken, _future_rows(con, table, columns, paths, spans, rejected, today))
    if taken:
        _take_out(con, table, [rowid for rows in taken.values() for rowid, *_ in rows])
        spans = _spans(con, table, paths)
        for path, rows in taken.items():
            rejected[path] = sorted(rejected.get(path, []) + [tuple(r[1:]) for r in rows])
    cells = _non_ascii_cells(con, table, columns) if reencoded else {}
    read, refused = [], {}
    for index, path in enumerate(paths):
        first, count = spans.get(index, (0, 0))
        try:
            refusals = _as_text(rejected.get(path, []), reencoded)
            texts = _decode(con, table, index, cells.get(index, []), refusals)
        except EncodingError as exc:
            refused[path] = str(exc)
            continue
        read.append(ReadFile(path, table, index, columns, reencoded, first, count, refusals, texts))
    return read, refused


def _spans(con, table: str, paths: list[Path]) -> dict[int, tuple[int, int]]:
    """file_index -> (first rowid, row count) of each file's rows in ``table``."""
    spans = {}
    for index, first, last, count in con.execute(
        f"select file_index, min(rowid), max(rowid), count(*) from {table} group by file_index"
    ).fetchall():
        # row numbers rest on a file's rows being one run of rowids: make sure they are
        if last - first + 1 != count:
            raise RuntimeError(f"rows of {paths[index]} are not one run of rowids in {table}")
        spans[index] = (first, count)
    return spans


def _as_line(fields: list[str]) -> str:
    """Cells as the platform writes a line: each quoted, but a last empty field (the trailing
    comma's) bare."""
    cells = ['"' + field.replace('"', '""') + '"' for field in fields]
    if fields and fields[-1] == "":
        cells[-1] = ""
    return ",".join(cells)


def _add(taken: dict[Path, list], found: dict[Path, list]) -> None:
    """Add refusals (rowid first); a row refused already keeps its first reason."""
    seen = {row[0] for rows in taken.values() for row in rows}
    for path, rows in found.items():
        taken.setdefault(path, []).extend(row for row in rows if row[0] not in seen)


def _take_out(con: duckdb.DuckDBPyConnection, table: str, rowids: list[int]) -> None:
    """Remove rows from ``table``; the rest keep their order, so each file's rows stay one
    run of rowids."""
    con.execute(
        f"create or replace temp table {table.removeprefix('temp.')} as select * from {table} "
        "where rowid not in (select unnest(?::bigint[])) order by rowid",
        [rowids],
    )


def _data_row_of(rowid: int, span: tuple[int, int], refused: list) -> int:
    """The data row of an accepted row, counting the rows the reader refused before it."""
    return _data_row(rowid - span[0] + 1, [number for number, _, _ in refused])


def _future_rows(
    con: duckdb.DuckDBPyConnection,
    table: str,
    columns: tuple[str, ...],
    paths: list[Path],
    spans: dict[int, tuple[int, int]],
    rejected: dict[Path, list[tuple[int, str, str]]],
    today: dt.date,
) -> dict[Path, list[tuple[int, int, str, str]]]:
    """Rows whose period is a month after ``today`` (the build's date): such a month cannot
    have data, so they must never load. (rowid, data row, reason, line) by file."""
    cells = [role for role in columns if role != "_trailing"]
    # identifiers: the table from the batch, roles from the header's fixed list
    found = con.execute(
        f"select file_index, rowid, month, {', '.join(cells)} from {table}, "
        "lateral (select try_strptime(trim(period), '%Y%m')::date as month) "
        "where month > ? order by rowid",
        [today],
    ).fetchall()
    future: dict[Path, list[tuple[int, int, str, str]]] = {}
    for index, rowid, month, *values in found:
        path = paths[index]
        row = _data_row_of(rowid, spans[index], rejected.get(path, []))
        line = _as_line(["" if value is None else value for value in values])
        future.setdefault(path, []).append((rowid, row, future_month_reason(month, today), line))
    return future


def _short_or_long_rows(
    con: duckdb.DuckDBPyConnection,
    table: str,
    columns: tuple[str, ...],
    paths: list[Path],
    spans: dict[int, tuple[int, int]],
    rejected: dict[Path, list[tuple[int, str, str]]],
) -> dict[Path, list[tuple[int, int, str, str]]]:
    """Rows with fewer fields than the header (their last cell padded, NULL) or more (a value
    in _overflow): (rowid, data row, reason, line) by file."""
    last = columns[-1]
    # identifiers: the table from the batch, roles from the header's fixed list
    found = con.execute(
        f"select file_index, rowid, {', '.join((*columns, '_overflow'))} from {table} "
        f"where {last} is null or _overflow is not null order by rowid"
    ).fetchall()
    rows: dict[Path, list[tuple[int, int, str, str]]] = {}
    for index, rowid, *values in found:
        path = paths[index]
        fields = [value for value in values if value is not None]
        if values[-1] is not None:  # staging's words for a field in _trailing
            reason = "more fields than the header"
        else:
            reason = f"row not readable as CSV: {len(fields)} fields, the header has {len(columns)}"
        row = _data_row_of(rowid, spans[index], rejected.get(path, []))
        rows.setdefault(path, []).append((rowid, row, reason, _as_line(fields)))
    return rows


def _rejected_rows(
    con: duckdb.DuckDBPyConnection, path_of: dict[str, Path]
) -> dict[Path, list[tuple[int, str, str]]]:
    """(data row, reason, line) of the rows the reader refused, by file, as read."""
    rows = con.execute(
        "select scans.file_path, rejects.line - 1 as row_number, "
        "string_agg(distinct rejects.error_message, '; ') as reason, "
        "any_value(trim(rejects.csv_line, chr(10) || chr(13))) as raw "
        "from temp.csv_rejects as rejects inner join temp.csv_reject_scans as scans "
        "on rejects.scan_id = scans.scan_id and rejects.file_id = scans.file_id "
        "group by scans.file_path, rejects.line order by scans.file_path, rejects.line"
    ).fetchall()
    by_file: dict[Path, list[tuple[int, str, str]]] = {}
    for name, row, reason, raw in rows:
        by_file.setdefault(path_of[name], []).append((row, reason, raw))
    return by_file


def _as_text(rejected: list[tuple[int, str, str]], reencoded: bool) -> list[tuple[int, str, str]]:
    """Refusals read as latin-1 back to their GB18030 text."""
    if not reencoded:
        return rejected
    return [
        (row, _gb18030(reason, row, strict=False), _gb18030(raw, row))
        for row, reason, raw in rejected
    ]


def _non_ascii_cells(
    con: duckdb.DuckDBPyConnection, table: str, columns: tuple[str, ...]
) -> dict[int, list[tuple[str, str]]]:
    """file_index -> its distinct (role, cell) whose cell is not ASCII, as read (latin-1)."""
    # identifiers: the table from the batch, roles from the header's fixed list
    # a latin-1 character above 0x7F takes two bytes: byte length differs from length
    found = con.execute(
        " union all ".join(
            f"select distinct file_index, '{role}' as role, {role} as latin from {table} "
            f"where strlen({role}) <> length({role})"
            for role in columns
        )
    ).fetchall()
    cells: dict[int, list[tuple[str, str]]] = {}
    for index, role, latin in found:
        cells.setdefault(index, []).append((role, latin))
    return cells


def _decode(
    con: duckdb.DuckDBPyConnection,
    table: str,
    file_index: int,
    cells: list[tuple[str, str]],
    rejected: list[tuple[int, str, str]],
) -> dict[str, dict[str, str]]:
    """role -> {cell as read: GB18030 text}; a cell that is not GB18030 names its first row."""
    texts: dict[str, dict[str, str]] = {}
    for role, latin in cells:
        try:
            texts.setdefault(role, {})[latin] = latin.encode("latin-1").decode("gb18030")
        except UnicodeDecodeError as exc:
            (accepted_no,) = con.execute(
                f"select min(rowid) filter (where {role} = ?) - min(rowid) + 1 "
                f"from {table} where file_index = ?",
                [latin, file_index],
            ).fetchone()
            row = _data_row(accepted_no, [row for row, _, _ in rejected])
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
