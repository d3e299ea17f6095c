"""`autoexport export --format csv|parquet`: a whole folder or none, and CSV safe for people."""

import csv
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipelines.lib import export_files

AUTOEXPORT = str(Path(sys.executable).with_name("autoexport"))
FORMULAS = ['=HYPERLINK("http://example.com","click")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def _warehouse(path: Path, years: list[int]) -> Path:
    """A tiny warehouse: a text mart with formula-looking cells, and a fact table by year."""
    con = duckdb.connect(path.as_posix())
    con.execute("create schema marts")
    con.execute("create table marts.policy_documents (title varchar, amount integer, note varchar)")
    con.executemany(
        "insert into marts.policy_documents values (?, ?, ?)",
        [
            *[[cell, -5, "ok"] for cell in FORMULAS],
            ["关于促进汽车出口的意见", -5, "汽车（包括底盘）"],
        ],
    )
    con.execute("create table marts.fct_customs_trade (period date, vehicles bigint)")
    for year in years:
        con.execute("insert into marts.fct_customs_trade values (make_date(?, 1, 1), 7)", [year])
    con.close()
    return path


def _export(warehouse: Path, out: Path, file_format: str, *extra: str):
    return subprocess.run(
        [AUTOEXPORT, "export", "--format", file_format, "--out", str(out), *extra],
        env={**os.environ, "AUTOEXPORT_WAREHOUSE": str(warehouse)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _assert_manifest_describes_folder(out: Path) -> dict:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    listed = {f["path"]: f for table in manifest["tables"] for f in table["files"]}
    present = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert present == set(listed) | {"manifest.json"}
    for path, entry in listed.items():
        data = (out / path).read_bytes()
        assert len(data) == entry["bytes"] and hashlib.sha256(data).hexdigest() == entry["sha256"]
    return manifest


@pytest.mark.parametrize("file_format", ["csv", "parquet"])
def test_a_second_export_into_the_same_folder_leaves_a_consistent_folder(tmp_path, file_format):
    out = tmp_path / "export"
    first = _export(_warehouse(tmp_path / "a.duckdb", [2023, 2024, 2025]), out, file_format)
    assert first.returncode == 0, first.stderr
    years = {
        f["path"].split("/")[1]
        for t in _assert_manifest_describes_folder(out)["tables"]
        for f in t["files"]
        if t["table"] == "marts.fct_customs_trade"
    }
    assert years == {"year=2023", "year=2024", "year=2025"}
    # the second export has no 2023 or 2024: their files must not linger beside the manifest
    second = _export(_warehouse(tmp_path / "b.duckdb", [2025]), out, file_format)
    assert second.returncode == 0, second.stderr
    manifest = _assert_manifest_describes_folder(out)
    fact = next(t for t in manifest["tables"] if t["table"] == "marts.fct_customs_trade")
    assert [f["path"].split("/")[1] for f in fact["files"]] == ["year=2025"]
    assert fact["rows"] == 1
    # no temporary folder left beside it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.duckdb", "b.duckdb", "export"]


def test_a_folder_holding_other_files_is_refused_and_left_alone(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    result = _export(_warehouse(tmp_path / "w.duckdb", [2025]), out, "csv")
    assert result.returncode == 2
    assert "no manifest.json of a previous export" in result.stderr
    assert [p.name for p in out.iterdir()] == ["notes.txt"]
    # an export folder with a stranger added is refused too
    export = tmp_path / "export"
    assert _export(tmp_path / "w.duckdb", export, "csv").returncode == 0
    (export / "notes.txt").write_text("keep me", encoding="utf-8")
    again = _export(tmp_path / "w.duckdb", export, "csv")
    assert again.returncode == 2 and "notes.txt" in again.stderr
    assert (export / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_a_failed_export_leaves_the_previous_one_whole(tmp_path, monkeypatch):
    warehouse = _warehouse(tmp_path / "w.duckdb", [2025])
    out = tmp_path / "export"
    export_files.export_marts(warehouse, out, "csv")
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    real = export_files._export_table

    def fail_on_the_second_table(con, name, *args):
        if name == "policy_documents":
            raise OSError("disk full")
        return real(con, name, *args)

    monkeypatch.setattr(export_files, "_export_table", fail_on_the_second_table)
    with pytest.raises(OSError, match="disk full"):
        export_files.export_marts(warehouse, out, "csv")
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export", "w.duckdb"]


def test_csv_cells_that_would_run_as_formulas_are_text_and_numbers_stay_numbers(tmp_path):
    out = tmp_path / "export"
    result = _export(_warehouse(tmp_path / "w.duckdb", [2025]), out, "csv")
    assert result.returncode == 0, result.stderr
    raw = (out / "policy_documents.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel and WPS read the Chinese right
    with (out / "policy_documents.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    titles = [row["title"] for row in rows]
    # every formula-looking cell reads back as text: the value behind a leading quote
    assert titles[: len(FORMULAS)] == ["'" + cell for cell in FORMULAS]
    assert titles[-1] == "关于促进汽车出口的意见" and rows[-1]["note"] == "汽车（包括底盘）"
    assert {row["amount"] for row in rows} == {"-5"}  # a number column is left as it is
    # a spreadsheet would start a formula only on these characters: none starts a cell now
    for row in rows:
        assert not row["title"].startswith(tuple("=+-@\t\r"))
    # the fact table's yearly files carry the BOM too, and the manifest's hashes are of them
    manifest = _assert_manifest_describes_folder(out)
    for table in manifest["tables"]:
        for entry in table["files"]:
            assert (out / entry["path"]).read_bytes().startswith(b"\xef\xbb\xbf")


def test_csv_without_bom_and_parquet_keep_values_as_stored(tmp_path):
    warehouse = _warehouse(tmp_path / "w.duckdb", [2025])
    plain = tmp_path / "plain"
    assert _export(warehouse, plain, "csv", "--no-bom").returncode == 0
    assert (plain / "policy_documents.csv").read_bytes().startswith(b"title,")
    parquet = tmp_path / "parquet"
    assert _export(warehouse, parquet, "parquet").returncode == 0
    titles = [
        title
        for (title,) in duckdb.sql(
            "select title from read_parquet(?)",
            params=[(parquet / "policy_documents.parquet").as_posix()],
        ).fetchall()
    ]
    assert titles[: len(FORMULAS)] == FORMULAS
