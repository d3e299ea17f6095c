"""Names of the marts' codes in the report's language, read from the warehouse's ref.* tables.

The same label tables BI tools join (warehouse/seeds/*_labels.csv, partners, provinces), so
the report and a dashboard name a code alike. A warehouse built before a label table existed
still gets a report: its codes are shown as they are.
"""

from pipelines.report.i18n import Language
from pipelines.report.warehouse import ReportWarehouse

# dimension -> (ref table, code column); every table has name_en and name_zh
LABEL_TABLES = {
    "vehicle_class": ("ref.vehicle_class_labels", "vehicle_class"),
    "powertrain": ("ref.powertrain_labels", "powertrain"),
    "region": ("ref.region_labels", "region"),
    "category": ("ref.policy_category_labels", "category"),
    "partner": ("ref.partners", "iso3"),
    "province": ("ref.provinces", "province_code"),
}


def load_language(warehouse: ReportWarehouse, code: str) -> Language:
    """The language ``code`` with the labels of every label table the warehouse has."""
    Language(code)  # an unknown language fails before any query
    labels: dict[str, dict[str, str]] = {}
    for dimension, (table, key) in LABEL_TABLES.items():
        if not {key, "name_en", "name_zh"} <= (warehouse.columns(table) or set()):
            continue
        # identifiers from the fixed list above; the name column from the two languages
        rows = warehouse.con.execute(f"select {key}, name_{code} from {table}").fetchall()
        labels[dimension] = {str(row[0]): row[1] for row in rows if row[1]}
    return Language(code, labels)
