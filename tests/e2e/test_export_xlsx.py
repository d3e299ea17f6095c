"""`autoexport export --format xlsx`: every workbook read back with another reader (calamine)
equals its mart cell for cell, with the header in Chinese or English; edge cases on a tiny
hand-made warehouse (formula-looking text, numbers a float cannot hold, the split by sheet);
LibreOffice opens a workbook headless.

The expected cell of each value is computed here from the mart and the documented rule
(pipelines/lib/export_xlsx.py), not copied from the exporter's output.
"""

import datetime as dt
import decimal
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import pytest
from python_calamine import CalamineWorkbook

from pipelines.lib import export_files
from pipelines.lib.data_dictionary import dictionary

AUTOEXPORT = str(Path(sys.executable).with_name("autoexport"))
FORMULAS = ['=HYPERLINK("http://example.com","click")', "+1+1", "-2+3", "@SUM(A1)", "=1+1"]
_CJK = re.compile(r"[\u3400-\u9fff]")


def _run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([AUTOEXPORT, *args], env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def built(tmp_path_factory, cli_sample) -> dict:
    """The bundled sample built once (a copy of the run's one CLI build, tests/conftest.py's
    ``cli_sample``), exported as xlsx: Chinese headers (default) and English."""
    root = tmp_path_factory.mktemp("xlsx")
    cli_sample.copy(root)
    env = {
        **os.environ,
        "AUTOEXPORT_LANDING": str(root / "landing"),
        "AUTOEXPORT_WAREHOUSE": str(root / "warehouse.duckdb"),
        "DAGSTER_HOME": str(root / "dagster"),
    }
    for folder, extra in (("zh", []), ("en", ["--lang", "en"])):
        result = _run(["export", "--format", "xlsx", "--out", str(root / folder), *extra], env)
        assert result.returncode == 0, result.stderr
    return {"root": root, "env": env, "warehouse": root / "warehouse.duckdb"}


def _expected(value: object, kind: str) -> object:
    """What calamine should read back for one mart value of DuckDB type ``kind``."""
    if value is None:
        return ""
    if isinstance(value, list):
        if any(isinstance(v, (dict, list)) for v in value):
            return json.loads(json.dumps(value, default=str))  # compared parsed, below
        return "; ".join("" if v is None else str(v) for v in value)
    if isinstance(value, bool | str | dt.date):  # datetime is a date too
        return value
    if isinstance(value, int):
        return float(value) if abs(value) < 2**53 else str(value)
    if isinstance(value, decimal.Decimal):
        return float(value) if decimal.Decimal(repr(float(value))) == value else str(value)
    if isinstance(value, float):
        return value
    raise AssertionError(f"no rule for {kind} value {value!r}")


def _read(path: Path) -> list[tuple[str, list[list]]]:
    book = CalamineWorkbook.from_path(str(path))
    return [
        (name, book.get_sheet_by_name(name).to_python(skip_empty_area=False))
        for name in book.sheet_names
    ]


def _assert_rows_equal(table: str, kinds: list[str], expected: list[tuple], read: list[list]):
    assert len(read) == len(expected), table
    for number, (mart_row, cells) in enumerate(zip(expected, read, strict=True), start=1):
        assert len(cells) == len(kinds), (table, number)
        for value, kind, cell in zip(mart_row, kinds, cells, strict=True):
            want = _expected(value, kind)
            if isinstance(want, list):  # nested: JSON text of the same structure
                assert json.loads(cell) == want, (table, number, kind)
            else:
                assert cell == want and type(cell) is type(want), (table, number, kind, value)


def _manifest(out: Path) -> dict:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    listed = {f["path"]: f for table in manifest["tables"] for f in table["files"]}
    present = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert present == set(listed) | {"manifest.json"}
    for path, entry in listed.items():
        data = (out / path).read_bytes()
        assert len(data) == entry["bytes"] and hashlib.sha256(data).hexdigest() == entry["sha256"]
    return manifest


def test_every_workbook_reads_back_cell_for_cell_equal_to_its_mart(built):
    out = built["root"] / "zh"
    manifest = _manifest(out)
    assert manifest["format"] == "xlsx" and manifest["xlsx_lang"] == "zh"
    con = duckdb.connect(built["warehouse"].as_posix(), read_only=True)
    seen_kinds: set[type] = set()
    try:
        marts = [
            n
            for (n,) in con.execute(
                "select table_name from duckdb_tables() where schema_name = 'marts' order by 1"
            ).fetchall()
        ]
        assert sorted(t["table"] for t in manifest["tables"]) == [f"marts.{n}" for n in marts]
        for table in manifest["tables"]:
            name = table["table"].removeprefix("marts.")
            relation = con.table(table["table"])
            kinds = [str(k) for k in relation.types]
            read_rows = 0
            for entry in table["files"]:
                if name == "fct_customs_trade":
                    year = int(
                        re.fullmatch(
                            r"fct_customs_trade/fct_customs_trade_(\d{4})\.xlsx", entry["path"]
                        ).group(1)
                    )
                    rows = con.execute(
                        f"select * from marts.{name} where year(period) = ?", [year]
                    ).fetchall()
                else:
                    assert entry["path"] == f"{name}.xlsx"
                    rows = con.execute(f"select * from marts.{name}").fetchall()
                sheets = _read(out / entry["path"])
                assert [s for s, _ in sheets] == [s["name"] for s in entry["sheets"]]
                cells = []
                for (_, sheet), listed in zip(sheets, entry["sheets"], strict=True):
                    assert len(sheet) - 1 == listed["rows"]
                    cells += sheet[1:]
                _assert_rows_equal(name, kinds, rows, cells)
                read_rows += len(rows)
                seen_kinds |= {type(v) for row in rows for v in row}
                seen_kinds |= {None} if any(v is None for r in rows for v in r) else set()
            [(count,)] = con.execute(f"select count(*) from marts.{name}").fetchall()
            assert read_rows == table["rows"] == count
    finally:
        con.close()
    # the sample exercises every kind of cell the rule covers, so the comparison above means it
    assert {str, int, float, bool, dt.date, dt.datetime, decimal.Decimal, list, None} <= (
        seen_kinds
    )


def test_headers_carry_the_dictionary_labels_in_the_chosen_language(built):
    con = duckdb.connect(built["warehouse"].as_posix(), read_only=True)
    try:
        columns = {
            f"marts.{t}": [c for c, _ in cols]
            for t, cols in con.execute(
                "select table_name, list((column_name, column_index) order by column_index) "
                "from duckdb_columns() where schema_name = 'marts' group by 1"
            ).fetchall()
        }
    finally:
        con.close()
    for lang in ("zh", "en"):
        for table, names in columns.items():
            name = table.removeprefix("marts.")
            path = (
                built["root"]
                / lang
                / (
                    "fct_customs_trade/fct_customs_trade_2025.xlsx"
                    if name == "fct_customs_trade"
                    else f"{name}.xlsx"
                )
            )
            header = _read(path)[0][1][0]
            labels = [getattr(dictionary()[table].column(c).label, lang) for c in names]
            assert header == labels, (lang, table)
    zh = _read(built["root"] / "zh" / "annual_exports.xlsx")[0][1][0]
    en = _read(built["root"] / "en" / "annual_exports.xlsx")[0][1][0]
    assert all(_CJK.search(label) for label in zh)
    assert not any(_CJK.search(label) for label in en)


def test_the_header_row_is_frozen_filtered_sized_and_numbers_formatted(built):
    path = built["root"] / "zh" / "national_monthly.xlsx"
    rows = _read(path)[0][1]
    with zipfile.ZipFile(path) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
        styles = archive.read("xl/styles.xml").decode()
    assert re.search(
        r'<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
        r'state="frozen"/>',
        sheet,
    )
    last = _column_letter(len(rows[0])) + str(len(rows))
    assert f'<autoFilter ref="A1:{last}"/>' in sheet
    widths = [float(w) for w in re.findall(r'<col [^>]*width="([\d.]+)"', sheet)]
    assert widths and all(0 < w <= 51 for w in widths)  # capped at 50 characters
    # thousands separators on counts and money, and 22.8 shown as 22.8% (not 2280%)
    assert 'formatCode="#,##0"' in styles
    assert 'formatCode="#,##0.00"' in styles
    assert 'formatCode="#,##0.0&quot;%&quot;"' in styles


def _column_letter(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _edge_warehouse(path: Path) -> Path:
    con = duckdb.connect(path.as_posix())
    con.execute("create schema marts")
    con.execute(
        "create table marts.odd_cells (title varchar, amount_cny hugeint, "
        "value_cny decimal(38,2), seen timestamptz, files varchar[])"
    )
    con.executemany(
        "insert into marts.odd_cells values (?, ?, ?, ?, ?)",
        [
            [
                FORMULAS[0],
                2**53 + 1,
                decimal.Decimal("123456789012345678.91"),
                "2025-04-01 10:30:15+08",
                ["=a", None, "b"],
            ],
            [FORMULAS[1], 2**53 - 1, decimal.Decimal("1234.56"), None, []],
            *[[cell, -5, decimal.Decimal("-0.10"), None, None] for cell in FORMULAS[2:]],
        ],
    )
    con.execute("create table marts.fct_customs_trade (period date, vehicles bigint)")
    con.execute(
        "insert into marts.fct_customs_trade select make_date(y, 1, 1), y * 10 + i "
        "from range(2024, 2026) t(y), range(5) s(i)"
    )
    con.close()
    return path


def test_formula_text_stays_text_and_big_numbers_stay_exact(tmp_path):
    warehouse = _edge_warehouse(tmp_path / "w.duckdb")
    out = tmp_path / "out"
    export_files.export_marts(warehouse, out, "xlsx")
    [(_, rows)] = _read(out / "odd_cells.xlsx")
    # a table the dictionary does not know: its column names are the labels
    assert rows[0] == ["title", "amount_cny", "value_cny", "seen", "files"]
    assert [row[0] for row in rows[1:]] == FORMULAS
    with zipfile.ZipFile(out / "odd_cells.xlsx") as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()
    # beyond 2**53 (or 15 digits) a float would round the yuan: text, digits as stored
    assert rows[1][1] == str(2**53 + 1) and rows[2][1] == float(2**53 - 1)
    assert rows[1][2] == "123456789012345678.91" and rows[2][2] == 1234.56
    assert rows[3][2] == -0.1
    assert rows[1][3] == dt.datetime(2025, 4, 1, 2, 30, 15)  # time zones converted to UTC
    assert rows[1][4] == "=a; ; b" and rows[2][4] == "" and rows[3][4] == ""


def test_a_year_past_the_sheet_limit_goes_on_to_further_sheets(tmp_path):
    warehouse = _edge_warehouse(tmp_path / "w.duckdb")
    out = tmp_path / "out"
    # 3 rows a sheet, header included: each year's 5 rows take sheets of 2, 2 and 1
    tables = export_files.export_marts(
        warehouse, out, "xlsx", xlsx=export_files.XlsxOptions(lang="en", max_sheet_rows=3)
    )
    fact = next(t for t in tables if t.table == "marts.fct_customs_trade")
    assert [f["path"] for f in fact.files] == [
        "fct_customs_trade/fct_customs_trade_2024.xlsx",
        "fct_customs_trade/fct_customs_trade_2025.xlsx",
    ]
    for entry, year in zip(fact.files, (2024, 2025), strict=True):
        sheets = _read(out / entry["path"])
        assert [len(rows) - 1 for _, rows in sheets] == [2, 2, 1]
        assert [s["rows"] for s in entry["sheets"]] == [2, 2, 1]
        doc = dictionary()["marts.fct_customs_trade"]
        # period has a dictionary label; vehicles is no column of the real fact table: its name
        assert doc.column("vehicles") is None
        header = [doc.column("period").label.en, "vehicles"]
        assert all(rows[0] == header for _, rows in sheets)
        values = [row for _, rows in sheets for row in rows[1:]]
        assert values == [[dt.date(year, 1, 1), float(year * 10 + i)] for i in range(5)]
    _manifest(out)


def test_export_lang_goes_with_xlsx_only(built, tmp_path):
    result = _run(
        ["export", "--format", "csv", "--out", str(tmp_path / "x"), "--lang", "en"], built["env"]
    )
    assert result.returncode == 2 and "--lang goes with --format xlsx" in result.stderr


def test_libreoffice_opens_a_workbook_headless(built, tmp_path):
    soffice = shutil.which("soffice")
    assert soffice, (
        "LibreOffice is needed: make test-tools (apt-get install libreoffice-calc-nogui)"
    )
    workbook = built["root"] / "zh" / "fct_customs_trade" / "fct_customs_trade_2025.xlsx"
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",  # comma, double quote, UTF-8
            "--outdir",
            str(tmp_path),
            str(workbook),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    converted = (tmp_path / "fct_customs_trade_2025.csv").read_text(encoding="utf-8")
    lines = converted.splitlines()
    header = _read(workbook)[0][1][0]
    assert lines[0] == ",".join(header)
    [(rows,)] = (
        duckdb.connect(built["warehouse"].as_posix(), read_only=True)
        .execute("select count(*) from marts.fct_customs_trade where year(period) = 2025")
        .fetchall()
    )
    assert len(lines) == rows + 1
