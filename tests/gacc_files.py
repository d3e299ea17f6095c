"""Write GACC query-platform downloads the way the platform does, for tests.

Every field quoted, a trailing comma on every line, CRLF, thousands separators written by the
caller; the encoding, BOM and header language are the test's choice.
"""

from pathlib import Path

from pipelines.lib.sources.customs.header import chinese_header

_DIMENSIONS = ("hs_code", "commodity_name")
_FIGURES = ("quantity", "quantity_unit", "quantity_2", "quantity_2_unit")
ZH_PARTNER = chinese_header((*_DIMENSIONS, "partner_code", "partner_name", *_FIGURES))
ZH_FULL = chinese_header(
    (*_DIMENSIONS, "partner_code", "partner_name", "trade_mode_code", "trade_mode_name",
     "province_code", "province_name", *_FIGURES)
)  # fmt: skip
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
