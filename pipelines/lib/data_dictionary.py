"""The data dictionary: what every published table and column means, in Chinese and English.

One place, beside the SQL: a YAML file next to the file that makes each table

- ``warehouse/marts/<name>.yml``   → ``marts.<name>``
- ``warehouse/seeds/<name>.yml``   → ``ref.<name>``
- ``warehouse/ddl/audit_<name>.yml`` → ``audit.<name>``

holding ``description: {zh, en}`` for the table and ``columns:`` in table order, each
``<name>: {label: {zh, en}, zh, en}``: a short label (spreadsheet headers) and the meaning
with its unit. A column listed with no text (``period:``) takes its entry from
``warehouse/columns.yml``, the glossary of columns that mean the same in every table (period,
vehicles, value_cny…), so their text exists once; a table whose column of that name means
something else gives its own text (a copy of the glossary's is refused). Where the table's SQL
file has a header comment (marts, audit DDL), that header is the English description and the
YAML gives only ``zh``: the text is never kept twice.

The warehouse carries it as ``COMMENT ON``, one line ``中文 | English`` (``SEPARATOR``): a BI
tool that shows one line shows both languages, and the report splits it. ``apply_comments``
writes them (after each mart is built, and for every table at publish); the blocking check
``marts_columns_without_comment`` fails a build whose published column has none.

``python -m pipelines.lib.data_dictionary > docs/data_dictionary.md`` writes the Markdown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import duckdb
import yaml
from sqlglot import exp

from pipelines.lib.sql_files import header
from pipelines.lib.warehouse_sql import WAREHOUSE_DIR

SEPARATOR = " | "
GLOSSARY = "columns.yml"
# folder under warehouse/ -> schema of its tables (ddl files are named <schema>_<table>)
FOLDERS = {"marts": "marts", "seeds": "ref", "ddl": None}
_CJK = re.compile(r"[\u3400-\u9fff]")


class DictionaryError(ValueError):
    """A dictionary file that cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class Text:
    zh: str
    en: str

    @property
    def comment(self) -> str:
        return f"{self.zh}{SEPARATOR}{self.en}"


@dataclass(frozen=True)
class Column:
    name: str
    label: Text
    meaning: Text
    shared: bool  # from the glossary


@dataclass(frozen=True)
class TableDoc:
    table: str
    path: str  # under warehouse/
    description: Text
    columns: tuple[Column, ...]

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


def _text(value: object, where: str, single_line: bool = True) -> Text:
    if not isinstance(value, dict) or set(value) != {"zh", "en"}:
        raise DictionaryError(f"{where}: expected zh and en, got {value!r}")
    zh, en = (
        " ".join(str(value[k]).split()) if single_line else str(value[k]) for k in ("zh", "en")
    )
    if not zh or not en:
        raise DictionaryError(f"{where}: empty text")
    if not _CJK.search(zh):
        raise DictionaryError(f"{where}: the zh text has no Chinese: {zh!r}")
    if SEPARATOR.strip() in zh or SEPARATOR.strip() in en:
        raise DictionaryError(f"{where}: '|' separates the languages in a comment")
    return Text(zh, en)


def _column(name: str, entry: object, where: str, shared: bool) -> Column:
    if not isinstance(entry, dict) or set(entry) != {"label", "zh", "en"}:
        raise DictionaryError(f"{where}: column {name} needs label, zh and en")
    return Column(
        name=name,
        label=_text(entry["label"], f"{where}: {name}.label"),
        meaning=_text({"zh": entry["zh"], "en": entry["en"]}, f"{where}: {name}"),
        shared=shared,
    )


# libyaml's safe loader when PyYAML was built with it: the same documents, about 8x faster to
# read (the dictionary's files were 0.2 s of each build's start)
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load(relative: str) -> dict:
    with (WAREHOUSE_DIR / relative).open(encoding="utf-8") as f:
        data = yaml.load(f, Loader=_SAFE_LOADER)  # noqa: S506 (a safe loader)
    if not isinstance(data, dict):
        raise DictionaryError(f"warehouse/{relative}: not a mapping")
    return data


