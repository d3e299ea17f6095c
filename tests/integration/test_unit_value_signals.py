"""marts.unit_value_signals: a price break of one HS code to one destination is flagged even
when the destination's mix barely moves (issue 18)."""

import datetime as dt

from tests.conftest import BEV, ICE, fetch, materialize_all
from tests.gacc_files import ZH_PARTNER, write_download

MAY = dt.date(2024, 5, 1)


def _month(exports, month: int, bev_value: int) -> None:
    """Russia buys 10 BEVs (100,000 yuan each until May) and 1,000 ICE cars (50,000 each, a
    few yuan more each month so that no two months' files have the same bytes)."""
    write_download(
        exports / f"exports_2024{month:02d}_partner_cny.csv",
        [*ZH_PARTNER, "人民币"],
        [
            [
                f"'{BEV}",
                "纯电动乘用车",
                "344",
                "俄罗斯联邦",
                "10",
                "辆",
                "18,000",
                "千克",
                f"{bev_value:,}",
            ],
            [
                f"'{ICE}",
                "点燃式小轿车",
                "344",
                "俄罗斯联邦",
                "1,000",
                "辆",
                "?",
                "千克",
                f"{50_000_000 + month:,}",
            ],
        ],
    )


def test_a_price_break_of_one_code_is_flagged_though_the_mix_barely_moves(tmp_path):
    exports = tmp_path / "landing" / "customs" / "exports"
    for month in range(1, 5):
        _month(exports, month, 1_000_000)
    cut = 1_000_000 // 3  # May: the BEV row's value cut to a third
    _month(exports, 5, cut)
    warehouse = tmp_path / "w.duckdb"
    result = materialize_all(tmp_path / "landing", warehouse)
    assert result.success, [
        (e.check_name, str(e.metadata)[:600])
        for e in result.get_asset_check_evaluations()
        if not e.passed and e.severity.value == "ERROR"
    ]

    # the destination as a whole: its unit value moves by well under half, so no flag
    [(dest_uv, dest_usual, dest_range, dest_halved)] = fetch(
        warehouse,
        "select unit_value_cny, usual_unit_value_cny, unit_value_outside_usual_range, "
        "unit_value_halved from marts.market_signals where partner_iso3 = 'RUS' and period = ?",
        [MAY],
    )
    assert float(dest_uv) / float(dest_usual) > 0.98  # (cut + 50M) / 1,010 vs 51M / 1,010
    assert (dest_range, dest_halved) == (False, False)

    # the BEV code against its own history: a third of its usual 100,000 yuan
    [(uv, usual, months, prev, outside, halved)] = fetch(
        warehouse,
        "select unit_value_cny, usual_unit_value_cny, unit_value_history_months, "
        "unit_value_cny_prev_month, unit_value_outside_usual_range, unit_value_halved "
        "from marts.unit_value_signals where partner_iso3 = 'RUS' and hs_code = ? and period = ?",
        [BEV, MAY],
    )
    assert float(uv) == round(cut / 10, 2)
    assert (float(usual), months, float(prev)) == (100_000.0, 4, 100_000.0)
    assert (outside, halved) == (True, True)
    # the ICE code kept its price: not flagged
    assert fetch(
        warehouse,
        "select unit_value_outside_usual_range, unit_value_halved from marts.unit_value_signals "
        "where partner_iso3 = 'RUS' and hs_code = ? and period = ?",
        [ICE, MAY],
    ) == [(False, False)]
    # too little history in the first months: not judged
    assert fetch(
        warehouse,
        "select period, unit_value_outside_usual_range from marts.unit_value_signals "
        "where hs_code = ? and period < date '2024-04-01' order by period",
        [BEV],
    ) == [(dt.date(2024, m, 1), None) for m in (1, 2, 3)]
