"""Checks on the release tables: reconciliations (warnings)."""

from pipelines.defs.sql_check import sql_file_check
from pipelines.lib.seeds import read_seed_rows

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


def release_total_hs_set() -> str:
    """The HS set of the release total as the seed states it, for the check's description."""
    rows = read_seed_rows("release_total_hs_scope")

    def listed(*levels: str) -> str:
        return ", ".join(r["hs_prefix"] for r in rows if r["included"] in levels) or "none"

    return (
        f"HS set from warehouse/seeds/release_total_hs_scope.csv: counted {listed('yes')}; "
        f"presumed (no source lists the codes) {listed('presumed')}; unsettled (no source "
        f"either way, gap reported with and without them) {listed('unsettled')}."
    )


# A warning, not blocking: the bundled customs downloads are illustrative, a download does not
# say whether its query was filtered, and a gap can be a legitimate revision; the check names
# the figures with both HS sets so an analyst can judge.
national_monthly_vs_customs_downloads = sql_file_check(
    "national_monthly_vs_customs_downloads",
    "marts.national_monthly",
    "Release vehicle totals against the detailed downloads' month totals, within rounding + 1 %. "
    + release_total_hs_set(),
)
