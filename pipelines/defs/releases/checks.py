"""Checks on the release tables: reconciliations (warnings)."""

from pipelines.defs.sql_check import sql_file_check

# A mart's grain is checked once, by its expectation suite (expectations/marts.<table>.json,
# blocking): every mart's grain sits there, but fct_customs_trade's (a SQL check judging the
# run's months only, on the largest table).

release_months_add_up_to_ytd = sql_file_check(
    "release_months_add_up_to_ytd",
    "staging.release_facts",
    "Printed months equal the change of the printed year-to-date figures, within rounding.",
)

release_yoy_disagrees = sql_file_check(
    "release_yoy_disagrees",
    "staging.release_facts",
    "Printed year-on-year changes agree with the warehouse's prior-year figures, within rounding.",
)


# A warning, not blocking: the bundled customs downloads are illustrative, and a gap can be a
# legitimate revision; the check names both figures so an analyst can judge.
national_monthly_vs_customs_downloads = sql_file_check(
    "national_monthly_vs_customs_downloads",
    "marts.national_monthly",
    "Release vehicle totals against the detailed downloads' month totals "
    "(marts.exports_by_powertrain), within rounding + 1 %.",
)
