"""Checks on the marts. Blocking ones stop publication when they fail."""

from pipelines.defs.sql_check import sql_check, sql_file_check

# The one grain checked in SQL rather than in the table's suite: the largest table, judged on
# the run's months only (staging.in_restaged_months); the other marts' grain is in their suites.
fct_customs_trade_grain = sql_file_check(
    "fct_customs_trade_grain",
    "marts.fct_customs_trade",
    "One row per flow, period, breakdown, HS code, partner, trade mode and province.",
    blocking=True,
)

hs_codes_outside_vehicle_reference = sql_file_check(
    "hs_codes_outside_vehicle_reference",
    "marts.fct_customs_trade",
    "HS codes with no vehicle class (e.g. 8708 parts): loaded, never counted as vehicles.",
)

unknown_trade_modes = sql_file_check(
    "unknown_trade_modes",
    "marts.fct_customs_trade",
    "Trade mode codes missing from warehouse/seeds/trade_modes.csv.",
)

vehicle_rows_without_count = sql_file_check(
    "vehicle_rows_without_count",
    "marts.fct_customs_trade",
    "Vehicle rows whose first quantity is missing or not in 辆/台: they add no vehicles.",
)

# Each exports mart must add up to exactly the rows chosen for it: nothing lost in a join to
# the reference, nothing counted twice. (mart, purpose) pairs are a fixed list.
_RECONCILED_MARTS = (
    ("marts.exports_by_destination", "destination"),
    ("marts.exports_by_province", "province"),
    ("marts.exports_by_powertrain", "total"),
)
_RECONCILE_QUERY = """
with
expected as (
    select period, sum(vehicles) as vehicles, sum(value_cny) as value_cny,
        sum(value_usd) as value_usd
    from staging.vehicle_export_rows where purpose = '{purpose}' group by period
),
actual as (
    select period, sum(vehicles) as vehicles, sum(value_cny) as value_cny,
        sum(value_usd) as value_usd
    from {mart} group by period
)
select coalesce(expected.period, actual.period) as period,
    expected.vehicles as expected_vehicles, actual.vehicles as mart_vehicles
from expected full outer join actual on expected.period = actual.period
where expected.vehicles is distinct from actual.vehicles
"""


def _reconcile_check(mart: str, purpose: str):
    return sql_check(
        "vehicles_match_chosen_rows",
        mart,
        _RECONCILE_QUERY.format(mart=mart, purpose=purpose),
        f"Monthly vehicles of {mart} equal the staging rows chosen for '{purpose}'.",
        blocking=True,
    )


reconcile_checks = [_reconcile_check(mart, purpose) for mart, purpose in _RECONCILED_MARTS]
