"""The data dictionary: every published column carries a Chinese and English comment from the
files beside the SQL, the build refuses a mart column without one, docs/data_dictionary.md is
generated from the same files; marts.dim_hs_code names every HS code of the sample."""

import re
import shutil
from pathlib import Path

import duckdb
import pytest

import pipelines.lib.data_dictionary as data_dictionary
from pipelines.app.build_runner import run_build
from pipelines.lib.data_dictionary import (
    SEPARATOR,
    DictionaryError,
    apply_comments,
    dictionary,
    markdown,
    missing_comments_query,
    read_table_doc,
)
from pipelines.lib.settings import resolve_settings
from pipelines.lib.sql_files import published_marts
from tests.conftest import SAMPLE_LANDING, fetch

REPO = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u3400-\u9fff]")


def _build(root: Path, landing: Path = SAMPLE_LANDING):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DAGSTER_HOME", str(root / "dagster"))
        settings = resolve_settings(landing=str(landing), warehouse=str(root / "w.duckdb"))
        return settings, run_build(settings)


@pytest.fixture(scope="module")
def published(run_sample):
    """The bundled sample, built and published once (tests/conftest.py's ``run_sample``)."""
    assert run_sample.report.published, run_sample.report.failed_steps
    return run_sample.warehouse


def _bilingual(comment: str | None) -> bool:
    if not comment or SEPARATOR not in comment:
        return False
    zh, en = comment.split(SEPARATOR, 1)
    return bool(CJK.search(zh)) and bool(en.strip())


def test_every_published_column_and_table_has_a_chinese_and_english_comment(published):
    columns = fetch(
        published,
        "select schema_name || '.' || table_name, column_name, comment from duckdb_columns() "
        "where schema_name = 'marts' or schema_name || '.' || table_name in "
        "('audit.loads', 'audit.quarantine', 'audit.check_results') "
        "or (schema_name = 'ref' and table_name like '%_labels')",
    )
    marts = {table for table, _, _ in columns if table.startswith("marts.")}
    assert marts == set(published_marts())
    assert len(columns) > 290
    assert [(t, c) for t, c, comment in columns if not _bilingual(comment)] == []
    tables = fetch(
        published,
        "select schema_name || '.' || table_name, comment from duckdb_tables() "
        "where schema_name in ('marts', 'audit')",
    )
    assert [t for t, comment in tables if not _bilingual(comment)] == []


def test_the_comments_are_the_dictionary_text_and_the_dictionary_names_no_missing_column(
    published,
):
    for table, doc in dictionary().items():
        schema, name = table.split(".")
        actual = dict(
            fetch(
                published,
                "select column_name, comment from duckdb_columns() "
                "where schema_name = ? and table_name = ?",
                [schema, name],
            )
        )
        assert actual, f"{table} is in the dictionary but not in the warehouse"
        # no stale entry: every column the dictionary lists is in the table
        assert [c.name for c in doc.columns if c.name not in actual] == [], table
        for column in doc.columns:  # quotes and CJK survive COMMENT ON as written
            assert actual[column.name] == f"{column.meaning.zh} | {column.meaning.en}"
    shared = data_dictionary.glossary()["value_cny"].meaning
    destination = dictionary()["marts.exports_by_destination"].column("value_cny").meaning
    assert destination is shared  # one text, referenced


def test_a_mart_column_without_a_comment_is_found_by_the_check(published, tmp_path):
    assert fetch(published, missing_comments_query(None)) == []
    broken = tmp_path / "broken.duckdb"
    shutil.copyfile(published, broken)
    with duckdb.connect(broken.as_posix()) as con:
        con.execute("alter table marts.exports_by_province add column extra integer")
        con.execute("comment on column marts.national_monthly.period is 'English only'")
        apply_comments(con, "marts.exports_by_province")  # the dictionary lacks "extra"
    found = {(t, c) for t, c, _ in fetch(broken, missing_comments_query(None))}
    assert found == {("exports_by_province", "extra"), ("national_monthly", "period")}


def test_a_build_whose_mart_column_has_no_comment_is_not_published(tmp_path, monkeypatch):
    """The dictionary loses one column's entry: the blocking check stops publication."""
    full = dictionary()
    doc = full["marts.exports_by_powertrain"]
    trimmed = {
        **full,
        doc.table: data_dictionary.TableDoc(
            doc.table,
            doc.path,
            doc.description,
            tuple(c for c in doc.columns if c.name != "powertrain"),
        ),
    }
    monkeypatch.setattr(data_dictionary, "dictionary", lambda: trimmed)
    _, report = _build(tmp_path)
    assert not report.published
    failed = [c for c in report.checks if not c.passed]
    assert [c.name for c in failed if c.blocking] == [
        "marts/fct_customs_trade:marts_columns_without_comment"
    ]


