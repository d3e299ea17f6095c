"""Load the reference CSVs of warehouse/seeds/ into ref.* with explicit column types."""

from __future__ import annotations

import csv

import duckdb

from pipelines.lib.warehouse_sql import WAREHOUSE_DIR

SEED_COLUMNS: dict[str, dict[str, str]] = {
    "partners": {
        "partner_code": "VARCHAR",
        "iso3": "VARCHAR",
        "name_en": "VARCHAR",
        "name_zh": "VARCHAR",
    },
    "provinces": {
        "province_code": "VARCHAR",
        "name_en": "VARCHAR",
        "name_zh": "VARCHAR",
        "name_zh_short": "VARCHAR",
    },
    "trade_modes": {"trade_mode_code": "VARCHAR", "name_zh": "VARCHAR", "name_en": "VARCHAR"},
    "units": {"label": "VARCHAR", "unit": "VARCHAR"},
    "hs_vehicle_codes": {
        "hs_prefix": "VARCHAR",
        "valid_from": "DATE",
        "valid_to": "DATE",
        "hs_edition": "VARCHAR",
        "vehicle_class": "VARCHAR",
        "powertrain": "VARCHAR",
        "description_en": "VARCHAR",
    },
    "policy_measure_keywords": {
        "category": "VARCHAR",
        "name_zh": "VARCHAR",
        "language": "VARCHAR",
        "keyword": "VARCHAR",
        "unless_in": "VARCHAR",
    },
    "policy_issuers": {
        "issuer_prefix": "VARCHAR",
        "jurisdiction_code": "VARCHAR",
        "jurisdiction_level": "VARCHAR",
        "province_code": "VARCHAR",
        "name_zh": "VARCHAR",
        "name_en": "VARCHAR",
    },
    "partner_regions": {"iso3": "VARCHAR", "region": "VARCHAR"},
    # Chinese and English names of the codes the marts carry, for BI tools and the report to join
    "vehicle_class_labels": {
        "vehicle_class": "VARCHAR",
        "name_en": "VARCHAR",
        "name_zh": "VARCHAR",
    },
    "powertrain_labels": {"powertrain": "VARCHAR", "name_en": "VARCHAR", "name_zh": "VARCHAR"},
    "region_labels": {"region": "VARCHAR", "name_en": "VARCHAR", "name_zh": "VARCHAR"},
    "policy_category_labels": {"category": "VARCHAR", "name_en": "VARCHAR", "name_zh": "VARCHAR"},
    # the basis of each published series (manufacturer_reported / customs): comparisons pair
    # only figures of the same basis (marts.exporter_comparison)
    "series_bases": {
        "source": "VARCHAR",
        "metric": "VARCHAR",
        "basis": "VARCHAR",
        "comparable_total": "VARCHAR",
        "note": "VARCHAR",
    },
    # which HS codes GACC's release total 汽车（包括底盘） counts: yes / presumed / unsettled,
    # with the evidence; read by the check national_monthly_vs_customs_downloads
    "release_total_hs_scope": {
        "hs_prefix": "VARCHAR",
        "description_en": "VARCHAR",
        "included": "VARCHAR",
        "evidence": "VARCHAR",
        "source": "VARCHAR",
    },
    # China's national 8-digit vehicle lines per tariff edition: a line valid in the month
    # classifies its code before any prefix of hs_vehicle_codes (staging.hs_vehicle_map)
    "hs_tariff_lines": {
        "code8": "VARCHAR",
        "tariff_edition": "VARCHAR",
        "valid_from": "DATE",
        "valid_to": "DATE",
        "vehicle_class": "VARCHAR",
        "powertrain": "VARCHAR",
        "description_en": "VARCHAR",
        "source": "VARCHAR",
        "note": "VARCHAR",
    },
    # the day GACC first published each month's figures (period = last month a release covers),
    # with its source: the publication date of a release table that states none
    # (marts.national_monthly_history, published_on_basis = 'gacc_release_calendar')
    "gacc_release_calendar": {
        "period": "DATE",
        "covers": "VARCHAR",
        "what_was_published": "VARCHAR",
        "published_on": "DATE",
        "evidence": "VARCHAR",
        "source": "VARCHAR",
    },
}


def read_seed_rows(name: str) -> list[dict[str, str]]:
    """The rows of a seed file as text, for code that states a seed in a description."""
    with (WAREHOUSE_DIR / "seeds" / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def load_seed(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Replace ref.<name> with the seed file; ``name`` must be a key of SEED_COLUMNS."""
    columns = SEED_COLUMNS[name]
    path = WAREHOUSE_DIR / "seeds" / f"{name}.csv"
    con.execute(
        f"create or replace table ref.{name} as select * from read_csv(?, columns = ?, "
        "header = true, delim = ',', quote = '\"', auto_detect = false)",
        [path.as_posix(), columns],
    )
