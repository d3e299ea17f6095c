"""Checks on the policy registry. Blocking ones stop publication when they fail."""

from pipelines.defs.sql_check import sql_file_check

policy_documents_grain = sql_file_check(
    "policy_documents_grain",
    "marts.policy_documents",
    "One row per policy_id (a registry's policy_key, or a document's number or title).",
    blocking=True,
)

policy_measures_grain = sql_file_check(
    "policy_measures_grain",
    "marts.policy_measures",
    "One row per policy, measure number and category.",
    blocking=True,
)

policy_documents_without_jurisdiction = sql_file_check(
    "policy_documents_without_jurisdiction",
    "marts.policy_documents",
    "Documents whose jurisdiction is unknown (no metadata table, or an issuer no seed names).",
)

policy_dates_unparsed = sql_file_check(
    "policy_dates_unparsed",
    "staging.policy_documents",
    "Written or published dates given in a form that is not a date: left NULL.",
)

policy_measures_unclassified = sql_file_check(
    "policy_measures_unclassified",
    "marts.policy_measures",
    "Measures no keyword of warehouse/seeds/policy_measure_keywords.csv matches.",
)

policy_documents_in_two_forms = sql_file_check(
    "policy_documents_in_two_forms",
    "marts.policy_documents",
    "One document number or title under two policy_ids (e.g. a page and a registry entry): "
    "its measures would count twice.",
)
