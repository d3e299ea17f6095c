"""Which months each landing file touches, and its content hash: what partitions and the
landing sensor decide with. Plain Python; nothing here writes to the warehouse.

A customs download touches the month in its name, or the months of its period column; a
release table the month it reports. A file whose month cannot be told (it will be quarantined
whole) touches no month: every run screens it. Policy and industry files are not monthly.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pipelines.lib.load_audit import entry_sha256
from pipelines.lib.sources.customs.file import customs_months
from pipelines.lib.sources.customs.loader import FLOW_FOLDERS
from pipelines.lib.sources.releases.loader import RELEASE_PARSERS, RELEASES_FOLDER, release_months

CUSTOMS_FOLDERS = tuple(folder for _, folder in FLOW_FOLDERS)


def landing_hashes(landing: Path) -> dict[str, str]:
    """sha256 of every entry under the landing folder but directories, by landing-relative
    path: a regular file's content; a link or other entry hashed as what it is, never followed
    or opened (the build refuses it; a change of it still counts as a change)."""
    return {
        path.relative_to(landing).as_posix(): entry_sha256(path)
        for path in sorted(landing.rglob("*"))
        if not path.is_dir() or path.is_symlink()
    }


def month_key(month: dt.date) -> str:
    """The partition key of a month: YYYY-MM."""
    return month.strftime("%Y-%m")


def file_months(landing: Path, source_file: str) -> frozenset[dt.date]:
    """The months a landing file touches; empty when it has none or they cannot be told."""
    path = landing / source_file
    folder = path.parent.relative_to(landing).as_posix()
    if folder in CUSTOMS_FOLDERS and path.suffix.lower() == ".csv":
        return customs_months(path)
    if folder == RELEASES_FOLDER and path.suffix.lower() in RELEASE_PARSERS:
        return release_months(path)
    return frozenset()


def describe_months(months: frozenset[dt.date]) -> str:
    return ", ".join(month_key(m) for m in sorted(months)) or "no month"
