"""Release-table parsers alone: HTML pages (English, Chinese) and bulletin spreadsheets.

Also home of the small writers the integration tests use to make release files.
"""

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from pipelines.lib.sources.releases.bulletin import parse_release_bulletin
from pipelines.lib.sources.releases.html import parse_release_html
from pipelines.lib.sources.releases.products import CAR_PRODUCT, product_of
from pipelines.lib.sources.releases.table import TableRejected, number

# the bundled copies of the shared format examples
RELEASES = Path(__file__).resolve().parents[2] / "data" / "landing" / "customs" / "releases"

EN_MONTHS = "January February March April May June July August September October November December"
EN_MONTHS = EN_MONTHS.split()

# (label, unit, month q, month v, ytd q, ytd v, prior q, prior v, change q, change v)
CAR_APRIL = ("Motor vehicles（including chassis)", "10,000 units", "62.0", "801.5", "215.8",
             "2,649.8", "187.4", "2,548.4", "15.2", "4.0")  # fmt: skip
PARTS_APRIL = ("&nbsp;&nbsp;Parts and accessories of motor vehicles", "-", "-", "661.5", "-",
               "2,739.1", "-", "2,571.9", "-", "6.5")  # fmt: skip


def release_page(
    year: int,
    month: int,
    rows: list[tuple[str, ...]],
    currency: str = "CNY",
    month_cells: bool = True,
    shifted: bool = False,
) -> str:
    """An English release page in the site's layout (nav table, unit line, two header rows).

    shifted=True drops the unit cell of every data row, as in the known defective USD page.
    """
    unit = "CNY 100 million" if currency == "CNY" else "USD 1 million"
    name = EN_MONTHS[month - 1]
    span = f"January-{name}" if not month_cells else name
    head = ['<td rowspan="2"><p>Items</p></td>', '<td rowspan="2"><p>Unit</p></td>']
    if month_cells:
        head.append(f'<td colspan="2"><p>{name}</p></td>')
    head += [
        f'<td colspan="2"><p>January to {name}</p></td>',
        f'<td colspan="2"><p>January to {name} {year - 1}</p></td>',
        '<td colspan="2"><p>Change over the same period last year (%)</p></td>',
    ]
    groups = 4 if month_cells else 3
    sub = "<td><p>Quantity</p></td><td><p>Value</p></td>" * groups
    body = []
    for row in rows:
        cells = list(row) if month_cells else [row[0], row[1], *row[4:]]
        if shifted:
            del cells[1]
        body.append("<tr>" + "".join(f"<td><p>{c}</p></td>" for c in cells) + "</tr>")
    return (
        "<html><head><meta charset='utf-8'/>"
        f"<title>(5) China's Major Exports by Quantity and Value, {span} {year} (in {currency})"
        "</title></head><body>"
        '<table class="nav"><tr><td><a href="#">Home</a></td></tr></table>'
        f'<div class="atcl-ttl">(5) China\'s Major Exports by Quantity and Value, {span} {year}'
        f" (in {currency})</div>"
        f'<p style="text-align:right">Unit: Value in {unit}</p>'
        '<table class="MsoNormalTable">'
        f"<tr>{''.join(head)}</tr><tr>{sub}</tr>{''.join(body)}</table></body></html>"
    )


def write_xlsx(path: Path, grid: list[list[object]]) -> Path:
    """A minimal .xlsx (inline strings, numbers) without a spreadsheet library."""

    def cell(ref: str, value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, int | float):
            return f'<c r="{ref}"><v>{value}</v></c>'
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'

    rows = []
    for r, values in enumerate(grid, start=1):
        cells = "".join(cell(f"{chr(65 + c)}{r}", v) for c, v in enumerate(values))
        rows.append(f'<row r="{r}">{cells}</row>')
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
        '"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + "".join(rows)
        + "</sheetData></worksheet>"
    )
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.'
            'org/package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
            f'{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}">'
            '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
            f'{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": sheet,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return path


def january_bulletin(path: Path, year: int, car_vehicles: int, car_value_10k_cny: int) -> Path:
    """A January bulletin: no cumulative columns, change over the same month."""
    return write_xlsx(
        path,
        [
            [f"（5）{year}年1月出口主要商品量值表（人民币值）"],
            ["金额单位：万元"],
            ["商品名称", "计量单位", "1月", None, "比去年同月±%", None],
            [None, None, "数量", "金额", "数量", "金额"],
            ["*机电产品", "-", "-", 9_000_000, "-", 3.1],
            ["汽车（包括底盘）", "辆", car_vehicles, car_value_10k_cny, 1.5, 2.5],
            ["  汽车零配件", "-", "—", 600_000, "-", 4.4],
            [],
            ["注：带“*”号的为合计项目。"],
        ],
    )


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _car(table):
    [car] = [row for row in table.rows if row.product == CAR_PRODUCT]
    return car


