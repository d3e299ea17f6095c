"""What the build prints: data is printed as it is, never read as console markup or emoji."""

import io

from rich.console import Console

from pipelines.app.build_runner import BuildReport, CheckOutcome, Progress
from pipelines.app.build_summary import BuildProgressDisplay, print_summary
from pipelines.lib.settings import resolve_settings

MARKUP = "[/bold] x [incl. chassis] :car: [red]"


def test_progress_lines_print_markup_like_data_literally():
    buffer = io.StringIO()
    # a console that does read markup and emoji: the lines must not depend on it
    display = BuildProgressDisplay(Console(file=buffer, width=200))
    with display:
        display.update(Progress("step_start", "raw__customs_rows", 3))
        display.update(Progress("info", f"customs/exports/a.csv: header cell {MARKUP}", 3))
        display.update(Progress("warning", f"b.csv: {MARKUP}", 3))
        display.update(Progress("step_failed", f"raw__customs_rows: {MARKUP}", 3))
    printed = buffer.getvalue()
    assert f"customs/exports/a.csv: header cell {MARKUP}" in printed
    assert f"warning b.csv: {MARKUP}" in printed
    assert f"failed raw__customs_rows: {MARKUP}" in printed
    assert "\N{AUTOMOBILE}" not in printed


def test_summary_counts_warnings_apart_and_says_why(tmp_path, capsys):
    report = BuildReport(
        published=True,
        quarantined=[(f"customs/exports/{MARKUP}.csv", 2, f"bad value {MARKUP}")],
        checks=[
            CheckOutcome("marts/a:grain", True, True),
            CheckOutcome("marts/a:fresh", False, False, "overdue: the latest month is 2025-04"),
            CheckOutcome("marts/b:sums", False, False, "offending_rows=3"),
        ],
    )
    settings = resolve_settings(landing=str(tmp_path), warehouse=str(tmp_path / "[red]w.duckdb"))
    print_summary(report, settings)
    out = capsys.readouterr().out
    assert "checks: 1 passed, 2 warnings, 0 failed" in out
    assert "warning marts/a:fresh: overdue: the latest month is 2025-04" in out
    assert f"quarantined: customs/exports/{MARKUP}.csv, row 2: bad value {MARKUP}" in out
    assert "[red]w.duckdb" in out


def test_summary_of_an_unpublished_build_says_why_each_step_failed(tmp_path, capsys):
    report = BuildReport(
        published=False,
        failed_steps=["published_warehouse"],
        failures={"published_warehouse": f"cannot connect to PostgreSQL {MARKUP}"},
    )
    settings = resolve_settings(landing=str(tmp_path), warehouse=str(tmp_path / "w.duckdb"))
    print_summary(report, settings)
    out = capsys.readouterr().out
    assert f"failed published_warehouse: cannot connect to PostgreSQL {MARKUP}" in out
    assert "not published (published_warehouse failed)" in out
