"""Money amounts in measure texts, in yuan exactly; quantities and shares are not money."""

from decimal import Decimal

import pytest

from pipelines.lib.sources.policy.amounts import extract_amounts, measure_amount


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("给予最高500万元奖励", [(Decimal(5_000_000), "cap")]),
        ("设立100亿元产业基金", [(Decimal(10_000_000_000), "total")]),
        ("安排1.5亿元专项资金", [(Decimal(150_000_000), "total")]),
        ("奖励12.345万元", [(Decimal(123_450), "total")]),
        ("补助1,200万元", [(Decimal(12_000_000), "total")]),
        ("最高可给予１０００万元补助", [(Decimal(10_000_000), "cap")]),  # full-width digits
        ("奖励50万元以内", [(Decimal(500_000), "cap")]),
        ("给予200万—500万元支持", [(Decimal(5_000_000), "cap")]),
        ("奖励3千万元", [(Decimal(30_000_000), "total")]),
        ("每辆奖励3000元", [(Decimal(3000), "rate")]),
        ("电价优惠0.2元/千瓦时", [(Decimal("0.2"), "rate")]),
        ("力争2025年出口100万辆，同比增长20%", []),
        ("吸引外资5000万美元", []),
    ],
)
def test_amounts(text, expected):
    assert [(a.amount_cny, a.kind) for a in extract_amounts(text)] == expected


def test_measure_amount_adds_totals_and_caps_but_not_rates():
    amounts = extract_amounts("年度安排3亿元，单个项目最高2000万元，每辆车奖励3000元。")
    assert [a.phrase for a in amounts] == ["3亿元", "2000万元", "3000元"]
    assert measure_amount(amounts) == Decimal(320_000_000)


def test_no_money_means_no_amount():
    assert measure_amount(extract_amounts("出口100万辆，增长20%")) is None
    assert measure_amount(extract_amounts("每辆奖励3000元")) is None
