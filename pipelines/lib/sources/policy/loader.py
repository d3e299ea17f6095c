"""Load landing/policy/ into raw.policy_files, raw.policy_documents and raw.policy_measures.

Pages (*.html, *.htm) and registries (*.json, *.yaml, *.yml) are parsed in Python; each file is
recorded in audit.loads. A file already loaded with the same content is skipped; the same
content under another name loads once (status 'duplicate'); a refused file or registry entry
goes to audit.quarantine with its reason, and the file's good entries still load.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import duckdb

from pipelines.lib.load_audit import (
    FileOutcome,
    FileRefused,
    FilesTable,
    Written,
    landing_entries,
    load_each,
    load_file,
    oldest_first,
)
from pipelines.lib.sources.policy.html import parse_policy_page
from pipelines.lib.sources.policy.model import ParsedPolicyFile, PolicyFileRejected
from pipelines.lib.sources.policy.registry import parse_registry

POLICY_FOLDER = "policy"
FILES_TABLE = FilesTable("raw.policy_files")
FORMAT_BY_SUFFIX = {
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".yaml": "yaml",
    ".yml": "yaml",
}


def policy_files(landing: Path) -> list[Path]:
    """Pages and registries under landing/policy/, oldest first (a later file is the newer).
    Links and directories with such a suffix are listed too: the loader refuses them by name."""
    return oldest_first(landing_entries(landing / POLICY_FOLDER, "**/*", FORMAT_BY_SUFFIX))


def parse_policy_file(path: Path) -> ParsedPolicyFile:
    data = path.read_bytes()
    file_format = FORMAT_BY_SUFFIX[path.suffix.lower()]
    if file_format == "html":
        return parse_policy_page(data)
    return parse_registry(data, file_format)


def load_policy_landing(
    con: duckdb.DuckDBPyConnection,
    landing: Path,
    loaded_at: dt.datetime,
    on_file: Callable[[FileOutcome], None] | None = None,
) -> list[FileOutcome]:
    return load_each(
        policy_files(landing), lambda path: load_policy_file(con, landing, path, loaded_at), on_file
    )


def load_policy_file(
    con: duckdb.DuckDBPyConnection, landing: Path, path: Path, loaded_at: dt.datetime
) -> FileOutcome:
    """One page or registry; its rows are documents (a registry's refused entries are rows)."""

    def parse(path: Path) -> ParsedPolicyFile:
        try:
            return parse_policy_file(path)
        except PolicyFileRejected as exc:
            raise FileRefused(str(exc)) from exc

    def write(con, source_file: str, sha256: str, parsed: ParsedPolicyFile) -> Written:
        _insert_parsed(con, source_file, sha256, parsed, loaded_at)
        rows_in = len(parsed.documents) + len(parsed.rejected)
        rejected = [(r.row_number, r.reason, r.raw) for r in parsed.rejected]
        return Written(rows_in, len(parsed.documents), rejected, "; ".join(parsed.warnings) or None)

    return load_file(con, landing, path, loaded_at, parse, write, FILES_TABLE)


def _insert_parsed(con, source_file, sha256, parsed: ParsedPolicyFile, loaded_at) -> None:
    load_seq = con.execute("select coalesce(max(load_seq), 0) + 1 from raw.policy_files").fetchone()
    con.execute(
        "insert into raw.policy_files values (?, ?, ?, ?, ?, ?, ?)",
        [
            source_file,
            sha256,
            parsed.format,
            parsed.encoding,
            len(parsed.documents),
            load_seq[0],
            loaded_at,
        ],
    )
    for doc_seq, doc in enumerate(parsed.documents, start=1):
        con.execute(
            "insert into raw.policy_documents values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                sha256,
                doc_seq,
                doc.policy_key,
                doc.jurisdiction_code,
                doc.jurisdiction_level,
                doc.title,
                doc.issuer,
                doc.doc_number,
                doc.index_no,
                doc.topic,
                doc.written_on,
                doc.published_on,
                doc.has_metadata,
                doc.note,
            ],
        )
        if doc.measures:
            con.executemany(
                "insert into raw.policy_measures values (?, ?, ?, ?, ?, ?, ?)",
                [
                    (sha256, doc_seq, seq, m.measure_no, m.section_no, m.section_title, m.text)
                    for seq, m in enumerate(doc.measures, start=1)
                ],
            )
