"""Checks written from the warehouse at run time, beside the file checks of warehouse/checks/:
their query covers every published mart, so it is generated from the marts of warehouse/marts/
(and their columns), not kept in a file. Both run in one step, like the file checks.

They read every mart, so Dagster runs them after every blocking check of a mart, the expectation
suites' too: a step of their own, so the file checks report even when a suite has failed.
"""

from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from pipelines.defs.sql_check import SqlCheck, sql_checks
from pipelines.lib.data_dictionary import missing_comments_query
from pipelines.lib.sql_files import published_marts, source_files_query

SOURCE_FILES_TABLE = "marts.fct_customs_trade"


@dataclass(frozen=True)
class Reconciliation:
    name: str
    table: str
    description: str
    blocking: bool
    query: Callable[[duckdb.DuckDBPyConnection], str]


RECONCILIATIONS = (
    # Written from the marts of warehouse/marts/ (pipelines/lib/sql_files.py): a new mart is
    # covered without an edit here.
    Reconciliation(
        "mart_rows_without_source_files",
        SOURCE_FILES_TABLE,
        "Every row of every mart names the landing files that produced it.",
        blocking=True,
        query=source_files_query,
    ),
    # The data dictionary (pipelines/lib/data_dictionary.py) covers every published column:
    # a mart column without a "中文 | English" comment stops publication.
    Reconciliation(
        "marts_columns_without_comment",
        SOURCE_FILES_TABLE,
        "Every column of every mart carries a Chinese and English comment from the data "
        "dictionary (warehouse/columns.yml, warehouse/marts/<mart>.yml).",
        blocking=True,
        query=missing_comments_query,
    ),
)


def _check(check: Reconciliation) -> SqlCheck:
    others = [mart for mart in published_marts() if mart != check.table]
    return SqlCheck(check.name, check.table, check.query, check.description, check.blocking, others)


STEP = "sql_reconciliations"
reconciliation_checks = sql_checks(STEP, [_check(check) for check in RECONCILIATIONS])