@cache
def glossary() -> dict[str, Column]:
    where = f"warehouse/{GLOSSARY}"
    return {
        name: _column(name, entry, where, shared=True) for name, entry in _load(GLOSSARY).items()
    }


def _table_name(folder: str, stem: str) -> str:
    schema = FOLDERS[folder]
    if schema is None:
        schema, _, stem = stem.partition("_")
    return f"{schema}.{stem}"


def read_table_doc(relative: str) -> TableDoc:
    """The dictionary entry of one table, from its YAML file (a path under warehouse/)."""
    where = f"warehouse/{relative}"
    folder, file_name = relative.split("/")
    stem = file_name.removesuffix(".yml")
    data = _load(relative)
    if set(data) - {"description", "columns"} or not data.get("columns"):
        raise DictionaryError(f"{where}: expected description and columns")
    description = dict(data.get("description") or {})
    sql_path = WAREHOUSE_DIR / folder / f"{stem}.sql"
    if sql_path.exists():
        prose, _ = header(sql_path.read_text(encoding="utf-8"))
        if prose:
            if "en" in description:
                raise DictionaryError(
                    f"{where}: the English description is the header of {folder}/{stem}.sql"
                )
            description["en"] = prose
    columns = []
    shared = glossary()
    for name, entry in data["columns"].items():
        if entry is None:
            if name not in shared:
                raise DictionaryError(f"{where}: column {name} has no text and no glossary entry")
            columns.append(shared[name])
        else:
            column = _column(name, entry, where, shared=False)
            if name in shared and column.meaning == shared[name].meaning:
                raise DictionaryError(
                    f"{where}: column {name} copies warehouse/{GLOSSARY}: list it empty"
                )
            columns.append(column)
    return TableDoc(
        table=_table_name(folder, stem),
        path=relative,
        description=_text(description, f"{where}: description"),
        columns=tuple(columns),
    )


@cache
def dictionary() -> dict[str, TableDoc]:
    """Every table of the dictionary, by name (marts first, then ref, then audit)."""
    docs = [
        read_table_doc(f"{folder}/{path.name}")
        for folder in FOLDERS
        for path in sorted((WAREHOUSE_DIR / folder).glob("*.yml"))
    ]
    return {doc.table: doc for doc in docs}


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@cache
def _literal(text: str) -> str:
    # COMMENT ON takes no bound parameter in DuckDB: sqlglot writes the string literal
    return exp.Literal.string(text).sql(dialect="duckdb")


def table_columns(
    con: duckdb.DuckDBPyConnection, table: str
) -> tuple[str | None, list[tuple[str, str, str | None]]]:
    """``table``'s comment and its (column, type, comment) in order; no columns when the table
    does not exist. One catalog query of the table's columns (0.8 ms; joining duckdb_tables()
    to duckdb_columns() took 1.4 ms, information_schema another 1.4 for the types)."""
    schema, name = table.split(".")
    rows = con.execute(
        "select c.column_name, c.data_type, c.comment, (select t.comment from duckdb_tables() "
        "as t where t.database_name = current_database() and t.schema_name = ? "
        "and t.table_name = ?) from duckdb_columns() as c "
        "where c.database_name = current_database() and c.schema_name = ? and c.table_name = ? "
        "order by c.column_index",
        [schema, name, schema, name],
    ).fetchall()
    return (rows[0][3] if rows else None), [(column, type_, c) for column, type_, c, _ in rows]


def table_comments(con: duckdb.DuckDBPyConnection, table: str) -> dict[str | None, str | None]:
    """The comments ``table`` carries: None -> the table's, column name -> the column's.
    Empty when the table does not exist."""
    comment, columns = table_columns(con, table)
    if not columns:
        return {}
    return {None: comment} | {column: column_comment for column, _, column_comment in columns}


