"""The policy registry materialized into a tmp_path warehouse; figures worked out by hand.

The fixture documents below are made up for the tests (numbers, dates and amounts included);
they are not real policies.
"""

import datetime as dt
import json
import os
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import Built, fetch, materialize_all
from tests.gacc_files import EN_PROVINCE, write_download

BEV = "87038000"


def _page(issuer, title, doc_number, published, body, charset="utf-8"):
    return (
        f'<html><head><meta charset="{charset}"></head><body>'
        '<table class="xxgk_table">'
        f"<tr><td><b>索&nbsp;&nbsp;引&nbsp;&nbsp;号：</b></td><td>T-{doc_number}</td>"
        "<td><b>主题分类：</b></td><td>商贸</td></tr>"
        f"<tr><td><b>发文机关：</b></td><td>{issuer}</td>"
        "<td><b>成文日期：</b></td><td>2025年6月1日</td></tr>"
        f"<tr><td><b>标　　题：</b></td><td>{title}</td></tr>"
        f"<tr><td><b>发文字号：</b></td><td>{doc_number}</td>"
        f"<td><b>发布日期：</b></td><td>{published}</td></tr></table>"
        f'<div id="UCAP-CONTENT">{body}</div></body></html>'
    )


PROVINCE_BODY = (
    "<p>一、资金支持</p><p>到2027年，出口规模明显扩大。</p>"
    "<p>（一）设立100亿元新能源汽车产业基金。</p>"
    "<p>（二）对新建海外仓的企业给予最高500万元奖励。</p>"
    "<p>二、物流与应对</p>"
    "<p>（三）支持中欧班列开行汽车专列，力争出口100万辆，增长20%。</p>"
    "<p>（四）每辆奖励3000元，年度安排1.5亿元。</p>"
    "<p>（五）积极应对反补贴调查。</p>"
)
PROVINCE_PAGE = _page(
    "安徽省人民政府", "测试省级措施", "皖测〔2025〕1号", "2025年6月15日", PROVINCE_BODY
)
CITY_PAGE = _page(
    "合肥市人民政府",
    "测试市级措施",
    "合测[2025]2号",
    "2025-06-20",
    "<p>一、海外仓</p><p>（一）支持企业建设海外仓，给予1,200万元补助。</p>",
    charset="utf-8",  # wrong on purpose: the bytes are GBK
)
REGISTRY_YAML = """
registry: autoexport-policy-registry
version: 1
policies:
  - policy_key: test_cn
    jurisdiction_code: CN
    jurisdiction_level: national
    title: 测试国家措施
    issuer: 商务部
    published_on: 2025-06-01
    measures:
      - no: 1
        text: 提供出口信用保险支持，承保规模5亿元。
  - policy_key: test_gd
    jurisdiction_code: "44"
    jurisdiction_level: provincial
    title: 测试广东措施
    issuer: 广东省商务厅
    published_on: 2025-06-10
    measures:
      - no: 1
        text: 支持企业建设海外仓。
"""
REGISTRY_JSON = {
    "registry": "autoexport-policy-registry",
    "version": 1,
    "policies": [
        {
            "policy_key": "test_cq",
            "jurisdiction_code": "50",
            "jurisdiction_level": "provincial",
            "title": "测试重庆措施",
            "issuer": "重庆市人民政府",
            "published_on": "2025-07-01",
            "measures": [{"no": "1", "text": "Expand ro-ro shipping capacity."}],
        },
        {"policy_key": "broken", "jurisdiction_code": "CN", "measures": []},
    ],
}


