"""Policy documents: the measures' amounts (Python). The loader asset is the policy source's
(pipelines/defs/landing_loader.py); the other staging.policy_* and marts.policy_* tables are
assets of their SQL files (sql_table.py)."""

import dagster as dg

from pipelines.defs.resources import WarehouseResource
from pipelines.defs.sql_table import OWNERS, table_key, table_metadata
from pipelines.lib.sources.policy.amounts import extract_amounts, measure_amount
from pipelines.lib.warehouse_sql import run_sql_file

GROUP = "policy"


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
