"""Write GACC query-platform downloads the way the platform does, for tests.

Every field quoted, a trailing comma on every line, CRLF, thousands separators written by the
caller; the encoding, BOM and header language are the test's choice.
"""

from pathlib import Path

ZH_PARTNER = [
    "商品编码",
    "商品名称",
    "贸易伙伴编码",
    "贸易伙伴名称",
    "第一数量",
    "第一计量单位",
    "第二数量",
    "第二计量单位",
]
ZH_FULL = [
    "商品编码",
    "商品名称",
    "贸易伙伴编码",
    "贸易伙伴名称",
    "贸易方式编码",
    "贸易方式名称",
    "注册地编码",
    "注册地名称",
    "第一数量",
    "第一计量单位",
    "第二数量",
    "第二计量单位",
]
EN_PROVINCE = [
    "Commodity code",
    "Commodity name",
    "Registration place code",
    "Registration place name",
    "First quantity",
    "First unit",
    "Second quantity",
    "Second unit",
]


def gacc_line(cells: list[str], trailing_comma: bool = True) -> str:
    line = ",".join(f'"{cell}"' for cell in cells)
    return line + ("," if trailing_comma else "") + "\r\n"


def write_download(
    path: Path,
    header: list[str],
    rows: list[list[str]],
    encoding: str = "gb18030",
    trailing_comma: bool = True,
) -> Path:
    """Write a download; ``encoding`` may be "utf-8-sig" for UTF-8 with BOM."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = gacc_line(header, trailing_comma) + "".join(gacc_line(r, trailing_comma) for r in rows)
    path.write_bytes(text.encode(encoding))
    return path
