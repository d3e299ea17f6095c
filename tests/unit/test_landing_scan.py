"""Which months a landing file touches, and which files a month's run takes."""

import datetime as dt

from pipelines.lib.landing_scan import describe_months, file_months, landing_hashes, month_key
from pipelines.lib.load_audit import for_window, in_window, sha256_of
from tests.conftest import SAMPLE_LANDING
from tests.gacc_files import ZH_PARTNER, write_download

JAN, FEB, MAR, APR = (dt.date(2025, m, 1) for m in (1, 2, 3, 4))
ROW = ["'87038000", "纯电动乘用车", "344", "俄罗斯联邦", "5", "辆", "?", "千克", "1,000"]


def test_months_of_the_sample_files():
    months = {path: file_months(SAMPLE_LANDING, path) for path in landing_hashes(SAMPLE_LANDING)}
    assert months["customs/exports/exports_202503_partner_usd.csv"] == {MAR}
    assert months["customs/exports/exports_2025-04_province_en.csv"] == {APR}
    # a multi-month download: the months of its period column
    assert months["customs/exports/exports_2025jan-feb_province_tm_usd_en.csv"] == {JAN, FEB}
    assert months["customs/releases/release_202504_exports_usd.html"] == {APR}
    assert months["customs/releases/bulletin_202505_exports_cny.xls"] == {dt.date(2025, 5, 1)}
    # not monthly
    assert months["policy/gd_gz_registry_2022.json"] == frozenset()
    assert months["industry/industry_sample.csv"] == frozenset()


def test_a_file_that_will_be_refused_touches_no_month(tmp_path):
    exports = tmp_path / "customs" / "exports"
    exports.mkdir(parents=True)
    (exports / "empty_202503.csv").write_bytes(b"")
    write_download(exports / "no_period.csv", [*ZH_PARTNER, "美元"], [ROW])
    assert file_months(tmp_path, "customs/exports/empty_202503.csv") == frozenset()
    assert file_months(tmp_path, "customs/exports/no_period.csv") == frozenset()


def test_invalid_period_cells_add_no_month(tmp_path):
    path = tmp_path / "customs" / "exports" / "range.csv"
    header = ["数据年月", *ZH_PARTNER, "美元"]
    write_download(path, header, [["202503", *ROW], ["202513", *ROW], ["2025", *ROW]])
    assert file_months(tmp_path, "customs/exports/range.csv") == {MAR}


def test_hashes_cover_every_file_by_relative_path(tmp_path):
    (tmp_path / "policy").mkdir()
    (tmp_path / "policy" / "a.json").write_text("[]", encoding="utf-8")
    assert landing_hashes(tmp_path) == {"policy/a.json": sha256_of(tmp_path / "policy" / "a.json")}


def test_a_run_takes_files_of_its_months_and_files_with_no_month():
    april = (APR, dt.date(2025, 5, 1))
    assert in_window(frozenset({APR}), april)
    assert not in_window(frozenset({MAR}), april)
    assert in_window(frozenset({MAR, APR}), april)  # a multi-month file touching April
    assert in_window(frozenset(), april)  # refused whole by any run
    assert in_window(frozenset({MAR}), None)  # no window: every file
    months = {"a": frozenset({MAR}), "b": frozenset({APR}), "c": frozenset()}
    assert for_window(["a", "b", "c"], months.get, april) == ["b", "c"]
    assert for_window(["a", "b", "c"], months.get, None) == ["a", "b", "c"]


def test_month_keys():
    assert month_key(APR) == "2025-04"
    assert describe_months(frozenset({APR, MAR})) == "2025-03, 2025-04"
    assert describe_months(frozenset()) == "no month"
