"""Assets that build one warehouse table from one SQL file, with the metadata users see."""

from collections.abc import Sequence
from dataclasses import dataclass

import dagster as dg
import duckdb

from pipelines.defs.resources import WarehouseResource
from pipelines.lib.restage_scope import bind_span, restaged_spans
from pipelines.lib.warehouse_sql import column_schema, row_count, run_sql_file

OWNERS = ["team:data-engineering"]


def table_key(table: str) -> dg.AssetKey:
    return dg.AssetKey(table.split("."))


def table_metadata(con: duckdb.DuckDBPyConnection, table: str) -> dict:
    return {
        "dagster/row_count": row_count(con, table),
        "dagster/column_schema": dg.TableSchema(
            columns=[dg.TableColumn(name, type_) for name, type_ in column_schema(con, table)]
        ),
        "dagster/table_name": table,
    }


@dataclass(frozen=True)
class SqlTable:
    """A table built by SQL files under warehouse/ (default: <schema>/<name>.sql)."""

    table: str
    deps: tuple[str, ...]
    description: str
    sql_files: tuple[str, ...] = ()
    # restaged by month: the files run once per span of months customs staging restaged
    restaged_by_month: bool = False

    @property
    def files(self) -> tuple[str, ...]:
        return self.sql_files or (self.table.replace(".", "/") + ".sql",)


def sql_table_assets(tables: Sequence[SqlTable], group_name: str) -> list[dg.AssetsDefinition]:
    return [
        sql_table_asset(t.table, t.files, t.deps, group_name, t.description, t.restaged_by_month)
        for t in tables
    ]


def sql_table_asset(
    table: str,
    sql_files: Sequence[str],
    deps: Sequence[str],
    group_name: str,
    description: str,
    restaged_by_month: bool = False,
) -> dg.AssetsDefinition:
    """An asset that runs ``sql_files`` (paths under warehouse/) to rebuild ``table``.

    With ``restaged_by_month`` the files restage one span of months per pass, read from the
    variables restage_start and restage_end: constants, so DuckDB skips the other months'
    row groups before any join (a join to the spans table made it hash 10M rows).
    """

    @dg.asset(
        key=table_key(table),
        deps=[table_key(dep) for dep in deps],
        group_name=group_name,
        kinds={"duckdb", "sql"},
        owners=OWNERS,
        description=description,
    )
    def _build(warehouse: WarehouseResource) -> dg.MaterializeResult:
        with warehouse.connect() as con:
            spans = restaged_spans(con) if restaged_by_month else [None]
            for span in spans:
                if span is not None:
                    bind_span(con, span)
                for sql_file in sql_files:
                    run_sql_file(con, sql_file)
            metadata = table_metadata(con, table)
            if restaged_by_month:
                metadata["restaged"] = ", ".join(f"[{start}, {end})" for start, end in spans)
            return dg.MaterializeResult(metadata=metadata)

    return _build
