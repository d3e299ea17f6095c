"""The autoexport command line. Thin: every command calls library code.

Heavy libraries (dagster above all) are imported inside the commands that need them, so
`autoexport query` answers without paying for them.
"""

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    help="autoexport: China's vehicle exports from GACC data, in a DuckDB warehouse.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

LandingOption = Annotated[
    str | None,
    typer.Option("--landing", help="Landing folder [env AUTOEXPORT_LANDING, default data/landing]"),
]
WarehouseOption = Annotated[
    str | None,
    typer.Option(
        "--warehouse",
        help="Published DuckDB file [env AUTOEXPORT_WAREHOUSE, default data/warehouse.duckdb]",
    ),
]

EXIT_PUBLISHED, EXIT_NOT_PUBLISHED, EXIT_USAGE = 0, 1, 2


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def _settings(landing: str | None = None, warehouse: str | None = None):
    from pipelines.lib.settings import SettingsError, resolve_settings

    try:
        return resolve_settings(landing=landing, warehouse=warehouse)
    except SettingsError as exc:
        _fail(str(exc), EXIT_USAGE)


def _fail(message: str, code: int) -> None:
    typer.echo(f"autoexport: {message}", err=True)
    raise typer.Exit(code)


@app.command()
def build(
    landing: LandingOption = None,
    warehouse: WarehouseOption = None,
    full_refresh: Annotated[
        bool, typer.Option("--full-refresh", help="Rebuild from the landing folder alone.")
    ] = False,
) -> None:
    """Ingest what is new in the landing folder, validate, rebuild marts, publish atomically."""
    settings = _settings(landing, warehouse)
    if not settings.landing.is_dir():
        _fail(f"landing folder {settings.landing} does not exist", EXIT_USAGE)

    from pipelines.build_runner import run_build
    from pipelines.build_summary import BuildProgressDisplay, print_summary
    from pipelines.lib.build_file import BuildLocked

    try:
        with BuildProgressDisplay() as display:
            report = run_build(settings, full_refresh=full_refresh, on_progress=display.update)
    except BuildLocked as exc:
        _fail(str(exc), EXIT_NOT_PUBLISHED)
    print_summary(report, settings)
    raise typer.Exit(EXIT_PUBLISHED if report.published else EXIT_NOT_PUBLISHED)


@app.command()
def query(
    sql: Annotated[str, typer.Argument(help="SQL to run read-only on the published warehouse")],
    output: Annotated[
        OutputFormat, typer.Option("--format", help="Output format")
    ] = OutputFormat.table,
    warehouse: WarehouseOption = None,
) -> None:
    """Read-only SQL on the published warehouse."""
    from pipelines.query import QueryError, print_result, run_query

    settings = _settings(warehouse=warehouse)
    try:
        columns, rows = run_query(settings.warehouse, sql)
    except QueryError as exc:
        _fail(str(exc), EXIT_USAGE)
    print_result(columns, rows, output.value)


class ExportFormat(StrEnum):
    parquet = "parquet"
    csv = "csv"


@app.command()
def export(
    output: Annotated[ExportFormat, typer.Option("--format", help="File format")],
    out: Annotated[str, typer.Option("--out", help="Folder to write the files into")],
    warehouse: WarehouseOption = None,
) -> None:
    """Every mart to Parquet or CSV files (the fact table split by year), with manifest.json."""
    from pipelines.lib.export_files import export_marts

    settings = _settings(warehouse=warehouse)
    if not settings.warehouse.exists():
        _fail(f"no warehouse at {settings.warehouse}: run `autoexport build` first", EXIT_USAGE)
    target = Path(out).absolute()
    for table in export_marts(settings.warehouse, target, output.value):
        typer.echo(f"{table.table}: {table.rows} rows, {len(table.files)} file(s)")
    typer.echo(f"manifest: {target / 'manifest.json'}")


@app.command()
def ui(
    landing: LandingOption = None,
    warehouse: WarehouseOption = None,
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1")] = 3000,
) -> None:
    """The Dagster UI on 127.0.0.1, with this project's assets, checks and runs."""
    settings = _settings(landing, warehouse)
    settings.dagster_home.mkdir(parents=True, exist_ok=True)
    os.environ.update(
        {
            "AUTOEXPORT_LANDING": str(settings.landing),
            "AUTOEXPORT_WAREHOUSE": str(settings.warehouse),
            "DAGSTER_HOME": str(settings.dagster_home),
        }
    )
    dagster = os.path.join(os.path.dirname(sys.executable), "dagster")
    args = [dagster, "dev", "-m", "pipelines.definitions", "-h", "127.0.0.1", "-p", str(port)]
    os.execv(dagster, args)


if __name__ == "__main__":
    app()
