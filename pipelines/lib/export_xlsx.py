"""`autoexport export --format xlsx`: one Excel workbook per mart, for people who live in Excel/WPS.

What a cell holds (each column's writer is chosen once, from its DuckDB type and name):

- header row: the column's short label from the data dictionary in the chosen language
  (``--lang zh|en``), or the column name where the dictionary has none; frozen, with an
  autofilter, column widths from the label and the first batch of values (capped);
- numbers as numbers. Integers are exact in a float below 2**53 and DECIMALs whose shortest
  float repr reads back as the same decimal (any with at most 15 significant digits) are
  written as numbers; anything beyond (a HUGEINT sum of yuan above 2**53, a DECIMAL(38,x) with
  more digits than a float keeps) is written as text, digits as stored, so no figure is ever
  silently rounded. Formats: thousands separators on money and counts; DECIMALs keep their
  scale; year- and rank-like integers (``year``, ``vintage``, ``rank``…) have none;
- shares and percentages (names ending ``_pct`` or ``_share``) keep the value as stored
  (22.8 means 22.8 %) with the number format ``0.0"%"``: the cell equals the warehouse, the
  CSV and the Parquet (no hidden division by 100), and Excel shows ``22.8%``;
- dates as dates (``yyyy-mm-dd``), timestamps as date-times (time zones converted to UTC);
  booleans as TRUE/FALSE; NULL as an empty cell;
- lists of scalars (``source_files``) as text joined with ``; `` (``LIST_SEPARATOR``); other
  nested values (lists of structs) as JSON text;
- text always as a string (``write_string``, ``strings_to_formulas`` off): a cell starting
  with ``=``, ``+``, ``-`` or ``@`` is text, never a formula.

Rows stream from DuckDB in batches (``fetchmany``) into XlsxWriter's ``constant_memory`` mode,
so memory stays bounded however large the table. A table with more rows than a sheet takes
(Excel: 1,048,576 including the header; ``max_sheet_rows``) goes on to further sheets.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import xlsxwriter

from pipelines.lib.data_dictionary import dictionary

EXCEL_MAX_ROWS = 1_048_576  # per sheet, header row included
LANGUAGES = ("zh", "en")
LIST_SEPARATOR = "; "
BATCH_ROWS = 10_000
MAX_WIDTH = 50  # characters; a long note wraps no column off the screen
_WIDTH_SAMPLE = 1_000  # rows whose values size the columns
_EXACT_INT = 2**53
_PERCENT = re.compile(r"_(pct|share)$")
# integers that are identifiers or calendar numbers: 2,025 would read wrong
_NO_SEPARATOR = re.compile(r"^(year|vintage|tariff_year|section_no|measure_seq|rank.*)$")
_INTEGER_TYPES = {
    "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT",
    "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT",
}  # fmt: skip
_FLOAT_TYPES = {"FLOAT", "DOUBLE"}
_DECIMAL = re.compile(r"^DECIMAL\((\d+),(\d+)\)$")

Writer = Callable[[object, int, int, object], None]  # (worksheet, row, col, value)


def header_labels(table: str, columns: list[str], lang: str) -> list[str]:
    """The header row: dictionary labels of marts.<table> in ``lang``, else the column names."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}")
    doc = dictionary().get(f"marts.{table}")
    labels = []
    for name in columns:
        column = doc.column(name) if doc else None
        labels.append(getattr(column.label, lang) if column else name)
    return labels


def list_text(value: list) -> str:
    """A list of scalars as one cell: elements joined with LIST_SEPARATOR, NULL as empty."""
    return LIST_SEPARATOR.join("" if item is None else str(item) for item in value)


def nested_text(value: object) -> str:
    if isinstance(value, list) and not any(isinstance(v, (dict, list)) for v in value):
        return list_text(value)
    return json.dumps(value, ensure_ascii=False, default=str)


def number_fits(value: int | decimal.Decimal) -> bool:
    """True where a float (what an .xlsx number is) holds ``value`` without changing it."""
    if isinstance(value, int):
        return -_EXACT_INT < value < _EXACT_INT
    return value.is_finite() and decimal.Decimal(repr(float(value))) == value


def number_format(name: str, kind: str) -> str | None:
    if _PERCENT.search(name):
        return '#,##0.0"%"'
    if kind in _INTEGER_TYPES:
        return None if _NO_SEPARATOR.match(name) else "#,##0"
    if kind in _FLOAT_TYPES:
        return "#,##0.00"
    if match := _DECIMAL.match(kind):
        scale = int(match.group(2))
        return "#,##0." + "0" * scale if scale else "#,##0"
    return None