def test_april_cny_page_reads_the_real_car_row():
    table = parse_release_html(RELEASES / "release_202504_exports_cny.html")
    assert (table.period.isoformat(), table.currency, table.value_scale) == (
        "2025-04-01",
        "CNY",
        100_000_000,
    )
    car = _car(table)
    assert (car.quantity_scale, car.quantity_unit) == (10_000, "vehicles")
    assert number(car.cells["month_quantity"]) * car.quantity_scale == 620_000
    assert number(car.cells["month_value"]) * table.value_scale == 80_150_000_000
    assert number(car.cells["ytd_quantity"]) == 215.8
    assert car.cells["change_quantity_pct"] == "15.2"


def test_aggregate_rows_are_starred_and_children_indented():
    table = parse_release_html(RELEASES / "release_202504_exports_cny.html")
    by_product = {row.product: row for row in table.rows}
    assert by_product["mechanical_electrical_products"].is_aggregate
    assert not by_product[CAR_PRODUCT].is_aggregate
    assert by_product["parts_of_motor_vehicles"].indent == 2
    assert by_product[CAR_PRODUCT].indent == 0
    assert by_product["parts_of_motor_vehicles"].cells["month_quantity"] == "-"


def test_usd_page_car_label_with_line_break_is_the_car_row():
    table = parse_release_html(RELEASES / "release_202504_exports_usd.html")
    assert (table.currency, table.value_scale) == ("USD", 1_000_000)
    assert _car(table).cells["month_value"] == "11,164.1"


def test_january_february_page_has_cumulative_cells_only():
    table = parse_release_html(RELEASES / "release_202502_exports_cny.html")
    assert (table.period.isoformat(), table.first_month, table.has_month_cells) == (
        "2025-02-01",
        1,
        False,
    )
    car = _car(table)
    assert car.cells["month_quantity"] is None
    assert car.cells["ytd_quantity"] == "97.1"


def test_shifted_usd_page_is_refused_as_a_whole(tmp_path):
    page = release_page(2025, 4, [CAR_APRIL, PARTS_APRIL], currency="USD", shifted=True)
    with pytest.raises(TableRejected, match="shifted"):
        parse_release_html(_write(tmp_path, "release_202504_usd.html", page))


def test_unit_column_holding_a_number_is_refused(tmp_path):
    # padded back to ten cells, the shift shows as a number in the unit column
    row = (CAR_APRIL[0], *CAR_APRIL[2:], "")
    page = release_page(2025, 4, [row], currency="USD")
    with pytest.raises(TableRejected, match="unit column holds the number"):
        parse_release_html(_write(tmp_path, "p.html", page))


def test_chinese_page_with_wan_units(tmp_path):
    page = (
        "<html><head><title>（5）2025年4月出口主要商品量值表（人民币值）</title></head><body>"
        "<p>金额单位：亿元</p><table>"
        '<tr><td rowspan="2">商品名称</td><td rowspan="2">计量单位</td><td colspan="2">4月</td>'
        '<td colspan="2">1至4月累计</td><td colspan="2">上年同期累计</td>'
        '<td colspan="2">累计比去年同期±%</td></tr>'
        "<tr>" + "<td>数量</td><td>金额</td>" * 4 + "</tr>"
        "<tr><td>汽车（包括<br>底盘）</td><td>万辆</td><td>62.0</td><td>801.5</td>"
        "<td>215.8</td><td>2,649.8</td><td>187.4</td><td>2,548.4</td><td>15.2</td><td>4.0</td>"
        "</tr><tr><td>&nbsp;&nbsp;汽车零配件</td><td>—</td><td>—</td><td>661.5</td><td>—</td>"
        "<td>2,739.1</td><td>—</td><td>2,571.9</td><td>—</td><td>6.5</td></tr></table>"
        "</body></html>"
    )
    table = parse_release_html(_write(tmp_path, "zh.html", page))
    assert (table.language, table.currency, table.value_scale) == ("zh", "CNY", 100_000_000)
    car = _car(table)
    assert (car.quantity_scale, car.quantity_unit, car.cells["month_quantity"]) == (
        10_000,
        "vehicles",
        "62.0",
    )
    parts = [r for r in table.rows if r.product == "parts_of_motor_vehicles"][0]
    assert parts.problem is None and number(parts.cells["ytd_quantity"]) is None


def test_header_month_other_than_the_title_month_is_refused(tmp_path):
    page = release_page(2025, 4, [CAR_APRIL]).replace("<p>April</p>", "<p>March</p>", 1)
    with pytest.raises(TableRejected, match="ambiguous"):
        parse_release_html(_write(tmp_path, "p.html", page))


