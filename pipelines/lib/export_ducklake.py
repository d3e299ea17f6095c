"""`autoexport export --to ducklake CATALOG_DSN --data-path DIR`: every mart into a DuckLake.

DuckLake keeps its catalog in PostgreSQL and the data as Parquet files under a data path (a
local folder or object storage), so many readers and writers on other machines share it, with
snapshots and time travel. The main environment is on DuckDB 2, for which no DuckLake or
postgres extension can be had offline; the export therefore runs ducklake_runner.py in its
own environment, `.venv-ducklake` (`make .venv-ducklake`: DuckDB 1.5.5 with the ducklake and
postgres extension packages from PyPI), which reads the published file (storage v1.5.0).
AUTOEXPORT_DUCKLAKE_PYTHON names another interpreter with those packages.
"""

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

RUNNER = Path(__file__).with_name("ducklake_runner.py")
PYTHON_ENV = "AUTOEXPORT_DUCKLAKE_PYTHON"
# an editable install (`make`): the repository root, where the Makefile makes the venv
DEFAULT_PYTHON = Path(__file__).resolve().parents[2] / ".venv-ducklake" / "bin" / "python"


class DuckLakeExportError(RuntimeError):
    """The export failed; its transaction was not committed, so the lake is as it was."""


class DuckLakeUnavailable(DuckLakeExportError):
    """The DuckLake environment is missing."""


@dataclass(frozen=True)
class DuckLakeTable:
    table: str
    rows: int


@dataclass(frozen=True)
class DuckLakeExport:
    snapshot: int
    tables: list[DuckLakeTable]
    seconds: float


def ducklake_python() -> Path:
    python = Path(os.environ.get(PYTHON_ENV) or DEFAULT_PYTHON)
    if not python.exists():
        raise DuckLakeUnavailable(
            f"no DuckLake environment at {python}: run `make .venv-ducklake` in the "
            f"repository, or set {PYTHON_ENV} to a python with duckdb==1.5.5, "
            "duckdb-extension-ducklake==1.5.5 and duckdb-extension-postgres==1.5.5"
        )
    return python


def run_ducklake(*args: str) -> dict:
    """Run ducklake_runner.py in the DuckLake environment; its JSON answer."""
    result = subprocess.run(
        [str(ducklake_python()), str(RUNNER), *args], capture_output=True, text=True
    )
    if result.returncode != 0:
        raise DuckLakeExportError(result.stderr.strip() or f"exit {result.returncode}")
    return json.loads(result.stdout)


def export_marts_to_ducklake(warehouse: Path, catalog_dsn: str, data_path: Path) -> DuckLakeExport:
    """Every marts.* table of ``warehouse`` into the lake as one snapshot."""
    answer = run_ducklake("export", str(warehouse), catalog_dsn, str(data_path))
    return DuckLakeExport(
        snapshot=answer["snapshot"],
        tables=[DuckLakeTable(t["table"], t["rows"]) for t in answer["tables"]],
        seconds=answer["seconds"],
    )
