"""Text from the repertoire the sources really write, drawn by hypothesis.

Commodity, partner and place names are Chinese with full-width punctuation (（）、，＜≤·),
digits and Latin letters, and now and then a character outside GB2312: CJK Extension A and B
(4 bytes in GB18030, e.g. 𠀀 𪚥), or 堃 (whose GB18030 bytes DuckDB's latin-1 reader refuses).
English names are Latin with ASCII punctuation, commas and quotes included.
"""

from hypothesis import strategies as st

# characters of real commodity names (the tariff nomenclature's wording)
COMMON_HAN = (
    "仅装有驱动电动机的大型客车座及以上压燃式活塞内燃发动机点燃往复小轿车排气量毫升"
    "纯电动乘用车插电混合动力货车底盘汽车零件其他机动车辆越野雪地牌照装置总重吨"
    "俄罗斯联邦墨西哥阿联酋澳大利亚泰国巴西比利时英国沙特阿拉伯上海北京天津重庆广东安徽"
    "浙江江苏山东湖北一般贸易边境小额保税监管场所进出境货物海关特殊区域物流"
)
FULL_WIDTH = "（）、，＜≤·：；“”《》％　"
# beyond GB2312: 4-byte GB18030 (Extension A and B, the end of the BMP) and GBK-only 堃
RARE = "𠀀𪚥𠮷𡈽㐀䶵堃鿰"

_rare_cjk = st.one_of(
    st.sampled_from(RARE),
    st.characters(min_codepoint=0x3400, max_codepoint=0x4DBF),  # Extension A
    st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF),  # Extension B
)
_han = st.one_of(
    st.sampled_from(COMMON_HAN),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
)
_zh_char = st.one_of(
    _han, _han, _han, _han,
    st.sampled_from(FULL_WIDTH),
    st.sampled_from("0123456789"),
    st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz<>=-/."),
    _rare_cjk,
)  # fmt: skip
_en_char = st.one_of(
    st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"),
    st.sampled_from("0123456789 "),
    st.sampled_from(",.;:()<>=/-'\"&%+"),
)


def _no_edge_blanks(text: str) -> bool:
    return text == text.strip() and text != ""


def zh_name(max_size: int = 40) -> st.SearchStrategy[str]:
    """A Chinese name: 仅装有压燃式活塞内燃发动机的大型客车（30座及以上）, 𪚥牌…"""
    return st.text(_zh_char, min_size=1, max_size=max_size).filter(_no_edge_blanks)


def en_name(max_size: int = 40) -> st.SearchStrategy[str]:
    """An English name: Buses >=30 seats, electric motor only (BEV)"""
    return st.text(_en_char, min_size=1, max_size=max_size).filter(_no_edge_blanks)


def name(language: str, max_size: int = 40) -> st.SearchStrategy[str]:
    return zh_name(max_size) if language == "zh" else en_name(max_size)


def thousands(value: int) -> str:
    """1234567 -> 1,234,567 (the platform's and the release pages' separators)."""
    return f"{value:,}"
