import datetime as dt

import pytest

from pipelines.lib.periods import PeriodError, period_from_filename


@pytest.mark.parametrize(
    ("name", "period"),
    [
        ("exports_202405_usd.csv", dt.date(2024, 5, 1)),
        ("exports_2025-04_province_en.csv", dt.date(2025, 4, 1)),
        ("202512.csv", dt.date(2025, 12, 1)),
        ("exports_202503_partner_cny (1).csv", dt.date(2025, 3, 1)),
    ],
)
def test_period_in_the_file_name(name, period):
    assert period_from_filename(name) == period


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("exports_partner.csv", "no period column and no YYYYMM"),
        ("exports_2025jan-feb.csv", "no period column and no YYYYMM"),
        ("exports_202513.csv", "no period column and no YYYYMM"),  # no month 13
        ("exports_20250415.csv", "no period column and no YYYYMM"),  # a day, not a month
        ("exports_202501-202503.csv", "several months"),
    ],
)
def test_file_names_without_one_clear_month_are_refused(name, reason):
    with pytest.raises(PeriodError, match=reason):
        period_from_filename(name)


def test_the_same_month_written_twice_is_one_month():
    assert period_from_filename("x_202504_2025-04.csv") == dt.date(2025, 4, 1)
