"""Which months each landing file touches, and its content hash: what partitions and the
landing sensor decide with. Plain Python; nothing here writes to the warehouse.

The months of a file are its source's to tell (pipelines/lib/sources/*/source.py): a customs
download touches the month in its name, or the months of its period column; a release table
the month it reports. A file whose month cannot be told (it will be quarantined whole) touches
no month: every run screens it. A source without months (policy, industry) is not monthly.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pipelines.lib.load_audit import entry_sha256
from pipelines.lib.sources.registry import SOURCES


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
    for source in SOURCES:
        if source.monthly and source.reads(folder, path.suffix):
            return source.months(path, None)
    return frozenset()


def describe_months(months: frozenset[dt.date]) -> str:
    return ", ".join(month_key(m) for m in sorted(months)) or "no month"
