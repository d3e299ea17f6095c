"""Customs downloads gathered into batches: read together, written in one transaction.

A real download holds at most 10,000 rows, and years of them are thousands of files. Loading
each file in its own transaction cost more in commits than in reading: a commit of fewer rows
than a DuckDB row group goes through the WAL and a checkpoint. So a batch (about 1M rows) is
read into temp tables (in memory and outside any transaction, so a read DuckDB refuses costs
nothing else: see customs_read), and one transaction writes its rows, refusals and audit rows.
Rows the reader refused keep their data-row slots through ``temp.pending_row_slots``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipelines.lib.load_audit import (
    FileOutcome,
    Twin,
    quarantine_file,
    quarantine_rows,
    record_load,
)
from pipelines.lib.periods import build_date
from pipelines.lib.sources.customs.file import PLATFORM_ROW_CAP, CustomsFileProfile
from pipelines.lib.sources.customs.header import RAW_ROLES
from pipelines.lib.sources.customs.read import ReadFile, read_files

# A batch is read once its files reach this size (about 1M generated rows; 250 MB in memory).
BATCH_BYTES = 128 * 2**20
_COLUMNS = (*RAW_ROLES, "_trailing")  # every column a file can have, by role


@dataclass(frozen=True)
class Candidate:
    """A new download, inspected, waiting for its batch."""

    path: Path
    source_file: str
    sha256: str
    flow: str
    profile: CustomsFileProfile


@dataclass
class CustomsBatch:
    con: duckdb.DuckDBPyConnection
    loaded_at: dt.datetime
    scratch_dir: Path
    files: list[Candidate] = field(default_factory=list)
    size: int = 0  # bytes of the batch's files

    @property
    def full(self) -> bool:
        return self.size >= BATCH_BYTES

    def staged_twins(self) -> dict[str, Twin]:
        """sha256 -> (source file, month from its name) of the batch's files: a copy of one is
        a duplicate too."""
        return {file.sha256: (file.source_file, file.profile.file_period) for file in self.files}

    def add(self, candidate: Candidate) -> None:
        self.files.append(candidate)
        self.size += candidate.path.stat().st_size

    def write(self) -> list[FileOutcome]:
        """Read the batch's files, then write their rows and audit rows in one transaction."""
        if not self.files:
            return []
        read, refused = self._read()
        by_path = {file.path: file for file in self.files}
        self.con.begin()
        try:
            if read:
                self._insert_rows(read, by_path)
            outcomes = [
                self._record(by_path[file.path], file, seq) for file, seq in self._load_seqs(read)
            ]
            self.con.commit()
        except BaseException:
            self.con.rollback()
            raise
        for path, reason in refused.items():
            file = by_path[path]
            reason = quarantine_file(
                self.con, file.source_file, file.sha256, file.flow, reason, self.loaded_at
            )
            outcomes.append(FileOutcome(file.source_file, "quarantined", warning=reason))
        for table in {file.table for file in read}:
            self.con.execute(f"drop table {table}")
        self.con.execute("drop table if exists temp.pending_row_slots")
        self.files, self.size = [], 0
        return outcomes

    def _read(self) -> tuple[list[ReadFile], dict[Path, str]]:
        """Read files of one layout and encoding together, in landing order within a layout."""
        groups: dict[tuple, list[Candidate]] = {}
        for file in self.files:
            key = (file.profile.header.columns, file.profile.encoding == "gb18030")
            groups.setdefault(key, []).append(file)
        read: list[ReadFile] = []
        refused: dict[Path, str] = {}
        names = iter(f"temp.pending_rows_{index}" for index in range(len(self.files)))
        for (columns, gb18030), files in groups.items():
            tables = [next(names) for _ in files]  # made here, never from input
            found, failed = read_files(
                self.con, tables, [f.path for f in files], columns, gb18030, self.scratch_dir,
                build_date(self.loaded_at),
            )  # fmt: skip
            read += found
            refused |= failed
        order = {file.path: index for index, file in enumerate(self.files)}
        return sorted(read, key=lambda file: order[file.path]), refused

    def _insert_rows(self, read: list[ReadFile], by_path: dict[Path, Candidate]) -> None:
        self.con.execute(
            "create or replace temp table pending_row_slots "
            "(sha256 varchar, accepted_no bigint, row_number bigint)"
        )
        for file in read:
            if file.rejected:
                # accepted rows in order take the data-row slots the refused rows left free
                self.con.execute(
                    "insert into temp.pending_row_slots "
                    "select ?, row_number() over (order by i), i "
                    "from range(1, ? + 1) as slots(i) where i not in (select unnest(?::bigint[]))",
                    [
                        by_path[file.path].sha256,
                        file.accepted + len(file.rejected),
                        [row for row, _, _ in file.rejected],
                    ],
                )
        texts = _merged_texts(read)
        # identifiers come from fixed lists (roles, table names made in _read); values are bound
        cells = [
            f"coalesce(text_{role}.text, rows_.{role})" if role in texts else f"rows_.{role}"
            for role in _COLUMNS
        ]
        joins = "".join(
            " left join (select unnest(?::varchar[]) as latin, unnest(?::varchar[]) as text) "
            f"as text_{role} on rows_.reencoded and rows_.{role} = text_{role}.latin"
            for role in texts
        )
        tables: dict[str, list[ReadFile]] = {}
        for file in read:
            tables.setdefault(file.table, []).append(file)
        params: list = []
        for files in tables.values():
            params += [
                [file.file_index for file in files],
                [by_path[file.path].sha256 for file in files],
                [file.first_rowid for file in files],
                [file.reencoded for file in files],
            ]
        for latin, text in texts.values():
            params += [latin, text]
        self.con.execute(
            "insert into raw.customs_rows select rows_.sha256, "
            "coalesce(slots.row_number, rows_.accepted_no), "
            f"{', '.join(cells)} from ({_rows(tables)}) as rows_{joins} "
            "left join temp.pending_row_slots as slots on rows_.sha256 = slots.sha256 "
            "and rows_.accepted_no = slots.accepted_no",
            params,
        )

    def _load_seqs(self, read: list[ReadFile]) -> list[tuple[ReadFile, int]]:
        """Load order numbers, in landing order: a later file is the later revision."""
        last = self.con.execute(
            "select coalesce(max(load_seq), 0) from raw.customs_files"
        ).fetchone()[0]
        return [(file, last + index) for index, file in enumerate(read, start=1)]

    def _record(self, file: Candidate, read: ReadFile, load_seq: int) -> FileOutcome:
        quarantine_rows(
            self.con,
            [
                (file.source_file, file.sha256, row, reason, raw, self.loaded_at)
                for row, reason, raw in read.rejected
            ],
        )  # fmt: skip
        rejected = len(read.rejected)
        rows_in = read.accepted + rejected
        truncated = rows_in == PLATFORM_ROW_CAP
        warning = (
            f"exactly {PLATFORM_ROW_CAP:,} data rows: the query platform caps downloads there, "
            "so this file was probably cut; split the query"
            if truncated
            else None
        )
        header = file.profile.header
        self.con.execute(
            "insert into raw.customs_files values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                file.source_file,
                file.sha256,
                file.flow,
                header.currency,
                header.language,
                file.profile.encoding,
                header.breakdown,
                header.dimension_count,
                file.profile.file_period,
                rows_in,
                truncated,
                load_seq,
                self.loaded_at,
            ],
        )
        status = "loaded_with_quarantine" if rejected else "loaded"
        loaded = rows_in - rejected
        record_load(
            self.con, file.source_file, file.sha256, file.flow, rows_in, loaded, rejected,
            status, warning, self.loaded_at,
        )  # fmt: skip
        return FileOutcome(file.source_file, status, rows_in, loaded, rejected, warning)


