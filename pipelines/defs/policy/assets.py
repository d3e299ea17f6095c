"""Policy documents: landing/policy/ -> raw.policy_* -> staging.policy_* -> marts.policy_*."""

import dagster as dg

from pipelines.defs.landing_loader import landing_loader_asset
from pipelines.defs.resources import WarehouseResource
from pipelines.defs.sql_table import OWNERS, SqlTable, sql_table_assets, table_key, table_metadata
from pipelines.lib.policy_amounts import extract_amounts, measure_amount
from pipelines.lib.policy_loader import PolicyFileOutcome, load_policy_landing
from pipelines.lib.warehouse_sql import run_sql_file

GROUP = "policy"


def _describe_documents(outcome: PolicyFileOutcome) -> tuple[str, int]:
    line = f"{outcome.source_file}: {outcome.status}, {outcome.documents} documents"
    if outcome.rejected:
        line += f", {outcome.rejected} entries quarantined"
    return line, outcome.rejected


policy_raw_documents = landing_loader_asset(
    "raw.policy_documents",
    lambda con, warehouse, loaded_at, on_file: load_policy_landing(
        con, warehouse.landing, loaded_at, on_file=on_file
    ),
    group_name=GROUP,
    kinds={"duckdb", "html", "yaml"},
    description=(
        "Policy documents of every new page (*.html) and registry (*.json, *.yaml) in "
        "landing/policy/, as read; also writes raw.policy_files, raw.policy_measures, "
        "audit.loads and audit.quarantine."
    ),
    describe=_describe_documents,
)


@dg.asset(
    key=table_key("staging.policy_measure_amounts"),
    deps=[table_key("raw.policy_documents")],
    group_name=GROUP,
    kinds={"duckdb", "python"},
    owners=OWNERS,
    description=(
        "Money amounts stated in each measure, in yuan exactly (万元, 亿元, 最高…); quantities "
        "(100万辆), percentages and other currencies are not amounts. Recomputed every build."
    ),
)
def policy_measure_amounts(warehouse: WarehouseResource) -> dg.MaterializeResult:
    with warehouse.connect() as con:
        measures = con.execute(
            "select sha256, doc_seq, measure_seq, measure_text from raw.policy_measures"
        ).fetchall()
        rows = []
        for sha256, doc_seq, measure_seq, text in measures:
            amounts = extract_amounts(text)
            rows.append(
                (
                    sha256,
                    doc_seq,
                    measure_seq,
                    measure_amount(amounts),
                    any(a.kind == "cap" for a in amounts),
                    [a.phrase for a in amounts if a.kind != "rate"],
                    [a.phrase for a in amounts if a.kind == "rate"],
                )
            )
        con.begin()
        run_sql_file(con, "staging/policy_measure_amounts.sql")
        if rows:
            con.executemany(
                "insert into staging.policy_measure_amounts values (?, ?, ?, ?, ?, ?, ?)", rows
            )
        con.commit()
        return dg.MaterializeResult(metadata=table_metadata(con, "staging.policy_measure_amounts"))


SQL_TABLES = (
    SqlTable(
        "staging.policy_jurisdictions",
        deps=("ref.provinces", "ref.policy_issuers"),
        description="Jurisdictions (GB/T 2260, 'CN') and the issuer-name prefixes naming them.",
    ),
    SqlTable(
        "staging.policy_documents",
        deps=("raw.policy_documents", "staging.policy_jurisdictions"),
        description=(
            "Documents with typed dates and resolved jurisdiction; one row per document (the "
            "version loaded last when it was saved more than once)."
        ),
    ),
    SqlTable(
        "staging.policy_measure_categories",
        deps=("staging.policy_documents", "ref.policy_measure_keywords"),
        description="Categories of each measure, from the keywords of the measure taxonomy seed.",
    ),
    SqlTable(
        "marts.policy_documents",
        deps=("staging.policy_documents",),
        description=(
            "One row per policy document: jurisdiction (GB/T 2260; 'CN' national), level, "
            "issuer, document number, written and published dates, source file."
        ),
    ),
    SqlTable(
        "marts.policy_measures",
        deps=(
            "staging.policy_documents",
            "staging.policy_measure_categories",
            "staging.policy_measure_amounts",
        ),
        description=(
            "One row per measure and category, with the text and the amount it states in yuan "
            "(amount_cny repeats on each category row of a measure)."
        ),
    ),
    SqlTable(
        "marts.policy_overlap",
        deps=("marts.policy_measures", "marts.policy_documents"),
        description=(
            "Per category: the jurisdictions that support it, their measures and the sum of "
            "stated amounts; funded_by_several marks possible redundant allocation."
        ),
    ),
    SqlTable(
        "marts.policy_timeline",
        deps=("marts.policy_documents", "marts.policy_measures"),
        description="Policies, measures and stated amounts per jurisdiction and month published.",
    ),
    SqlTable(
        "marts.policy_export_outcomes",
        deps=("marts.policy_documents", "marts.exports_by_province"),
        description=(
            "Per provincial or municipal policy: the province's vehicle exports in the 12 months "
            "before and after publication, beside the national change. Correlation, not effect."
        ),
    ),
)

POLICY_MARTS = tuple(t.table for t in SQL_TABLES if t.table.startswith("marts."))

policy_sql_assets = sql_table_assets(SQL_TABLES, group_name=GROUP)
