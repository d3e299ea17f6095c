"""Where autoexport reads and writes: environment variables, overridden by CLI flags."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

DEFAULT_LANDING = "data/landing"
DEFAULT_WAREHOUSE = "data/warehouse.duckdb"
DEFAULT_DAGSTER_HOME = ".dagster"
# DuckDB 1.5 readers (what most BI drivers embed) open files written in this storage version.
DEFAULT_STORAGE_VERSION = "v1.5.0"
_STORAGE_VERSION = re.compile(r"v\d+\.\d+\.\d+")
# DuckDB's memory_limit syntax, e.g. 3GB or 512MiB
_MEMORY_LIMIT = re.compile(r"\d+(\.\d+)?\s*([KMGT]i?B)", re.IGNORECASE)


class SettingsError(ValueError):
    """Bad configuration: the CLI exits with code 2."""


@dataclass(frozen=True)
class Settings:
    landing: Path
    warehouse: Path
    dagster_home: Path
    storage_version: str
    memory_limit: str | None  # None: DuckDB's default (80% of RAM)


def resolve_settings(landing: str | None = None, warehouse: str | None = None) -> Settings:
    storage_version = os.environ.get("AUTOEXPORT_STORAGE_VERSION", DEFAULT_STORAGE_VERSION)
    if not _STORAGE_VERSION.fullmatch(storage_version):
        raise SettingsError(
            f"AUTOEXPORT_STORAGE_VERSION must look like v1.5.0, got {storage_version!r}"
        )
    memory_limit = os.environ.get("AUTOEXPORT_MEMORY_LIMIT") or None
    if memory_limit is not None and not _MEMORY_LIMIT.fullmatch(memory_limit):
        raise SettingsError(
            f"AUTOEXPORT_MEMORY_LIMIT must look like 3GB or 512MiB, got {memory_limit!r}"
        )
    return Settings(
        landing=Path(landing or os.environ.get("AUTOEXPORT_LANDING", DEFAULT_LANDING)).absolute(),
        warehouse=Path(
            warehouse or os.environ.get("AUTOEXPORT_WAREHOUSE", DEFAULT_WAREHOUSE)
        ).absolute(),
        dagster_home=Path(os.environ.get("DAGSTER_HOME", DEFAULT_DAGSTER_HOME)).absolute(),
        storage_version=storage_version,
        memory_limit=memory_limit,
    )
