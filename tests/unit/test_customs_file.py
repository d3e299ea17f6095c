import datetime as dt

import pytest

from pipelines.lib.sources.customs.file import FileRejected, inspect_customs_file
from tests.gacc_files import ZH_PARTNER, gacc_line, write_download

ROW = ["'87038000", "纯电动乘用车", "344", "俄罗斯联邦", "1,000", "辆", "?", "千克", "12,345,678"]


def test_single_month_takes_its_period_from_the_name(tmp_path):
    path = write_download(tmp_path / "exports_202506_cny.csv", [*ZH_PARTNER, "人民币"], [ROW])
    profile = inspect_customs_file(path)
    assert profile.file_period == dt.date(2025, 6, 1)
    assert profile.encoding == "gb18030"
    assert profile.header.currency == "CNY"


def test_period_column_wins_over_the_name(tmp_path):
    header = ["数据年月", *ZH_PARTNER, "人民币"]
    path = write_download(tmp_path / "exports_2025.csv", header, [["202501", *ROW]], "utf-8-sig")
    profile = inspect_customs_file(path)
    assert profile.file_period is None
    assert profile.encoding == "utf-8-sig"


def test_last_line_without_newline_but_complete_loads(tmp_path):
    path = write_download(tmp_path / "x_202506.csv", [*ZH_PARTNER, "人民币"], [ROW, ROW])
    path.write_bytes(path.read_bytes().rstrip(b"\r\n"))
    assert inspect_customs_file(path).header.breakdown == "commodity+partner"


def _cut(path, keep_bytes_less):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - keep_bytes_less])


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda p: p.write_bytes(b""), "empty file"),
        (lambda p: p.write_bytes(b"\x00\x01\x02PK\x03\x04"), "binary file"),
        (
            lambda p: p.write_bytes(gacc_line([*ZH_PARTNER, "人民币"]).encode("gb18030")),
            "no data rows",
        ),
        (
            lambda p: p.write_text("<html><body>系统繁忙</body></html>\n", encoding="utf-8"),
            "not a GACC query download",
        ),
    ],
)
def test_unreadable_files_are_refused_whole(tmp_path, make, reason):
    path = tmp_path / "exports_202506.csv"
    make(path)
    with pytest.raises(FileRejected, match=reason):
        inspect_customs_file(path)


def test_file_cut_inside_a_quoted_field_is_refused(tmp_path):
    path = write_download(tmp_path / "x_202506.csv", [*ZH_PARTNER, "人民币"], [ROW, ROW])
    _cut(path, 8)  # inside the last value
    with pytest.raises(FileRejected, match="truncated"):
        inspect_customs_file(path)


def test_file_cut_between_fields_is_refused(tmp_path):
    path = write_download(tmp_path / "x_202506.csv", [*ZH_PARTNER, "人民币"], [ROW, ROW])
    data = path.read_bytes()
    path.write_bytes(data[: data.rindex(b'","') + 1])  # ends after a closing quote
    with pytest.raises(FileRejected, match="truncated: the last line has"):
        inspect_customs_file(path)


def test_file_without_any_period_is_refused(tmp_path):
    path = write_download(tmp_path / "exports_partner.csv", [*ZH_PARTNER, "人民币"], [ROW])
    with pytest.raises(FileRejected, match="period unknown"):
        inspect_customs_file(path)
