"""What the loaders refuse whatever the source: months after the build date, a copy of a loaded
file whose name gives another month, entries that are not regular files, and reasons longer
than a few hundred characters (issue #15). Also the bugs the property tests found, pinned."""

import datetime as dt
import os
from decimal import Decimal

import duckdb
import pytest

from pipelines.lib.landing_scan import file_months, landing_hashes
from pipelines.lib.load_audit import REASON_LIMIT, cap_reason
from pipelines.lib.periods import build_date
from pipelines.lib.sources.customs.loader import load_customs_landing
from pipelines.lib.sources.industry.loader import load_industry_landing, row_problem
from pipelines.lib.sources.releases.loader import load_release_landing
from pipelines.lib.warehouse_sql import ensure_schema
from tests.gacc_files import ZH_PARTNER, gacc_line, write_download
from tests.unit.test_release_parsers import CAR_APRIL, release_page

# 2026-12-04 20:00 UTC is 2026-12-05 04:00 in Beijing: the build's date is 2026-12-05
LOADED_AT = dt.datetime(2026, 12, 4, 20, 0)
HEADER = [*ZH_PARTNER, "人民币"]
ROW = ["'87038000", "纯电动乘用车（≤5座）", "344", "俄罗斯联邦", "5", "辆", "?", "千克", "1,000"]


@pytest.fixture
def con():
    connection = duckdb.connect()
    ensure_schema(connection)
    yield connection
    connection.close()


def _exports(root):
    folder = root / "customs" / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _quarantine(con):
    return con.execute(
        "select source_file, row_number, reason from audit.quarantine order by all"
    ).fetchall()


def test_the_build_date_is_the_date_in_beijing():
    assert build_date(LOADED_AT) == dt.date(2026, 12, 5)
    assert build_date(dt.datetime(2026, 12, 4, 15, 59)) == dt.date(2026, 12, 4)


def test_a_download_of_a_month_after_the_build_date_is_refused(con, tmp_path):
    write_download(_exports(tmp_path) / "exports_202703_partner.csv", HEADER, [ROW])
    write_download(_exports(tmp_path) / "exports_202612_partner.csv", HEADER, [ROW])
    outcomes = {o.source_file: o for o in load_customs_landing(con, tmp_path, LOADED_AT, tmp_path)}
    assert outcomes["customs/exports/exports_202612_partner.csv"].status == "loaded"
    assert _quarantine(con) == [
        (
            "customs/exports/exports_202703_partner.csv",
            None,
            "period 2027-03 is after the build date 2026-12-05",
        )
    ]
    # a file that will be refused whole touches no month
    assert file_months(tmp_path, "customs/exports/exports_202703_partner.csv") == frozenset()


def test_rows_of_a_month_after_the_build_date_are_refused_by_row(con, tmp_path):
    header = ["数据年月", *HEADER]
    rows = [["202611", *ROW], ["202701", *ROW], ["202612", *ROW]]
    write_download(_exports(tmp_path) / "range.csv", header, rows)
    [outcome] = load_customs_landing(con, tmp_path, LOADED_AT, tmp_path)
    assert (outcome.status, outcome.rows_in, outcome.rows_loaded) == (
        "loaded_with_quarantine",
        3,
        2,
    )
    assert _quarantine(con) == [
        ("customs/exports/range.csv", 2, "period 2027-01 is after the build date 2026-12-05")
    ]
    assert con.execute("select row_number, period from raw.customs_rows order by 1").fetchall() == [
        (1, "202611"),
        (3, "202612"),
    ]


def test_a_release_table_of_a_month_after_the_build_date_is_refused(con, tmp_path):
    folder = tmp_path / "customs" / "releases"
    folder.mkdir(parents=True)
    (folder / "release.html").write_text(release_page(2027, 4, [CAR_APRIL]), encoding="utf-8")
    [outcome] = load_release_landing(con, tmp_path, LOADED_AT)
    assert outcome.status == "quarantined"
    assert outcome.warning == (
        "release table not loaded: period 2027-04 is after the build date 2026-12-05"
    )