def policy_landing(root: Path) -> Path:
    folder = root / "policy"
    folder.mkdir(parents=True)
    (folder / "province.html").write_text(PROVINCE_PAGE, encoding="utf-8")
    (folder / "city.html").write_bytes(CITY_PAGE.encode("gbk"))
    copy = folder / "city (1).html"
    copy.write_bytes(CITY_PAGE.encode("gbk"))
    # the copy is saved later: files load oldest first, so it is the duplicate
    later = (folder / "city.html").stat().st_mtime + 60
    os.utime(copy, (later, later))
    (folder / "interpretation.html").write_text(
        "<html><body><h1>解读</h1><p>（一）支持建设海外仓。</p></body></html>", encoding="utf-8"
    )
    (folder / "news.html").write_text("<html><body><p>新闻</p></body></html>", encoding="utf-8")
    (folder / "registry.yaml").write_text(REGISTRY_YAML, encoding="utf-8")
    (folder / "registry.json").write_text(json.dumps(REGISTRY_JSON, ensure_ascii=False), "utf-8")
    (folder / "README.md").write_text("not a policy file", encoding="utf-8")
    return root


def _policy_failures(result) -> list[str]:
    # the policy SQL tables are built in the steps of SQL tables, whose failure names the file
    return [
        e.step_key
        for e in result.all_events
        if e.is_step_failure
        and ("policy" in e.step_key or "policy" in e.step_failure_data.error.message)
    ]


@pytest.fixture(scope="module")
def built_policy(tmp_path_factory) -> Built:
    """``policy_landing`` built once for the tests that only read it."""
    root = tmp_path_factory.mktemp("built_policy")
    landing = policy_landing(root / "landing")
    warehouse = root / "w.duckdb"
    return Built(landing, warehouse, materialize_all(landing, warehouse))


def test_each_format_loads_and_each_file_is_recorded(built_policy):
    warehouse, result = built_policy.warehouse, built_policy.result
    assert _policy_failures(result) == []
    assert fetch(
        warehouse,
        "select source_file, status, rows_in, rows_loaded, rows_quarantined from audit.loads "
        "where source_file like 'policy/%' order by source_file",
    ) == [
        ("policy/city (1).html", "duplicate", 0, 0, 0),
        ("policy/city.html", "loaded", 1, 1, 0),
        ("policy/interpretation.html", "loaded", 1, 1, 0),
        ("policy/news.html", "quarantined", 0, 0, 0),
        ("policy/province.html", "loaded", 1, 1, 0),
        ("policy/registry.json", "loaded_with_quarantine", 2, 1, 1),
        ("policy/registry.yaml", "loaded", 2, 2, 0),
    ]
    assert fetch(
        warehouse,
        "select source_file, row_number, reason from audit.quarantine "
        "where source_file like 'policy/%' order by source_file",
    ) == [
        (
            "policy/news.html",
            None,
            "not a policy page: no metadata table (发文机关, 成文日期, …) and no numbered measures",
        ),
        ("policy/registry.json", 2, "jurisdiction_level missing or not text"),
    ]
    assert fetch(
        warehouse, "select source_file, encoding from raw.policy_files order by source_file"
    ) == [
        ("policy/city.html", "gb18030"),
        ("policy/interpretation.html", "utf-8"),
        ("policy/province.html", "utf-8"),
        ("policy/registry.json", "utf-8"),
        ("policy/registry.yaml", "utf-8"),
    ]
    warnings = dict(
        fetch(warehouse, "select source_file, warning from audit.loads where warning is not null")
    )
    assert "decoded as gb18030" in warnings["policy/city.html"]
    assert warnings["policy/interpretation.html"].startswith("no metadata table")


def test_documents_are_placed_in_gb2260_jurisdictions_with_dates(built_policy):
    warehouse = built_policy.warehouse
    rows = fetch(
        warehouse,
        "select title, jurisdiction_code, jurisdiction_level, province_code, issuer, doc_number, "
        "written_on, published_on, measures from marts.policy_documents order by title",
    )
    june = dt.date(2025, 6, 1)
    assert rows == [
        ("测试国家措施", "CN", "national", None, "商务部", None, None, june, 1),
        ("测试市级措施", "340100", "municipal", "34", "合肥市人民政府", "合测[2025]2号",
         june, dt.date(2025, 6, 20), 1),
        ("测试广东措施", "44", "provincial", "44", "广东省商务厅", None, None,
         dt.date(2025, 6, 10), 1),
        ("测试省级措施", "34", "provincial", "34", "安徽省人民政府", "皖测〔2025〕1号",
         june, dt.date(2025, 6, 15), 5),
        ("测试重庆措施", "50", "provincial", "50", "重庆市人民政府", None, None,
         dt.date(2025, 7, 1), 1),
        ("解读", None, None, None, None, None, None, None, 1),
    ]  # fmt: skip