def test_docs_data_dictionary_is_generated_from_the_dictionary():
    committed = (REPO / "docs/data_dictionary.md").read_text(encoding="utf-8")
    assert committed == markdown(), "run python -m pipelines.lib.data_dictionary"
    assert "docs/data_dictionary.md" in (REPO / "README.md").read_text(encoding="utf-8")


def _dictionary_in(tmp_path: Path, monkeypatch, table_yaml: str) -> None:
    (tmp_path / "marts").mkdir()
    shutil.copyfile(REPO / "warehouse/columns.yml", tmp_path / "columns.yml")
    (tmp_path / "marts/t.yml").write_text(table_yaml, encoding="utf-8")
    monkeypatch.setattr(data_dictionary, "WAREHOUSE_DIR", tmp_path)
    data_dictionary.glossary.cache_clear()
    monkeypatch.setattr(data_dictionary, "glossary", data_dictionary.glossary.__wrapped__)


@pytest.mark.parametrize(
    ("table_yaml", "reason"),
    [
        # no SQL header beside it: the English description must be given
        ("description: {zh: 表}\ncolumns: {period: }\n", "expected zh and en"),
        ("description: {zh: 表, en: t}\ncolumns: {nameless: }\n", "no glossary entry"),
        (
            "description: {zh: 表, en: t}\ncolumns:\n  period:\n    label: {zh: 月份, en: Month}\n"
            "    zh: 月份，以该月第一天的日期表示\n    en: month, as the date of its first day\n",
            "copies warehouse/columns.yml",
        ),
        (
            "description: {zh: 表, en: t}\ncolumns:\n  x:\n    label: {zh: 甲, en: X}\n"
            "    zh: only English\n    en: only English\n",
            "has no Chinese",
        ),
        (
            "description: {zh: 表, en: t}\ncolumns:\n  x:\n    label: {zh: 甲, en: X}\n"
            "    zh: 甲 | 乙\n    en: x\n",
            "separates the languages",
        ),
    ],
)
def test_a_dictionary_file_that_cannot_be_used_is_refused_naming_it(
    tmp_path, monkeypatch, table_yaml, reason
):
    _dictionary_in(tmp_path, monkeypatch, table_yaml)
    with pytest.raises(DictionaryError, match=reason) as error:
        read_table_doc("marts/t.yml")
    assert "warehouse/marts/t.yml" in str(error.value)


def test_dim_hs_code_names_every_vehicle_code_of_the_sample(published):
    vehicle_codes = {
        code
        for (code,) in fetch(
            published,
            "select distinct hs_code from marts.fct_customs_trade where vehicle_class is not null",
        )
    }
    assert len(vehicle_codes) >= 8
    dim = {
        (code, year): (zh, en, cls)
        for code, year, zh, en, cls in fetch(
            published,
            "select hs_code, tariff_year, name_zh, name_en, vehicle_class from marts.dim_hs_code",
        )
    }
    # the names as the downloads wrote them, per language of the download's header
    written = fetch(
        published,
        "select distinct ltrim(r.hs_code, ''''), f.header_language, trim(r.commodity_name) "
        "from raw.customs_rows as r join raw.customs_files as f using (sha256)",
    )
    names = {}
    for code, language, name in written:
        names.setdefault((code, language), set()).add(name)
    for code in vehicle_codes:
        zh, en, vehicle_class = dim[(code, 2025)]
        assert CJK.search(zh), code
        assert zh in names[(code, "zh")], code
        assert en is None or en in names[(code, "en")], code
        assert vehicle_class is not None
    # a parts code is named too, with no vehicle class; English names where English downloads
    zh, _, vehicle_class = dim[("87089990", 2025)]
    assert zh and vehicle_class is None
    assert {code for (code, language) in names if language == "en"} == {
        code for (code, _), (_, en, _) in dim.items() if en
    }
    # joinable from the fact table on code and year: every fact row finds its name
    orphans = fetch(
        published,
        "select count(*) from marts.fct_customs_trade as f left join marts.dim_hs_code as d "
        "on f.hs_code = d.hs_code and year(f.period) = d.tariff_year where d.hs_code is null",
    )
    assert orphans == [(0,)]


@pytest.mark.parametrize("code", ["zh", "en"])
def test_the_report_appendix_lists_every_mart_column_in_the_reports_language(published, code):
    from pipelines.report.labels import load_language
    from pipelines.report.sections.columns import SECTION
    from pipelines.report.warehouse import open_warehouse

    with open_warehouse(published) as warehouse:
        content = SECTION.build(warehouse, load_language(warehouse, code))
    assert len(content.tables) == len(published_marts())
    listed = {
        (table.caption.split(" — ")[0], row[0]): row[2]
        for table in content.tables
        for row in table.rows
    }
    expected = fetch(
        published,
        "select 'marts.' || table_name, column_name, comment from duckdb_columns() "
        "where schema_name = 'marts'",
    )
    assert set(listed) == {(t, c) for t, c, _ in expected}
    for table, column, comment in expected:
        zh, en = comment.split(" | ", 1)
        assert listed[(table, column)] == (zh if code == "zh" else en)
