"""Load GACC query downloads from the landing folder into raw.customs_rows.

Each file is inspected in Python (encoding, header, period, completeness), then read by
DuckDB's CSV reader with explicit text columns (customs_read), a batch of files at a time
(customs_batch): the heavy lifting stays in DuckDB. Rows the reader cannot split go to
audit.quarantine with their line; the file's other rows still load.
Files already seen (same path and content) are skipped, so a second build loads nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import duckdb

from pipelines.lib.load_audit import (
    FileOutcome,
    FilesTable,
    Window,
    for_window,
    landing_entries,
    oldest_first,
    quarantine_file,
    screen_file,
)
from pipelines.lib.periods import build_date
from pipelines.lib.sources.customs.batch import Candidate, CustomsBatch
from pipelines.lib.sources.customs.file import (
    FileRejected,
    customs_months,
    inspect_customs_file,
)

FLOW_FOLDERS = (("export", "customs/exports"), ("import", "customs/imports"))
FILES_TABLE = FilesTable("raw.customs_files", "file_period")


def landing_files(landing: Path) -> list[tuple[str, Path]]:
    """(flow, path) of every download, oldest first so a later file is the later revision.
    Links and directories named *.csv are listed too: the loader refuses them by name."""
    flow_of = {
        path: flow
        for flow, folder in FLOW_FOLDERS
        for path in landing_entries(landing / folder, "*.csv")
    }
    return [(flow_of[path], path) for path in oldest_first(flow_of)]


def _month_in_name(path: Path) -> dt.date | None:
    """The month a download's name gives it; None when its rows carry their own (a period
    column: the same bytes then mean the same months) or its name gives none. Asked only of a
    copy of a loaded file, so only its name can make it fail."""
    try:
        return inspect_customs_file(path, dt.date.max).file_period
    except FileRejected:
        return None


def load_customs_landing(
    con: duckdb.DuckDBPyConnection,
    landing: Path,
    loaded_at: dt.datetime,
    scratch_dir: Path,
    on_file: Callable[[FileOutcome], None] | None = None,
    window: Window = None,
) -> list[FileOutcome]:
    """Load every new download, or with ``window`` those touching its months (a partition run).

    Files are screened and inspected one by one, then read and written a batch at a time
    (customs_batch); outcomes come back in landing order.
    """
    flows = dict((path, flow) for flow, path in landing_files(landing))
    today = build_date(loaded_at)
    paths = for_window(flows, lambda path: customs_months(path, today), window)
    batch = CustomsBatch(con, loaded_at, scratch_dir)
    outcomes: dict[str, FileOutcome] = {}

    def settle(done: list[FileOutcome]) -> None:
        for outcome in done:
            outcomes[outcome.source_file] = outcome
            if on_file:
                on_file(outcome)

    for path in paths:
        settle(_screen_file(con, batch, landing, flows[path], path, loaded_at))
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
    batch = CustomsBatch(con, loaded_at, scratch_dir)
    (outcome,) = _screen_file(con, batch, landing, flow, path, loaded_at) + batch.write()
    return outcome


def _screen_file(
    con: duckdb.DuckDBPyConnection,
    batch: CustomsBatch,
    landing: Path,
    flow: str,
    path: Path,
    loaded_at: dt.datetime,
) -> list[FileOutcome]:
    """Add a new download to the batch; the outcome of a file settled at once (skipped,
    refused on inspection)."""
    version = screen_file(
        con, landing, path, FILES_TABLE, flow, loaded_at, batch.staged_twins(),
        month_of=_month_in_name,
    )  # fmt: skip
    source_file, sha256 = version.source_file, version.sha256
    if version.skip:
        return [FileOutcome(source_file, version.skip, warning=version.warning)]
    try:
        profile = inspect_customs_file(path, build_date(loaded_at))
    except FileRejected as exc:
        reason = quarantine_file(con, source_file, sha256, flow, str(exc), loaded_at)
        return [FileOutcome(source_file, "quarantined", warning=reason)]
    batch.add(Candidate(path, source_file, sha256, flow, profile))
    return []
