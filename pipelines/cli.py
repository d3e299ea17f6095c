"""The autoexport command line. Thin: every command calls library code.

Heavy libraries (dagster above all) are imported inside the commands that need them, so
`autoexport query` answers without paying for them.
"""

import atexit
import contextlib
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


def _published_settings(warehouse: str | None):
    """Settings of a command that reads the published warehouse, which must exist and read."""
    from pipelines.lib.build_file import WarehouseUnreadable, verify_published

    settings = _settings(warehouse=warehouse)
    if not settings.warehouse.exists():
        _fail(f"no warehouse at {settings.warehouse}: run `autoexport build` first", EXIT_USAGE)
    try:
        verify_published(settings.warehouse)
    except WarehouseUnreadable as exc:
        _fail(str(exc), EXIT_USAGE)
    return settings


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
    month: Annotated[
        str | None,
        typer.Option(
            "--month",
            help="(Re)load one month, YYYY-MM: its landing files only; other months untouched.",
        ),
    ] = None,
) -> None:
    """Ingest what is new in the landing folder, validate, rebuild marts, publish atomically."""
    settings = _settings(landing, warehouse)
    if not settings.landing.is_dir():
        _fail(f"landing folder {settings.landing} does not exist", EXIT_USAGE)
    if month is not None and full_refresh:
        _fail("--month and --full-refresh together would publish one month alone", EXIT_USAGE)

    from pipelines.app.build_runner import check_month, run_build
    from pipelines.app.build_summary import BuildProgressDisplay, print_summary
    from pipelines.lib.build_file import BuildLocked, WarehouseUnreadable

    if month is not None:
        try:
            check_month(month)
        except ValueError as exc:
            _fail(str(exc), EXIT_USAGE)
    try:
        with BuildProgressDisplay() as display:
            report = run_build(
                settings, full_refresh=full_refresh, on_progress=display.update, month=month
            )
    except BuildLocked as exc:
        _fail(str(exc), EXIT_NOT_PUBLISHED)
    except WarehouseUnreadable as exc:  # checked before anything is written
        _fail(f"{exc}; {settings.warehouse} is unchanged", EXIT_USAGE)
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
    from pipelines.app.query import QueryError, print_result, run_query
    from pipelines.lib.build_file import WarehouseUnreadable

    settings = _published_settings(warehouse)
    try:
        columns, rows = run_query(settings.warehouse, sql)
    except (QueryError, WarehouseUnreadable) as exc:
        _fail(str(exc), EXIT_USAGE)
    print_result(columns, rows, output.value)


class ExportFormat(StrEnum):
    parquet = "parquet"
    csv = "csv"
    xlsx = "xlsx"


class ExportLanguage(StrEnum):
    zh = "zh"
    en = "en"


class ExportTarget(StrEnum):
    postgres = "postgres"
    ducklake = "ducklake"


@app.command()
def export(
    output: Annotated[ExportFormat | None, typer.Option("--format", help="File format")] = None,
    out: Annotated[str | None, typer.Option("--out", help="Folder to write the files into")] = None,
    to: Annotated[
        ExportTarget | None, typer.Option("--to", help="Database to load the marts into")
    ] = None,
    dsn: Annotated[
        str | None,
        typer.Argument(
            help="With --to postgres: a libpq connection string or URL, e.g. "
            "postgresql://bi@db.example:5432/autoexport (keep the password in PGPASSWORD "
            "or ~/.pgpass); with --to ducklake: the PostgreSQL database of the lake's catalog",
            metavar="DSN",
            show_default=False,
        ),
    ] = None,
    bom: Annotated[
        bool,
        typer.Option(
            "--bom/--no-bom",
            help="CSV: start each file with a UTF-8 byte-order mark, so Excel and WPS read "
            "Chinese text right",
        ),
    ] = True,
    data_path: Annotated[
        str | None,
        typer.Option("--data-path", help="With --to ducklake: the folder of the lake's Parquet"),
    ] = None,
    lang: Annotated[
        ExportLanguage | None,
        typer.Option("--lang", help="xlsx: language of the header row, zh (default) or en"),
    ] = None,
    warehouse: WarehouseOption = None,
) -> None:
    """Every mart to Parquet, CSV or Excel files (the fact table split by year), with manifest.json;
    or, with --to postgres DSN, into a PostgreSQL database (all marts replaced in one transaction);
    or, with --to ducklake CATALOG_DSN --data-path DIR, into a DuckLake as one snapshot.
    """
    if to is None and (output is None or out is None or dsn is not None):
        _fail("export needs --format and --out, or --to postgres DSN", EXIT_USAGE)
    if to is not None and (output is not None or out is not None or not dsn):
        _fail(f"export --to {to} takes a DSN and no --format or --out", EXIT_USAGE)
    if (to == ExportTarget.ducklake) != (data_path is not None):
        _fail("--data-path goes with --to ducklake, which needs it", EXIT_USAGE)
    if lang is not None and output != ExportFormat.xlsx:
        _fail("--lang goes with --format xlsx (the header row's language)", EXIT_USAGE)
    settings = _published_settings(warehouse)
    if to == ExportTarget.ducklake:
        _export_to_ducklake(settings.warehouse, dsn, Path(data_path).absolute())
        return
    if to is not None:
        _export_to_postgres(settings.warehouse, dsn)
        return

    from pipelines.lib.export_files import ExportRefused, XlsxOptions, export_marts

    target = Path(out).absolute()
    xlsx = XlsxOptions(lang=(lang or ExportLanguage.zh).value)
    try:
        tables = export_marts(settings.warehouse, target, output.value, bom=bom, xlsx=xlsx)
    except ExportRefused as exc:
        _fail(str(exc), EXIT_USAGE)
    for table in tables:
        typer.echo(f"{table.table}: {table.rows} rows, {len(table.files)} file(s)")
    typer.echo(f"manifest: {target / 'manifest.json'}")


