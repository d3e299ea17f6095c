import pytest

from pipelines.lib.sources.customs.header import HeaderError, parse_header
from tests.gacc_files import EN_PROVINCE, ZH_FULL, ZH_PARTNER


def test_chinese_partner_header_with_trailing_comma():
    header = parse_header([*ZH_PARTNER, "人民币", ""])
    assert header.columns == (
        "hs_code", "commodity_name", "partner_code", "partner_name", "quantity",
        "quantity_unit", "quantity_2", "quantity_2_unit", "trade_value", "_trailing",
    )  # fmt: skip
    assert (header.currency, header.language) == ("CNY", "zh")
    assert header.breakdown == "commodity+partner"
    assert header.dimension_count == 1
    assert not header.has_period_column


def test_full_breakdown_in_usd():
    header = parse_header(["数据年月", *ZH_FULL, "美元", ""])
    assert header.breakdown == "commodity+partner+trade_mode+province"
    assert header.dimension_count == 3
    assert header.currency == "USD"
    assert header.has_period_column


def test_old_english_layout_misspells_supplimentary():
    cells = ["Date of data", "Commodity code", "Commodity name", "Trade mode code",
             "Trade mode name", "Registration place code", "Registration place name",
             "First quantity", "First unit", "Supplimentary quantity", "Supplimentary unit",
             "US dollar", ""]  # fmt: skip
    header = parse_header(cells)
    assert "quantity_2" in header.columns and "quantity_2_unit" in header.columns
    assert (header.currency, header.language) == ("USD", "en")
    assert header.breakdown == "commodity+trade_mode+province"


def test_new_english_layout_without_trailing_comma():
    header = parse_header([*EN_PROVINCE, "RMB"])
    assert header.columns[-1] == "trade_value"
    assert header.currency == "CNY"
    assert header.breakdown == "commodity+province"


def test_labels_are_normalised_for_bom_spaces_and_case():
    header = parse_header(["\ufeff商品编码", " FIRST   QUANTITY ", "人民币"])
    assert header.columns == ("hs_code", "quantity", "trade_value")


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        (["商品编码", "第一数量", "人民币", "美元"], "exactly one value column"),
        (["商品编码", "第一数量"], "exactly one value column"),
        (["商品名称", "第一数量", "人民币"], "no commodity code column"),
        (["商品编码", "贸易伙伴名称", "第一数量", "人民币"], "partner name column without"),
        (["商品编码", "第一数量", "人民币", "备注"], "unrecognised header column '备注'"),
        (["商品编码", "商品编码", "第一数量", "人民币"], "appears twice"),
        (["<html><head><title>Error</title>"], "unrecognised header column"),
    ],
)
def test_uncertain_headers_are_refused_with_the_reason(cells, reason):
    with pytest.raises(HeaderError, match=reason):
        parse_header(cells)
