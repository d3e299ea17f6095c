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


# Written into a new (or empty) $DAGSTER_HOME/dagster.yaml: the tool runs offline on trade
# data, so Dagster's usage telemetry (an event log in DAGSTER_HOME, sent when online) is off.
DAGSTER_YAML = "telemetry:\n  enabled: false\n"
_TELEMETRY_KEY = re.compile(r"^telemetry\s*:", re.MULTILINE)


def prepare_dagster_home(dagster_home: Path) -> Path:
    """Create DAGSTER_HOME with a dagster.yaml that turns telemetry off; return the file.

    A dagster.yaml someone wrote (storage on PostgreSQL, ...) is kept; if it says nothing about
    telemetry, ``telemetry: enabled: false`` is added. One that enables telemetry is obeyed.
    """
    dagster_home.mkdir(parents=True, exist_ok=True)
    config = dagster_home / "dagster.yaml"
    text = config.read_text(encoding="utf-8") if config.exists() else ""
    if not text.strip():
        config.write_text(DAGSTER_YAML, encoding="utf-8")
    elif not _TELEMETRY_KEY.search(text):
        config.write_text(text.rstrip("\n") + "\n" + DAGSTER_YAML, encoding="utf-8")
    return config
