"""`autoexport export`: every mart to Parquet or CSV files, with a manifest to verify them.

The fact table is split by year (Hive-style folders, year=YYYY) so a consumer can take one year
at a time. Files are written through DuckDB's relation API: no SQL is built from the paths.
"""

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb

FORMATS = ("parquet", "csv")
_PARTITIONED_BY_YEAR = {"fct_customs_trade"}


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


def export_marts(warehouse: Path, out: Path, file_format: str) -> list[ExportedTable]:
    """Write every marts.* table of ``warehouse`` under ``out``; write out/manifest.json."""
    if file_format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(warehouse.as_posix(), read_only=True)
    try:
        names = [
            name
            for (name,) in con.execute(
                "select table_name from information_schema.tables "
                "where table_schema = 'marts' order by table_name"
            ).fetchall()
        ]
        exported = [_export_table(con, name, out, file_format) for name in names]
    finally:
        con.close()
    manifest = {
        "warehouse": str(warehouse),
        "format": file_format,
        "exported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "tables": [asdict(table) for table in exported],
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return exported


def _export_table(con, name: str, out: Path, file_format: str) -> ExportedTable:
    # the name comes from the warehouse's own catalog (schema marts), not from input
    relation = con.table(f"marts.{name}")
    [(rows,)] = con.execute(f"select count(*) from marts.{name}").fetchall()
    if name in _PARTITIONED_BY_YEAR:
        target = out / name
        relation = con.sql(f"select *, year(period) as year from marts.{name}")
        _write(relation, target, file_format, partition_by=["year"])
        paths = sorted(p for p in target.rglob("*") if p.is_file())
    else:
        target = out / f"{name}.{file_format}"
        _write(relation, target, file_format)
        paths = [target]
    files = [
        {"path": p.relative_to(out).as_posix(), "bytes": p.stat().st_size, "sha256": _sha256(p)}
        for p in paths
    ]
    return ExportedTable(table=f"marts.{name}", rows=rows, files=files)


def _write(relation, target: Path, file_format: str, **options) -> None:
    if file_format == "parquet":
        relation.write_parquet(target.as_posix(), **options)
    else:
        relation.write_csv(target.as_posix(), header=True, **options)
