"""What every section shares: its declaration, what it returns, and why it may be skipped.

Each section names the tables (and columns) it reads; a section whose table is missing from the
warehouse is skipped with a note, so a warehouse built before a mart existed still gets a
report. Queries are fixed text with bound parameters; a section's build returns charts, tables
and notes in the report's language. Its title and intro are the catalogue's ``<key>.title`` and
``<key>.intro``.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import altair as alt

from pipelines.report.i18n import Language
from pipelines.report.tables import Table
from pipelines.report.warehouse import ReportWarehouse

CAR_PRODUCT = "motor_vehicles_incl_chassis"
TOP_DESTINATIONS = 10
TOP_PROVINCES = 15
TREND_MONTHS = 24
ROWS_LISTED = 200


@dataclass
class Content:
    charts: list[alt.TopLevelMixin] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Section:
    key: str
    requires: Mapping[str, tuple[str, ...]]  # table -> columns the section reads
    build: Callable[[ReportWarehouse, Language], Content]

    def title(self, lang: Language) -> str:
        return lang.t(f"{self.key}.title")

    def intro(self, lang: Language) -> str:
        return lang.t(f"{self.key}.intro")


def absence(
    warehouse: ReportWarehouse, table: str, columns: tuple[str, ...], lang: Language
) -> str | None:
    """What the warehouse lacks of ``table`` and its ``columns``, or None when it has them."""
    present = warehouse.columns(table)
    if present is None:
        return lang.t("skip.no_table", table=table)
    absent = [column for column in columns if column not in present]
    return lang.t("skip.no_column", table=table, columns=", ".join(absent)) if absent else None


def missing_requirement(section: Section, warehouse: ReportWarehouse, lang: Language) -> str | None:
    """Why the section cannot be drawn from this warehouse, or None when it can."""
    for table, columns in section.requires.items():
        if reason := absence(warehouse, table, columns, lang):
            return reason
    return None


def empty(table: str, lang: Language) -> Content:
    return Content(notes=[lang.t("note.no_rows", table=table)])
