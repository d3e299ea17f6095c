"""SQL reconciliations beside the suites: each query (warehouse/checks/<name>.sql) returns the
rows that disagree. Heavy structural checks are plain DuckDB SQL: about 10x faster than GX.
"""

from dataclasses import dataclass

from pipelines.defs.sql_check import sql_file_check


@dataclass(frozen=True)
class Reconciliation:
    name: str  # warehouse/checks/<name>.sql
    table: str
    description: str
    blocking: bool
    reads: tuple[str, ...] = ()


RECONCILIATIONS = (
    Reconciliation(
        "mart_rows_without_source_files",
        "marts.fct_customs_trade",
        "Every row of every mart names the landing files that produced it.",
        blocking=True,
        reads=(
            "marts.exports_by_destination",
            "marts.exports_by_province",
            "marts.exports_by_powertrain",
            "marts.national_monthly",
            "marts.national_monthly_history",
            "marts.annual_exports",
            "marts.exporter_comparison",
            "marts.source_bridge",
            "marts.policy_documents",
            "marts.policy_measures",
            "marts.policy_overlap",
            "marts.policy_timeline",
            "marts.policy_export_outcomes",
            "marts.plant_export_effects",
            "marts.nev_share_by_region",
            "marts.market_signals",
        ),
    ),
    # A warning: a later download of one breakdown can legitimately revise a month that an
    # older download of another breakdown still shows; the check names the three sums.
    Reconciliation(
        "exports_marts_agree_across_breakdowns",
        "marts.exports_by_powertrain",
        "Where breakdowns cover the same vehicle codes, vehicles by destination = by province "
        "= by powertrain for the month: no mart double counts a breakdown.",
        blocking=False,
        reads=(
            "marts.exports_by_destination",
            "marts.exports_by_province",
            "staging.customs_breakdown_choice",
            "staging.hs_vehicle_map",
        ),
    ),
    # A warning for the same reason as release_months_add_up_to_ytd: revisions.
    Reconciliation(
        "national_monthly_months_add_up_to_ytd",
        "marts.national_monthly",
        "Published months add up to the published year-to-date, within the releases' rounding.",
        blocking=False,
    ),
)


reconciliation_checks = [
    sql_file_check(check.name, check.table, check.description, check.blocking, check.reads)
    for check in RECONCILIATIONS
]