def _column_writer(workbook, name: str, kind: str) -> Writer:
    """How one column's non-NULL cells are written, chosen once from its type and name."""
    if kind.endswith("[]") or kind.startswith(("STRUCT", "MAP", "UNION")):

        def write(ws, r, c, v):
            ws.write_string(r, c, nested_text(v))

        return write
    if kind == "BOOLEAN":
        return lambda ws, r, c, v: ws.write_boolean(r, c, v)
    if kind == "DATE":
        fmt = workbook.add_format({"num_format": "yyyy-mm-dd"})
        return lambda ws, r, c, v: ws.write_datetime(r, c, v, fmt)
    if kind.startswith("TIMESTAMP"):
        fmt = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})

        def write(ws, r, c, v):
            if v.tzinfo is not None:
                v = v.astimezone(dt.UTC).replace(tzinfo=None)
            ws.write_datetime(r, c, v, fmt)

        return write
    if kind in _INTEGER_TYPES or kind in _FLOAT_TYPES or _DECIMAL.match(kind):
        num_format = number_format(name, kind)
        fmt = workbook.add_format({"num_format": num_format}) if num_format else None
        if kind in _FLOAT_TYPES:
            return lambda ws, r, c, v: ws.write_number(r, c, v, fmt)

        def write(ws, r, c, v):
            if number_fits(v):
                ws.write_number(r, c, float(v) if isinstance(v, decimal.Decimal) else v, fmt)
            else:
                ws.write_string(r, c, str(v))

        return write
    # VARCHAR and anything else (UUID, BLOB, TIME, INTERVAL…): its text, never a formula
    return lambda ws, r, c, v: ws.write_string(r, c, v if isinstance(v, str) else str(v))


def _display_width(text: str) -> int:
    # CJK characters take two columns in Excel's default font
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


class _Book:
    """One workbook being written: sheets of at most ``max_sheet_rows`` rows, header included."""

    def __init__(self, path: Path, table: str, columns, kinds, labels, max_sheet_rows: int):
        self.workbook = xlsxwriter.Workbook(
            path.as_posix(),
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
            },
        )
        self.table, self.labels, self.max_rows = table, labels, max_sheet_rows
        self.header = self.workbook.add_format({"bold": True})
        self.writers = [
            _column_writer(self.workbook, n, k) for n, k in zip(columns, kinds, strict=True)
        ]
        self.widths = [_display_width(label) + 2 for label in labels]  # + the filter button
        self.sheets: list[dict] = []
        self.sheet = None
        self.row = 0

    def _new_sheet(self) -> None:
        self._finish_sheet()
        number = len(self.sheets) + 1
        name = self.table[:31] if number == 1 else f"{self.table[:24]} ({number})"
        self.sheet = self.workbook.add_worksheet(name)
        for col, label in enumerate(self.labels):
            self.sheet.write_string(0, col, label, self.header)
        self.sheet.freeze_panes(1, 0)
        self.sheets.append({"name": name, "rows": 0})
        self.row = 1

    def _finish_sheet(self) -> None:
        if self.sheet is None:
            return
        for col, width in enumerate(self.widths):
            self.sheet.set_column(col, col, min(width, MAX_WIDTH))
        self.sheet.autofilter(0, 0, max(self.row - 1, 0), max(len(self.labels) - 1, 0))

    def add_rows(self, rows: list[tuple], measure: bool) -> None:
        writers = self.writers
        for values in rows:
            if self.sheet is None or self.row >= self.max_rows:
                self._new_sheet()
            sheet, row = self.sheet, self.row
            for col, value in enumerate(values):
                if value is not None:
                    writers[col](sheet, row, col, value)
                    if measure:
                        self.widths[col] = max(self.widths[col], _value_width(value))
            self.row += 1
            self.sheets[-1]["rows"] += 1

    def close(self) -> list[dict]:
        if self.sheet is None:
            self._new_sheet()  # an empty table: a header row all the same
        self._finish_sheet()
        self.workbook.close()
        return self.sheets


def _value_width(value: object) -> int:
    if isinstance(value, (list, dict)):
        text = nested_text(value)
    elif isinstance(value, (int, float, decimal.Decimal)) and not isinstance(value, bool):
        text = f"{value:,}"
    else:
        text = str(value)
    return _display_width(text) + 1


def write_workbook(
    cursor,
    path: Path,
    table: str,
    columns: list[str],
    kinds: list[str],
    lang: str,
    max_sheet_rows: int = EXCEL_MAX_ROWS,
) -> list[dict]:
    """Stream ``cursor``'s rows into one workbook at ``path``; return its sheets and row counts."""
    if max_sheet_rows < 2:
        raise ValueError("a sheet needs room for the header and at least one row")
    book = _Book(path, table, columns, kinds, header_labels(table, columns, lang), max_sheet_rows)
    try:
        seen = 0
        for batch in _batches(cursor):
            book.add_rows(batch, measure=seen < _WIDTH_SAMPLE)
            seen += len(batch)
    finally:
        sheets = book.close()
    return sheets


def _batches(cursor) -> Iterator[list[tuple]]:
    while batch := cursor.fetchmany(BATCH_ROWS):
        yield batch
