"""GACC "Major exports by quantity and value" pages saved as HTML (English or Chinese site).

The page's bytes are decoded by the rule all landing text follows (text_encoding: UTF-8, else
GB18030, else refused), not by the page's own <meta charset> or a guess.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING

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
from pipelines.lib.text_encoding import EncodingError, decode_bytes

if TYPE_CHECKING:
    from bs4 import BeautifulSoup, Tag

_ITEM_HEADINGS = {"items", "item", "商品名称"}

# how a Chinese government page states its publication date: the PubDate meta tag of the
# national website guideline (政府网站发展指引) or a visible 发布时间 / Release date line
_STATED_DATE = re.compile(
    r"(?:发布时间|发布日期|release date|published)\s*[:：]?\s*"
    r"(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})",
    re.IGNORECASE,
)
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def stated_publication_date(soup: BeautifulSoup, period: dt.date) -> dt.date | None:
    """The date the page says it was published; None when it states none, or states an
    impossible one (not after the month it reports)."""
    meta = soup.find("meta", attrs={"name": re.compile("^pubdate$", re.IGNORECASE)})
    found = _ISO_DATE.search(meta.get("content", "")) if meta else None
    if found is None:
        found = _STATED_DATE.search(soup.get_text(" "))
    if found is None:
        return None
    try:
        day = dt.date(*(int(part) for part in found.groups()))
    except ValueError:
        return None
    month_after = (period.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return day if day >= month_after else None


def _cell_text(cell: Tag) -> str:
    # <br> inside a label is a line break, i.e. a blank: "including<br>chassis"
    return cell.get_text(" ")


def _data_table(soup: BeautifulSoup) -> Tag:
    """The table whose first cell is the item heading; site chrome tables are skipped."""
    for table in soup.find_all("table"):
        first = table.find(["td", "th"])
        if first is not None and clean_text(_cell_text(first)).lower() in _ITEM_HEADINGS:
            return table
    raise TableRejected("no table headed Items / 商品名称")


def parse_release_html(path: Path) -> ReleaseTable:
    data = path.read_bytes()
    if not data.strip():
        raise TableRejected("empty file")
    try:
        text, _ = decode_bytes(data)
    except EncodingError as exc:
        raise TableRejected(str(exc)) from exc
    # imported here, as in the policy parser: new pages only pay for it
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "lxml")
    title_tag = soup.find(class_="atcl-ttl") or soup.title
    title = clean_text(title_tag.get_text(" ")) if title_tag else ""
    period, first_month = period_of_title(title, path.name)

    table = _data_table(soup)
    unit_line = next(
        (
            clean_text(node.get_text(" "))
            for node in table.find_all_previous(["p", "div", "span"])
            if value_unit_of(node.get_text(" "))
        ),
        None,
    )
    if unit_line is None:
        raise TableRejected("no value unit line (Unit: / 金额单位) above the table")
    value_unit = checked_value_unit(title, unit_line)

    rows = table.find_all("tr")
    if len(rows) < 3:
        raise TableRejected("the table has no data rows")
    groups = [(_cell_text(c), int(c.get("colspan", 1))) for c in rows[0].find_all(["td", "th"])]
    second = [_cell_text(c) for c in rows[1].find_all(["td", "th"])]
    roles, basis = column_roles(groups, second, period)

    data_cells = []
    for tr in rows[2:]:
        cells = tr.find_all(["td", "th"])
        texts = [_cell_text(c) for c in cells]
        if not any(clean_text(t) for t in texts):
            continue
        data_cells.append((texts, indent_of(texts[0])))
    return release_table(
        fmt="html",
        language="zh" if "商品名称" in clean_text(groups[0][0]) else "en",
        title=title,
        period=period,
        first_month=first_month,
        value_unit=value_unit,
        roles=roles,
        basis=basis,
        data=data_cells,
        published_on=stated_publication_date(soup, period),
    )
