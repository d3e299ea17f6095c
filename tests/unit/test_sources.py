"""The registry of landing sources: each descriptor is enough for the scan, the DDL and the
loader assets, which loop over it."""

import duckdb

from pipelines.lib.landing_scan import file_months
from pipelines.lib.sources.registry import SOURCES, written_with
from pipelines.lib.warehouse_sql import WAREHOUSE_DIR, ensure_schema
from tests.conftest import SAMPLE_LANDING


def test_every_source_has_its_raw_tables_created_by_its_ddl():
    con = duckdb.connect()
    ensure_schema(con)
    tables = {
        f"{schema}.{name}"
        for schema, name in con.execute(
            "select table_schema, table_name from information_schema.tables"
        ).fetchall()
    }
    for source in SOURCES:
        for path in source.ddl_files:
            assert (WAREHOUSE_DIR / path).is_file(), path
        assert set(source.raw_tables) <= tables, source.name
        assert source.raw_tables[0] == source.raw_table
        if source.files_table:
            assert source.files_table.name in source.raw_tables


def test_no_two_sources_read_the_same_files():
    claims = [(f, s) for source in SOURCES for f in source.folders for s in source.suffixes]
    assert len(claims) == len(set(claims))
    assert len({s.name for s in SOURCES}) == len(SOURCES)


def test_tables_written_beside_a_loaders_table_count_as_that_table():
    written = written_with()
    for source in SOURCES:
        for table in source.raw_tables[1:]:
            assert written[table] == source.raw_table


def test_a_files_months_are_its_sources_to_tell():
    """The scan asks the source whose folder and suffix the file has; a source without months
    (industry, policy) gives none."""
    told = {}
    for path in sorted(p for p in SAMPLE_LANDING.rglob("*") if p.is_file()):
        relative = path.relative_to(SAMPLE_LANDING).as_posix()
        folder = path.parent.relative_to(SAMPLE_LANDING).as_posix()
        (source,) = [s for s in SOURCES if s.reads(folder, path.suffix)] or [None]
        months = file_months(SAMPLE_LANDING, relative)
        if source is None or not source.monthly:
            assert months == frozenset(), relative
        else:
            assert months == source.months(path, None), relative
            told[source.name] = told.get(source.name, 0) + bool(months)
    # the sample's downloads and release tables do tell their months
    assert told["customs"] > 0 and told["releases"] > 0
