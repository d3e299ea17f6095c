"""Generate GACC query-platform downloads at full detail, for the benchmarks.

Each file is what a user saves from the platform for one month with every dimension picked:
HS 8-digit commodity x trading partner x trade mode x registration place (province), value in
CNY. The format is the platform's: GB18030, Chinese headers, every field double-quoted, a
trailing comma on every line (an empty last column), CRLF, thousands separators, ``?`` for a
missing second quantity or value, no period column (the month is in the file name,
``exports_YYYYMM_full_cny.csv``).

EVERY FIGURE AND COMMODITY NAME HERE IS ILLUSTRATIVE (random, seeded). The partner, province
and trade-mode codes and names come from warehouse/seeds/*.csv, and the vehicle HS codes extend
the prefixes of warehouse/seeds/hs_vehicle_codes.csv valid in each month, so every row loads.

The platform caps a download at 10,000 rows; these files are far larger on purpose (they stand
for the full detail a user would otherwise assemble from many capped downloads), so the cap
does not apply to them. No file has exactly 10,000 rows unless you ask for it.

Usage (from the repo root)::

    .venv/bin/python benchmarks/generate.py --out /tmp/landing --rows 1000000 --months 12
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
from pathlib import Path

import numpy as np

from pipelines.lib.sources.customs.header import chinese_header

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "warehouse" / "seeds"

# every dimension picked, value in CNY: the platform's Chinese header
HEADER = tuple(
    chinese_header(
        ("hs_code", "commodity_name", "partner_code", "partner_name", "trade_mode_code",
         "trade_mode_name", "province_code", "province_name", "quantity", "quantity_unit",
         "quantity_2", "quantity_2_unit", "value_cny")
    )
)  # fmt: skip

# Illustrative Chinese names by vehicle class and powertrain (the seed has English only).
_CLASS_ZH = {
    "bus": "客车",
    "passenger car": "小轿车及其他载人车辆",
    "truck": "货运机动车辆",
    "special": "特种用途机动车辆",
    "chassis": "装有发动机的机动车辆底盘",
}
_POWERTRAIN_ZH = {
    "ICE": "仅装有内燃发动机的",
    "HEV": "同时装有内燃发动机及驱动电动机的（非插电式）",
    "PHEV": "插电式混合动力",
    "BEV": "仅装有驱动电动机的",
    "OTHER": "其他",
    "UNSPECIFIED": "",
}
# Illustrative price per first unit (yuan) and weight per vehicle (kg) by class.
_VEHICLE_PRICE = {
    "bus": 900_000,
    "passenger car": 120_000,
    "truck": 180_000,
    "special": 600_000,
    "chassis": 150_000,
}
_VEHICLE_KG = {"bus": 12_000, "passenger car": 1_500, "truck": 6_000, "special": 15_000}
# Goods outside the vehicle reference, as in a download of all goods: real HS headings,
# illustrative names and 8-digit subdivisions. They load with no vehicle class.
_OTHER_GOODS = (
    ("8708", "机动车辆的零件、附件"),
    ("8711", "摩托车及装有辅助发动机的脚踏车"),
    ("8714", "摩托车及脚踏车的零件、附件"),
    ("8701", "牵引车、拖拉机"),
    ("8716", "挂车及半挂车"),
    ("4011", "新的充气橡胶轮胎"),
    ("8507", "蓄电池"),
    ("8471", "自动数据处理设备及其部件"),
    ("8517", "电话机及其他发送或接收声音、图像的设备"),
    ("8541", "半导体器件、光敏半导体器件"),
    ("8504", "变压器、静止式变流器"),
    ("8409", "发动机的专用零件"),
    ("8483", "传动轴及曲柄、轴承座"),
    ("8512", "机动车辆用电气照明及信号装置"),
    ("8544", "绝缘电线、电缆"),
    ("9401", "坐具及其零件"),
    ("7318", "钢铁制螺钉、螺栓、螺母"),
    ("3926", "其他塑料制品"),
    ("7007", "钢化安全玻璃及层压安全玻璃"),
    ("8421", "液体或气体的过滤、净化机器及装置"),
)
_OTHER_SUFFIXES = ("1000", "2000", "3010", "3090", "4000", "9010", "9090")


def _read_seed(name: str) -> list[dict[str, str]]:
    with (SEEDS / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def months_from(start: dt.date, count: int) -> list[dt.date]:
    months = []
    year, month = start.year, start.month
    for _ in range(count):
        months.append(dt.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def commodities(period: dt.date) -> list[tuple[str, str, str, str, int, int]]:
    """(hs_code, name, first unit, second unit, unit price, kg per unit) valid in ``period``."""
    found: dict[str, tuple[str, str, str, str, int, int]] = {}
    for row in _read_seed("hs_vehicle_codes.csv"):
        valid_from = dt.date.fromisoformat(row["valid_from"])
        valid_to = dt.date.fromisoformat(row["valid_to"]) if row["valid_to"] else None
        if period < valid_from or (valid_to and period > valid_to):
            continue
        prefix, vclass, powertrain = row["hs_prefix"], row["vehicle_class"], row["powertrain"]
        suffixes = ("10", "90") if len(prefix) == 6 else ("1000", "9000")
        name = _POWERTRAIN_ZH[powertrain] + _CLASS_ZH[vclass]
        unit = "台" if vclass == "chassis" else "辆"
        price = _VEHICLE_PRICE[vclass]
        kg = _VEHICLE_KG.get(vclass, 5_000)
        for suffix in suffixes:
            code = prefix + suffix
            found[code] = (code, f"{name}（{code[:4]}.{code[4:6]}）", unit, "千克", price, kg)
    for heading, name in _OTHER_GOODS:
        for suffix in _OTHER_SUFFIXES:
            code = heading + suffix
            found[code] = (code, f"{name}（{code[:4]}.{code[4:6]}）", "千克", "千克", 60, 1)
    return [found[code] for code in sorted(found)]


def _cell(value: str) -> str:
    return f'"{value}"'


def write_month(
    path: Path, period: dt.date, rows: int, rng: np.random.Generator, chunk_rows: int = 200_000
) -> None:
    """Write one month of ``rows`` distinct (commodity, partner, trade mode, province) rows."""
    goods = commodities(period)
    partners = [(r["partner_code"], r["name_zh"]) for r in _read_seed("partners.csv")]
    modes = [(r["trade_mode_code"], r["name_zh"]) for r in _read_seed("trade_modes.csv")]
    provinces = [(r["province_code"], r["name_zh"]) for r in _read_seed("provinces.csv")]
    sizes = (len(goods), len(partners), len(modes), len(provinces))
    population = sizes[0] * sizes[1] * sizes[2] * sizes[3]
    if rows > population:
        raise SystemExit(f"{period:%Y-%m}: at most {population:,} distinct rows, asked {rows:,}")

    # quoted prefixes, built once: commodity part and partner x mode x province part
    goods_cells = [_cell(g[0]) + "," + _cell(g[1]) + "," for g in goods]
    partner_cells = [_cell(c) + "," + _cell(n) + "," for c, n in partners]
    mode_cells = [_cell(c) + "," + _cell(n) + "," for c, n in modes]
    province_cells = [_cell(c) + "," + _cell(n) + "," for c, n in provinces]
    unit_cells = [(_cell(g[2]) + ",", _cell(g[3]) + ",") for g in goods]

    # distinct keys, in the platform's order (by commodity, then partner, mode, province)
    keys = np.sort(rng.choice(population, size=rows, replace=False))
    province_i = keys % sizes[3]
    rest = keys // sizes[3]
    mode_i = rest % sizes[2]
    rest //= sizes[2]
    partner_i = rest % sizes[1]
    goods_i = rest // sizes[1]
    quantity = np.maximum(1, rng.lognormal(2.0, 1.6, rows)).astype(np.int64)
    price = np.array([g[4] for g in goods], dtype=np.float64)[goods_i]
    kg = np.array([g[5] for g in goods], dtype=np.int64)[goods_i]
    value = (quantity * price * rng.uniform(0.6, 1.4, rows)).astype(np.int64)
    weight = quantity * kg
    # the platform writes ? where a figure is withheld or missing
    missing_weight = rng.random(rows) < 0.005
    missing_value = rng.random(rows) < 0.001

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        handle.write((",".join(_cell(h) for h in HEADER) + ",\r\n").encode("gb18030"))
        for start in range(0, rows, chunk_rows):
            stop = min(rows, start + chunk_rows)
            lines = []
            for i in range(start, stop):
                g = goods_i[i]
                first_unit, second_unit = unit_cells[g]
                weight_text = "?" if missing_weight[i] else f"{weight[i]:,}"
                value_text = "?" if missing_value[i] else f"{value[i]:,}"
                lines.append(
                    f"{goods_cells[g]}{partner_cells[partner_i[i]]}{mode_cells[mode_i[i]]}"
                    f'{province_cells[province_i[i]]}"{quantity[i]:,}",{first_unit}'
                    f'"{weight_text}",{second_unit}"{value_text}",\r\n'
                )
            handle.write("".join(lines).encode("gb18030"))


def generate(out: Path, rows: int, months: int, start: dt.date, seed: int) -> list[Path]:
    """Write ``months`` monthly files from ``start`` into out/customs/exports, ``rows`` in all."""
    if not 1 <= months <= 120:
        raise SystemExit("--months must be between 1 and 120 (one month to ten years)")
    rng = np.random.default_rng(seed)
    per_month, extra = divmod(rows, months)
    paths = []
    for index, period in enumerate(months_from(start, months)):
        path = out / "customs" / "exports" / f"exports_{period:%Y%m}_full_cny.csv"
        write_month(path, period, per_month + (1 if index < extra else 0), rng)
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="landing folder to write into")
    parser.add_argument("--rows", type=int, required=True, help="data rows in all files")
    parser.add_argument("--months", type=int, default=1, help="1 to 120 monthly files")
    parser.add_argument("--start", default="2016-01", help="first month, YYYY-MM")
    parser.add_argument("--seed", type=int, default=20250401)
    args = parser.parse_args()
    start = dt.date.fromisoformat(args.start + "-01")
    for path in generate(args.out, args.rows, args.months, start, args.seed):
        print(path)


if __name__ == "__main__":
    main()
