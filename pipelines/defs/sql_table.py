"""Assets that build warehouse tables from SQL files, with the metadata users see.

Every staging and mart table file is an asset of its own (key, dependencies, group, description
from the file), but the files run in a few Dagster steps, not one step each: a step costs
Dagster's own bookkeeping and three events in the run history, more than most of these files
take (#21). No list of tables, dependencies or steps is kept in Python.
"""

from collections.abc import Iterator
from functools import cache
from graphlib import TopologicalSorter

import dagster as dg
import duckdb

from pipelines.defs.resources import WarehouseResource
from pipelines.lib.data_dictionary import apply_comments, table_columns
from pipelines.lib.run_months import bind_months, run_month_spans
from pipelines.lib.sql_files import TABLE_FOLDERS, SqlFile, table_files
from pipelines.lib.warehouse_sql import row_count, run_sql_file

OWNERS = ["team:data-engineering"]


def table_key(table: str) -> dg.AssetKey:
    return dg.AssetKey(table.split("."))


def table_metadata(con: duckdb.DuckDBPyConnection, table: str) -> dict:
    # column comments: the data dictionary's, where the table has them
    _, columns = table_columns(con, table)
    return {
        "dagster/row_count": row_count(con, table),
        "dagster/column_schema": dg.TableSchema(
            columns=[
                dg.TableColumn(name, type_, description=comment) for name, type_, comment in columns
            ]
        ),
        "dagster/table_name": table,
    }


def python_levels(files: tuple[SqlFile, ...]) -> dict[str, int]:
    """How many Python assets fed by a SQL table lie on the longest path to each SQL table.

    A step must not both build a table and wait for a Python asset that reads it, so two tables
    share a step only on the same level: a Python asset between them puts the reader one level
    up. The Python assets' reads are known from their files (``-- step of: <asset>``, all of
    whose files run in one step); the loaders read landing files and seeds, no table.
    """
    sql = {f.table: f for f in files if f.is_asset}
    step_of = {f.table: f.step_of for f in files if not f.is_asset}
    step_reads: dict[str, set[str]] = {}
    for f in files:
        if not f.is_asset:
            step_reads.setdefault(f.step_of, set()).update(f.reads)
    for step, reads in step_reads.items():  # a step reads the tables it built before
        reads -= {table for table, of in step_of.items() if of == step}

    @cache
    def level(table: str) -> int:
        return max((after(read) for read in sql[table].reads), default=0)

    @cache
    def step_level(step: str) -> int:
        # a Python step reading a SQL table runs after it: what it feeds is one level up
        return max((after(read) + (read in sql) for read in step_reads[step]), default=0)

    def after(read: str) -> int:
        if read in sql:
            return level(read)
        if read in step_of:
            return step_level(step_of[read])
        return 0  # a loader's table

    return {table: level(table) for table in sql}


def table_steps(files: tuple[SqlFile, ...]) -> dict[str, tuple[SqlFile, ...]]:
    """The asset files grouped into steps, each named by its layer (and level above 0), each in
    the order its reads require. A staging file reading a mart of its level would tie the two
    layers' steps in a cycle: refused, naming the file."""
    levels = python_levels(files)
    assets = [f for f in files if f.is_asset]
    order = list(TopologicalSorter({f.table: f.reads for f in assets}).static_order())
    rank = {table: index for index, table in enumerate(order)}

    def step_of(f: SqlFile) -> tuple[int, int]:
        return levels[f.table], TABLE_FOLDERS.index(f.path.split("/")[0])

    by_table = {f.table: f for f in assets}
    for f in assets:
        for read in f.reads:
            if read in by_table and step_of(by_table[read]) > step_of(f):
                raise ValueError(
                    f"warehouse/{f.path}: reads {read}, built in a later step of SQL tables"
                )
    steps: dict[tuple[int, int], list[SqlFile]] = {}
    for f in sorted(assets, key=lambda f: rank[f.table]):
        steps.setdefault(step_of(f), []).append(f)
    return {
        f"{TABLE_FOLDERS[layer]}_sql_tables" + (f"_{level}" if level else ""): tuple(members)
        for (level, layer), members in sorted(steps.items())
    }


def build_table(con: duckdb.DuckDBPyConnection, spec: SqlFile) -> dict:
    """Run one SQL file (under warehouse/) to rebuild its table; returns the table's metadata.

    A file restaged by month runs once per span of the run's months, bound to the variables
    months_start and months_end: constants, so DuckDB skips the other months' row groups before
    any join (a join to the spans table made it hash 10M rows).
    """
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
    return metadata


def sql_tables_asset(name: str, files: tuple[SqlFile, ...]) -> dg.AssetsDefinition:
    """One step that builds the selected tables of ``files``, in order.

    Each table stays an asset with its own key, deps, group and description; selecting one in
    the UI rebuilds only it. A file that fails does not stop the tables that do not read it:
    the step builds them, then fails naming every file that failed.
    """

    @dg.multi_asset(
        name=name,
        specs=[
            dg.AssetSpec(
                table_key(spec.table),
                deps=[table_key(dep) for dep in spec.reads],
                group_name=spec.group,
                kinds={"duckdb", "sql"},
                owners=OWNERS,
                description=spec.description,
            )
            for spec in files
        ],
        can_subset=True,
    )
    def _build(
        context: dg.AssetExecutionContext, warehouse: WarehouseResource
    ) -> Iterator[dg.MaterializeResult]:
        selected = context.selected_asset_keys
        not_built: set[str] = set()  # failed, or reads one that did
        errors: list[str] = []
        with warehouse.step():  # the files share the run's open build file
            for spec in files:
                if table_key(spec.table) not in selected:
                    continue
                if not_built.intersection(spec.reads):
                    not_built.add(spec.table)
                    context.log.error(f"{spec.table} not built: a table it reads failed")
                    continue
                try:
                    with warehouse.connect() as con:
                        metadata = build_table(con, spec)
                except Exception as error:  # the step fails below, after the others
                    not_built.add(spec.table)
                    errors.append(f"warehouse/{spec.path}: {type(error).__name__}: {error}")
                    context.log.error(errors[-1])
                    continue
                yield dg.MaterializeResult(asset_key=table_key(spec.table), metadata=metadata)
        if errors:
            raise dg.Failure(description="\n".join(errors))

    return _build


# The table-building SQL files of warehouse/staging and warehouse/marts (the files that are one
# step of a Python asset are built by it), a few steps of them.
sql_table_assets = [
    sql_tables_asset(name, files) for name, files in table_steps(table_files()).items()
]
