"""Data health: what was loaded, what was refused and why, and the latest checks."""

import pandas as pd

from pipelines.report import charts
from pipelines.report.i18n import Language
from pipelines.report.sections.common import ROWS_LISTED, Content, Section, absence
from pipelines.report.tables import columns, table_of
from pipelines.report.warehouse import ReportWarehouse

LOAD_STATUS_SQL = """
select
    status,
    count(*) as files
from audit.loads
group by status
order by files desc, status
"""

LOADS_TO_READ_SQL = """
select
    source_file,
    status,
    rows_in,
    rows_loaded,
    rows_quarantined,
    warning,
    loaded_at
from audit.loads
where status <> 'loaded' or warning is not null
order by loaded_at desc, source_file
"""

QUARANTINE_SQL = """
select
    source_file,
    row_number,
    reason,
    stage,
    loaded_at
from audit.quarantine
order by loaded_at desc, source_file, row_number nulls first
limit ?
"""

CHECK_RESULT_COLUMNS = (
    "run_id",
    "check_name",
    "table_name",
    "passed",
    "blocking",
    "observed",
    "trigger",
    "checked_at",
)

LATEST_CHECKS_SQL = """
select
    run_id,
    trigger,
    check_name,
    table_name,
    passed,
    blocking,
    observed,
    checked_at,
    case
        when passed then 'passed'
        when blocking then 'failed_blocking'
        else 'failed_warning'
    end as outcome
from audit.check_results
where run_id = (select arg_max(run_id, checked_at) from audit.check_results)
order by passed, blocking desc, check_name, table_name
"""


def _spelled(frame: pd.DataFrame, column: str, group: str, lang: Language) -> list:
    return [None if pd.isna(raw) else lang.value(group, raw) for raw in frame[column]]


def _loads(warehouse: ReportWarehouse, lang: Language, content: Content) -> None:
    statuses = warehouse.frame(LOAD_STATUS_SQL)
    if statuses.empty:
        content.notes.append(lang.t("health.nothing_loaded"))
    else:
        statuses["name"] = _spelled(statuses, "status", "status", lang)
        content.charts.append(
            charts.count_bars(
                statuses[["name", "files"]],
                "files",
                lang.t("health.chart_statuses"),
                lang.t("col.status"),
                lang.t("axis.files"),
            )
        )
    loads = warehouse.frame(LOADS_TO_READ_SQL)
    loads["status"] = _spelled(loads, "status", "status", lang)
    content.tables.append(
        table_of(
            loads,
            columns(
                lang,
                ("source_file", "col.file"),
                ("status", "col.status"),
                ("rows_in", "col.rows_in", "int"),
                ("rows_loaded", "col.rows_loaded", "int"),
                ("rows_quarantined", "col.rows_quarantined", "int"),
                ("warning", "col.warning"),
                ("loaded_at", "col.loaded_at", "timestamp"),
            ),
            lang.t("health.caption_loads"),
            lang,
        )
    )


def _quarantine(warehouse: ReportWarehouse, lang: Language, content: Content) -> None:
    quarantined = warehouse.value("select count(*) from audit.quarantine")
    quarantine = warehouse.frame(QUARANTINE_SQL, [ROWS_LISTED])
    whole_file = lang.t("value.row.whole_file")
    quarantine["row_label"] = [
        whole_file if pd.isna(row) else str(int(row)) for row in quarantine["row_number"]
    ]
    quarantine["stage"] = _spelled(quarantine, "stage", "stage", lang)
    table = table_of(
        quarantine,
        columns(
            lang,
            ("source_file", "col.file"),
            ("row_label", "col.row"),
            ("reason", "col.reason"),
            ("stage", "col.stage"),
            ("loaded_at", "col.at", "timestamp"),
        ),
        lang.t("health.caption_quarantine", count=f"{quarantined:,}"),
        lang,
    )
    if quarantined > ROWS_LISTED:
        table.notes.append(
            lang.t("health.quarantine_more", listed=ROWS_LISTED, count=f"{quarantined:,}")
        )
    content.tables.append(table)


def _checks(warehouse: ReportWarehouse, lang: Language, content: Content) -> None:
    if reason := absence(warehouse, "audit.check_results", CHECK_RESULT_COLUMNS, lang):
        content.notes.append(lang.t("health.no_check_results", reason=reason))
        return
    checks = warehouse.frame(LATEST_CHECKS_SQL)
    if checks.empty:
        content.notes.append(lang.t("note.no_rows", table="audit.check_results"))
        return
    checks["outcome"] = _spelled(checks, "outcome", "outcome", lang)
    outcomes = checks.groupby("outcome", as_index=False).size()
    outcomes.columns = ["name", "checks"]
    content.charts.append(
        charts.count_bars(
            outcomes,
            "checks",
            lang.t("health.chart_checks"),
            lang.t("col.outcome"),
            lang.t("axis.checks"),
        )
    )
    caption = lang.t(
        "health.caption_checks", run=checks["run_id"].iloc[0], trigger=checks["trigger"].iloc[0]
    )
    content.tables.append(
        table_of(
            checks,
            columns(
                lang,
                ("check_name", "col.check"),
                ("table_name", "col.table"),
                ("outcome", "col.outcome"),
                ("observed", "col.observed"),
                ("checked_at", "col.at", "timestamp"),
            ),
            caption,
            lang,
        )
    )


def build(warehouse: ReportWarehouse, lang: Language) -> Content:
    content = Content()
    _loads(warehouse, lang, content)
    _quarantine(warehouse, lang, content)
    _checks(warehouse, lang, content)
    return content


SECTION = Section(
    "data-health",
    {
        "audit.loads": (
            "source_file",
            "status",
            "rows_in",
            "rows_loaded",
            "rows_quarantined",
            "warning",
            "loaded_at",
        ),
        "audit.quarantine": ("source_file", "row_number", "reason", "stage", "loaded_at"),
    },
    build,
)
