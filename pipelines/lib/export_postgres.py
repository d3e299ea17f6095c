"""`autoexport export --to postgres DSN`: every mart into PostgreSQL, for BI tools that speak
only Postgres.

One transaction replaces every mart: each table is loaded with COPY into a new table beside
the old one, and only at the end are the old tables dropped and the new ones renamed. A reader
of the Postgres database sees the previous export or the new one, never a mix of both, and is
blocked only for the swap, not for the copy; a failure at any point leaves the database as it
was. Tables keep their schema (`marts`), names and column names. Lists of scalars become
Postgres arrays (`source_files text[]`, so provenance stays queryable with `any()`/`unnest`);
structs, maps and nested lists become jsonb.

Identifiers come from the warehouse's own catalog and are quoted (psycopg.sql.Identifier on the
Postgres side); values travel through COPY, never inside SQL text. Table and column comments
(DuckDB's COMMENT ON) go with the tables.

With AUTOEXPORT_PUBLISH_POSTGRES=DSN every build publishes here too: the publish step replaces
the marts in PostgreSQL from the build file first, and only then renames the build file into
place, so a build that cannot publish to PostgreSQL publishes nowhere.
"""

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import psycopg
from duckdb.sqltypes import DuckDBPyType
from psycopg import sql

from pipelines.lib.build_connection import connect_duckdb

SCHEMA = "marts"
PUBLISH_ENV = "AUTOEXPORT_PUBLISH_POSTGRES"
_CHUNK_BYTES = 1024 * 1024
_LOADING_SUFFIX = "__autoexport_loading"

# DuckDB type id -> PostgreSQL type, for the types that map one to one
_SCALAR_TYPES = {
    "boolean": "boolean",
    "tinyint": "smallint",
    "utinyint": "smallint",
    "smallint": "smallint",
    "usmallint": "integer",
    "integer": "integer",
    "uinteger": "bigint",
    "bigint": "bigint",
    "ubigint": "numeric(20,0)",
    "hugeint": "numeric(39,0)",
    "uhugeint": "numeric(39,0)",
    "float": "real",
    "double": "double precision",
    "varchar": "text",
    "enum": "text",
    "blob": "bytea",
    "uuid": "uuid",
    "date": "date",
    "time": "time",
    "timestamp": "timestamp",
    "timestamp_s": "timestamp",
    "timestamp_ms": "timestamp",
    "timestamp_ns": "timestamp",
    "timestamp with time zone": "timestamptz",
    "interval": "interval",
    "null": "text",  # a column DuckDB typed from a bare NULL: always empty
}
_AS_JSON = {"struct", "map", "array", "union"}
# one element x of a Postgres array literal: double-quoted with \ and " escaped, or bare NULL
_ARRAY_ELEMENT = (
    r"""coalesce('"' || replace(replace(x::varchar, '\', '\\'), '"', '\"') """
    r"""|| '"', 'NULL')"""
)


class PostgresExportError(RuntimeError):
    """The export failed; the transaction was rolled back, so the database is as it was."""


class PostgresUnavailable(PostgresExportError):
    """The DSN did not lead to a PostgreSQL server that accepted the connection."""


@dataclass(frozen=True)
class Column:
    name: str
    postgres_type: str
    as_json: bool  # read from DuckDB as to_json(...), stored as jsonb


@dataclass(frozen=True)
class Comments:
    table: str | None
    columns: dict[str, str]


@dataclass(frozen=True)
class ExportedTable:
    table: str
    rows: int


@dataclass(frozen=True)
class PostgresExport:
    target: str  # host:port/dbname, without credentials
    tables: list[ExportedTable]


def publish_dsn() -> str | None:
    """The DSN builds publish the marts to (AUTOEXPORT_PUBLISH_POSTGRES), or None."""
    return os.environ.get(PUBLISH_ENV, "").strip() or None