def test_measures_are_classified_and_amounts_are_in_yuan_exactly(built_policy):
    warehouse = built_policy.warehouse
    rows = fetch(
        warehouse,
        "select m.measure_no, m.category, m.amount_cny, m.amount_is_cap, m.rates_stated "
        "from marts.policy_measures as m join marts.policy_documents using (policy_id) "
        "where title = '测试省级措施' order by m.measure_seq, m.category",
    )
    assert rows == [
        ("1", "finance", Decimal(10_000_000_000), False, []),
        ("2", "overseas_warehouses", Decimal(5_000_000), True, []),
        ("2", "subsidies_awards", Decimal(5_000_000), True, []),
        ("3", "logistics", None, False, []),  # 100万辆 and 20% are not money
        ("4", "subsidies_awards", Decimal(150_000_000), False, ["3000元"]),
        ("5", "trade_remedies", None, False, []),  # 反补贴 is not a subsidy
    ]
    # the GBK page, decoded right, and the English registry text
    assert fetch(
        warehouse,
        "select text, categories, amount_cny from marts.policy_measures "
        "where policy_id in (select policy_id from marts.policy_documents "
        "where title in ('测试市级措施', '测试重庆措施')) and category <> 'subsidies_awards' "
        "order by text",
    ) == [
        ("Expand ro-ro shipping capacity.", ["logistics"], None),
        ("支持企业建设海外仓，给予1,200万元补助。", ["overseas_warehouses", "subsidies_awards"],
         Decimal(12_000_000)),
    ]  # fmt: skip


def test_overlap_and_timeline_add_up_by_hand(built_policy):
    warehouse = built_policy.warehouse
    overlap = {
        row[0]: row[1:]
        for row in fetch(
            warehouse,
            "select category, jurisdiction_codes, measures, amount_cny_stated, funded_by_several "
            "from marts.policy_overlap",
        )
    }
    # the interpretation page has no jurisdiction: it is not counted
    assert overlap["overseas_warehouses"] == (
        ["34", "340100", "44"],
        3,
        Decimal(5_000_000 + 12_000_000),
        True,
    )
    assert overlap["subsidies_awards"] == (
        ["34", "340100"],
        3,
        Decimal(5_000_000 + 150_000_000 + 12_000_000),
        True,
    )
    assert overlap["logistics"] == (["34", "50"], 2, None, True)
    assert overlap["export_credit_insurance"] == (["CN"], 1, Decimal(500_000_000), False)
    assert fetch(
        warehouse,
        "select policies, measures, amount_cny_stated, categories from marts.policy_timeline "
        "where jurisdiction_code = '34' and period = date '2025-06-01'",
    ) == [
        (
            1,
            5,
            Decimal(10_000_000_000 + 5_000_000 + 150_000_000),
            ["finance", "logistics", "overseas_warehouses", "subsidies_awards", "trade_remedies"],
        )
    ]


def test_a_second_build_changes_nothing(built_policy, tmp_path):
    landing, warehouse = built_policy.copy(tmp_path)
    queries = [
        "select * from audit.loads where source_file like 'policy/%' order by all",
        "select * from audit.quarantine where source_file like 'policy/%' order by all",
        "select * from raw.policy_measures order by all",
        "select * exclude (source_files) from marts.policy_documents order by all",
        "select * from marts.policy_measures order by all",
        "select * from marts.policy_overlap order by all",
    ]
    before = [fetch(warehouse, q) for q in queries]
    result = materialize_all(landing, warehouse)
    assert _policy_failures(result) == []
    assert [fetch(warehouse, q) for q in queries] == before


