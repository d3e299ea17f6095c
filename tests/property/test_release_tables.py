"""GACC release tables drawn from their format load every figure drawn: pages saved as HTML
(English or Chinese site, UTF-8 or GB18030, the meta charset right or wrong) and bulletin
workbooks (.xlsx). Format: shared/formats/customs/releases/README.md: two header rows with
merged cells, 10 cells a row (8 on the January-February page), starred aggregates, indented
children, `-` or `—` for a missing cell, one decimal and thousands separators on pages,
the car row's label with full-width brackets and a <br>, site chrome before the table."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from decimal import Decimal

import xlsxwriter
from hypothesis import given
from hypothesis import strategies as st

from pipelines.lib.sources.releases.loader import load_release_landing
from tests.property.gacc_format import BUILD_DAY, months
from tests.property.harness import quarantined, warehouse, workspace

MONTHS_EN = "January February March April May June July August September October November December"
MONTHS_EN = MONTHS_EN.split()
# (label en, label zh, unit en, unit zh, aggregate): the rows the release tables print
ITEMS = [
    ("Motor vehicles（including<br>chassis)", "汽车（包括底盘）", "10,000 units", "万辆", False),
    ("Motor vehicles (including chassis)", "汽车(包括底盘)", "10,000 units", "万辆", False),
    ("Parts and accessories of motor vehicles", "汽车零配件", None, None, False),
    ("Labour-intensive products", "劳动密集型产品", None, None, True),
    ("Steel products", "钢材", "10,000 tons", "万吨", False),
    ("Rare earths", "稀土", "ton", "吨", False),
    ("Mechanical and electrical products", "机电产品", None, None, True),
    ("Mobile phones", "手机", "10,000 units", "万台", False),
    ("Ships", "船舶", "unit", "艘", False),
]
FIGURE_NAMES = ("month", "ytd", "prior_ytd", "change")


@dataclass
class Line:
    label: str
    unit: str | None
    figures: dict[str, tuple[Decimal | None, Decimal | None]]  # group -> (quantity, value)
    indent: bool


_FULL_WIDTH = str.maketrans("0123456789,.-", "０１２３４５６７８９，．－")


def _written(value: Decimal | None, missing: str, separators: bool, wide: bool = False) -> str:
    """A figure as printed; ``wide``: in full-width digits, which the parser reads (NFKC)."""
    if value is None:
        return missing
    text = f"{value:,.1f}" if separators else f"{value:.1f}"
    return text.translate(_FULL_WIDTH) if wide else text


@st.composite
def release_lines(draw, language: str, has_month: bool):
    lines = []
    for _ in range(draw(st.integers(1, 8))):
        en, zh, unit_en, unit_zh, aggregate = draw(st.sampled_from(ITEMS))
        label = en if language == "en" else zh
        if aggregate:
            label = "*" + label
        unit = unit_en if language == "en" else unit_zh
        tenths = st.integers(0, 10**9).map(lambda n: Decimal(n) / 10)
        figures = {}
        for group in FIGURE_NAMES:
            if group == "month" and not has_month:
                continue
            quantity = draw(tenths) if unit else None
            value = draw(tenths)
            if group == "change":
                quantity = None if quantity is None else quantity - 500
                value = value - 500
            figures[group] = (quantity, value)
        if has_month:  # a month's figure never exceeds the year to date
            (mq, mv), (yq, yv) = figures["month"], figures["ytd"]
            figures["ytd"] = (None if yq is None else max(mq, yq), max(mv, yv))
        lines.append(Line(label, unit, figures, draw(st.booleans())))
    return lines


@st.composite
def release_pages(draw):
    language = draw(st.sampled_from(["en", "zh"]))
    month = draw(months(dt.date(2018, 2, 1), dt.date(2025, 12, 1)))
    has_month = month.month != 2 or draw(st.booleans())  # Jan-Feb pages: cumulative only
    currency = draw(st.sampled_from(["CNY", "USD"]))
    lines = draw(release_lines(language, has_month))
    missing = draw(st.sampled_from(["-", "—"]))
    separators = draw(st.booleans())
    wide = draw(st.sampled_from([False, False, False, True]))
    encoding = draw(st.sampled_from(["utf-8", "gb18030"]))
    declared = draw(st.sampled_from(["utf-8", "gbk", None]))  # the page may say anything
    last = MONTHS_EN[month.month - 1]
    if language == "en":
        period = f"{last} {month.year}" if has_month else f"January-{last} {month.year}"
        title = f"(5) China's Major Exports by Quantity and Value, {period} (in {currency})"
        unit = "Unit: Value in " + ("CNY 100 million" if currency == "CNY" else "USD 1 million")
        groups = [f"January to {last}", f"January to {last} {month.year - 1}",
                  "Change over the same period last year (%)"]  # fmt: skip
        groups = ([last] if has_month else []) + groups
        heads, sub = ["Items", "Unit"], ["Quantity", "Value"]
    else:
        span = f"{month.month}月" if has_month else f"1-{month.month}月"
        kind = "人民币值" if currency == "CNY" else "美元值"
        title = f"（5）{month.year}年{span}出口主要商品量值表（{kind}）"
        unit = "金额单位：" + ("亿元" if currency == "CNY" else "百万美元")
        groups = [f"1至{month.month}月累计", "上年同期累计", "累计比去年同期±%"]
        groups = ([f"{month.month}月"] if has_month else []) + groups
        heads, sub = ["商品名称", "计量单位"], ["数量", "金额"]
    cells = lambda line: [  # noqa: E731
        _written(figure, missing, separators, wide)
        for group in FIGURE_NAMES
        if group in line.figures
        for figure in line.figures[group]
    ]
    rows = "".join(
        "<tr><td><p>" + ("&nbsp;&nbsp;" if line.indent else "") + html.escape(line.label).replace(
            "&lt;br&gt;", "<br>") + "</p></td><td><p>" + html.escape(line.unit or missing)
        + "</p></td>" + "".join(f"<td><p>{c}</p></td>" for c in cells(line)) + "</tr>\n"
        for line in lines
    )  # fmt: skip
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={declared}" />'
    page = (
        f"<html><head>{meta if declared else ''}<title>{title}</title></head><body>"
        '<table class="nav"><tr><td>Home</td><td>Statistics</td></tr></table>'
        f'<div class="atcl-ttl">{title}</div><p style="text-align:right">{unit}</p><table>'
        f'<tr><td rowspan="2"><p>{heads[0]}</p></td><td rowspan="2"><p>{heads[1]}</p></td>'
        + "".join(f'<td colspan="2"><p>{g}</p></td>' for g in groups)
        + "</tr><tr>"
        + "".join(f"<td><p>{s}</p></td>" for _ in groups for s in sub)
        + f"</tr>\n{rows}</table><p>Note: preliminary.</p></body></html>"
    )
    return page.encode(encoding), month, currency, lines


def _loaded(con) -> list[tuple]:
    # figures as staging casts them (release_facts.sql): text less separators to a decimal
    cast = "try_cast(replace(trim({}), ',', '') as decimal(38, 6))"
    return con.execute(
        "select row_number, unit_label, "
        + ", ".join(
            cast.format(c)
            for c in (
                "month_quantity",
                "month_value",
                "ytd_quantity",
                "ytd_value",
                "prior_ytd_quantity",
                "prior_ytd_value",
                "change_quantity_pct",
                "change_value_pct",
            )
        )  # fmt: skip
        + " from raw.release_rows order by row_number"
    ).fetchall()


def _expected(lines: list[Line], has_month: bool) -> list[tuple]:
    expected = []
    for number, line in enumerate(lines, start=1):
        figures = []
        for group in FIGURE_NAMES:
            figures += list(line.figures.get(group, (None, None)))
        expected.append((number, line.unit, *figures))
    return expected


@given(release_pages())
def test_a_release_page_loads_every_figure_drawn(drawn):
    page, month, currency, lines = drawn
    with workspace() as folder:
        landing = folder / "landing"
        (landing / "customs/releases").mkdir(parents=True)
        (landing / "customs/releases/page.html").write_bytes(page)
        con = warehouse(folder)
        [outcome] = load_release_landing(con, landing, BUILD_DAY)
        assert (outcome.status, outcome.rows_loaded) == ("loaded", len(lines)), quarantined(con)
        assert con.execute("select period, currency from raw.release_files").fetchall() == [
            (month, currency)
        ]
        assert _loaded(con) == _expected(lines, True)


@st.composite
def bulletins(draw):
    month = draw(months(dt.date(2018, 1, 1), dt.date(2025, 12, 1)))
    january = month.month == 1
    currency = draw(st.sampled_from(["CNY", "USD"]))
    lines = draw(release_lines("zh", True))
    if january:  # the January table: the month and its change on the same month only
        for line in lines:
            del line.figures["ytd"], line.figures["prior_ytd"]
    else:
        for line in lines:
            del line.figures["prior_ytd"]
    return month, currency, lines, draw(st.sampled_from(["-", "—", ""]))


def _write_bulletin(path, month, currency, lines, missing):
    book = xlsxwriter.Workbook(path.as_posix())
    sheet = book.add_worksheet("出口")
    kind = "人民币值" if currency == "CNY" else "美元值"
    sheet.write(0, 0, f"（5）{month.year}年{month.month}月出口主要商品量值表（{kind}）")
    sheet.write(1, 0, "金额单位：" + ("万元" if currency == "CNY" else "千美元"))
    groups = [f"{month.month}月"] + (
        ["比去年同月±%"] if month.month == 1 else [f"1至{month.month}月累计", "累计比去年同期±%"]
    )
    sheet.write(2, 0, "商品名称")
    sheet.write(2, 1, "计量单位")
    for index, group in enumerate(groups):
        sheet.merge_range(2, 2 + 2 * index, 2, 3 + 2 * index, group)
        sheet.write(3, 2 + 2 * index, "数量")
        sheet.write(3, 3 + 2 * index, "金额")
    order = ["month", "change"] if month.month == 1 else ["month", "ytd", "change"]
    for number, line in enumerate(lines, start=4):
        sheet.write(number, 0, ("\u3000\u3000" if line.indent else "") + line.label)
        sheet.write(number, 1, line.unit or missing)
        column = 2
        for group in order:
            for figure in line.figures[group]:
                if figure is None:
                    sheet.write(number, column, missing)
                else:
                    sheet.write_number(number, column, float(figure))
                column += 1
    sheet.write(len(lines) + 4, 0, "注：本表数据为初步统计数。")
    book.close()


@given(bulletins())
def test_a_bulletin_workbook_loads_every_figure_drawn(drawn):
    month, currency, lines, missing = drawn
    with workspace() as folder:
        landing = folder / "landing"
        (landing / "customs/releases").mkdir(parents=True)
        _write_bulletin(landing / "customs/releases/bulletin.xlsx", month, currency, lines, missing)
        con = warehouse(folder)
        [outcome] = load_release_landing(con, landing, BUILD_DAY)
        assert (outcome.status, outcome.rows_loaded) == ("loaded", len(lines)), quarantined(con)
        assert _loaded(con) == _expected(lines, True)
