"""The references of the SQL files, kept on disk between starts, are the parser's."""

import pytest

import pipelines.lib.sql_files as sql_files
from pipelines.lib.warehouse_sql import WAREHOUSE_DIR

FILES = sorted(WAREHOUSE_DIR.glob("*/*.sql"))


@pytest.fixture
def cache_file(tmp_path, monkeypatch):
    path = tmp_path / "autoexport" / "sql_reads.json"
    monkeypatch.setattr(sql_files, "_CACHE_FILE", path)
    sql_files._references_cache.cache_clear()
    yield path
    sql_files._references_cache.cache_clear()


def test_cold_and_warm_cache_give_the_parsers_references(cache_file):
    texts = [path.read_text(encoding="utf-8") for path in FILES]
    parsed = [sql_files._parsed_references(text) for text in texts]
    assert [sql_files._references(text) for text in texts] == parsed  # cold: parsed, saved
    assert cache_file.exists()
    sql_files._references_cache.cache_clear()  # a new process
    assert [sql_files._references(text) for text in texts] == parsed  # warm: from the file
    assert any(parsed), "the warehouse's files read tables"


def test_a_changed_file_is_parsed_again(cache_file):
    assert sql_files._references("select * from marts.a") == ["marts.a"]
    assert sql_files._references("select * from marts.b") == ["marts.b"]


def test_a_damaged_cache_costs_a_parse_and_nothing_else(cache_file):
    cache_file.parent.mkdir(parents=True)
    cache_file.write_text("{not json", encoding="utf-8")
    assert sql_files.tables_read("select 1 from staging.x join ref.y using (k)") == {
        "staging.x",
        "ref.y",
    }
