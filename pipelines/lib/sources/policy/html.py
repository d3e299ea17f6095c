"""Parse a policy page as saved from a Chinese government site.

Pages carry a metadata table (索引号, 主题分类, 发文机关, 成文日期, 标题, 发文字号, 发布日期) whose
labels are padded with &nbsp; or full-width spaces and end in a full-width colon, and a body of
sections 一、二、… holding numbered measures （一）（二）…. The text encoding is detected from the
bytes (the <meta charset> may be wrong). A page without the metadata table loads with its
metadata null and a warning: nothing is guessed from the body.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pipelines.lib.sources.policy.model import (
    ParsedPolicyFile,
    PolicyDocument,
    PolicyFileRejected,
    PolicyMeasure,
)
from pipelines.lib.sources.policy.text import (
    chinese_number,
    clean,
    compact,
    declared_charset,
    decode_text,
)

if TYPE_CHECKING:
    from bs4 import BeautifulSoup

# metadata label (after compact(), colon removed) -> field; synonyms seen on provincial sites
LABELS: dict[str, str] = {
    "索引号": "index_no",
    "主题分类": "topic",
    "发文机关": "issuer",
    "发布机构": "issuer",
    "发文单位": "issuer",
    "成文日期": "written_on",
    "发文日期": "written_on",
    "标题": "title",
    "名称": "title",
    "发文字号": "doc_number",
    "文号": "doc_number",
    "发布日期": "published_on",
    "公布日期": "published_on",
}
# a page has "the metadata table" when at least this many distinct fields are labelled
_MIN_LABELS = 3
_NUMERAL = "[一二三四五六七八九十两零〇]+"
_SECTION = re.compile(rf"^({_NUMERAL})、\s*(.*)$")
_MEASURE = re.compile(rf"^[（(]({_NUMERAL})[）)]\s*(.*)$")
# sub-items inside a measure: 1. 1、 （1） ① — they continue the measure above them
_SUB_ITEM = re.compile(r"^(\d+[.、．]|[（(]\d+[）)]|[①-⑳])")
_CONTENT_SELECTORS = (
    "#UCAP-CONTENT",
    ".pages_content",
    ".TRS_Editor",
    "#zoom",
    ".article-content",
    ".article",
)
_INLINE_TAGS = {"b", "strong", "em", "i", "font", "u", "a"}
_GBK_NAMES = {"gbk", "gb2312", "gb18030", "x-gbk"}


def parse_policy_page(data: bytes) -> ParsedPolicyFile:
    """Parse the bytes of one saved page, or raise PolicyFileRejected with the reason."""
    text, encoding = decode_text(data)
    warnings = []
    declared = declared_charset(data)
    if declared and _family(declared) != _family(encoding):
        warnings.append(
            f"page declares charset {declared} but is {encoding}: decoded as {encoding}"
        )

    # imported here: 0.1-0.2 s that every start of the definitions paid, for new pages only
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "lxml")
    metadata = _metadata(soup)
    has_metadata = len(metadata) >= _MIN_LABELS
    measures = _measures(_body_paragraphs(soup))
    if not has_metadata and not measures:
        raise PolicyFileRejected(
            "not a policy page: no metadata table (发文机关, 成文日期, …) and no numbered measures"
        )
    if not has_metadata:
        metadata = {}
        warnings.append(
            "no metadata table: issuer, document number and dates left null "
            "(jurisdiction unknown); title taken from the page heading"
        )
    if not measures:
        warnings.append("no numbered measures （一）（二）… found in the body")
    title = metadata.get("title") or _page_heading(soup)
    document = PolicyDocument(
        title=title,
        issuer=metadata.get("issuer"),
        doc_number=metadata.get("doc_number"),
        written_on=metadata.get("written_on"),
        published_on=metadata.get("published_on"),
        index_no=metadata.get("index_no"),
        topic=metadata.get("topic"),
        measures=tuple(measures),
        has_metadata=has_metadata,
    )
    return ParsedPolicyFile("html", encoding, [document], warnings=warnings)


def _family(codec: str) -> str:
    codec = codec.lower().replace("_", "-")
    return "gbk" if codec in _GBK_NAMES else codec.replace("utf8", "utf-8")


def _label(text: str) -> str | None:
    """The metadata field a cell labels: 索&nbsp;&nbsp;引&nbsp;&nbsp;号： → index_no."""
    return LABELS.get(compact(text).rstrip(":"))


def _metadata(soup: BeautifulSoup) -> dict[str, str | None]:
    """Label elements followed by their value element, else "label：value" in one element."""
    found: dict[str, str | None] = {}
    elements = soup.find_all(["td", "th", "li", "span", "div", "p"])
    for element in elements:
        field = _label(element.get_text("", strip=True))
        if field and field not in found:
            value_element = element.find_next_sibling()
            value = value_element.get_text(" ", strip=True) if value_element else ""
            found[field] = clean(value) or None
    for element in elements:
        if any(child.name not in _INLINE_TAGS for child in element.find_all(True)):
            continue  # a container: its children are looked at on their own
        inline = re.match(r"^(.{2,12}?)[:：]\s*(.+)$", clean(element.get_text("", strip=True)))
        if inline and (field := _label(inline.group(1))) and field not in found:
            found[field] = clean(inline.group(2)) or None
    return found


def _page_heading(soup: BeautifulSoup) -> str | None:
    for candidate in (soup.find("h1"), soup.find("meta", attrs={"name": "ArticleTitle"})):
        if candidate is None:
            continue
        value = candidate.get("content") if candidate.name == "meta" else candidate.get_text()
        if value and clean(value):
            return clean(value)
    return None


def _body_paragraphs(soup: BeautifulSoup) -> list[str]:
    container = None
    for selector in _CONTENT_SELECTORS:
        container = soup.select_one(selector)
        if container is not None:
            break
    container = container or soup.body or soup
    for table in container.find_all("table"):
        table.decompose()  # the metadata table is not body text
    paragraphs = [clean(p.get_text("", strip=False)) for p in container.find_all("p")]
    if not paragraphs:
        paragraphs = [clean(line) for line in container.get_text("\n").splitlines()]
    return [p for p in paragraphs if p]


def _measures(paragraphs: list[str]) -> list[PolicyMeasure]:
    """Numbered measures; section headings and their intros are context, not measures."""
    found: list[tuple[int | None, str | None, int, list[str]]] = []
    section_no: int | None = None
    section_title: str | None = None
    open_measure = False
    for paragraph in paragraphs:
        if section := _SECTION.match(paragraph):
            section_no, section_title = chinese_number(section.group(1)), section.group(2) or None
            open_measure = False
        elif measure := _MEASURE.match(paragraph):
            found.append((section_no, section_title, chinese_number(measure.group(1)), []))
            found[-1][3].append(measure.group(2))
            open_measure = True
        elif open_measure and _SUB_ITEM.match(paragraph):
            found[-1][3].append(paragraph)
        else:
            open_measure = False  # closing remarks, signatures, dates end a measure
    running = _numbering_runs_through(found)
    measures, seen = [], set()
    for seq, (sec_no, sec_title, number, parts) in enumerate(found, start=1):
        measure_no = str(number) if running or sec_no is None else f"{sec_no}.{number}"
        if measure_no in seen:  # a malformed page: keep every measure, numbered by position
            measure_no = f"{measure_no}#{seq}"
        seen.add(measure_no)
        measures.append(PolicyMeasure(measure_no, " ".join(parts).strip(), sec_no, sec_title))
    return measures


def _numbering_runs_through(found: list[tuple]) -> bool:
    """True when （n） keeps counting across sections, False when it restarts in each."""
    numbers = [number for _, _, number, _ in found]
    return all(later > earlier for earlier, later in zip(numbers, numbers[1:], strict=False))
