"""Checks on the market marts. Blocking ones stop publication when they fail."""

from pipelines.defs.sql_check import sql_file_check

# A mart's grain is checked once, by its expectation suite (expectations/marts.<table>.json,
# blocking): every mart's grain sits there, but fct_customs_trade's (a SQL check judging the
# run's months only, on the largest table).

plant_export_effects_unusable_plants = sql_file_check(
    "plant_export_effects_unusable_plants",
    "marts.plant_export_effects",
    "Rows of warehouse/seeds/overseas_plants.csv with an unknown country or kind, no source, "
    "or a date that is not YYYY, YYYY-MM or YYYY-MM-DD.",
)


nev_share_by_region_matches_destinations = sql_file_check(
    "nev_share_by_region_matches_destinations",
    "marts.nev_share_by_region",
    "Monthly vehicles of the regions equal those of marts.exports_by_destination.",
    blocking=True,
)

nev_share_by_region_unassigned_partners = sql_file_check(
    "nev_share_by_region_unassigned_partners",
    "marts.nev_share_by_region",
    "Partners missing from warehouse/seeds/partner_regions.csv (counted as 'Unassigned').",
)


plant_export_effects_without_sources = sql_file_check(
    "plant_export_effects_without_sources",
    "marts.plant_export_effects",
    "Every plant names its seed source, and the landing files once a window has data (the "
    "source-files rule of this mart; the other marts' is mart_rows_without_source_files).",
    blocking=True,
)
