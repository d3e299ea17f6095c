"""Money amounts stated in a measure's text, in yuan exactly.

"给予最高500万元奖励" → 5,000,000 (a cap); "设立100亿元产业基金" → 10,000,000,000; "1.5亿元" →
150,000,000. Only figures followed by 元 (after 万/亿/…) are money: "100万辆" is a quantity,
"20%" a share, "5000万美元" another currency, and none of them is an amount. A rate per unit
("每辆奖励3000元", "0.2元/千瓦时") is listed but not added into the measure's amount.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

MULTIPLIERS = {
    "": Decimal(1),
    "万": Decimal(10) ** 4,
    "百万": Decimal(10) ** 6,
    "千万": Decimal(10) ** 7,
    "亿": Decimal(10) ** 8,
    "万亿": Decimal(10) ** 12,
}
_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_UNIT = r"万亿|千万|百万|万|亿"
# optional lower bound of a range ("200万—500万元", "200-500万元"), then the amount itself
_AMOUNT = re.compile(
    rf"(?:(?P<low>{_NUMBER})\s*(?:{_UNIT})?\s*元?\s*(?:-|~|—|–|至|到)\s*)?"
    rf"(?P<number>{_NUMBER})\s*(?P<unit>{_UNIT})?\s*元(?P<per>\s*/)?"
)
_CAP_BEFORE = re.compile(r"(最高|不超过|不高于|最多|上限|封顶|高达)[^，。；,;]{0,6}$")
_CAP_AFTER = re.compile(r"^\s*(以内|以下|封顶|为限)")
_RATE_BEFORE = re.compile(r"每(辆|台|个|家|户|千瓦时?|吨|标箱|箱|柜|车|次|人)[^，。；,;]{0,8}$")
_LOOKBEHIND = 12


@dataclass(frozen=True)
class StatedAmount:
    amount_cny: Decimal
    kind: str  # total | cap (up to, or the top of a range) | rate (per unit, not added)
    phrase: str


def extract_amounts(text: str) -> list[StatedAmount]:
    """Every money amount in ``text``, in order."""
    normal = unicodedata.normalize("NFKC", text)  # full-width digits and commas
    found = []
    for match in _AMOUNT.finditer(normal):
        if match.start() > 0 and normal[match.start() - 1].isdigit():
            continue
        value = (
            Decimal(match.group("number").replace(",", "")) * MULTIPLIERS[match.group("unit") or ""]
        )
        before = normal[max(0, match.start() - _LOOKBEHIND) : match.start()]
        after = normal[match.end() : match.end() + 4]
        if match.group("per") or _RATE_BEFORE.search(before):
            kind = "rate"
        elif match.group("low") or _CAP_BEFORE.search(before) or _CAP_AFTER.match(after):
            kind = "cap"
        else:
            kind = "total"
        found.append(StatedAmount(value, kind, match.group(0).rstrip("/ ").strip()))
    return found


def measure_amount(amounts: list[StatedAmount]) -> Decimal | None:
    """The measure's amount_cny: the sum of its totals and caps; None when it states none."""
    counted = [a.amount_cny for a in amounts if a.kind != "rate"]
    return sum(counted, Decimal(0)) if counted else None