def test_a_document_saved_again_with_other_bytes_is_one_document(tmp_path):
    landing = policy_landing(tmp_path / "landing")
    folder = landing / "policy"
    resaved = folder / "province_saved_later.html"
    resaved.write_text("<!-- saved again -->" + PROVINCE_PAGE, encoding="utf-8")
    later = (folder / "province.html").stat().st_mtime + 60
    os.utime(resaved, (later, later))
    warehouse = tmp_path / "w.duckdb"
    materialize_all(landing, warehouse)
    assert fetch(
        warehouse,
        "select source_file, source_files, measures from marts.policy_documents "
        "where doc_number = '皖测〔2025〕1号'",
    ) == [
        (
            "policy/province_saved_later.html",
            ["policy/province.html", "policy/province_saved_later.html"],
            5,
        )
    ]
    assert fetch(
        warehouse,
        "select count(*) from marts.policy_measures where source_file like 'policy/province%'",
    ) == [(6,)]


def test_export_outcomes_compare_the_province_with_the_country(tmp_path):
    """Anhui 10 BEV a month before, 20 after (none in 2024-07), 1,000 in the policy month
    itself (left out); Shanghai 100 every month. Before: Anhui 110, country 1,310; after:
    Anhui 240, country 1,440."""
    landing = policy_landing(tmp_path / "landing")
    month = dt.date(2024, 6, 1)
    while month <= dt.date(2026, 6, 1):
        anhui = (
            1000 if month == dt.date(2025, 6, 1) else (10 if month < dt.date(2025, 6, 1) else 20)
        )

        # about 150,000 yuan a car, plus YYYYMM so that no two months' downloads are identical
        # (identical downloads load once)
        def value(vehicles: int, month: dt.date = month) -> int:
            return vehicles * 150_000 + int(f"{month:%Y%m}")

        rows = [f"{BEV}|Electric cars|31|Shanghai|100|Vehicle|?|Kilogram|{value(100)}".split("|")]
        if month != dt.date(2024, 7, 1):
            rows.append(
                f"{BEV}|Electric cars|34|Anhui|{anhui}|Vehicle|?|Kilogram|{value(anhui)}".split("|")
            )
        write_download(
            landing / "customs" / "exports" / f"exports_{month:%Y-%m}_province.csv",
            [*EN_PROVINCE, "RMB"],
            rows,
            encoding="utf-8",
            trailing_comma=False,
        )
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    warehouse = tmp_path / "w.duckdb"
    result = materialize_all(landing, warehouse)
    assert _policy_failures(result) == []
    rows = fetch(
        warehouse,
        "select title, province_code, months_before, months_after, vehicles_before, "
        "vehicles_after, change_pct, national_vehicles_before, national_vehicles_after, "
        "national_change_pct from marts.policy_export_outcomes order by title",
    )
    assert rows == [
        # the city's policy is judged on its province's exports
        ("测试市级措施", "34", 12, 12, 110, 240, Decimal("118.2"), 1310, 1440, Decimal("9.9")),
        # Guangdong exported nothing in the sample: no change can be computed
        ("测试广东措施", "44", 12, 12, 0, 0, None, 1310, 1440, Decimal("9.9")),
        ("测试省级措施", "34", 12, 12, 110, 240, Decimal("118.2"), 1310, 1440, Decimal("9.9")),
        # July 2025 policy: its year before holds 2024-07 (100), ten months of 110 and
        # June 2025 (1,100); the year after runs to 2026-07, one month short
        ("测试重庆措施", "50", 12, 11, 0, 0, None, 100 + 10 * 110 + 1100, 11 * 120, None),
    ]  # fmt: skip
