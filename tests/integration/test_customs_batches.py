"""Downloads loaded a batch at a time land exactly as files loaded one by one.

A batch reads its files with one read_csv call and writes them in one transaction; a file
the joint read cannot take is read alone, and a file refused after the read drops out of the
batch while the others load. The oracle is a load with batches of one file each.
"""

import datetime as dt
import os

import duckdb
import pytest

from pipelines.lib.sources.customs import batch as customs_batch
from pipelines.lib.sources.customs import read as customs_read
from pipelines.lib.sources.customs.loader import load_customs_landing
from pipelines.lib.warehouse_sql import ensure_schema
from tests.gacc_files import ZH_FULL, write_download

HEADER = [*ZH_FULL, "人民币"]
GOOD = ["87038000", "纯电动乘用车（≤5座）", "344", "俄罗斯联邦", "10", "一般贸易", "31", "上海市"]
ROW = [*GOOD, "1,234", "辆", "?", "千克", "70,000"]
SHORT = [*GOOD, "1", "辆", "?", "千克"]  # a field short: refused by the CSV reader
TABLES = {
    "raw.customs_rows": "sha256, row_number",
    "raw.customs_files": "source_file",
    "audit.loads": "source_file",
    "audit.quarantine": "source_file, row_number",
}


def _landing(root):
    """Six downloads in landing order, each with its quirk."""
    exports = root / "customs" / "exports"
    files = [
        ("exports_202501_full_cny.csv", [ROW, [*GOOD[:6], "34", "安徽省", *ROW[8:]]] * 3),
        ("exports_202502_full_cny.csv", [ROW, SHORT, ROW]),  # the reader refuses row 2
        # 堃 (0x88 0xD2): DuckDB's latin-1 refuses it, so the joint read fails over to one by one
        ("exports_202503_full_cny.csv", [[ROW[0], "堃" + ROW[1], *ROW[2:]], ROW]),
        # bad bytes in its last row, beyond the sample its encoding is detected on
        ("exports_202504_full_cny.csv", [ROW] * 1000),
        ("exports_202505_full_cny.csv", [ROW, ROW]),
        ("exports_202505_full_cny (1).csv", [ROW, ROW]),  # a copy of 202505, re-downloaded
    ]
    for index, (name, rows) in enumerate(files):
        path = write_download(exports / name, HEADER, rows)
        if name == "exports_202504_full_cny.csv":
            # 0xFE 0x20: a lead byte followed by a byte no GB18030 character has
            data, city = path.read_bytes(), "上海市".encode("gb18030")
            at = data.rindex(city)
            path.write_bytes(data[:at] + b"\xfe\x20" + data[at + len(city) :])
        os.utime(path, (1_700_000_000 + index, 1_700_000_000 + index))
    return root


def _load(tmp_path, name, monkeypatch, batch_bytes):
    monkeypatch.setattr(customs_batch, "BATCH_BYTES", batch_bytes)
    con = duckdb.connect((tmp_path / f"{name}.duckdb").as_posix())
    ensure_schema(con)
    outcomes = load_customs_landing(con, tmp_path / "landing", dt.datetime(2026, 1, 1), tmp_path)
    return con, outcomes


def _table(con, table):
    columns = "* exclude (loaded_at)" if table != "raw.customs_rows" else "*"
    return con.execute(f"select {columns} from {table} order by {TABLES[table]}").fetchall()


@pytest.fixture
def loads(tmp_path, monkeypatch):
    _landing(tmp_path / "landing")
    reads = []
    read_files = customs_read.read_files
    monkeypatch.setattr(
        customs_batch,
        "read_files",
        lambda con, tables, paths, *rest: (
            reads.append(len(paths)) or read_files(con, tables, paths, *rest)
        ),
    )
    one_batch = _load(tmp_path, "one_batch", monkeypatch, 2**40)
    batch_reads = list(reads)
    one_by_one = _load(tmp_path, "one_by_one", monkeypatch, 1)
    return one_batch, one_by_one, batch_reads


def test_one_batch_reads_the_files_together_and_loads_what_one_by_one_loads(loads):
    (batch_con, batch_outcomes), (single_con, single_outcomes), batch_reads = loads
    assert batch_reads == [5]  # the copy is screened out before any read
    assert batch_outcomes == single_outcomes
    for table in TABLES:
        assert _table(batch_con, table) == _table(single_con, table), table


def test_each_file_keeps_its_own_outcome_rows_and_refusals(loads):
    (con, outcomes), _, _ = loads
    by_file = {o.source_file.rsplit("/", 1)[-1]: o for o in outcomes}
    assert {name: (o.status, o.rows_in, o.rows_loaded) for name, o in by_file.items()} == {
        "exports_202501_full_cny.csv": ("loaded", 6, 6),
        "exports_202502_full_cny.csv": ("loaded_with_quarantine", 3, 2),
        "exports_202503_full_cny.csv": ("loaded", 2, 2),
        "exports_202504_full_cny.csv": ("quarantined", 0, 0),
        "exports_202505_full_cny.csv": ("loaded", 2, 2),
        "exports_202505_full_cny (1).csv": ("duplicate", 0, 0),
    }
    assert by_file["exports_202504_full_cny.csv"].warning == (
        "invalid gb18030 bytes in data row 1000 (province_name)"
    )
    assert by_file["exports_202505_full_cny (1).csv"].warning == (
        "same content as customs/exports/exports_202505_full_cny.csv: loaded once"
    )
    rows = con.execute(
        "select files.source_file, rows_.row_number, rows_.commodity_name, rows_.province_name "
        "from raw.customs_rows as rows_ join raw.customs_files as files using (sha256) "
        "order by files.load_seq, rows_.row_number"
    ).fetchall()
    numbered = [(source.rsplit("/", 1)[-1], row) for source, row, _, _ in rows]
    assert numbered == [
        *[("exports_202501_full_cny.csv", n) for n in range(1, 7)],
        ("exports_202502_full_cny.csv", 1),
        ("exports_202502_full_cny.csv", 3),  # row 2 refused, its slot kept
        ("exports_202503_full_cny.csv", 1),
        ("exports_202503_full_cny.csv", 2),
        ("exports_202505_full_cny.csv", 1),
        ("exports_202505_full_cny.csv", 2),
    ]
    assert {(name, province) for _, _, name, province in rows} == {
        (GOOD[1], "上海市"),
        (GOOD[1], "安徽省"),
        ("堃" + GOOD[1], "上海市"),
    }
    assert con.execute(
        "select source_file, row_number from audit.quarantine order by source_file"
    ).fetchall() == [
        ("customs/exports/exports_202502_full_cny.csv", 2),
        ("customs/exports/exports_202504_full_cny.csv", None),
    ]
    seqs = con.execute("select source_file, load_seq from raw.customs_files order by 2").fetchall()
    assert [seq for _, seq in seqs] == [1, 2, 3, 4]
