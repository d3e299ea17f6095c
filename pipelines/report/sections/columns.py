"""Appendix: every column of the published marts with its meaning, from the comments the data
dictionary wrote into the warehouse (pipelines/lib/data_dictionary.py), in the report's
language: the Chinese half of "中文 | English" for zh, the English half for en."""

from pipelines.lib.data_dictionary import split_comment
from pipelines.report.i18n import Language
from pipelines.report.sections.common import Content, Section, empty
from pipelines.report.tables import columns, table_of
from pipelines.report.warehouse import ReportWarehouse

MART_COLUMNS_SQL = """
select t.table_name, t.comment as table_comment, c.column_name, c.data_type, c.comment
from duckdb_tables() as t
inner join duckdb_columns() as c
    on t.database_name = c.database_name
    and t.schema_name = c.schema_name
    and t.table_name = c.table_name
where t.database_name = current_database() and t.schema_name = 'marts'
order by t.table_name, c.column_index
"""


def build(warehouse: ReportWarehouse, lang: Language) -> Content:
    frame = warehouse.frame(MART_COLUMNS_SQL)
    if frame.empty:
        return empty("marts", lang)
    frame["meaning"] = [split_comment(c, lang.code) for c in frame["comment"]]
    spec = columns(
        lang, ("column_name", "col.column"), ("data_type", "col.type"), ("meaning", "col.meaning")
    )
    tables = []
    for table, rows in frame.groupby("table_name", sort=True):
        described = split_comment(rows["table_comment"].iloc[0], lang.code)
        caption = f"marts.{table}" + (f" — {described}" if described else "")
        tables.append(table_of(rows, spec, caption, lang))
    return Content(tables=tables, notes=[lang.t("columns.note")])


SECTION = Section("columns", {}, build)
