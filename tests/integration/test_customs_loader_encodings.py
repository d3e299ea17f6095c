"""The loader's two ways of reading GB18030 give the text Python's own decoder gives.

Most GB18030 downloads are read by DuckDB as latin-1 and only their non-ASCII cells decoded
(the fast path every other test of a GB18030 file also takes); a file with a character outside
GB2312 (a byte 0x80-0x9F, which DuckDB's latin-1 refuses) is decoded whole in Python first.
The oracle here is Python's csv module on the decoded text.
"""

import csv
import datetime as dt
import io

import duckdb

from pipelines.lib.sources.customs import read as customs_read
from pipelines.lib.sources.customs.loader import load_customs_file
from pipelines.lib.warehouse_sql import ensure_schema
from tests.gacc_files import ZH_FULL, ZH_PARTNER, gacc_line, write_download

GOOD = ["'87038000", "纯电动乘用车（≤5座）", "344", "俄罗斯联邦", "10", "一般贸易", "31", "上海市"]
ROWS = [
    [*GOOD, "1,234", "辆", "?", "千克", "70,000"],
    [*GOOD[:6], "34", "安徽省", "7", "台", "", "千克", "?"],
    [*GOOD, "1", "辆", "?", "千克"],  # a field short: refused by the CSV reader
    [*GOOD[:2], "429", "墨西哥", *GOOD[4:], "12", "辆", "3,000", "千克", "1,000,000"],
]
RAW_COLUMNS = (
    "hs_code, commodity_name, partner_code, partner_name, trade_mode_code, trade_mode_name, "
    "province_code, province_name, quantity, quantity_unit, quantity_2, quantity_2_unit, "
    "trade_value"
)


def _load(tmp_path, rows):
    landing = tmp_path / "landing"
    path = write_download(
        landing / "customs/exports/exports_202507_full_cny.csv", [*ZH_FULL, "人民币"], rows
    )
    con = duckdb.connect((tmp_path / "w.duckdb").as_posix())
    ensure_schema(con)
    outcome = load_customs_file(con, landing, "export", path, dt.datetime(2026, 1, 1), tmp_path)
    return con, outcome


def _expected(rows):
    """Each row as Python reads it back from the file's text, and the refused lines' text."""
    loaded, refused = [], []
    for number, row in enumerate(rows, start=1):
        line = gacc_line(row)
        cells = next(csv.reader(io.StringIO(line)))
        if len(cells) == len(ZH_FULL) + 2:
            # DuckDB's reader reads an empty field as NULL
            loaded.append((number, *(cell or None for cell in cells[:-1])))
        else:
            refused.append((number, line.rstrip("\r\n")))
    return loaded, refused


def _assert_rows_as_python_reads_them(con, rows):
    loaded, refused = _expected(rows)
    assert (
        con.execute(f"select row_number, {RAW_COLUMNS} from raw.customs_rows order by 1").fetchall()
        == loaded
    )
    assert (
        con.execute("select row_number, raw from audit.quarantine order by 1").fetchall() == refused
    )


def _count_whole_file_decodes(monkeypatch) -> list:
    calls = []
    decode = customs_read.transcode_to_utf8
    monkeypatch.setattr(
        customs_read, "transcode_to_utf8", lambda *args: calls.append(args) or decode(*args)
    )
    return calls


def test_gb2312_text_takes_the_fast_path_and_reads_as_python_reads_it(tmp_path, monkeypatch):
    whole_file_decodes = _count_whole_file_decodes(monkeypatch)
    con, outcome = _load(tmp_path, ROWS)
    assert whole_file_decodes == []
    assert (outcome.status, outcome.rows_in, outcome.rows_quarantined) == (
        "loaded_with_quarantine",
        4,
        1,
    )
    _assert_rows_as_python_reads_them(con, ROWS)


def test_characters_outside_gb2312_are_decoded_in_python_first(tmp_path, monkeypatch):
    whole_file_decodes = _count_whole_file_decodes(monkeypatch)
    # 堃 is 0x88D2 in GB18030: a byte DuckDB's latin-1 reader refuses
    rows = [[*row[:1], "堃" + row[1], *row[2:]] for row in ROWS]
    con, outcome = _load(tmp_path, rows)
    assert len(whole_file_decodes) == 1
    assert (outcome.status, outcome.rows_in, outcome.rows_quarantined) == (
        "loaded_with_quarantine",
        4,
        1,
    )
    _assert_rows_as_python_reads_them(con, rows)


