import codecs

import pytest

from pipelines.lib.text_encoding import (
    EncodingError,
    decode_bytes,
    detect_encoding,
    transcode_to_utf8,
)

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


def test_a_4_byte_gb18030_character_cut_at_the_end_of_a_sample_is_not_an_error():
    text = ('"商品名称",\r\n"𪚥牌客车（30座及以上）",\r\n' * 2000).encode("gb18030")
    cut = text.index("𪚥".encode("gb18030")) + 2  # inside the 4 bytes of 𪚥
    assert detect_encoding(text[:cut], complete=False) == "gb18030"
    with pytest.raises(EncodingError, match="ends inside a character"):
        detect_encoding(text[:cut], complete=True)


def test_a_utf8_character_cut_at_the_end_of_a_sample_is_not_an_error():
    data = CHINESE.encode("utf-8")
    cut = data.index("纯".encode()) + 1
    assert detect_encoding(data[:cut], complete=False) == "utf-8"


def test_short_chinese_with_digits_and_full_width_punctuation_is_gb18030():
    # the text charset-normalizer's heuristics found "no match" for (issue #15)
    name = "仅装有压燃式活塞内燃发动机的大型客车（30座及以上）"
    assert detect_encoding(f'"{name}","1,234",\r\n'.encode("gb18030")) == "gb18030"


def test_neither_encoding_names_the_offset_of_the_byte_neither_reads():
    data = "汽车".encode("gb18030") + b"\xff" + b"abc"
    with pytest.raises(EncodingError, match="byte 0xFF at offset 4"):
        detect_encoding(data)


def test_latin1_text_is_refused():
    with pytest.raises(EncodingError, match="not text in UTF-8 or GB18030"):
        detect_encoding('"Société",\r\n'.encode("latin-1"))


def test_decode_bytes_follows_the_same_rule():
    assert decode_bytes(codecs.BOM_UTF8 + "汽车".encode()) == ("汽车", "utf-8")
    assert decode_bytes("汽车".encode("gb18030")) == ("汽车", "gb18030")
    with pytest.raises(EncodingError, match="binary"):
        decode_bytes(b"a\x00b")