def test_a_cell_that_is_not_a_number_refuses_only_its_row(tmp_path):
    bad = (*CAR_APRIL[:2], "6x.0", *CAR_APRIL[3:])
    table = parse_release_html(_write(tmp_path, "p.html", release_page(2025, 4, [bad])))
    assert "month_quantity is not a number" in _car(table).problem


def test_month_above_year_to_date_refuses_the_row(tmp_path):
    bad = (*CAR_APRIL[:4], "21.6", *CAR_APRIL[5:])
    table = parse_release_html(_write(tmp_path, "p.html", release_page(2025, 4, [bad])))
    assert "exceeds the year-to-date" in _car(table).problem


def test_labels_are_matched_exactly_after_normalising():
    assert product_of("Motor vehicles（including chassis)") == CAR_PRODUCT
    assert product_of("Motor vehicles (including\nchassis)") == CAR_PRODUCT
    assert product_of("汽车（包括底盘）") == CAR_PRODUCT
    assert product_of("汽车(包括 底盘)") == CAR_PRODUCT
    assert product_of("Parts and accessories of motor vehicles") == "parts_of_motor_vehicles"
    assert product_of("汽车零配件") == "parts_of_motor_vehicles"
    assert product_of("Motor vehicles") is None


def test_xls_bulletin_in_code_page_936_reads_chinese_labels_and_wan_yuan():
    table = parse_release_bulletin(RELEASES / "bulletin_202505_exports_cny.xls")
    assert (table.period.isoformat(), table.currency, table.value_scale) == (
        "2025-05-01",
        "CNY",
        10_000,
    )
    car = _car(table)
    assert (car.unit_label, car.quantity_scale) == ("辆", 1)
    assert car.cells["month_quantity"] == "695163"
    assert car.cells["month_value"] == "8628347"
    assert car.cells["ytd_quantity"] == "2853402"
    assert car.cells["prior_ytd_quantity"] is None  # the bulletin prints no prior-year columns


def test_january_xlsx_bulletin_without_cumulative_columns(tmp_path):
    table = parse_release_bulletin(january_bulletin(tmp_path / "b.xlsx", 2025, 400_123, 5_000_000))
    assert (table.period.isoformat(), table.has_ytd_cells, table.change_basis) == (
        "2025-01-01",
        False,
        "month",
    )
    car = _car(table)
    assert (car.cells["month_quantity"], car.cells["ytd_quantity"]) == ("400123", None)
    assert car.cells["change_quantity_pct"] == "1.5"


def test_usd_bulletin_in_thousand_dollars(tmp_path):
    path = write_xlsx(
        tmp_path / "b.xlsx",
        [
            ["（5）2025年5月出口主要商品量值表（美元值）"],
            ["金额单位：千美元"],
            ["商品名称", "计量单位", "5月", None, "1至5月累计", None, "累计比去年同期±%", None],
            [None, None, "数量", "金额", "数量", "金额", "数量", "金额"],
            ["汽车（包括底盘）", "辆", 695163, 12_000_000, 2853402, 49_000_000, 16.8, 3.0],
        ],
    )
    table = parse_release_bulletin(path)
    assert (table.currency, table.value_scale, table.value_unit) == ("USD", 1_000, "千美元")


def test_bulletin_without_header_is_refused(tmp_path):
    path = write_xlsx(tmp_path / "b.xlsx", [["something else"], ["1", "2"]])
    with pytest.raises(TableRejected, match="商品名称"):
        parse_release_bulletin(path)


def _pandas_grid(path: Path, engine: str) -> list[list[str]]:
    """The grid as pandas' read_excel gave it, which the reader used before it read the
    engines directly: the reference the direct reading must equal."""
    import warnings

    import pandas as pd

    from pipelines.lib.sources.releases.bulletin import _cell_text

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The xlrd engine is deprecated")
        frame = pd.read_excel(path, header=None, engine=engine, dtype=object, sheet_name=0)
    return [[_cell_text(v) for v in row] for row in frame.itertuples(index=False)]


def test_a_bulletin_reads_as_pandas_read_it(tmp_path):
    from pipelines.lib.sources.releases.bulletin import _read_grid

    xls = RELEASES / "bulletin_202505_exports_cny.xls"
    for engine in ("calamine", "xlrd"):
        assert _read_grid(xls, engine) == _pandas_grid(xls, engine), engine
    # ragged rows, empty cells, leading empty rows, whole and decimal numbers, text
    grid = [
        [None],
        [None, None, "出口主要商品量值表"],
        ["商品名称", "计量单位", 3, None, 12.5],
        ["汽车（包括底盘）", "辆", 500000, 1234.0],
        ["  其中：电动载人汽车", None, None, None, None, 7],
    ]
    xlsx = write_xlsx(tmp_path / "b.xlsx", grid)
    assert _read_grid(xlsx, "calamine") == _pandas_grid(xlsx, "calamine")
