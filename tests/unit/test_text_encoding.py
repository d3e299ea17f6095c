import codecs

import pytest

from pipelines.lib.text_encoding import EncodingError, detect_encoding, transcode_to_utf8

CHINESE = (
    '"商品编码","商品名称","贸易伙伴名称","人民币",\r\n'
    '"87038000","纯电动乘用车","俄罗斯联邦","1,234",\r\n'
)


def test_utf8_with_bom():
    assert detect_encoding(codecs.BOM_UTF8 + CHINESE.encode()) == "utf-8-sig"


def test_utf8_without_bom():
    assert detect_encoding(CHINESE.encode("utf-8")) == "utf-8"


def test_gb18030():
    assert detect_encoding(CHINESE.encode("gb18030")) == "gb18030"


def test_ascii_reads_as_utf8():
    assert detect_encoding(b'"Commodity code","RMB",\r\n') == "utf-8"


def test_binary_is_refused():
    with pytest.raises(EncodingError, match="binary"):
        detect_encoding(b"PK\x03\x04\x00\x00binary")


def test_transcode_gb18030_to_utf8(tmp_path):
    source = tmp_path / "in.csv"
    source.write_bytes(CHINESE.encode("gb18030"))
    target = tmp_path / "out.csv"
    transcode_to_utf8(source, target, "gb18030")
    assert target.read_bytes().decode("utf-8") == CHINESE


def test_transcode_names_the_offset_of_bad_bytes(tmp_path):
    source = tmp_path / "in.csv"
    good = "汽车".encode("gb18030")
    source.write_bytes(good + b"\x81\x20")  # 0x81 must be followed by a valid trail byte
    with pytest.raises(EncodingError, match=f"offset {len(good)}"):
        transcode_to_utf8(source, tmp_path / "out.csv", "gb18030")
