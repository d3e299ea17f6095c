"""Frames to HTML-ready tables: each cell formatted once, here, so the template only prints.

Numbers read the same in both languages (base units, thousands separators); months, dates and
yes/no are written the way the report's language writes them (i18n.Language).
"""

import datetime as dt
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from pipelines.report.i18n import Language

MISSING = "–"


@dataclass(frozen=True)
class Column:
    name: str  # column of the frame
    header: str  # in the report's language
    # text, int, pct (a change, in percent), percent (a share, in percent), share (0 to 1),
    # month, date, timestamp, bool
    kind: str = "text"


@dataclass
class Table:
    caption: str
    headers: list[str]
    classes: list[str]  # a CSS class per column: num (right-aligned) or nowrap (dates)
    rows: list[list[str]]
    notes: list[str] = field(default_factory=list)


_CSS_CLASS = {
    "int": "num",
    "pct": "num",
    "percent": "num",
    "share": "num",
    "month": "nowrap",
    "date": "nowrap",
    "timestamp": "nowrap",
}


def _is_missing(value) -> bool:
    if value is None or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def format_cell(value, kind: str, lang: Language) -> str:
    if isinstance(value, list | tuple | np.ndarray):
        return ", ".join(str(item) for item in value) if len(value) else MISSING
    if _is_missing(value):
        return MISSING
    if kind == "int":
        return f"{value:,.0f}"
    if kind == "pct":
        return f"{value:+.1f}%"
    if kind == "percent":
        return f"{value:.1f}%"
    if kind == "share":
        return f"{value:.1%}"
    if kind == "month":
        return lang.month(value)
    if kind == "date":
        return lang.date(value)
    if kind == "timestamp":
        return lang.timestamp(value)
    if kind == "bool":
        return lang.yes_no(value)
    if isinstance(value, dt.date | pd.Timestamp):
        return pd.Timestamp(value).isoformat()
    return str(value)


def columns(lang: Language, *specs: tuple[str, str] | tuple[str, str, str]) -> list[Column]:
    """Columns from (frame column, message key of its header[, kind]), headers in ``lang``."""
    return [Column(name, lang.t(key), *kind) for name, key, *kind in specs]


def table_of(frame: pd.DataFrame, columns: list[Column], caption: str, lang: Language) -> Table:
    rows = [
        [format_cell(record[column.name], column.kind, lang) for column in columns]
        for record in frame.to_dict("records")
    ]
    return Table(
        caption=caption,
        headers=[column.header for column in columns],
        classes=[_CSS_CLASS.get(column.kind, "") for column in columns],
        rows=rows,
    )
