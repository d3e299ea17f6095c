"""What the release checks say of the seed they use (the checks are warehouse/checks/*.sql)."""

from pipelines.lib.seeds import read_seed_rows


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
