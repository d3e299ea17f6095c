"""What `autoexport build` shows: progress while it runs, a summary when it ends.

Text from the data (file names, header cells, messages, paths) never reaches rich's markup:
both consoles read no markup or emoji, and styled parts are Text spans.
"""

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from pipelines.app.build_runner import BuildReport
from pipelines.app.build_runner import Progress as BuildProgress
from pipelines.lib.settings import Settings

_QUARANTINE_LINES = 20


class BuildProgressDisplay:
    """A progress bar over the job's steps, with the steps' own messages printed above it."""

    def __init__(self, console: Console | None = None) -> None:
        self.console = console or _plain_console(stderr=True)
        self._progress = Progress(
            TextColumn("{task.description}", style="bold", markup=False),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=self.console,
            transient=True,
        )
        self._task = None

    def __enter__(self) -> "BuildProgressDisplay":
        self._progress.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._progress.__exit__(*exc)

    def update(self, event: BuildProgress) -> None:
        if self._task is None:
            self._task = self._progress.add_task("build", total=event.steps_total)
        if event.kind == "step_start":
            self._progress.update(self._task, description=event.text.replace("__", "."))
        elif event.kind == "step_done":
            self._progress.advance(self._task)
        elif event.kind == "step_failed":
            self._progress.console.print(Text.assemble(("failed", "red"), " ", event.text))
        elif event.kind == "warning":
            self._progress.console.print(Text.assemble(("warning", "yellow"), " ", event.text))
        else:
            self._progress.console.print(Text(f"  {event.text}"))


def _plain_console(**options) -> Console:
    return Console(markup=False, emoji=False, highlight=False, **options)


def print_summary(report: BuildReport, settings: Settings) -> None:
    console = _plain_console(soft_wrap=True)
    files = report.files
    console.print(
        f"files: {files.get('loaded', 0) + files.get('loaded_with_quarantine', 0)} loaded, "
        f"{files.get('duplicate', 0)} duplicate, {files.get('quarantined', 0)} quarantined, "
        f"{files.get('unchanged', 0)} unchanged"
    )
    console.print(f"rows: {report.rows_loaded:,} loaded, {report.rows_quarantined:,} quarantined")
    for source_file, row_number, reason in report.quarantined[:_QUARANTINE_LINES]:
        where = f"{source_file}, row {row_number}" if row_number else f"{source_file} (whole file)"
        console.print(f"  quarantined: {where}: {reason}")
    if len(report.quarantined) > _QUARANTINE_LINES:
        console.print(f"  … {len(report.quarantined) - _QUARANTINE_LINES} more in audit.quarantine")
    passed = sum(c.passed for c in report.checks)
    warnings = [c for c in report.checks if not c.passed and not c.blocking]
    failed = [c for c in report.checks if not c.passed and c.blocking]
    console.print(f"checks: {passed} passed, {len(warnings)} warnings, {len(failed)} failed")
    for check in failed:
        console.print(Text.assemble("  ", ("BLOCKING", "red"), f" {_described(check)}"))
    for check in warnings:
        console.print(Text.assemble("  ", ("warning", "yellow"), f" {_described(check)}"))
    scope = f" (month {report.month})" if report.month else ""
    if report.published:
        console.print(f"published {settings.warehouse}{scope} in {report.seconds:.1f} s")
    else:
        # why each step failed, again at the end where it cannot scroll away or be lost with
        # the progress display's lines
        for step in report.failed_steps:
            reason = report.failures.get(step, "")
            console.print(Text.assemble("  ", ("failed", "red"), f" {step}: {reason}".rstrip()))
        steps = ", ".join(report.failed_steps) or "a blocking check"
        console.print(
            Text.assemble(
                ("not published", "red"), f" ({steps} failed); {settings.warehouse} is unchanged"
            )
        )


def _described(check) -> str:
    return f"{check.name}: {check.why}" if check.why else check.name
