"""Assets that build one warehouse table from one SQL file, with the metadata users see.

Every staging and mart table file becomes an asset here, by a loop over warehouse/: no list of
tables or dependencies is kept in Python.
"""

import dagster as dg
import duckdb

from pipelines.defs.resources import WarehouseResource
from pipelines.lib.data_dictionary import apply_comments, table_comments
from pipelines.lib.run_months import bind_months, run_month_spans
from pipelines.lib.sql_files import SqlFile, table_files
from pipelines.lib.warehouse_sql import column_schema, row_count, run_sql_file

OWNERS = ["team:data-engineering"]


def table_key(table: str) -> dg.AssetKey:
    return dg.AssetKey(table.split("."))


def table_metadata(con: duckdb.DuckDBPyConnection, table: str) -> dict:
    comments = table_comments(con, table)  # the data dictionary's, where the table has them
    return {
        "dagster/row_count": row_count(con, table),
        "dagster/column_schema": dg.TableSchema(
            columns=[
                dg.TableColumn(name, type_, description=comments.get(name))
                for name, type_ in column_schema(con, table)
            ]
        ),
        "dagster/table_name": table,
    }


def sql_table_asset(spec: SqlFile) -> dg.AssetsDefinition:
    """An asset that runs one SQL file (under warehouse/) to rebuild its table.

    Its key, dependencies, description and group come from the file (pipelines/lib/sql_files.py).
    A file restaged by month runs once per span of the run's months, bound to the variables
    months_start and months_end: constants, so DuckDB skips the other months' row groups before
    any join (a join to the spans table made it hash 10M rows).
    """

    @dg.asset(
        key=table_key(spec.table),
        deps=[table_key(dep) for dep in spec.reads],
        group_name=spec.group,
        kinds={"duckdb", "sql"},
        owners=OWNERS,
        description=spec.description,
    )
    def _build(warehouse: WarehouseResource) -> dg.MaterializeResult:
        with warehouse.connect() as con:
            spans = run_month_spans(con) if spec.restaged_by_month else [None]
            for span in spans:
                if span is not None:
                    bind_months(con, span)
                run_sql_file(con, spec.path)
            # COMMENT ON from the data dictionary: a replaced table lost them
            apply_comments(con, spec.table)
            metadata = table_metadata(con, spec.table)
            if spec.restaged_by_month:
                metadata["restaged"] = ", ".join(f"[{start}, {end})" for start, end in spans)
            return dg.MaterializeResult(metadata=metadata)

    return _build


# One asset per table-building SQL file of warehouse/staging and warehouse/marts (the files
# that are one step of a Python asset are built by it).
sql_table_assets = [sql_table_asset(spec) for spec in table_files() if spec.is_asset]
