"""Make the illustrative rows of the bundled May 2025 bulletin add up with the April page.

data/landing/customs/releases/bulletin_202505_exports_cny.xls is a copy of the shared format
example (../shared/formats/customs/releases/), a BIFF8 .xls with code page 936 that no library
of this project writes; so its illustrative year-to-date cells are rewritten in place, as RK
records of the same size, to April's year to date (release_202504_exports_cny.html) plus the
bulletin's May month. The car row is GACC's published figures and is left alone: its May year
to date differs from April's plus May's by GACC's own revision of earlier months.

    python data/make_bulletin_202505.py   (idempotent: a second run changes nothing)
"""

from __future__ import annotations

import struct
from pathlib import Path

BULLETIN = Path(__file__).parent / "landing/customs/releases/bulletin_202505_exports_cny.xls"

# (row label, the copied cell, its new value): 万元 for values, the unit column for quantities;
# April's YTD from the April page (亿元 x 10,000 = 万元; 万吨, 万台 x 10,000), plus May's month
CELLS = [
    ("钢材 YTD quantity", 50_441_144, 40_601_000 + 10_587_656),
    ("钢材 YTD value", 32_058_265, 24_353_000 + 6_729_068),
    ("手机 YTD quantity", 245_576_269, 284_506_000 + 49_497_866),
    ("手机 YTD value", 31_641_494, 28_099_000 + 6_377_597),
    ("汽车零配件 YTD value", 34_512_763, 27_391_000 + 6_952_837),
    ("船舶 YTD quantity", 3_437, 1_903 + 694),
    ("船舶 YTD value", 12_194_560, 9_297_000 + 2_461_683),
]
# *机电产品: April's YTD 604,596,000 万元 plus a month is above what an RK integer holds (2^29),
# so its YTD is written as an RK float (a double whose low 34 bits are zero) and its May month
# set to the difference, exactly
MECH_MONTH, MECH_YTD = 84_722_881, 413_011_848
MECH_APRIL_YTD = 604_596_000


def rk_int(value: int) -> bytes:
    return struct.pack("<I", (value << 2) | 2)


def rk_float(value: float) -> bytes:
    return struct.pack("<d", value)[4:]


def rk_float_near(value: int) -> float:
    """The nearest double an RK float can hold (upper 30 bits of the IEEE word)."""
    high = struct.unpack("<I", struct.pack("<d", float(value))[4:])[0] & ~3
    return struct.unpack("<d", b"\0\0\0\0" + struct.pack("<I", high))[0]


def replace_once(data: bytearray, old: bytes, new: bytes, what: str) -> None:
    at = data.find(old)
    if at < 0:
        if data.find(new) >= 0:
            return  # already rewritten
        raise SystemExit(f"{BULLETIN.name}: cell {what} not found")
    if data.find(old, at + 1) >= 0:
        raise SystemExit(f"{BULLETIN.name}: cell {what} found twice")
    data[at : at + len(old)] = new


def main() -> None:
    data = bytearray(BULLETIN.read_bytes())
    for what, old, new in CELLS:
        replace_once(data, rk_int(old), rk_int(new), what)
    mech_ytd = rk_float_near(MECH_APRIL_YTD + MECH_MONTH)
    replace_once(data, rk_int(MECH_YTD), rk_float(mech_ytd), "*机电产品 YTD value")
    replace_once(
        data, rk_int(MECH_MONTH), rk_int(int(mech_ytd) - MECH_APRIL_YTD), "*机电产品 month"
    )
    BULLETIN.write_bytes(bytes(data))


if __name__ == "__main__":
    main()