def postgres_column(name: str, duck_type: DuckDBPyType) -> Column:
    """The PostgreSQL column for a DuckDB column; an unknown type is an error, never text."""
    type_id = duck_type.id
    if str(duck_type) == "JSON":
        return Column(name, "jsonb", as_json=False)
    if type_id == "decimal":
        precision, scale = (value for _, value in duck_type.children)
        return Column(name, f"numeric({precision},{scale})", as_json=False)
    if type_id in _SCALAR_TYPES:
        return Column(name, _SCALAR_TYPES[type_id], as_json=False)
    if type_id == "list":
        [(_, child)] = duck_type.children
        element = postgres_column(name, child)
        if child.id in ("list", *_AS_JSON) or element.postgres_type in ("jsonb", "bytea"):
            return Column(name, "jsonb", as_json=True)  # Postgres arrays must be rectangular
        return Column(name, f"{element.postgres_type}[]", as_json=False)
    if type_id in _AS_JSON:
        return Column(name, "jsonb", as_json=True)
    raise PostgresExportError(f"column {name}: no PostgreSQL type for DuckDB type {duck_type}")


def _duck_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _mart_columns(con: duckdb.DuckDBPyConnection) -> dict[str, list[Column]]:
    names = [
        name
        for (name,) in con.execute(
            "select table_name from information_schema.tables "
            "where table_schema = ? order by table_name",
            [SCHEMA],
        ).fetchall()
    ]
    marts = {}
    for name in names:
        relation = con.table(f"{SCHEMA}.{_duck_identifier(name)}")
        try:
            marts[name] = [
                postgres_column(column, duck_type)
                for column, duck_type in zip(relation.columns, relation.types, strict=True)
            ]
        except PostgresExportError as exc:
            raise PostgresExportError(f"{SCHEMA}.{name}: {exc}") from exc
    return marts


def _comments(con: duckdb.DuckDBPyConnection) -> dict[str, Comments]:
    tables = dict(
        con.execute(
            "select table_name, comment from duckdb_tables() "
            "where schema_name = ? and database_name = current_database()",
            [SCHEMA],
        ).fetchall()
    )
    columns: dict[str, dict[str, str]] = {}
    for table, column, comment in con.execute(
        "select table_name, column_name, comment from duckdb_columns() "
        "where schema_name = ? and database_name = current_database() and comment is not null",
        [SCHEMA],
    ).fetchall():
        columns.setdefault(table, {})[column] = comment
    return {name: Comments(tables.get(name), columns.get(name, {})) for name in tables}


def _target(pg: psycopg.Connection) -> str:
    return f"{pg.info.host}:{pg.info.port}/{pg.info.dbname}"


def export_marts_to_postgres(warehouse: Path, dsn: str) -> PostgresExport:
    """Replace every marts.* table of ``warehouse`` in the PostgreSQL database at ``dsn``."""
    # read-only; during a build, a cursor of the run's connection to its build file
    duck = connect_duckdb(warehouse, read_only=True)
    try:
        duck.execute("set enable_progress_bar = false")  # it would write into the CLI's output
        marts = _mart_columns(duck)  # refuse an unmappable type before touching Postgres
        comments = _comments(duck)
        try:
            pg = psycopg.connect(dsn, connect_timeout=10, client_encoding="utf8")
        except psycopg.Error as exc:
            raise PostgresUnavailable(f"cannot connect to PostgreSQL: {exc}") from exc
        with pg:
            target = _target(pg)
            try:
                with pg.transaction():
                    tables = _replace_marts(duck, pg, marts, comments)
            except psycopg.Error as exc:
                raise PostgresExportError(
                    f"export to {target} failed, nothing was changed there: {exc}"
                ) from exc
    finally:
        duck.close()
    return PostgresExport(target=target, tables=tables)


