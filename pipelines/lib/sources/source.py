"""What a landing source is: one small descriptor per source package, listed in registry.py.

Everything that used to list sources by hand (the landing scan, the audit's files tables, the
DDL, the tables written beside a loader's table, the Dagster loader assets) loops over the
descriptors instead. Nothing here imports Dagster.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipelines.lib.load_audit import FileOutcome, FilesTable, Window

# load(con, landing, loaded_at, scratch_dir, on_file, window) -> outcomes in landing order;
# a source that is not monthly loads every new file whatever the window
Loader = Callable[..., list[FileOutcome]]


@dataclass(frozen=True)
class Source:
    name: str  # the package's name
    folders: tuple[str, ...]  # landing-relative folders its files sit in
    suffixes: tuple[str, ...]  # the file suffixes it reads, lower case
    raw_table: str  # the raw table its loader asset is named after
    # every raw table it writes, raw_table first; each is created by warehouse/ddl/raw_<name>.sql
    raw_tables: tuple[str, ...]
    load: Loader
    description: str  # the loader asset's description
    kinds: frozenset[str]  # the loader asset's kinds (file formats)
    group: str  # the Dagster group of its loader asset
    # the months a file touches (its path, the build's date); None: the source is not monthly
    months: Callable[[Path, dt.date | None], frozenset[dt.date]] | None = None
    files_table: FilesTable | None = None  # where it records the files it took in
    unit: str = "rows"  # what its rows are, in the build's log lines
    recursive: bool = False  # whether files in subfolders of its folders are its files too

    @property
    def monthly(self) -> bool:
        return self.months is not None

    @property
    def ddl_files(self) -> tuple[str, ...]:
        return tuple(f"ddl/{table.replace('.', '_')}.sql" for table in self.raw_tables)

    def reads(self, folder: str, suffix: str) -> bool:
        """Whether a file of this landing-relative folder and suffix is one of this source's."""
        inside = any(
            folder == f or (self.recursive and folder.startswith(f + "/")) for f in self.folders
        )
        return inside and suffix.lower() in self.suffixes


def loads_by_window(load: Callable[..., list[FileOutcome]]) -> Loader:
    """A monthly source loader that takes no scratch folder."""

    def loader(con, landing, loaded_at, scratch_dir, on_file=None, window: Window = None):
        return load(con, landing, loaded_at, on_file=on_file, window=window)

    return loader


def loads_every_file(load: Callable[..., list[FileOutcome]]) -> Loader:
    """A source loader that takes no scratch folder and no window (it is not monthly)."""

    def loader(con, landing, loaded_at, scratch_dir, on_file=None, window: Window = None):
        return load(con, landing, loaded_at, on_file=on_file)

    return loader