def _export_to_ducklake(warehouse: Path, dsn: str, data_path: Path) -> None:
    from pipelines.lib.export_ducklake import (
        DuckLakeExportError,
        DuckLakeUnavailable,
        export_marts_to_ducklake,
    )

    try:
        export = export_marts_to_ducklake(warehouse, dsn, data_path)
    except DuckLakeUnavailable as exc:
        _fail(str(exc), EXIT_USAGE)
    except DuckLakeExportError as exc:
        _fail(str(exc), EXIT_NOT_PUBLISHED)
    for table in export.tables:
        typer.echo(f"{table.table}: {table.rows} rows")
    typer.echo(f"DuckLake snapshot {export.snapshot}: {len(export.tables)} marts")


def _export_to_postgres(warehouse: Path, dsn: str) -> None:
    from pipelines.lib.export_postgres import (
        PostgresExportError,
        PostgresUnavailable,
        export_marts_to_postgres,
    )

    try:
        export = export_marts_to_postgres(warehouse, dsn)
    except PostgresUnavailable as exc:
        _fail(str(exc), EXIT_USAGE)
    except PostgresExportError as exc:
        _fail(str(exc), EXIT_NOT_PUBLISHED)
    for table in export.tables:
        typer.echo(f"{table.table}: {table.rows} rows")
    typer.echo(f"replaced {len(export.tables)} marts in PostgreSQL {export.target}")


class ReportLanguage(StrEnum):
    zh = "zh"
    en = "en"


@app.command()
def report(
    out: Annotated[
        str | None,
        typer.Option("--out", help="Folder for index.html [default: report/ beside the warehouse]"),
    ] = None,
    lang: Annotated[
        ReportLanguage,
        typer.Option("--lang", help="Language of the report: zh (Chinese) or en (English)"),
    ] = ReportLanguage.zh,
    warehouse: WarehouseOption = None,
) -> None:
    """Static HTML report with charts (index.html), readable offline: nothing loads from the web."""
    settings = _published_settings(warehouse)

    from pipelines.report.writer import write_report

    target = Path(out).absolute() if out else settings.warehouse.parent / "report"
    written = write_report(settings.warehouse, target, lang.value)
    for section in written.sections:
        if section.skipped:
            typer.echo(f"{section.title}: skipped ({section.skipped})")
        else:
            typer.echo(f"{section.title}: {len(section.charts)} chart(s)")
    typer.echo(f"report: {written.path}")


@app.command()
def check(
    out: Annotated[
        str | None,
        typer.Option(
            "--out",
            help="Folder for Data Docs and check_results.duckdb [default: checks/ beside "
            "the warehouse]",
        ),
    ] = None,
    warehouse: WarehouseOption = None,
) -> None:
    """Run every check and expectation suite on the published warehouse; write Data Docs."""
    settings = _published_settings(warehouse)

    from pipelines.app.check_command import default_results_dir, format_line, run_checks

    target = Path(out).absolute() if out else default_results_dir(settings.warehouse)
    report = run_checks(settings.warehouse, target)
    for result in report.results:
        typer.echo(format_line(result))
    passed = sum(r.passed for r in report.results)
    failed = len(report.blocking_failed)
    warnings = len(report.results) - passed - failed
    typer.echo(f"checks: {passed} passed, {warnings} warnings, {failed} failed")
    typer.echo(f"data docs: {report.data_docs / 'index.html'}")
    typer.echo(f"results: {report.results_file} (audit.check_results, run {report.run_id})")
    if report.blocking_failed:
        names = ", ".join(f"{r.table_name}:{r.check_name}" for r in report.blocking_failed)
        _fail(f"blocking checks failed: {names}", EXIT_NOT_PUBLISHED)


@app.command()
def ui(
    landing: LandingOption = None,
    warehouse: WarehouseOption = None,
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1")] = 3000,
) -> None:
    """The Dagster UI on 127.0.0.1, with this project's assets, checks and runs."""
    from pipelines.lib.settings import prepare_dagster_home

    settings = _settings(landing, warehouse)
    prepare_dagster_home(settings.dagster_home)  # telemetry off
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


def main() -> None:
    """The console script: the command, then an exit without the interpreter's teardown.

    After a build the interpreter holds Dagster's and DuckDB's modules and objects; freeing them
    one by one took 0.4-0.5 s after the summary was printed, with the user waiting for the
    prompt. By then every command has closed what it wrote; the exit handlers (logging's flush,
    temp folders' cleanup) still run, and so does Python's own exit on an uncaught exception.
    """
    try:
        app()
    except SystemExit as exc:
        code = exc.code
    else:
        code = 0
    if isinstance(code, str):
        print(code, file=sys.stderr)
        code = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        # a reader that went away (| head) or a closed stream: nothing left to tell it
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code or 0)


if __name__ == "__main__":
    main()
