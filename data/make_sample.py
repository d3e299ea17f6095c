"""Generate the bundled sample landing folder ``data/landing/customs/``.

Standard library only, and deterministic: no randomness, no clock, no environment
dependence. Running it twice gives byte-identical files.

It copies the three GACC query-platform examples from the shared format folder
byte-for-byte and derives further downloads from them in the same style (every field
double-quoted, a trailing comma on every line, CRLF, thousands separators, ``?`` for
missing). See ``data/README.md`` for what each file exercises.

EVERY VALUE IN THESE CSVs IS ILLUSTRATIVE. The USD/CNY rate below is illustrative too.

Usage (from the repo root)::

    python data/make_sample.py                 # (re)write data/landing/customs/
    python data/make_sample.py --check         # exit 1 if the files on disk differ
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# Illustrative exchange rate (CNY per USD) for the USD twin of the March download.
ILLUSTRATIVE_CNY_PER_USD = Decimal("7.1780")

SRC_MAR_PARTNER = "exports_202503_partner_cny.csv"  # GB18030, commodity x partner, CNY
SRC_APR_FULL = "exports_202504_full_cny.csv"  # UTF-8 BOM, commodity x partner x tm x province
SRC_JANFEB_EN = "exports_2025jan-feb_province_tm_usd_en.csv"  # English, Date of data, USD
SHARED_FILES = (SRC_MAR_PARTNER, SRC_APR_FULL, SRC_JANFEB_EN)

# GB/T 2260 province names in English (provinces of the April full file).
PROVINCE_EN = {
    "11": "Beijing",
    "12": "Tianjin",
    "13": "Hebei",
    "21": "Liaoning",
    "22": "Jilin",
    "23": "Heilongjiang",
    "31": "Shanghai",
    "32": "Jiangsu",
    "33": "Zhejiang",
    "34": "Anhui",
    "35": "Fujian",
    "36": "Jiangxi",
    "37": "Shandong",
    "41": "Henan",
    "42": "Hubei",
    "43": "Hunan",
    "44": "Guangdong",
    "45": "Guangxi",
    "50": "Chongqing",
    "51": "Sichuan",
    "52": "Guizhou",
    "53": "Yunnan",
    "61": "Shaanxi",
    "65": "Xinjiang",
}

# English unit labels (illustrative, as in the shared English example).
UNIT_EN = {"辆": "Vehicle", "台": "Unit", "千克": "Kilogram"}

# Every month of the sample is in 2025. China's 2025 tariff replaced 87038000 (battery-electric
# passenger vehicles) by 87038010 (those having a VIN) and 87038090; the sample's BEV rows
# become 87038010, their illustrative names unchanged. 87060022 is chassis for goods vehicles
# under 14 t g.v.w. (车辆总重量<14吨的货车底盘), not for heading-8702 vehicles. Sources:
# warehouse/seeds/README.md, "Tariff editions". Quoted forms only, so a digit run inside
# another field is never touched.
TARIFF_2025_FIXES = (
    ('"87038000"', '"87038010"'),
    ('"\'87038000"', '"\'87038010"'),
    ("装有发动机的品目8702所列车辆用底盘", "车辆总重量<14吨的货车底盘"),
    (
        "Chassis fitted with engines, for vehicles of 8702",
        "Chassis fitted with engines, for goods vehicles of g.v.w. < 14 t",
    ),
)

# Illustrative auto-parts row appended to the April partner file: parts are never vehicles.
PARTS_HS = "87089990"
PARTS_NAME = "其他机动车辆零件、附件"
APR_PARTS_ROW = [
    PARTS_HS,
    PARTS_NAME,
    "344",
    "俄罗斯联邦",
    "5,268,417",
    "千克",
    "5,268,417",
    "千克",
    "396,452,830",
]

# The platform's Chinese header of a commodity x partner download, before its value column.
ZH_PARTNER_HEADER = [
    "商品编码",
    "商品名称",
    "贸易伙伴编码",
    "贸易伙伴名称",
    "第一数量",
    "第一计量单位",
    "第二数量",
    "第二计量单位",
]
# Illustrative import download, April 2025, commodity x partner, USD.
IMPORT_HEADER = [*ZH_PARTNER_HEADER, "美元"]
NAME_8703_2342 = "仅装有点燃往复式活塞内燃发动机的四轮驱动越野车，1500毫升<排气量≤2000毫升"
NAME_8703_2351 = "仅装有点燃往复式活塞内燃发动机的小轿车，2000毫升<排气量≤2500毫升"
NAME_8703_8000 = "仅装有驱动电动机的其他载人车辆（纯电动乘用车）"
IMPORT_ROWS = [
    ["87032342", NAME_8703_2342, "502", "美国", 865, "辆", 1_816_500, "千克", 51_903_422],
    ["87032351", NAME_8703_2351, "116", "日本", 1_204, "辆", 1_896_300, "千克", 41_876_315],
    ["87032351", NAME_8703_2351, "304", "德国", 2_135, "辆", 3_602_745, "千克", 128_441_960],
    ["87038010", NAME_8703_8000, "133", "韩国", 412, "辆", "?", "千克", 30_118_774],
    ["87038010", NAME_8703_8000, "304", "德国", 1_530, "辆", 3_595_500, "千克", 95_284_307],
    [PARTS_HS, PARTS_NAME, "116", "日本", 8_452_316, "千克", 8_452_316, "千克", 187_346_902],
]


# --------------------------------------------------------------------------- helpers


def decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def read_rows(data: bytes) -> tuple[list[str], list[list[str]]]:
    """Parse a download; drop the empty column the trailing comma makes."""
    rows = list(csv.reader(io.StringIO(decode(data), newline="")))
    rows = [r[:-1] if r and r[-1] == "" else r for r in rows if r]
    return rows[0], rows[1:]


def num(text: str) -> int | None:
    text = text.strip()
    return None if text in ("", "?") else int(text.replace(",", ""))


def fmt(value: int | str | None) -> str:
    if value is None:
        return "?"
    if isinstance(value, int):
        return f"{value:,}"
    return value


def render(header: list[str], rows: list[list], *, encoding: str, bom: bool = False) -> bytes:
    lines = []
    for row in [header, *rows]:
        lines.append("".join(f'"{fmt(v)}",' for v in row) + "\r\n")
    body = "".join(lines).encode(encoding)
    return (b"\xef\xbb\xbf" + body) if bom else body


def sum_known(values: list[int | None]) -> int | None:
    """Sum, or None (``?``) when any part is missing."""
    return None if any(v is None for v in values) else sum(values)


def aggregate(rows: list[list[str]], key_cols: list[int], col: dict[str, int]) -> list[list]:
    groups: dict[tuple, list[list[str]]] = {}
    for r in rows:
        groups.setdefault(tuple(r[i] for i in key_cols), []).append(r)
    out = []
    for key, parts in groups.items():
        units1 = {p[col["unit1"]] for p in parts}
        units2 = {p[col["unit2"]] for p in parts}
        if len(units1) != 1 or len(units2) != 1:
            raise SystemExit(f"mixed units in group {key}")
        out.append(
            [
                *key,
                sum_known([num(p[col["q1"]]) for p in parts]),
                units1.pop(),
                sum_known([num(p[col["q2"]]) for p in parts]),
                units2.pop(),
                sum_known([num(p[col["value"]]) for p in parts]),
            ]
        )
    return out


def to_usd(cny: int | None) -> int | None:
    if cny is None:
        return None
    return int((Decimal(cny) / ILLUSTRATIVE_CNY_PER_USD).quantize(Decimal(1), ROUND_HALF_UP))


# --------------------------------------------------------------------------- derivations


def to_2025_tariff(data: bytes) -> bytes:
    """A shared example with the codes and names of China's 2025 tariff (see data/README.md):
    87038000 was split in 2025, and the shared text of 87060022 names the wrong chassis. The
    encoding and BOM of the example are kept."""
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        data.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError:
        encoding = "gb18030"
    text = decode(data)
    for old, new in TARIFF_2025_FIXES:
        text = text.replace(old, new)
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding)


def build(shared: Path) -> dict[str, bytes]:
    """Return {relative path under landing/customs: bytes}."""
    src = {name: to_2025_tariff((shared / name).read_bytes()) for name in SHARED_FILES}
    out: dict[str, bytes] = {}

    # 1. the shared examples, with the 2025 tariff's codes and names (to_2025_tariff)
    for name, data in src.items():
        out[f"exports/{name}"] = data

    # 2. USD twin of the March partner download (GB18030, apostrophe HS codes kept)
    header, rows = read_rows(src[SRC_MAR_PARTNER])
    if header[-1] != "人民币":
        raise SystemExit(f"{SRC_MAR_PARTNER}: expected 人民币 as last column")
    usd_rows = [[*r[:-1], to_usd(num(r[-1]))] for r in rows]
    out["exports/exports_202503_partner_usd.csv"] = render(
        [*header[:-1], "美元"], usd_rows, encoding="gb18030"
    )

    # 3. re-download of the March partner file under another name
    out["exports/exports_202503_partner_cny (1).csv"] = src[SRC_MAR_PARTNER]

    # April full file: 商品编码,商品名称,贸易伙伴编码,贸易伙伴名称,贸易方式编码,贸易方式名称,
    # 注册地编码,注册地名称,第一数量,第一计量单位,第二数量,第二计量单位,人民币
    header, full = read_rows(src[SRC_APR_FULL])
    idx = {h: i for i, h in enumerate(header)}
    col = {
        "q1": idx["第一数量"],
        "unit1": idx["第一计量单位"],
        "q2": idx["第二数量"],
        "unit2": idx["第二计量单位"],
        "value": idx["人民币"],
    }

    # 4. partner-only breakdown of April (+ one illustrative 8708 parts row)
    partner = aggregate(
        full, [idx["商品编码"], idx["商品名称"], idx["贸易伙伴编码"], idx["贸易伙伴名称"]], col
    )
    partner.append([num(v) if i in (4, 6, 8) else v for i, v in enumerate(APR_PARTS_ROW)])
    partner.sort(key=lambda r: (r[0], int(r[2])))
    out["exports/exports_202504_partner_cny.csv"] = render(
        [*ZH_PARTNER_HEADER, "人民币"],
        partner,
        encoding="gb18030",
    )

    # 5. province-only breakdown of April, new English layout, UTF-8 without BOM, CNY
    en_header, en_rows = read_rows(src[SRC_JANFEB_EN])
    en_idx = {h: i for i, h in enumerate(en_header)}
    name_en = {
        r[en_idx["Commodity code"]].lstrip("'"): r[en_idx["Commodity name"]] for r in en_rows
    }
    province = aggregate(full, [idx["商品编码"], idx["注册地编码"]], col)
    province.sort(key=lambda r: (r[0], int(r[1])))
    province_rows = []
    for hs, prov, q1, u1, q2, u2, value in province:
        if hs not in name_en or prov not in PROVINCE_EN:
            raise SystemExit(f"no English name for HS {hs} or province {prov}")
        province_rows.append(
            [hs, name_en[hs], prov, PROVINCE_EN[prov], q1, UNIT_EN[u1], q2, UNIT_EN[u2], value]
        )
    out["exports/exports_2025-04_province_en.csv"] = render(
        [
            "Commodity code",
            "Commodity name",
            "Registration place code",
            "Registration place name",
            "First quantity",
            "First unit",
            "Second quantity",
            "Second unit",
            "RMB",
        ],
        province_rows,
        encoding="utf-8",
    )

    # 6. a small illustrative import download
    out["imports/imports_202504_partner_usd.csv"] = render(
        IMPORT_HEADER, IMPORT_ROWS, encoding="gb18030"
    )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared",
        type=Path,
        default=REPO / "../shared/formats/customs/exports",
        help="folder with the three shared GACC examples "
        "(default: ../shared/formats/customs/exports/ from the repo root)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=REPO / "data/landing/customs",
        help="target folder (default: data/landing/customs/)",
    )
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if any file on disk differs"
    )
    args = parser.parse_args(argv)

    files = build(args.shared)
    stale = []
    for rel, data in sorted(files.items()):
        target = args.out / rel
        if target.exists() and target.read_bytes() == data:
            continue
        stale.append(rel)
        if not args.check:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    if args.check:
        for rel in stale:
            print(f"differs: {rel}", file=sys.stderr)
        return 1 if stale else 0
    print(f"{len(files)} files in {args.out} ({len(stale)} written)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
