"""Item labels of the release tables -> stable product codes.

Labels are compared after NFKC (full-width brackets become half-width), lower case, without
blanks or the aggregate star, so `Motor vehicles（including<br>chassis)` and
`汽车（包括底盘）` both find the car row. Only exact matches count: "Parts and accessories of
motor vehicles" must never be taken for the car row. An unknown label is refused (its row is
quarantined) until it is added here.
"""

from __future__ import annotations

import re
import unicodedata

CAR_PRODUCT = "motor_vehicles_incl_chassis"

_PRODUCTS = {
    CAR_PRODUCT: ("Motor vehicles (including chassis)", "汽车(包括底盘)"),
    "parts_of_motor_vehicles": ("Parts and accessories of motor vehicles", "汽车零配件"),
    "labour_intensive_products": ("Labour-intensive products", "劳动密集型产品"),
    "textile_yarns_fabrics_articles": (
        "Textile yarns, fabrics and articles",
        "纺织纱线、织物及其制品",
    ),
    "steel_products": ("Steel products", "钢材"),
    "rare_earths": ("Rare earths", "稀土"),
    "mechanical_electrical_products": ("Mechanical and electrical products", "机电产品"),
    "mobile_phones": ("Mobile phones", "手机"),
    "ships": ("Ships", "船舶"),
    "high_tech_products": ("High-tech products", "高新技术产品"),
}


def label_key(label: str) -> str:
    text = unicodedata.normalize("NFKC", label or "").lower()
    return re.sub(r"[\s*]", "", text)


_BY_KEY = {label_key(label): code for code, labels in _PRODUCTS.items() for label in labels}


def product_of(label: str) -> str | None:
    return _BY_KEY.get(label_key(label))