def test_an_industry_figure_after_the_build_date_is_refused(con, tmp_path):
    today = dt.date(2026, 12, 5)
    assert row_problem(["CAAM", "CHN", "vehicle_exports", "2027", "1", "vehicles"], today) == (
        "period 2027 is after the build date 2026-12-05"
    )
    assert (
        row_problem(["CAAM", "CHN", "vehicle_exports", "2026-12", "1", "vehicles"], today) is None
    )
    assert row_problem(["CAAM", "CHN", "vehicle_exports", "2027-01", "1", "vehicles"], today) == (
        "period 2027-01 is after the build date 2026-12-05"
    )


def test_full_width_digits_in_an_industry_value_are_refused_at_parse(con, tmp_path):
    # found by the property tests: \d matched ４, the row loaded, and staging's cast failed
    assert row_problem(["CAAM", "CHN", "m", "2024", "１２３", "vehicles"]) == (
        "value '１２３' is not a number"
    )
    assert "not YYYY" in row_problem(["CAAM", "CHN", "m", "２０２４", "1", "vehicles"])


def test_an_industry_file_splits_rows_at_line_breaks_only(con, tmp_path):
    folder = tmp_path / "industry"
    folder.mkdir()
    text = "source,country,metric,period,value,unit\r\nCAAM,CHN,exports\x0cnev,2024,1,vehicles\r\n"
    (folder / "series.csv").write_text(text, encoding="utf-8")
    [outcome] = load_industry_landing(con, tmp_path, LOADED_AT)
    assert (outcome.status, outcome.rows_loaded) == ("loaded", 1)
    assert con.execute("select metric from raw.industry_series").fetchall() == [("exports\x0cnev",)]


def test_an_industry_file_in_gb18030_loads(con, tmp_path):
    folder = tmp_path / "industry"
    folder.mkdir()
    text = "source,country,metric,period,value,unit\r\n中国汽车工业协会,CHN,出口,2024,1,辆\r\n"
    (folder / "series.csv").write_bytes(text.encode("gb18030"))
    [outcome] = load_industry_landing(con, tmp_path, LOADED_AT)
    assert (outcome.status, outcome.rows_loaded) == ("loaded", 1)
    assert con.execute("select source, unit from raw.industry_series").fetchall() == [
        ("中国汽车工业协会", "辆")
    ]


def test_a_copy_whose_name_gives_another_month_is_refused_naming_both(con, tmp_path):
    first = write_download(_exports(tmp_path) / "exports_202503_partner.csv", HEADER, [ROW])
    copy = _exports(tmp_path) / "exports_202504_partner.csv"
    copy.write_bytes(first.read_bytes())
    again = _exports(tmp_path) / "exports_202503_partner (1).csv"
    again.write_bytes(first.read_bytes())
    unnamed = _exports(tmp_path) / "download (3).csv"  # no month in its name: loses nothing
    unnamed.write_bytes(first.read_bytes())
    for index, path in enumerate((first, copy, again, unnamed)):
        os.utime(path, (1_700_000_000 + index, 1_700_000_000 + index))
    outcomes = [o.status for o in load_customs_landing(con, tmp_path, LOADED_AT, tmp_path)]
    assert outcomes == ["loaded", "quarantined", "duplicate", "duplicate"]
    [(source, row, reason)] = _quarantine(con)
    assert (source, row) == ("customs/exports/exports_202504_partner.csv", None)
    assert "customs/exports/exports_202503_partner.csv (2025-03)" in reason
    assert "gives 2025-04" in reason