def apply_comments(con: duckdb.DuckDBPyConnection, table: str) -> int:
    """COMMENT ON ``table`` and its columns from the dictionary; returns the columns commented.

    Names come from the repo's dictionary files and are used only when duckdb_columns() has
    them. A column the dictionary lacks keeps no comment (the blocking check names it); a
    dictionary column the table lacks is skipped. Does nothing for a table absent or unknown.
    """
    doc = dictionary().get(table)
    present = table_comments(con, table)
    if doc is None or not present:
        return 0
    target = ".".join(_identifier(part) for part in table.split("."))
    statements = []
    if present[None] != doc.description.comment:
        statements.append(f"comment on table {target} is {_literal(doc.description.comment)}")
    commented = 0
    for column in doc.columns:
        if column.name not in present:
            continue
        commented += 1
        if present[column.name] != column.meaning.comment:
            statements.append(
                f"comment on column {target}.{_identifier(column.name)} "
                f"is {_literal(column.meaning.comment)}"
            )
    if statements:  # one commit for the table's comments, not one a column
        con.execute("begin")
        try:
            for statement in statements:
                con.execute(statement)
        except BaseException:
            con.execute("rollback")
            raise
        con.execute("commit")
    return commented


def apply_all(con: duckdb.DuckDBPyConnection) -> int:
    """apply_comments for every dictionary table the warehouse has."""
    return sum(apply_comments(con, table) for table in dictionary())


# Published columns whose comment is missing or not "中文 | English": one row per column.
# duckdb_columns() of the marts schema, so a mart without a dictionary file is caught too.
MISSING_COMMENTS_QUERY = r"""
select table_name, column_name, coalesce(comment, '') as comment
from duckdb_columns()
where
    database_name = current_database()
    and schema_name = 'marts'
    and (
        comment is null
        or not contains(comment, ' | ')
        or not regexp_matches(split_part(comment, ' | ', 1), '[\x{3400}-\x{9fff}]')
        or trim(split_part(comment, ' | ', 2)) = ''
    )
order by table_name, column_index
"""


def missing_comments_query(con: duckdb.DuckDBPyConnection) -> str:  # noqa: ARG001
    return MISSING_COMMENTS_QUERY


def split_comment(comment: object, language: str) -> str | None:
    """The ``zh`` or ``en`` half of a ``中文 | English`` comment (None for a column without one:
    NULL, or NaN where the comments came through a pandas frame)."""
    if not isinstance(comment, str) or not comment:
        return None
    zh, _, en = comment.partition(SEPARATOR)
    return (zh if language == "zh" else en or zh).strip()


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown() -> str:
    """docs/data_dictionary.md, from the dictionary files alone."""
    docs = dictionary()
    lines = [
        "# Data dictionary / 数据字典",
        "",
        "Generated by `python -m pipelines.lib.data_dictionary > docs/data_dictionary.md` from",
        "`warehouse/columns.yml` (columns shared by many tables) and the YAML file beside each",
        "table's SQL or seed (`warehouse/marts/*.yml`, `warehouse/seeds/*.yml`,",
        "`warehouse/ddl/audit_*.yml`); do not edit by hand. The warehouse carries the same text",
        "as `COMMENT ON` each table and column, `中文 | English`:",
        "",
        "```sql",
        "select table_name, column_name, comment",
        "from duckdb_columns() where schema_name = 'marts';",
        "```",
        "",
        "由 `warehouse/columns.yml` 与各表 SQL 旁的 YAML 文件生成，请勿手工修改。",
        "",
        "## Tables / 表",
        "",
    ]
    for doc in docs.values():
        anchor = doc.table.replace(".", "")
        lines.append(f"- [`{doc.table}`](#{anchor}) {_cell(doc.description.zh)}")
    for doc in docs.values():
        lines += [
            "",
            f"## {doc.table}",
            "",
            doc.description.zh,
            "",
            doc.description.en.replace("\n", " "),
            "",
            f"Source: `warehouse/{doc.path}`",
            "",
            "| column | 列名 | label | 说明 | meaning |",
            "|---|---|---|---|---|",
        ]
        for c in doc.columns:
            lines.append(
                f"| `{c.name}` | {_cell(c.label.zh)} | {_cell(c.label.en)} | "
                f"{_cell(c.meaning.zh)} | {_cell(c.meaning.en)} |"
            )
    return "\n".join(lines) + "\n"


def main() -> None:
    import sys

    sys.stdout.write(markdown())


if __name__ == "__main__":
    main()
