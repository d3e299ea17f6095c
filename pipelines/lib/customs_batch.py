"""Customs rows read file by file, then written to raw.customs_rows one batch a transaction.

A real download holds at most 10,000 rows, and years of them are thousands of files. Writing
each file in its own transaction cost more in commits than in reading: a commit of fewer rows
than a DuckDB row group goes through the WAL and a checkpoint. So each file is read into a
temp table of its own (in memory and outside any transaction, so a read DuckDB refuses costs
nothing else; a table made by the read is twice as fast as appending to one), and one
transaction a batch writes their rows, refusals and audit rows together.

Row numbers come from the temp tables' rowids, which follow the file's order (rows the reader
refused keep their slots through ``temp.pending_row_slots``). Cells of a GB18030 file read as
latin-1 are replaced by their text from a map the loader made for the file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb

from pipelines.lib.customs_file import PLATFORM_ROW_CAP, CustomsFileProfile
from pipelines.lib.customs_header import RAW_ROLES
from pipelines.lib.load_audit import FileOutcome, quarantine_rows, record_load

# Rows held in memory before a batch is written (about 250 MB of text at 1M rows).
BATCH_ROWS = 1_000_000
_COLUMNS = (*RAW_ROLES, "_trailing")  # every column a file can have, by role


@dataclass
class StagedFile:
    source_file: str
    sha256: str
    flow: str
    profile: CustomsFileProfile
    reencoded: bool  # GB18030 cells read as latin-1, to decode
    table: str  # the temp table holding its rows, from pending_table()
    accepted: int  # rows the reader accepted
    rejected: list[tuple[int, str, str]]  # (data row, reason, line) the reader refused, decoded
    texts: dict[str, dict[str, str]]  # role -> {cell read as latin-1: its GB18030 text}

    @property
    def rows_in(self) -> int:
        return self.accepted + len(self.rejected)


@dataclass
class CustomsBatch:
    """The files staged since the last write; ``write`` lands them and returns outcomes."""

    con: duckdb.DuckDBPyConnection
    loaded_at: dt.datetime
    files: list[StagedFile] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(staged.accepted for staged in self.files)

    @property
    def full(self) -> bool:
        return self.rows >= BATCH_ROWS

    def staged_sha256(self) -> dict[str, str]:
        """sha256 -> source file of the staged files: a copy of one is a duplicate too."""
        return {staged.sha256: staged.source_file for staged in self.files}

    def pending_table(self) -> str:
        """A name for the next file's temp table: made here, never from input."""
        return f"temp.pending_rows_{len(self.files)}"

    def add(self, staged: StagedFile) -> None:
        if staged.rejected:
            # accepted rows in order take the data-row slots the refused rows left free
            self.con.execute(
                "create temp table if not exists pending_row_slots "
                "(sha256 varchar, accepted_no bigint, row_number bigint)"
            )
            self.con.execute(
                "insert into temp.pending_row_slots "
                "select ?, row_number() over (order by i), i from range(1, ? + 1) as slots(i) "
                "where i not in (select unnest(?::bigint[]))",
                [staged.sha256, staged.rows_in, [row for row, _, _ in staged.rejected]],
            )
        self.files.append(staged)

    def write(self) -> list[FileOutcome]:
        """Write the batch's rows and audit rows in one transaction."""
        if not self.files:
            return []
        texts = self._texts()
        kept = self.files
        self.con.begin()
        try:
            if kept:
                self._insert_rows(kept, texts)
            outcomes = [self._record(staged, seq) for staged, seq in self._load_seqs(kept)]
            self.con.commit()
        except BaseException:
            self.con.rollback()
            raise
        for staged in self.files:
            self.con.execute(f"drop table {staged.table}")
        self.con.execute("drop table if exists temp.pending_row_slots")
        self.files = []
        return outcomes

    def _texts(self) -> dict[str, tuple[list[str], list[str]]]:
        """Each column's non-ASCII cells as read (latin-1) and as text, over the batch's files."""
        merged: dict[str, dict[str, str]] = {}
        for staged in self.files:
            for role, texts in staged.texts.items():
                merged.setdefault(role, {}).update(texts)
        return {role: (list(texts), list(texts.values())) for role, texts in merged.items()}

    def _rows(self, files: list[StagedFile]) -> str:
        """SQL of the files' pending rows, every column present, with accepted_no."""
        # identifiers: table names from pending_table(), roles from fixed lists
        return " union all ".join(
            "select ?::varchar as sha256, ?::boolean as reencoded, rowid + 1 as accepted_no, "
            + ", ".join(
                name if name in staged.profile.header.columns else f"null::varchar as {name}"
                for name in _COLUMNS
            )
            + f" from {staged.table}"
            for staged in files
        )

    @staticmethod
    def _row_params(files: list[StagedFile]) -> list:
        return [value for staged in files for value in (staged.sha256, staged.reencoded)]

    def _insert_rows(self, kept: list[StagedFile], texts: dict) -> None:
        # identifiers come from fixed lists (roles, pending_table()); values are bound
        cells = [
            f"coalesce(text_{role}.text, rows_.{role})" if role in texts else f"rows_.{role}"
            for role in _COLUMNS
        ]
        joins = "".join(
            " left join (select unnest(?::varchar[]) as latin, unnest(?::varchar[]) as text) "
            f"as text_{role} on rows_.reencoded and rows_.{role} = text_{role}.latin"
            for role in texts
        )
        self.con.execute(
            "create temp table if not exists pending_row_slots "
            "(sha256 varchar, accepted_no bigint, row_number bigint)"
        )
        params = self._row_params(kept)
        for latin, text in texts.values():
            params += [latin, text]
        self.con.execute(
            "insert into raw.customs_rows select rows_.sha256, "
            "coalesce(slots.row_number, rows_.accepted_no), "
            f"{', '.join(cells)} from ({self._rows(kept)}) as rows_{joins} "
            "left join temp.pending_row_slots as slots on rows_.sha256 = slots.sha256 "
            "and rows_.accepted_no = slots.accepted_no",
            params,
        )

    def _load_seqs(self, kept: list[StagedFile]) -> list[tuple[StagedFile, int]]:
        """Load order numbers, in landing order: a later file is the later revision."""
        last = self.con.execute(
            "select coalesce(max(load_seq), 0) from raw.customs_files"
        ).fetchone()[0]
        return [(staged, last + index) for index, staged in enumerate(kept, start=1)]

    def _record(self, staged: StagedFile, load_seq: int) -> FileOutcome:
        quarantine_rows(
            self.con,
            [
                (staged.source_file, staged.sha256, row, f"row not readable as CSV: {reason}",
                 raw, self.loaded_at)
                for row, reason, raw in staged.rejected
            ],
        )  # fmt: skip
        rows_in, rejected = staged.rows_in, len(staged.rejected)
        truncated = rows_in == PLATFORM_ROW_CAP
        warning = (
            f"exactly {PLATFORM_ROW_CAP:,} data rows: the query platform caps downloads there, "
            "so this file was probably cut; split the query"
            if truncated
            else None
        )
        header = staged.profile.header
        self.con.execute(
            "insert into raw.customs_files values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                staged.source_file,
                staged.sha256,
                staged.flow,
                header.currency,
                header.language,
                staged.profile.encoding,
                header.breakdown,
                header.dimension_count,
                staged.profile.file_period,
                rows_in,
                truncated,
                load_seq,
                self.loaded_at,
            ],
        )
        status = "loaded_with_quarantine" if rejected else "loaded"
        loaded = rows_in - rejected
        record_load(
            self.con, staged.source_file, staged.sha256, staged.flow, rows_in, loaded, rejected,
            status, warning, self.loaded_at,
        )  # fmt: skip
        return FileOutcome(staged.source_file, status, rows_in, loaded, rejected, warning)
