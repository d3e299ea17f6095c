"""Chinese monthly-bulletin tables (.xls / .xlsx): 出口主要商品量值表.

Read with python-calamine, without pandas (whose import cost a build 0.4 to 0.6 s for one
bulletin). calamine 0.9 decodes the UTF-16 strings of a BIFF8 .xls
that declares code page 936 as if they were GBK bytes, which garbles every Chinese label; when
the .xls header cannot be found in calamine's text, the file is read again with xlrd, which
decodes those strings correctly. Numbers are the same in both readers.
"""

from __future__ import annotations

import math
from pathlib import Path

from pipelines.lib.sources.releases.table import (
    ReleaseTable,
    TableRejected,
    checked_value_unit,
    clean_text,
    column_roles,
    indent_of,
    period_of_title,
    release_table,
    value_unit_of,
)

_ITEM_HEADING = "商品名称"


def _cell_text(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_grid(path: Path, engine: str) -> list[list[str]]:
    """The first sheet's cells as text, every row as wide as the widest (as a frame had them)."""
    rows = _calamine_rows(path) if engine == "calamine" else _xlrd_rows(path)
    width = max((len(row) for row in rows), default=0)
    return [[_cell_text(v) for v in row] + [""] * (width - len(row)) for row in rows]


def _calamine_rows(path: Path) -> list[list]:
    from python_calamine import CalamineWorkbook

    # the whole used range from A1: a sheet's leading empty rows keep their place
    return (
        CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python(skip_empty_area=False)
    )


def _xlrd_rows(path: Path) -> list[list]:
    import xlrd

    book = xlrd.open_workbook(str(path))
    sheet = book.sheet_by_index(0)
    return [[_xlrd_value(cell, book.datemode) for cell in sheet.row(i)] for i in range(sheet.nrows)]


def _xlrd_value(cell, datemode: int):
    import xlrd

    if cell.ctype == xlrd.XL_CELL_DATE:
        return xlrd.xldate.xldate_as_datetime(cell.value, datemode)
    if cell.ctype in (xlrd.XL_CELL_ERROR, xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    return cell.value


def _header_index(grid: list[list[str]]) -> int | None:
    for i, row in enumerate(grid):
        if row and clean_text(row[0]) == _ITEM_HEADING:
            return i
    return None


def read_bulletin_grid(path: Path) -> list[list[str]]:
    try:
        grid = _read_grid(path, "calamine")
    except Exception as exc:  # calamine reports any unreadable workbook
        raise TableRejected(f"not a readable spreadsheet: {exc}") from exc
    if _header_index(grid) is None and path.suffix.lower() == ".xls":
        try:
            grid = _read_grid(path, "xlrd")
        except Exception as exc:
            raise TableRejected(f"not a readable .xls: {exc}") from exc
    return grid


def parse_release_bulletin(path: Path) -> ReleaseTable:
    grid = read_bulletin_grid(path)
    head = _header_index(grid)
    if head is None or head + 1 >= len(grid):
        raise TableRejected("no header row starting with 商品名称")
    above = [clean_text(" ".join(row)) for row in grid[:head]]
    title = next((line for line in above if "年" in line and "月" in line), "")
    period, first_month = period_of_title(title, path.name)
    unit_line = next((line for line in above if value_unit_of(line)), None)
    if unit_line is None:
        raise TableRejected("no value unit line (金额单位) above the table")
    value_unit = checked_value_unit(title, unit_line)

    # merged header cells arrive as a label followed by empty cells: rebuild the spans
    top, second = grid[head], grid[head + 1]
    width = 1 + max(i for row in (top, second) for i, cell in enumerate(row) if clean_text(cell))
    groups: list[tuple[str, int]] = []
    for i, cell in enumerate(top[:width]):
        if clean_text(cell) or i < 2:
            groups.append((cell, 1))
        else:
            label, span = groups[-1]
            groups[-1] = (label, span + 1)
    roles, basis = column_roles(groups, second[:width], period)

    data_cells = []
    for row in grid[head + 2 :]:
        cells = row[: len(roles)]
        first = clean_text(cells[0]) if cells else ""
        if first.startswith("注"):
            break
        if not any(clean_text(c) for c in cells):
            continue
        extra = [c for c in row[len(roles) :] if clean_text(c)]
        data_cells.append((cells + extra, indent_of(cells[0])))
    return release_table(
        fmt=path.suffix.lower().lstrip("."),
        language="zh",
        title=title,
        period=period,
        first_month=first_month,
        value_unit=value_unit,
        roles=roles,
        basis=basis,
        data=data_cells,
    )
