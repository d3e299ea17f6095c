"""SQL reconciliations beside the suites: each query returns the rows that disagree. Heavy
structural checks are plain DuckDB SQL: about 10x faster than GX. A check runs after every
table its SQL reads (parsed from warehouse/checks/<name>.sql, or the marts it covers).
"""

from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from pipelines.defs.sql_check import sql_check, sql_file_check
from pipelines.lib.data_dictionary import missing_comments_query
from pipelines.lib.sql_files import published_marts, source_files_query

SOURCE_FILES_TABLE = "marts.fct_customs_trade"


@dataclass(frozen=True)
class Reconciliation:
    name: str  # warehouse/checks/<name>.sql unless ``query`` writes it
    table: str
    description: str
    blocking: bool
    query: Callable[[duckdb.DuckDBPyConnection], str] | None = None


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
    # A warning: a later download of one breakdown can legitimately revise a month that an
    # older download of another breakdown still shows; the check names the three sums.
    Reconciliation(
        "exports_marts_agree_across_breakdowns",
        "marts.exports_by_powertrain",
        "Where breakdowns cover the same vehicle codes, vehicles by destination = by province "
        "= by powertrain for the month: no mart double counts a breakdown.",
        blocking=False,
    ),
    # A warning for the same reason as release_months_add_up_to_ytd: revisions.
    Reconciliation(
        "national_monthly_months_add_up_to_ytd",
        "marts.national_monthly",
        "Published months add up to the published year-to-date, within the releases' rounding.",
        blocking=False,
    ),
)


def _check(check: Reconciliation):
    if check.query is None:
        return sql_file_check(check.name, check.table, check.description, check.blocking)
    others = [mart for mart in published_marts() if mart != check.table]
    return sql_check(
        check.name, check.table, check.query, check.description, check.blocking, others
    )


reconciliation_checks = [_check(check) for check in RECONCILIATIONS]
