"""Validation: GX expectation suites and SQL reconciliations as Dagster asset checks."""
