"""Checks on the policy registry. Blocking ones stop publication when they fail."""

from pipelines.defs.sql_check import sql_file_check

# A mart's grain is checked once, by its expectation suite (expectations/marts.<table>.json,
# blocking): every mart's grain sits there, but fct_customs_trade's (a SQL check judging the
# run's months only, on the largest table).

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