def test_a_symbolic_link_is_refused_and_never_followed(con, tmp_path):
    secret = tmp_path / "outside.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (_exports(tmp_path) / "exports_202503_partner.csv").symlink_to(secret)
    (_exports(tmp_path) / "dangling_202503.csv").symlink_to(tmp_path / "missing.csv")
    outcomes = load_customs_landing(con, tmp_path, LOADED_AT, tmp_path)
    assert {o.status for o in outcomes} == {"quarantined"}
    for _, _, reason in _quarantine(con):
        assert reason.startswith("symbolic link: not followed")
        assert "root" not in reason
    # the sensor's hashes do not read it either, and a second build skips it
    assert set(landing_hashes(tmp_path)) >= {"customs/exports/exports_202503_partner.csv"}
    again = load_customs_landing(con, tmp_path, LOADED_AT, tmp_path)
    assert {o.status for o in again} == {"unchanged"}


def test_a_directory_named_like_a_file_is_refused(con, tmp_path):
    (_exports(tmp_path) / "exports_202503_partner.csv").mkdir()
    [outcome] = load_customs_landing(con, tmp_path, LOADED_AT, tmp_path)
    assert outcome.status == "quarantined"
    assert outcome.warning.startswith("a directory named like a file")


def test_a_named_pipe_is_refused_without_being_opened(con, tmp_path):
    os.mkfifo(_exports(tmp_path) / "exports_202503_partner.csv")  # opening it would block
    [outcome] = load_customs_landing(con, tmp_path, LOADED_AT, tmp_path)
    assert outcome.status == "quarantined"
    assert outcome.warning.startswith("not a regular file")


def test_a_reason_is_capped_and_says_how_long_it_was():
    assert cap_reason("short") == "short"
    capped = cap_reason("x" * 65_592)
    assert len(capped) == REASON_LIMIT and capped.endswith("(cut: 65592 characters)")


def test_a_huge_header_line_gives_a_short_reason(con, tmp_path):
    path = _exports(tmp_path) / "exports_202503_partner.csv"
    path.write_text('"' + "商品编码" * 30_000 + '",\r\n"1",\r\n', encoding="utf-8")
    [outcome] = load_customs_landing(con, tmp_path, LOADED_AT, tmp_path)
    [(_, _, reason)] = _quarantine(con)
    assert outcome.status == "quarantined" and len(reason) <= REASON_LIMIT
    assert con.execute("select max(length(warning)) from audit.loads").fetchone()[0] <= 300


def test_a_row_with_an_extra_empty_field_is_refused_not_shifted(con, tmp_path):
    # found by the property tests: DuckDB's reader takes a line with one field more, an empty
    # last one, for a line ending in a delimiter and drops it, so a row whose cells shifted
    # right by one loaded 1 as its value (with or without trailing commas in the file)
    path = _exports(tmp_path) / "exports_202503_partner.csv"
    shifted = [*ROW[:-1], "1", ""]  # a cell inserted before the value, the value empty
    text = gacc_line(HEADER, False) + gacc_line(ROW, False) + gacc_line(shifted, False)
    path.write_bytes(text.encode("gb18030"))
    [outcome] = load_customs_landing(con, tmp_path, LOADED_AT, tmp_path)
    assert (outcome.status, outcome.rows_in, outcome.rows_loaded) == (
        "loaded_with_quarantine",
        2,
        1,
    )
    [(_, row, reason)] = _quarantine(con)
    assert row == 2 and reason == "more fields than the header"
    assert con.execute("select row_number, trade_value from raw.customs_rows").fetchall() == [
        (1, "1,000")
    ]


def test_a_shifted_row_in_a_file_with_trailing_commas_is_refused(con, tmp_path):
    path = _exports(tmp_path) / "exports_202503_partner.csv"
    shifted = [*ROW[:-1], "1", ""]
    write_download(path, HEADER, [ROW, shifted])  # every line ends with a trailing comma
    [outcome] = load_customs_landing(con, tmp_path, LOADED_AT, tmp_path)
    assert (outcome.status, outcome.rows_loaded) == ("loaded_with_quarantine", 1)
    assert [row for _, row, _ in _quarantine(con)] == [2]


