"""`autoexport export`: every mart to Parquet, CSV or Excel files, with a manifest to verify them.

The fact table is split by year (Hive-style folders, year=YYYY) so a consumer can take one year
at a time. Files are written through DuckDB's relation API: no SQL is built from the paths.

Never a half-written folder: everything is written into a new folder beside the target
(``.<name>.export-*``), manifest last, and then swapped in by rename. The target may be new,
empty, or a previous export (a ``manifest.json`` listing every file in it), which the swap
replaces; a folder holding anything else is refused, so an export never deletes files it did
not write. A failed export removes its own folder and leaves the target as it was.

CSV is for people opening it in a spreadsheet (Excel, WPS):
- UTF-8 with a byte-order mark by default, without which Excel reads UTF-8 as the local code
  page and Chinese names come out garbled (``bom=False`` writes plain UTF-8);
- text cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
  ``@``, tab or carriage return) get a leading ``'``, as OWASP's CSV-injection guidance
  recommends; only text columns, so numbers such as -5 stay numbers. The manifest's rows and
  sha256 describe the files as written.
Parquet keeps every value as stored.

Excel (``xlsx``, pipelines/lib/export_xlsx.py): one workbook per mart, the fact table's years
as ``fct_customs_trade/fct_customs_trade_YYYY.xlsx``, the header row in ``lang``; the manifest
lists each workbook's sheets and their rows besides its bytes and sha256.
"""

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb

from pipelines.lib import export_xlsx

FORMATS = ("parquet", "csv", "xlsx")
MANIFEST = "manifest.json"
UTF8_BOM = b"\xef\xbb\xbf"
# OWASP "CSV Injection": characters that start a formula in Excel, LibreOffice or WPS
FORMULA_START = "^[=+\\-@\t\r]"
_PARTITIONED_BY_YEAR = {"fct_customs_trade"}


class ExportRefused(ValueError):
    """The target folder cannot be replaced safely; the message says why."""


