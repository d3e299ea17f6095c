"""Load GACC release tables from landing/customs/releases into raw.release_files / _rows.

Each file is parsed whole in Python (they are a few kilobytes). A table that cannot be read with
certainty is quarantined as a whole; a row whose cells are not numbers, or whose label is
unknown, is quarantined alone and the table's other rows load. Files already in audit.loads
with the same path and content are skipped, so a second build loads nothing. Every loaded file
is a vintage: load_seq orders them (modification time, then path, within one build).
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
    Window,
    Written,
    for_window,
    irregular_reason,
    landing_entries,
    load_each,
    load_file,
    oldest_first,
)
from pipelines.lib.periods import build_date, future_month_reason
from pipelines.lib.sources.releases.bulletin import parse_release_bulletin
from pipelines.lib.sources.releases.html import parse_release_html
from pipelines.lib.sources.releases.table import FIGURES, ReleaseTable, TableRejected, clean_text

# release tables are national export totals
_FLOW = "export"
RELEASES_FOLDER = "customs/releases"
FILES_TABLE = FilesTable("raw.release_files", "period")
RELEASE_PARSERS = {
    ".html": parse_release_html,
    ".htm": parse_release_html,
    ".xls": parse_release_bulletin,
    ".xlsx": parse_release_bulletin,
}


def release_files(landing: Path) -> list[Path]:
    """Tables oldest first; links and directories with a table's suffix are listed too: the
    loader refuses them by name."""
    return oldest_first(landing_entries(landing / RELEASES_FOLDER, "*", RELEASE_PARSERS))


def load_release_landing(
    con: duckdb.DuckDBPyConnection,
    landing: Path,
    loaded_at: dt.datetime,
    on_file: Callable[[FileOutcome], None] | None = None,
    window: Window = None,
) -> list[FileOutcome]:
    """Load every new table, or with ``window`` those reporting its months (a partition run)."""
    today = build_date(loaded_at)
    return load_each(
        for_window(release_files(landing), lambda path: release_months(path, today), window),
        lambda path: load_release_file(con, landing, path, loaded_at),
        on_file,
    )


def load_release_file(
    con: duckdb.DuckDBPyConnection, landing: Path, path: Path, loaded_at: dt.datetime
) -> FileOutcome:
    today = build_date(loaded_at)

    def parse(path: Path) -> ReleaseTable:
        try:
            table = RELEASE_PARSERS[path.suffix.lower()](path)
            if reason := future_month_reason(table.period, today):
                raise TableRejected(reason)
        except TableRejected as exc:
            raise FileRefused(f"release table not loaded: {exc}") from exc
        return table

    def write(con, source_file: str, sha256: str, table: ReleaseTable) -> Written:
        modified = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC).replace(tzinfo=None)
        _insert_table(con, source_file, sha256, table, loaded_at, build_date(modified))
        rejected = [(r.row_number, r.problem, r.raw) for r in table.rows if r.problem]
        return Written(len(table.rows), len(table.rows) - len(rejected), rejected)

    return load_file(
        con, landing, path, loaded_at, parse, write, FILES_TABLE, _FLOW, month_of=_period_of
    )


def _insert_table(
    con, source_file, sha256, table: ReleaseTable, loaded_at, file_modified_on: dt.date
) -> None:
    load_seq = con.execute(
        "select coalesce(max(load_seq), 0) + 1 from raw.release_files"
    ).fetchone()[0]
    con.execute(
        "insert into raw.release_files values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            source_file,
            sha256,
            table.fmt,
            table.language,
            table.title,
            table.period,
            table.first_month,
            table.currency,
            table.value_unit,
            table.value_scale,
            table.has_month_cells,
            table.has_ytd_cells,
            table.change_basis,
            load_seq,
            loaded_at,
            table.published_on,
            file_modified_on,
        ],
    )
    loadable = [row for row in table.rows if not row.problem]
    if not loadable:
        return
    con.executemany(
        "insert into raw.release_rows values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                sha256,
                row.row_number,
                row.label,
                row.product,
                row.is_aggregate,
                row.indent,
                row.unit_label,
                row.quantity_unit,
                row.quantity_scale,
                # figures as the parser read them (NFKC: full-width digits are digits), so
                # staging's cast reads the number the parser judged
                *(_figure_text(row.cells[name]) for name in FIGURES),
            )
            for row in loadable
        ],
    )


def _figure_text(cell: str | None) -> str | None:
    return None if cell is None else clean_text(cell)


def _period_of(path: Path) -> dt.date | None:
    """The month a table reports (its title's, else its name's); None when it names none."""
    try:
        return RELEASE_PARSERS[path.suffix.lower()](path).period
    except TableRejected:
        return None


def release_months(path: Path, today: dt.date | None = None) -> frozenset[dt.date]:
    """The month a release table reports; empty when it would be refused whole (also when
    that month is after ``today``, the build's date, by default today in Beijing)."""
    if irregular_reason(path):
        return frozenset()
    try:
        table = RELEASE_PARSERS[path.suffix.lower()](path)
    except TableRejected:
        return frozenset()
    if future_month_reason(table.period, today or build_date()):
        return frozenset()
    return frozenset({table.period.replace(day=1)})
