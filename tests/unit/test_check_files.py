"""The SQL checks are the files of warehouse/checks/, each declared by its own header."""

import pytest

import pipelines.lib.check_files as check_files_module
from pipelines.lib.check_files import check_files, read_check_file
from pipelines.lib.sql_files import header, published_marts, table_files


def test_every_check_file_is_a_check_on_a_table_of_the_warehouse():
    tables = {f.table for f in table_files()} | {"raw.customs_rows"}
    files = check_files()
    paths = sorted(p.name for p in (check_files_module.WAREHOUSE_DIR / "checks").glob("*.sql"))
    assert [f.path.removeprefix("checks/") for f in files] == paths
    for check in files:
        assert check.table in tables, check.path
        assert check.description and "\n" not in check.description
        assert check.table not in check.reads
    # a name is shared only across tables: one check per (table, name)
    keys = [(c.table, c.name) for c in files]
    assert len(keys) == len(set(keys))


def test_a_header_value_goes_on_over_indented_lines_and_prose_stays_apart():
    sql = (
        "-- checks: marts.x\n"
        "-- description: first part\n"
        "--     and the rest\n"
        "-- Prose about the check.\n"
        "--     an indented prose line after prose\n"
        "select 1\n"
    )
    prose, keys = header(sql, ("checks", "description"))
    assert keys == {"checks": "marts.x", "description": "first part and the rest"}
    assert prose == "Prose about the check.\nan indented prose line after prose"


def _write(tmp_path, monkeypatch, text: str) -> str:
    (tmp_path / "checks").mkdir()
    (tmp_path / "checks" / "c.sql").write_text(text, encoding="utf-8")
    monkeypatch.setattr(check_files_module, "WAREHOUSE_DIR", tmp_path)
    return "checks/c.sql"


def test_a_check_reads_its_name_blocking_and_dependencies_from_its_file(tmp_path, monkeypatch):
    path = _write(
        tmp_path,
        monkeypatch,
        "-- checks: marts.a\n-- name: shared\n-- blocking: yes\n-- description: d\n"
        "select * from marts.a join staging.b using (k)\n",
    )
    check = read_check_file(path)
    assert (check.name, check.table, check.blocking, check.reads) == (
        "shared",
        "marts.a",
        True,
        ("staging.b",),
    )


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("-- description: d\nselect 1\n", "no '-- checks:' line"),
        ("-- checks: marts.a\nselect 1\n", "no '-- description:' line"),
        ("-- checks: marts.a\n-- description: d\n-- blocking: maybe\nselect 1\n", "yes or no"),
    ],
)
def test_a_header_missing_a_line_is_refused_naming_the_file(tmp_path, monkeypatch, text, reason):
    path = _write(tmp_path, monkeypatch, text)
    with pytest.raises(ValueError, match=reason) as raised:
        read_check_file(path)
    assert "warehouse/checks/c.sql" in str(raised.value)


def test_published_marts_with_their_own_source_rule_name_an_existing_check():
    names = {c.path for c in check_files()}
    for f in table_files():
        if f.sources_checked_by:
            assert f.sources_checked_by in names, f.path
    assert published_marts()