@dataclass(frozen=True)
class ExportedTable:
    table: str
    rows: int
    files: list[dict]  # path (relative to the export folder), bytes, sha256


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(4 * 1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def check_target(out: Path) -> None:
    """Raise ExportRefused unless ``out`` is absent, empty, or exactly a previous export."""
    if not out.exists():
        return
    if not out.is_dir():
        raise ExportRefused(f"{out} is a file, not a folder")
    present = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    if not present:
        return
    manifest = out / MANIFEST
    if not manifest.is_file():
        raise ExportRefused(
            f"{out} is not empty and holds no {MANIFEST} of a previous export: "
            "choose a new or empty folder"
        )
    try:
        listed = {
            f["path"]
            for table in json.loads(manifest.read_text(encoding="utf-8"))["tables"]
            for f in table["files"]
        }
    except (ValueError, KeyError, TypeError) as exc:
        raise ExportRefused(f"{manifest} is not an autoexport manifest ({exc})") from exc
    strangers = sorted(present - listed - {MANIFEST})
    if strangers:
        raise ExportRefused(
            f"{out} holds {len(strangers)} file(s) its {MANIFEST} does not list, e.g. "
            f"{strangers[0]}: an export would delete them; move them or choose another folder"
        )


@dataclass(frozen=True)
class XlsxOptions:
    lang: str = "zh"  # header labels from the data dictionary
    max_sheet_rows: int = export_xlsx.EXCEL_MAX_ROWS  # header included; tests make it tiny


def export_marts(
    warehouse: Path,
    out: Path,
    file_format: str,
    bom: bool = True,
    xlsx: XlsxOptions | None = None,
) -> list[ExportedTable]:
    """Write every marts.* table of ``warehouse`` to ``out`` with out/manifest.json, atomically."""
    if file_format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    xlsx = xlsx or XlsxOptions()
    if xlsx.lang not in export_xlsx.LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(export_xlsx.LANGUAGES)}")
    out = out.absolute()
    check_target(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.export-", dir=out.parent))
    try:
        exported = _write_all(warehouse, staging, file_format, bom, xlsx)
        _swap_in(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return exported


def _write_all(
    warehouse: Path, folder: Path, file_format: str, bom: bool, xlsx: XlsxOptions
) -> list[ExportedTable]:
    con = duckdb.connect(warehouse.as_posix(), read_only=True)
    try:
        names = [
            name
            for (name,) in con.execute(
                "select table_name from information_schema.tables "
                "where table_schema = 'marts' order by table_name"
            ).fetchall()
        ]
        exported = [_export_table(con, name, folder, file_format, bom, xlsx) for name in names]
    finally:
        con.close()
    manifest = {
        "warehouse": str(warehouse),
        "format": file_format,
        "csv_utf8_bom": bom if file_format == "csv" else None,
        "xlsx_lang": xlsx.lang if file_format == "xlsx" else None,
        "exported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "tables": [asdict(table) for table in exported],
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return exported


def _swap_in(staging: Path, out: Path) -> None:
    """Put the finished folder at ``out``: one rename, or two around a previous export."""
    staging.chmod(0o755)  # mkdtemp makes it private; an export folder is an ordinary folder
    if out.exists() and any(out.iterdir()):
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        os.replace(out, old)  # onto the empty folder mkdtemp made
        os.replace(staging, out)
        shutil.rmtree(old)
    else:
        os.replace(staging, out)  # a rename onto an empty folder replaces it


def _export_table(
    con, name: str, out: Path, file_format: str, bom: bool, xlsx: XlsxOptions | None = None
) -> ExportedTable:
    # the name comes from the warehouse's own catalog (schema marts), not from input
    [(rows,)] = con.execute(f"select count(*) from marts.{name}").fetchall()
    if file_format == "xlsx":
        files = _export_workbooks(con, name, out, xlsx or XlsxOptions())
        return ExportedTable(table=f"marts.{name}", rows=rows, files=files)
    relation = con.table(f"marts.{name}")
    if file_format == "csv":
        relation = _neutralise_formulas(con, relation)
    if name in _PARTITIONED_BY_YEAR:
        target = out / name
        relation = relation.project("*, year(period) as year")
        _write(relation, target, file_format, partition_by=["year"])
        paths = sorted(p for p in target.rglob("*") if p.is_file())
    else:
        target = out / f"{name}.{file_format}"
        _write(relation, target, file_format)
        paths = [target]
    if file_format == "csv" and bom:
        for path in paths:
            _prepend_bom(path)
    files = [
        {"path": p.relative_to(out).as_posix(), "bytes": p.stat().st_size, "sha256": _sha256(p)}
        for p in paths
    ]
    return ExportedTable(table=f"marts.{name}", rows=rows, files=files)


def _export_workbooks(con, name: str, out: Path, xlsx: XlsxOptions) -> list[dict]:
    """One workbook per mart; the fact table one per year (rows in the table's own order)."""
    relation = con.table(f"marts.{name}")
    columns, kinds = relation.columns, [str(kind) for kind in relation.types]
    if name in _PARTITIONED_BY_YEAR:
        years = [
            year
            for (year,) in con.execute(
                f"select distinct year(period) as y from marts.{name} order by y nulls last"
            ).fetchall()
        ]
        parts = [
            (
                Path(name) / f"{name}_{'unknown' if year is None else year}.xlsx",
                f"select * from marts.{name} where year(period) is not distinct from ?",
                [year],
            )
            for year in years
        ]
    else:
        parts = [(Path(f"{name}.xlsx"), f"select * from marts.{name}", [])]
    files = []
    for relative, sql, params in parts:
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        cursor = con.cursor()
        try:
            cursor.execute(sql, params)
            sheets = export_xlsx.write_workbook(
                cursor, path, name, columns, kinds, xlsx.lang, xlsx.max_sheet_rows
            )
        finally:
            cursor.close()
        files.append(
            {
                "path": relative.as_posix(),
                "bytes": path.stat().st_size,
                "sha256": _sha256(path),
                "sheets": sheets,
            }
        )
    return files


def _quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _neutralise_formulas(con, relation):
    """Text columns with a leading ' where a cell would start a formula; other columns as is."""
    expressions = []
    for column, kind in zip(relation.columns, relation.types, strict=True):
        name = _quoted(column)
        if str(kind) == "VARCHAR":
            expressions.append(
                f"case when regexp_matches({name}, '{FORMULA_START}') "
                f"then '''' || {name} else {name} end as {name}"
            )
        else:
            expressions.append(name)
    return relation.project(", ".join(expressions))


def _prepend_bom(path: Path) -> None:
    partial = path.with_name(path.name + ".bom")
    with path.open("rb") as source, partial.open("wb") as target:
        target.write(UTF8_BOM)
        shutil.copyfileobj(source, target, 4 * 1024 * 1024)
    os.replace(partial, path)


def _write(relation, target: Path, file_format: str, **options) -> None:
    if file_format == "parquet":
        relation.write_parquet(target.as_posix(), **options)
    else:
        relation.write_csv(target.as_posix(), header=True, **options)