def _merged_texts(read: list[ReadFile]) -> dict[str, tuple[list[str], list[str]]]:
    """Each column's non-ASCII cells as read (latin-1) and as text, over the batch's files."""
    merged: dict[str, dict[str, str]] = {}
    for file in read:
        for role, texts in file.texts.items():
            merged.setdefault(role, {}).update(texts)
    return {role: (list(texts), list(texts.values())) for role, texts in merged.items()}


def _rows(tables: dict[str, list[ReadFile]]) -> str:
    """SQL of the read rows of ``tables``, every column present, numbered within their file.

    A file refused after its read (bad GB18030) is in no list, so its rows drop out here.
    """
    selects = []
    for table, files in tables.items():
        present = files[0].columns
        # the reader read empty fields as '' (customs_read): raw keeps them as NULL
        cells = ", ".join(
            f"nullif(read_.{name}, '') as {name}" if name in present else f"null::varchar as {name}"
            for name in _COLUMNS
        )
        selects.append(
            "select files.sha256, files.reencoded, "
            f"read_.rowid - files.first_rowid + 1 as accepted_no, {cells} from {table} as read_ "
            "inner join (select unnest(?::bigint[]) as file_index, unnest(?::varchar[]) as sha256, "
            "unnest(?::bigint[]) as first_rowid, unnest(?::boolean[]) as reencoded) as files "
            "on read_.file_index = files.file_index"
        )
    return " union all ".join(selects)
