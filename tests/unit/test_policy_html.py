"""Policy pages: metadata labels, encodings, sections and measures."""

from pathlib import Path

import pytest

from pipelines.lib.sources.policy.html import parse_policy_page
from pipelines.lib.sources.policy.model import PolicyFileRejected
from pipelines.lib.sources.policy.text import chinese_number, parse_date

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "landing" / "policy"


def page(body: str, metadata: str = "", charset: str = "utf-8") -> str:
    return (
        f'<html><head><meta charset="{charset}"><title>t</title></head><body>'
        f'{metadata}<div class="pages_content">{body}</div></body></html>'
    )


METADATA = (
    '<table class="xxgk_table">'
    "<tr><td><b>发文机关：</b></td><td>安徽省人民政府</td>"
    "<td><b>成文日期：</b></td><td>2023年1月5日</td></tr>"
    "<tr><td><b>标　　题：</b></td><td>测试文件</td></tr>"
    "<tr><td><b>发文字号：</b></td><td>皖政〔2023〕1号</td>"
    "<td><b>发布日期：</b></td><td>2023-01-09</td></tr></table>"
)


def test_government_page_metadata_and_measures_running_through():
    parsed = parse_policy_page((SAMPLE / "cn_gov_nev_industry_plan_2021_2035.html").read_bytes())
    assert parsed.encoding == "utf-8" and parsed.warnings == []
    doc = parsed.documents[0]
    # labels padded with &nbsp; and full-width spaces, ending in a full-width colon
    assert (doc.index_no, doc.topic) == ("000014349/2020-00134", "工业、交通\\汽车")
    assert doc.issuer == "国务院办公厅"
    assert doc.title == "国务院办公厅关于印发新能源汽车产业发展规划（2021—2035年）的通知"
    assert doc.doc_number == "国办发〔2020〕39号"
    assert (doc.written_on, doc.published_on) == ("2020年10月20日", "2020-11-02")
    assert doc.has_metadata
    # the covering paragraph and the section headings are not measures
    assert [(m.measure_no, m.section_no) for m in doc.measures] == [
        ("1", 1),
        ("2", 1),
        ("3", 2),
        ("4", 3),
        ("5", 3),
    ]
    assert doc.measures[2].text == "加快充换电基础设施建设，提升充电服务保障能力。"
    assert doc.measures[2].section_title == "完善基础设施体系"


def test_numbering_that_restarts_in_each_section_is_qualified_by_section():
    body = (
        "<p>一、开拓市场</p><p>本部分目标：出口增长。</p>"
        "<p>（一）参加境外展会。</p><p>（二）建设海外仓。</p>"
        "<p>二、要素保障</p><p>（一）设立产业基金。</p>"
    )
    doc = parse_policy_page(page(body, METADATA).encode()).documents[0]
    assert [(m.measure_no, m.text) for m in doc.measures] == [
        ("1.1", "参加境外展会。"),
        ("1.2", "建设海外仓。"),
        ("2.1", "设立产业基金。"),
    ]


def test_sub_items_continue_a_measure_and_closing_remarks_do_not():
    body = (
        "<p>一、支持</p><p>　　（十一）给予奖励：</p><p>1.出口奖励；</p><p>2.物流补贴。</p>"
        "<p>本措施自印发之日起施行。</p><p>安徽省人民政府</p>"
    )
    doc = parse_policy_page(page(body, METADATA).encode()).documents[0]
    assert [(m.measure_no, m.text) for m in doc.measures] == [
        ("11", "给予奖励： 1.出口奖励； 2.物流补贴。")
    ]


def test_gbk_page_with_a_wrong_meta_charset_is_decoded_from_its_bytes():
    html = page("<p>一、物流</p><p>（一）支持中欧班列运输整车。</p>", METADATA, charset="utf-8")
    parsed = parse_policy_page(html.encode("gbk"))
    assert parsed.encoding == "gb18030"
    assert parsed.documents[0].issuer == "安徽省人民政府"
    assert parsed.documents[0].measures[0].text == "支持中欧班列运输整车。"
    assert parsed.warnings == ["page declares charset utf-8 but is gb18030: decoded as gb18030"]


def test_gbk_page_that_says_gbk_loads_without_a_warning():
    parsed = parse_policy_page((SAMPLE / "ah_nev_cluster_policies_2023.html").read_bytes())
    assert parsed.encoding == "gb18030" and parsed.warnings == []
    doc = parsed.documents[0]
    assert doc.title == "安徽省人民政府关于印发支持新能源汽车产业集群发展若干政策的通知"
    assert doc.published_on is None  # an empty cell is NULL, not ""
    assert [m.measure_no for m in doc.measures] == ["1.1", "1.2", "2.1", "2.2", "2.3"]


def test_label_and_value_in_one_element():
    metadata = (
        "<ul><li>发文机关：重庆市人民政府办公厅</li><li>发文字号：渝府办发[2023]1号</li>"
        "<li>标　题：测试</li><li>发布日期：2023年12月1日</li></ul>"
    )
    doc = parse_policy_page(page("<p>（一）建设海外仓。</p>", metadata).encode()).documents[0]
    assert (doc.issuer, doc.doc_number, doc.published_on) == (
        "重庆市人民政府办公厅",
        "渝府办发[2023]1号",
        "2023年12月1日",
    )
    assert doc.measures[0].measure_no == "1" and doc.measures[0].section_no is None


def test_label_and_value_in_sibling_spans():
    metadata = (
        "<div class='info'><span>发布机构：</span><span>广东省商务厅</span>"
        "<span>文　　号：</span><span>粤商务〔2022〕1号</span>"
        "<span>发布日期：</span><span>2022.03.01</span></div>"
    )
    doc = parse_policy_page(page("<p>（一）建设海外仓。</p>", metadata).encode()).documents[0]
    assert (doc.issuer, doc.doc_number, doc.published_on) == (
        "广东省商务厅",
        "粤商务〔2022〕1号",
        "2022.03.01",
    )


def test_page_without_metadata_loads_with_nulls_and_a_warning():
    html = "<html><body><h1>政策解读</h1><p>（一）海外仓：支持建设。</p></body></html>"
    parsed = parse_policy_page(html.encode())
    doc = parsed.documents[0]
    assert not doc.has_metadata
    assert (doc.issuer, doc.doc_number, doc.written_on, doc.published_on) == (None,) * 4
    assert doc.title == "政策解读"  # what the page's heading says, nothing inferred
    assert parsed.warnings[0].startswith("no metadata table")


def test_page_with_neither_metadata_nor_measures_is_refused():
    with pytest.raises(PolicyFileRejected, match="not a policy page"):
        parse_policy_page(b"<html><body><h1>News</h1><p>Nothing here.</p></body></html>")


def test_binary_and_empty_files_are_refused():
    with pytest.raises(PolicyFileRejected, match="binary"):
        parse_policy_page(b"\x89PNG\r\n\x00\x00")
    with pytest.raises(PolicyFileRejected, match="empty"):
        parse_policy_page(b"  \n")


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("三十五", 35), ("两", 2)],
)
def test_chinese_numerals(numeral, value):
    assert chinese_number(numeral) == value


def test_dates_in_both_forms():
    import datetime as dt

    assert parse_date("2020年10月20日") == dt.date(2020, 10, 20)
    assert parse_date("2020-11-02") == dt.date(2020, 11, 2)
    assert parse_date("2020年1月5日") == dt.date(2020, 1, 5)
    assert parse_date("２０２０－１１－０２") == dt.date(2020, 11, 2)
    assert parse_date("2020年13月5日") is None
    assert parse_date("") is None