def test_invalid_gb18030_bytes_quarantine_the_file_and_name_the_row(tmp_path):
    landing = tmp_path / "landing"
    # enough good rows that the bad one lies beyond the sample the encoding is detected on
    rows = [ROWS[0]] * 1000 + [ROWS[1]]
    path = write_download(
        landing / "customs/exports/exports_202507_full_cny.csv", [*ZH_FULL, "人民币"], rows
    )
    # 0xFE 0x20: a lead byte followed by a byte no GB18030 character has second
    path.write_bytes(path.read_bytes().replace("安徽省".encode("gb18030"), b"\xfe\x20"))
    con = duckdb.connect((tmp_path / "w.duckdb").as_posix())
    ensure_schema(con)
    outcome = load_customs_file(con, landing, "export", path, dt.datetime(2026, 1, 1), tmp_path)
    assert outcome.status == "quarantined"
    assert outcome.warning == "invalid gb18030 bytes in data row 1001 (province_name)"
    assert con.execute("select count(*) from raw.customs_rows").fetchone() == (0,)


# The most common download: one month, partner only, GB18030, Chinese headers, every field
# quoted, about 18 KB, with names full of digits and full-width punctuation (issue #15).
NAMES_18K = [
    "仅装有压燃式活塞内燃发动机的大型客车（30座及以上）",
    "仅装有驱动电动机的大型客车（30座及以上）",
    "仅装有点燃往复式活塞内燃发动机的小轿车，1500毫升＜排气量≤2000毫升",
    "同时装有点燃往复式活塞内燃发动机及驱动电动机的乘用车（可通过接插外部电源充电）",
]
PARTNERS_18K = [("344", "俄罗斯联邦"), ("429", "墨西哥"), ("138", "阿联酋"), ("601", "澳大利亚")]


def _partner_download_18k(path):
    rows, size, number = [], 0, 0
    while size < 18 * 1024:
        number += 1
        hs = f"870{2 + number % 2}{number % 10_000:04d}"
        code, partner = PARTNERS_18K[number % len(PARTNERS_18K)]
        name = NAMES_18K[number % len(NAMES_18K)]
        figures = [
            f"{number * 37:,}",
            "辆",
            f"{number * 52_113:,}",
            "千克",
            f"{number * 1_234_567:,}",
        ]
        rows.append([f"'{hs}", name, code, partner, *figures])
        size = len("".join(gacc_line(row) for row in rows).encode("gb18030"))
    return write_download(path, [*ZH_PARTNER, "人民币"], rows), rows


def test_an_18_kb_one_month_partner_gb18030_download_loads_exactly(tmp_path):
    landing = tmp_path / "landing"
    path, rows = _partner_download_18k(landing / "customs/exports/出口_202503_伙伴.csv")
    assert 18 * 1024 <= path.stat().st_size < 20 * 1024
    con = duckdb.connect((tmp_path / "w.duckdb").as_posix())
    ensure_schema(con)
    outcome = load_customs_file(con, landing, "export", path, dt.datetime(2026, 1, 1), tmp_path)
    assert (outcome.status, outcome.rows_loaded, outcome.rows_quarantined) == (
        "loaded",
        len(rows),
        0,
    )
    assert con.execute("select encoding, file_period from raw.customs_files").fetchall() == [
        ("gb18030", dt.date(2025, 3, 1))
    ]
    loaded = con.execute(
        "select hs_code, commodity_name, partner_code, partner_name, quantity, quantity_unit, "
        "quantity_2, quantity_2_unit, trade_value from raw.customs_rows order by row_number"
    ).fetchall()
    assert loaded == [tuple(row) for row in rows]


def test_a_gb18030_download_without_a_period_is_refused_for_its_period(tmp_path):
    landing = tmp_path / "landing"
    path, _ = _partner_download_18k(landing / "customs/exports/伙伴出口.csv")
    con = duckdb.connect((tmp_path / "w.duckdb").as_posix())
    ensure_schema(con)
    outcome = load_customs_file(con, landing, "export", path, dt.datetime(2026, 1, 1), tmp_path)
    assert outcome.status == "quarantined"
    assert outcome.warning.startswith("period unknown")
