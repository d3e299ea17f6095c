"""Recognise the header of a GACC online-query-platform download.

The platform writes Chinese or English headers (the older English layout misspells
"Supplimentary"), and the column set depends on the dimensions the user picked. Each header
cell maps to one *role*; roles are the only names that ever reach SQL as identifiers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# role -> header labels that mean it (compared after normalise_label)
_LABELS: dict[str, tuple[str, ...]] = {
    "period": ("数据年月", "date of data"),
    "hs_code": ("商品编码", "commodity code"),
    "commodity_name": ("商品名称", "commodity name"),
    "partner_code": ("贸易伙伴编码", "trading partner code", "trade partner code"),
    "partner_name": ("贸易伙伴名称", "trading partner name", "trade partner name"),
    "trade_mode_code": ("贸易方式编码", "trade mode code", "trading mode code"),
    "trade_mode_name": ("贸易方式名称", "trade mode name", "trading mode name"),
    "province_code": ("注册地编码", "registration place code"),
    "province_name": ("注册地名称", "registration place name"),
    "quantity": ("第一数量", "first quantity"),
    "quantity_unit": ("第一计量单位", "first unit"),
    "quantity_2": (
        "第二数量",
        "second quantity",
        "supplimentary quantity",
        "supplementary quantity",
    ),
    "quantity_2_unit": ("第二计量单位", "second unit", "supplimentary unit", "supplementary unit"),
    "value_cny": ("人民币", "rmb"),
    "value_usd": ("美元", "us dollar", "usd"),
}
_ROLE_BY_LABEL = {label: role for role, labels in _LABELS.items() for label in labels}

# Every column a raw row can hold, in table order. The loader reads each file into these.
RAW_ROLES: tuple[str, ...] = (
    "period",
    "hs_code",
    "commodity_name",
    "partner_code",
    "partner_name",
    "trade_mode_code",
    "trade_mode_name",
    "province_code",
    "province_name",
    "quantity",
    "quantity_unit",
    "quantity_2",
    "quantity_2_unit",
    "trade_value",
)

# Dimensions in the order the platform writes them; a breakdown is named after those present.
DIMENSIONS: tuple[tuple[str, str], ...] = (
    ("partner", "partner_code"),
    ("trade_mode", "trade_mode_code"),
    ("province", "province_code"),
)


class HeaderError(ValueError):
    """The header cannot be read with certainty; the file is quarantined with this reason."""


@dataclass(frozen=True)
class CustomsHeader:
    columns: tuple[
        str, ...
    ]  # role of each CSV column, in file order ("_trailing" for the empty last)
    currency: str  # "CNY" or "USD"
    language: str  # "zh" or "en"
    breakdown: str  # e.g. "commodity+partner+trade_mode+province"

    @property
    def has_period_column(self) -> bool:
        return "period" in self.columns

    @property
    def dimension_count(self) -> int:
        return self.breakdown.count("+")


def chinese_header(roles: tuple[str, ...]) -> list[str]:
    """The platform's Chinese header for ``roles`` (its label is the first of each role)."""
    return [_LABELS[role][0] for role in roles]


def normalise_label(label: str) -> str:
    label = label.replace("\ufeff", "").replace("\u3000", " ").strip().strip("'\"").lower()
    return re.sub(r"\s+", " ", label)


def parse_header(cells: list[str]) -> CustomsHeader:
    """Map header cells to roles; raise HeaderError naming the first thing that is not certain."""
    trailing = bool(cells) and cells[-1].strip() == ""
    if trailing:
        cells = cells[:-1]
    if not cells:
        raise HeaderError("empty header line")
    roles: list[str] = []
    for cell in cells:
        role = _ROLE_BY_LABEL.get(normalise_label(cell))
        if role is None:
            raise HeaderError(f"unrecognised header column {cell!r}")
        if role in roles:
            raise HeaderError(f"header column {cell!r} appears twice")
        roles.append(role)

    value_roles = [r for r in roles if r in ("value_cny", "value_usd")]
    if len(value_roles) != 1:
        raise HeaderError(
            "expected exactly one value column (人民币/RMB or 美元/US dollar), "
            f"found {len(value_roles)}"
        )
    if "hs_code" not in roles:
        raise HeaderError("no commodity code column (商品编码/Commodity code)")
    for dimension, code_role in DIMENSIONS:
        name_role = code_role.replace("_code", "_name")
        if name_role in roles and code_role not in roles:
            raise HeaderError(f"{dimension} name column without its code column")
    if "quantity" not in roles:
        raise HeaderError("no first quantity column (第一数量/First quantity)")

    currency = "CNY" if value_roles[0] == "value_cny" else "USD"
    columns = tuple("trade_value" if r in ("value_cny", "value_usd") else r for r in roles)
    language = "zh" if any(re.search(r"[\u4e00-\u9fff]", c) for c in cells) else "en"
    breakdown = "+".join(["commodity"] + [d for d, code in DIMENSIONS if code in roles])
    if trailing:
        columns += ("_trailing",)
    return CustomsHeader(columns=columns, currency=currency, language=language, breakdown=breakdown)