def test_full_width_figures_of_a_release_page_reach_staging_as_numbers(con, tmp_path):
    # found by review and pinned by the release property test: the parser reads ６２．０ as a
    # number (NFKC) but raw kept the printed text, which staging's cast turned into NULL
    wide = str.maketrans("0123456789,.", "０１２３４５６７８９，．")
    car = (*CAR_APRIL[:2], *(cell.translate(wide) for cell in CAR_APRIL[2:]))
    folder = tmp_path / "customs" / "releases"
    folder.mkdir(parents=True)
    (folder / "release.html").write_text(release_page(2025, 4, [car]), encoding="utf-8")
    [outcome] = load_release_landing(con, tmp_path, LOADED_AT)
    assert outcome.status == "loaded"
    assert con.execute(
        "select try_cast(replace(month_quantity, ',', '') as decimal(38, 6)), "
        "try_cast(replace(ytd_value, ',', '') as decimal(38, 6)) from raw.release_rows"
    ).fetchone() == (Decimal("62"), Decimal("2649.8"))


def test_a_file_cut_inside_its_last_unquoted_figure_is_refused(con, tmp_path):
    # found by `make fuzz` (cut_short): with fields unquoted and no trailing comma, a download
    # cut inside its last figure (70,000 cut to 70) kept its field count and loaded 70
    path = _exports(tmp_path) / "exports_202503_partner.csv"
    line = ",".join([*ROW[:-1], "70000"])  # nothing needs quotes
    text = ",".join(HEADER) + "\r\n" + line + "\r\n" + line[:-3]
    path.write_bytes(text.encode("gb18030"))
    [outcome] = load_customs_landing(con, tmp_path, LOADED_AT, tmp_path)
    assert outcome.status == "quarantined"
    assert outcome.warning.startswith("truncated: the file ends without a line break")
    # the same file complete, or ending in a quote or its trailing comma, loads
    path.write_bytes((text + "000\r\n").encode("gb18030"))
    os.utime(path, (1_800_000_000, 1_800_000_000))
    [outcome] = load_customs_landing(con, tmp_path, LOADED_AT, tmp_path)
    assert (outcome.status, outcome.rows_loaded) == ("loaded", 2)


def test_figures_duckdb_would_read_but_the_platform_never_writes_are_refused(tmp_path):
    # found by review, then drawn by the property tests' not_a_number mutation: staging cast
    # a value of 12.5 to the bigint 13, and read 1e5, 0x1F and 1_000 as numbers
    from tests.property.harness import stage_customs, staged_rows, warehouse

    rows = [[*ROW[:-1], bad] for bad in ("12.5", "1e5", "0x1F", "1_000")]
    rows += [[*ROW[:4], "1.5", *ROW[5:]], ROW]  # a decimal quantity is a number
    write_download(_exports(tmp_path) / "exports_202503_partner.csv", HEADER, rows)
    con = warehouse(tmp_path)
    load_customs_landing(con, tmp_path, LOADED_AT, tmp_path)
    stage_customs(con)
    reasons = {row: values[0] for (_, row), values in staged_rows(con).items()}
    assert reasons == {
        1: "value not a whole number: 12.5",
        2: "value not a whole number: 1e5",
        3: "value not a whole number: 0x1F",
        4: "value not a whole number: 1_000",
        5: None,
        6: None,
    }
    con.close()


def test_a_short_row_of_a_future_month_is_refused_once(con, tmp_path):
    header = ["数据年月", *HEADER]
    rows = [["202611", *ROW], ["202701", *ROW[:-1]], ["202612", *ROW]]
    write_download(_exports(tmp_path) / "range.csv", header, rows)
    [outcome] = load_customs_landing(con, tmp_path, LOADED_AT, tmp_path)
    assert (outcome.rows_in, outcome.rows_loaded, outcome.rows_quarantined) == (3, 2, 1)
    assert [row for _, row, _ in _quarantine(con)] == [2]
    assert con.execute("select row_number from raw.customs_rows order by 1").fetchall() == [
        (1,),
        (3,),
    ]