def _replace_marts(
    duck, pg: psycopg.Connection, marts: dict[str, list[Column]], comments: dict[str, Comments]
):
    schema = sql.Identifier(SCHEMA)
    pg.execute(sql.SQL("create schema if not exists {}").format(schema))
    exported = []
    for name, columns in marts.items():
        loading = sql.Identifier(SCHEMA, name + _LOADING_SUFFIX)
        pg.execute(sql.SQL("drop table if exists {}").format(loading))
        pg.execute(
            sql.SQL("create table {} ({})").format(
                loading,
                sql.SQL(", ").join(
                    sql.SQL("{} {}").format(sql.Identifier(c.name), sql.SQL(c.postgres_type))
                    for c in columns
                ),
            )
        )
        _comment(pg, loading, comments.get(name))
        rows = _copy_rows(duck, pg, name, columns, loading)
        exported.append(ExportedTable(table=f"{SCHEMA}.{name}", rows=rows))
    # the swap: readers of the old tables wait only for this, not for the copies above.
    # No cascade: a view someone built on a mart stops the export rather than vanishing.
    for name in marts:
        pg.execute(sql.SQL("drop table if exists {}").format(sql.Identifier(SCHEMA, name)))
        pg.execute(
            sql.SQL("alter table {} rename to {}").format(
                sql.Identifier(SCHEMA, name + _LOADING_SUFFIX), sql.Identifier(name)
            )
        )
    return exported


def _comment(pg: psycopg.Connection, table: sql.Identifier, comments: Comments | None) -> None:
    """COMMENT ON the new table and its columns; the comments stay with it when it is renamed.

    COMMENT takes no bound parameters: the text goes in as a literal psycopg quotes.
    """
    if comments is None:
        return
    if comments.table:
        pg.execute(sql.SQL("comment on table {} is {}").format(table, sql.Literal(comments.table)))
    for column, text in comments.columns.items():
        pg.execute(
            sql.SQL("comment on column {}.{} is {}").format(
                table, sql.Identifier(column), sql.Literal(text)
            )
        )


def _csv_expression(column: Column) -> str:
    """The DuckDB expression whose CSV text PostgreSQL's COPY (format csv) reads back exactly."""
    value = _duck_identifier(column.name)
    if column.as_json:
        return f"to_json({value})::varchar"
    if column.postgres_type == "bytea":
        return f"'\\x' || hex({value})"  # bytea's hex input format
    if column.postgres_type.endswith("[]"):
        # a NULL list stays NULL (|| propagates it)
        elements = f"list_transform({value}, lambda x: {_ARRAY_ELEMENT})"
        return f"'{{' || array_to_string({elements}, ',') || '}}'"
    return value


def _copy_rows(duck, pg, name: str, columns: list[Column], target: sql.Composed) -> int:
    """COPY one mart through a CSV file that DuckDB writes: much faster than row by row.

    DuckDB writes NULL as an empty field and an empty string as "", which is what COPY's csv
    format reads as NULL and as an empty string.
    """
    select_list = ", ".join(_csv_expression(c) for c in columns)
    relation = duck.sql(f"select {select_list} from {SCHEMA}.{_duck_identifier(name)}")
    copy_sql = sql.SQL("copy {} ({}) from stdin (format csv)").format(
        target, sql.SQL(", ").join(sql.Identifier(c.name) for c in columns)
    )
    with tempfile.TemporaryDirectory(prefix="autoexport-pg-") as folder:
        rows_csv = Path(folder) / f"{name}.csv"
        relation.write_csv(rows_csv.as_posix(), header=False)
        with pg.cursor() as cursor:
            with cursor.copy(copy_sql) as copy, rows_csv.open("rb") as handle:
                while chunk := handle.read(_CHUNK_BYTES):
                    copy.write(chunk)
            return cursor.rowcount


def publish_if_configured(build_file: Path) -> dict[str, str | int]:
    """The publish step's PostgreSQL half: with AUTOEXPORT_PUBLISH_POSTGRES set, replace the
    marts there from ``build_file`` (before it is renamed into place); metadata for the step."""
    dsn = publish_dsn()
    if dsn is None:
        return {}
    served = export_marts_to_postgres(build_file, dsn)
    return {"postgres": served.target, "postgres_tables": len(served.tables)}
