"""What a GACC release table says, independent of its file format (HTML page or bulletin).

Both parsers turn their file into a ReleaseTable: the period and currency the title states, the
value unit, which column holds which figure, and the data rows with their cells as text. A
table that cannot be read with certainty raises TableRejected: a wrong number in a mart is worse
than a missing one.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from pipelines.lib.periods import PeriodError, period_from_filename
from pipelines.lib.sources.releases.products import product_of


class TableRejected(ValueError):
    """The whole table is quarantined; the message is the reason."""


# The figures a data row can carry, in the order raw.release_rows stores them.
FIGURES = (
    "month_quantity",
    "month_value",
    "ytd_quantity",
    "ytd_value",
    "prior_ytd_quantity",
    "prior_ytd_value",
    "change_quantity_pct",
    "change_value_pct",
)
MISSING = {"", "-", "—", "–", "－", "--", "…", "nan"}

# Value units: label fragment -> (currency, multiplier to yuan or US dollars)
_VALUE_UNITS = (
    ("cny 100 million", ("CNY", 100_000_000)),
    ("亿元", ("CNY", 100_000_000)),
    ("usd 1 million", ("USD", 1_000_000)),
    ("百万美元", ("USD", 1_000_000)),
    ("千美元", ("USD", 1_000)),
    ("万元", ("CNY", 10_000)),
)
# Quantity units: label -> (multiplier, base unit)
QUANTITY_UNITS = {
    "10,000 units": (10_000, "units"),
    "10,000 vehicles": (10_000, "vehicles"),
    "10,000 tons": (10_000, "tons"),
    "ton": (1, "tons"),
    "tons": (1, "tons"),
    "unit": (1, "units"),
    "units": (1, "units"),
    "vehicle": (1, "vehicles"),
    "vehicles": (1, "vehicles"),
    "万辆": (10_000, "vehicles"),
    "辆": (1, "vehicles"),
    "万吨": (10_000, "tons"),
    "吨": (1, "tons"),
    "万台": (10_000, "units"),
    "台": (1, "units"),
    "万个": (10_000, "units"),
    "个": (1, "units"),
    "艘": (1, "units"),
    "千克": (1, "kg"),
}
_MONTHS_EN = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_EN_PERIOD = re.compile(
    r"\b(" + "|".join(_MONTHS_EN) + r")(?:\s*(?:-|–|to)\s*(" + "|".join(_MONTHS_EN) + r"))?"
    r",?\s+((?:19|20)\d{2})\b",
    re.IGNORECASE,
)
_ZH_PERIOD = re.compile(r"((?:19|20)\d{2})年(\d{1,2})(?:\s*[-至—~－]\s*(\d{1,2}))?月")
_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


@dataclass
class ReleaseRow:
    row_number: int  # data row number within the table, from 1
    label: str  # the item label, whitespace collapsed, as printed
    indent: int  # leading blanks before the label: child rows are indented
    unit_label: str | None
    cells: dict[str, str | None]  # FIGURES -> cell text (None: the table has no such column)
    raw: str  # the row's cells joined by " | ", for the quarantine
    product: str | None = None
    is_aggregate: bool = False
    quantity_scale: int | None = None
    quantity_unit: str | None = None
    problem: str | None = None  # set when this row cannot be loaded


@dataclass
class ReleaseTable:
    fmt: str  # html | xls | xlsx
    language: str  # en | zh
    title: str
    period: dt.date  # last month the table covers
    first_month: int  # first month of the "month" columns (2-month pages start in January)
    currency: str  # CNY | USD
    value_unit: str
    value_scale: int
    has_month_cells: bool
    has_ytd_cells: bool
    change_basis: str  # ytd | month
    rows: list[ReleaseRow] = field(default_factory=list)
    # the publication date the file states (a page's PubDate meta or 发布时间 line); None if none
    published_on: dt.date | None = None


def clean_text(text: str | None) -> str:
    """NFKC (full-width brackets and digits to half-width), blanks collapsed."""
    text = unicodedata.normalize("NFKC", text or "").replace("\xa0", " ")
    return re.sub(r"\s+", " ", text).strip()


def is_missing(cell: str | None) -> bool:
    return cell is None or clean_text(cell).lower() in MISSING


def is_number(cell: str | None) -> bool:
    return cell is not None and bool(_NUMBER.match(clean_text(cell)))


def number(cell: str | None) -> float | None:
    if is_missing(cell):
        return None
    return float(clean_text(cell).replace(",", ""))


def value_unit_of(text: str) -> tuple[str, str, int] | None:
    """(label, currency, multiplier) of the first value unit named in ``text``."""
    lowered = clean_text(text).lower()
    for label, (currency, scale) in _VALUE_UNITS:
        if label in lowered:
            return label, currency, scale
    return None


def checked_value_unit(title: str, unit_line: str) -> tuple[str, str, int]:
    """(label, currency, multiplier) of a table's unit line; a title naming another currency
    rejects the table."""
    value_label, currency, scale = value_unit_of(unit_line)
    title_currency = currency_of_title(title)
    if title_currency and title_currency != currency:
        raise TableRejected(f"title says {title_currency} but the unit line says {unit_line!r}")
    return value_label, currency, scale


def currency_of_title(title: str) -> str | None:
    lowered = clean_text(title).lower()
    if "(in cny)" in lowered or "人民币" in lowered:
        return "CNY"
    if "(in usd)" in lowered or "美元" in lowered:
        return "USD"
    return None


def period_of_title(title: str, file_name: str) -> tuple[dt.date, int]:
    """(last month covered, first month named) from the title, else from the file name."""
    text = clean_text(title)
    if match := _ZH_PERIOD.search(text):
        year, first, last = int(match[1]), int(match[2]), int(match[3] or match[2])
        return dt.date(year, last, 1), first
    if match := _EN_PERIOD.search(text):
        first = _MONTHS_EN.index(match[1].lower()) + 1
        last = _MONTHS_EN.index((match[2] or match[1]).lower()) + 1
        return dt.date(int(match[3]), last, 1), first
    try:
        period = period_from_filename(file_name)
    except PeriodError as exc:
        raise TableRejected(f"{exc}; and the title names no month") from exc
    return period, period.month


def group_role(label: str, period: dt.date) -> str:
    """The figure group a top header cell names: item, unit, month, ytd, prior_ytd, change."""
    text = clean_text(label).lower()
    if text in ("items", "item", "商品名称", "commodity"):
        return "item"
    if text in ("unit", "units", "计量单位"):
        return "unit"
    if "%" in text or "change" in text or "比" in text:
        return (
            "change_month" if "同月" in text or "month" in text.replace("months", "") else "change"
        )
    if "上年同期" in text or re.search(r"\b(19|20)\d{2}\b", text):
        return "prior_ytd"
    if "累计" in text or " to " in text or re.search(r"\d+\s*[-至]\s*\d+\s*月", text):
        return "ytd"
    zh_month = re.fullmatch(r"(\d{1,2})月", text)
    if zh_month or text in _MONTHS_EN:
        month = int(zh_month[1]) if zh_month else _MONTHS_EN.index(text) + 1
        if month != period.month:
            raise TableRejected(
                f"header names month {month} but the title names {period:%Y-%m}: ambiguous"
            )
        return "month"
    raise TableRejected(f"unrecognised column heading {label!r}")


def column_roles(groups: list[tuple[str, int]], second_row: list[str], period: dt.date):
    """Figure name of every column from the two header rows; (roles, change basis)."""
    roles: list[str] = []
    basis = "ytd"
    for label, span in groups:
        role = group_role(label, period)
        if role in ("item", "unit"):
            roles += [role] * span
            continue
        if role == "change_month":
            role, basis = "change", "month"
        if span != 2:
            raise TableRejected(f"column group {label!r} spans {span} columns, expected 2")
        roles += [f"{role}_quantity", f"{role}_value"]
    roles = [r.replace("change_quantity", "change_quantity_pct") for r in roles]
    roles = [r.replace("change_value", "change_value_pct") for r in roles]
    # the second header row must read quantity, value under every group
    sub = [clean_text(s).lower() for s in second_row if clean_text(s)]
    expected = [r for r in roles if r not in ("item", "unit")]
    if len(sub) != len(expected):
        raise TableRejected(f"second header row has {len(sub)} headings, expected {len(expected)}")
    for heading, role in zip(sub, expected, strict=True):
        wants_quantity = role.endswith("quantity") or role.endswith("quantity_pct")
        is_quantity = heading in ("quantity", "数量")
        is_value = heading in ("value", "金额")
        if not (is_quantity or is_value) or is_quantity != wants_quantity:
            raise TableRejected(f"second header row: {heading!r} where {role} was expected")
    if roles[:2] != ["item", "unit"]:
        raise TableRejected("the table does not start with the item and unit columns")
    return roles, basis


def build_rows(roles: list[str], data: list[tuple[list[str], int]]) -> list[ReleaseRow]:
    """ReleaseRows from data cells (text) and label indents; a structural doubt rejects all.

    A row whose cell count differs from the header, or whose unit cell holds a number, means
    the columns have shifted: nothing in the table can then be placed with certainty.
    """
    rows = []
    for number_in_table, (cells, indent) in enumerate(data, start=1):
        raw = " | ".join(cells)
        if len(cells) != len(roles):
            raise TableRejected(
                f"data row {number_in_table} has {len(cells)} cells but the header has "
                f"{len(roles)}: columns shifted (unit cell missing?), figures cannot be placed"
            )
        by_role = dict(zip(roles, cells, strict=True))
        unit = clean_text(by_role["unit"])
        if is_number(unit):
            raise TableRejected(
                f"data row {number_in_table}: the unit column holds the number {unit!r}: "
                "columns shifted, figures cannot be placed"
            )
        label = clean_text(by_role["item"])
        row = ReleaseRow(
            row_number=number_in_table,
            label=label,
            indent=indent,
            unit_label=None if is_missing(unit) else unit,
            cells={name: by_role.get(name) for name in FIGURES},
            raw=raw,
            is_aggregate=label.startswith("*"),
        )
        judge_row(row)
        rows.append(row)
    if not rows:
        raise TableRejected("the table has no data rows")
    return rows


def release_table(
    *,
    fmt: str,
    language: str,
    title: str,
    period: dt.date,
    first_month: int,
    value_unit: tuple[str, str, int],
    roles: list[str],
    basis: str,
    data: list[tuple[list[str], int]],
    published_on: dt.date | None = None,
) -> ReleaseTable:
    """The table either parser read: its rows built from the data cells (``build_rows``), the
    figures it has known from its column roles."""
    value_label, currency, scale = value_unit
    return ReleaseTable(
        fmt=fmt,
        language=language,
        title=title,
        period=period,
        first_month=first_month,
        currency=currency,
        value_unit=value_label,
        value_scale=scale,
        has_month_cells="month_quantity" in roles,
        has_ytd_cells="ytd_quantity" in roles,
        change_basis=basis,
        rows=build_rows(roles, data),
        published_on=published_on,
    )


def judge_row(row: ReleaseRow) -> None:
    """Set product, quantity unit, or the reason the row cannot be loaded."""
    row.product = product_of(row.label)
    if row.product is None:
        row.problem = f"unknown item label {row.label!r}"
        return
    for name, cell in row.cells.items():
        if not is_missing(cell) and not is_number(cell):
            row.problem = f"{name} is not a number: {cell!r}"
            return
    has_quantity = any(not is_missing(row.cells[n]) for n in ("month_quantity", "ytd_quantity"))
    if row.unit_label is not None:
        unit = QUANTITY_UNITS.get(row.unit_label.lower())
        if unit is None:
            row.problem = f"unknown quantity unit {row.unit_label!r}"
            return
        row.quantity_scale, row.quantity_unit = unit
        if row.product == "motor_vehicles_incl_chassis":
            row.quantity_unit = "vehicles"
    elif has_quantity:
        row.problem = "quantity given without a unit"
        return
    for kind in ("quantity", "value"):
        month, ytd = number(row.cells[f"month_{kind}"]), number(row.cells[f"ytd_{kind}"])
        if month is not None and ytd is not None and month > ytd:
            row.problem = f"month {kind} {month} exceeds the year-to-date {ytd}"
            return


def indent_of(text: str) -> int:
    text = (text or "").replace("\xa0", " ").replace("\u3000", "  ")
    return len(text) - len(text.lstrip(" \t"))
