"""GACC query-platform downloads drawn from the format's rules, with the rows they must load.

Written from shared/formats/customs/exports/README.md and the contract, not from the loader's
code: header labels in Chinese or English (older English layouts included), the period in a
数据年月 / Date of data column or only in the file name, any subset of partner, trade mode and
registration place in that order, one value column in CNY or USD, every field quoted or only
where CSV needs it, a trailing comma or none, GB18030 or UTF-8 with or without BOM, CRLF or LF,
thousands separators or none, `?` or empty for a missing figure, HS codes with or without a
leading `'`, and a size from one row to several times the 64 KiB sample the encoding is
decided on. A draw gives the file's bytes and, from the same draw, every row it holds.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import strategies as st

from tests.property.repertoire import name, thousands

SEEDS = Path(__file__).resolve().parents[2] / "warehouse" / "seeds"


def _codes(seed: str, column: str) -> list[str]:
    with (SEEDS / seed).open(encoding="utf-8", newline="") as handle:
        return [row[column] for row in csv.DictReader(handle)]


PARTNER_CODES = _codes("partners.csv", "partner_code")
PROVINCE_CODES = _codes("provinces.csv", "province_code")
TRADE_MODE_CODES = _codes("trade_modes.csv", "trade_mode_code")
# first units of vehicles and chassis, second unit kilograms: as each language labels them
UNITS = {"zh": (["辆", "台", "千克"], "千克"), "en": (["Vehicle", "Unit", "Kilogram"], "Kilogram")}

# header labels by role: the platform's Chinese set; English, with the older spellings
LABELS = {
    "zh": {
        "period": ["数据年月"],
        "hs_code": ["商品编码"],
        "commodity_name": ["商品名称"],
        "partner_code": ["贸易伙伴编码"],
        "partner_name": ["贸易伙伴名称"],
        "trade_mode_code": ["贸易方式编码"],
        "trade_mode_name": ["贸易方式名称"],
        "province_code": ["注册地编码"],
        "province_name": ["注册地名称"],
        "quantity": ["第一数量"],
        "quantity_unit": ["第一计量单位"],
        "quantity_2": ["第二数量"],
        "quantity_2_unit": ["第二计量单位"],
        "CNY": ["人民币"],
        "USD": ["美元"],
    },
    "en": {
        "period": ["Date of data"],
        "hs_code": ["Commodity code"],
        "commodity_name": ["Commodity name"],
        "partner_code": ["Trading partner code", "Trade partner code"],
        "partner_name": ["Trading partner name", "Trade partner name"],
        "trade_mode_code": ["Trade mode code", "Trading mode code"],
        "trade_mode_name": ["Trade mode name", "Trading mode name"],
        "province_code": ["Registration place code"],
        "province_name": ["Registration place name"],
        "quantity": ["First quantity"],
        "quantity_unit": ["First unit"],
        "quantity_2": ["Second quantity", "Supplimentary quantity", "Supplementary quantity"],
        "quantity_2_unit": ["Second unit", "Supplimentary unit", "Supplementary unit"],
        "CNY": ["RMB"],
        "USD": ["US dollar"],
    },
}
DIMENSIONS = (
    ("partner", "partner_code", "partner_name", PARTNER_CODES),
    ("trade_mode", "trade_mode_code", "trade_mode_name", TRADE_MODE_CODES),
    ("province", "province_code", "province_name", PROVINCE_CODES),
)
SAMPLE = 64 * 1024
BUILD_DAY = dt.datetime(2026, 1, 1, 4, 0)  # loaded_at of the tests: 2026-01-01 noon in Beijing


@dataclass
class Row:
    """One data row: the cells as written (text), and the figures they mean."""

    cells: dict[str, str]  # role -> cell text as written ("" for an empty cell)
    period: dt.date
    quantity: int | None
    quantity_2: int | None
    value: int | None


@dataclass
class Download:
    name: str  # file name (carries the month of a single-month download)
    language: str
    currency: str
    roles: list[str]  # columns in file order ("value" for the value column)
    encoding: str  # gb18030 | utf-8 | utf-8-sig
    quote_all: bool
    trailing_comma: bool
    eol: str
    rows: list[Row] = field(default_factory=list)
    header: list[str] = field(default_factory=list)

    @property
    def breakdown(self) -> str:
        return "+".join(["commodity"] + [d for d, code, _, _ in DIMENSIONS if code in self.roles])

    def line(self, cells: list[str]) -> str:
        def quoted(cell: str) -> str:
            if self.quote_all or any(c in cell for c in ',"\r\n'):
                return '"' + cell.replace('"', '""') + '"'
            return cell

        return ",".join(quoted(c) for c in cells) + ("," if self.trailing_comma else "") + self.eol

    def text_of(self, rows: list[Row]) -> str:
        """The text of ``rows`` with figures written plainly (for sizing the file only)."""

        def cells(row: Row) -> list[str]:
            figures = {"quantity": row.quantity, "quantity_2": row.quantity_2, "value": row.value}
            return [str(figures[r]) if r in figures else row.cells[r] for r in self.roles]

        return self.line(self.header) + "".join(self.line(cells(r)) for r in rows)

    def row_cells(self, row: Row) -> list[str]:
        return [row.cells[role] for role in self.roles]

    def text(self) -> str:
        return self.line(self.header) + "".join(self.line(self.row_cells(r)) for r in self.rows)

    def encode(self, text: str) -> bytes:
        return text.encode(self.encoding)

    def data(self) -> bytes:
        return self.encode(self.text())

    def write(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / self.name
        path.write_bytes(self.data())
        return path


def _figure(value: int | None, missing: str, separators: bool) -> str:
    if value is None:
        return missing
    return thousands(value) if separators else str(value)


@st.composite
def months(draw, first: dt.date = dt.date(2015, 1, 1), last: dt.date = dt.date(2025, 12, 1)):
    index = draw(st.integers(0, (last.year - first.year) * 12 + last.month - first.month))
    year, month = divmod(first.month - 1 + index, 12)
    return dt.date(first.year + year, month + 1, 1)


@st.composite
def downloads(
    draw,
    month: dt.date | None = None,
    multi_month: bool | None = None,
    max_rows: int = 12,
    sizes: tuple[str, ...] = ("rows", "rows", "sample", "several"),
    language: str | None = None,
    dimensions: tuple[str, ...] | None = None,
    currency: str | None = None,
) -> Download:
    """A valid download and its rows. ``sizes``: "rows" (as drawn), "sample" (about the 64 KiB
    the encoding is decided on), "several" (two to four times it): the drawn rows repeat with
    figures shifted by their repetition, all from the draw."""
    language = language or draw(st.sampled_from(["zh", "en"]))
    currency = currency or draw(st.sampled_from(["CNY", "USD"]))
    multi_month = draw(st.booleans()) if multi_month is None else multi_month
    if dimensions is None:
        dimensions = tuple(d for d, *_ in DIMENSIONS if draw(st.booleans()))
    encoding = draw(st.sampled_from(["gb18030", "utf-8", "utf-8-sig"]))
    separators = draw(st.booleans())
    apostrophe = draw(st.booleans())
    missing = draw(st.sampled_from(["?", ""]))

    roles = (["period"] if multi_month else []) + ["hs_code", "commodity_name"]
    for dimension, code, label, _ in DIMENSIONS:
        if dimension in dimensions:
            roles += [code, label]
    roles += ["quantity", "quantity_unit", "quantity_2", "quantity_2_unit", "value"]
    labels = LABELS[language]
    header = [draw(st.sampled_from(labels[currency if r == "value" else r])) for r in roles]

    first_units, second_unit = UNITS[language]
    file_month = month or draw(months())
    row_months = (
        draw(st.lists(months(), min_size=1, max_size=3, unique=True)) if multi_month else []
    )
    rows: list[Row] = []
    for _ in range(draw(st.integers(1, max_rows))):
        period = draw(st.sampled_from(row_months)) if multi_month else file_month
        hs = draw(st.from_regex(r"87[0-9]{6}", fullmatch=True))
        cells = {
            "period": f"{period:%Y%m}",
            "hs_code": ("'" if apostrophe else "") + hs,
            "commodity_name": draw(name(language)),
        }
        for dimension, code, label, codes in DIMENSIONS:
            if dimension in dimensions:
                cells[code] = draw(st.sampled_from(codes))
                cells[label] = draw(name(language, 12))
        quantity = draw(st.integers(0, 10**7))
        quantity_2 = draw(st.none() | st.integers(0, 10**9))
        value = draw(st.none() | st.integers(0, 10**12))
        cells["quantity_unit"] = draw(st.sampled_from(first_units))
        cells["quantity_2_unit"] = second_unit
        rows.append(Row(cells, period, quantity, quantity_2, value))

    download = Download(
        name="",
        language=language,
        currency=currency,
        roles=roles,
        encoding=encoding,
        quote_all=draw(st.booleans()),
        trailing_comma=draw(st.booleans()),
        eol=draw(st.sampled_from(["\r\n", "\n"])),
        header=header,
    )
    size = draw(st.sampled_from(sizes))
    target = {"rows": 0, "sample": SAMPLE + draw(st.integers(-2048, 2048)),
              "several": SAMPLE * draw(st.integers(2, 4))}[size]  # fmt: skip
    if target:
        # one repetition of the drawn rows weighs about ``block`` bytes
        block = len(download.encode(download.text_of(rows))) - len(
            download.encode(download.line(header))
        )
        base = list(rows)
        rows += [_shifted(row, r) for r in range(1, max(1, target // block)) for row in base]
    for row in rows:
        row.cells["quantity"] = _figure(row.quantity, missing, separators)
        row.cells["quantity_2"] = _figure(row.quantity_2, missing, separators)
        row.cells["value"] = _figure(row.value, missing, separators)
    download.rows = rows
    if multi_month:
        download.name = draw(st.sampled_from(["exports_range", "query_multi", "下载"])) + ".csv"
    else:
        pattern = draw(st.sampled_from(["%Y%m", "%Y-%m"]))
        stem = draw(st.sampled_from(["exports_{}_partner", "{}", "海关出口_{}", "x_{}_usd"]))
        download.name = stem.format(file_month.strftime(pattern)) + ".csv"
    return download


def _shifted(row: Row, repeat: int) -> Row:
    """A repetition of a drawn row: the same cells, figures moved by ``repeat``."""

    def moved(value: int | None) -> int | None:
        return None if value is None else value + repeat

    return Row(dict(row.cells), row.period, moved(row.quantity), moved(row.quantity_2),
               moved(row.value))  # fmt: skip
