"""The freshness rule: which month the warehouse should hold on a given day (Beijing time)."""

import datetime as dt

import pytest

from pipelines.defs.automation.freshness import (
    DETAILED_DATA_DUE_DAY,
    NATIONAL_TABLES_DUE_DAY,
    expected_latest_month,
    freshness_result,
)


@pytest.mark.parametrize(
    ("today", "due_day", "expected"),
    [
        # national tables: last month from the 20th, the month before until then
        (dt.date(2025, 5, 19), NATIONAL_TABLES_DUE_DAY, dt.date(2025, 3, 1)),
        (dt.date(2025, 5, 20), NATIONAL_TABLES_DUE_DAY, dt.date(2025, 4, 1)),
        # detailed downloads: from the 25th
        (dt.date(2025, 5, 24), DETAILED_DATA_DUE_DAY, dt.date(2025, 3, 1)),
        (dt.date(2025, 5, 25), DETAILED_DATA_DUE_DAY, dt.date(2025, 4, 1)),
        # January is released with February (in March): in February, December is enough
        (dt.date(2025, 2, 21), NATIONAL_TABLES_DUE_DAY, dt.date(2024, 12, 1)),
        (dt.date(2025, 3, 10), NATIONAL_TABLES_DUE_DAY, dt.date(2024, 12, 1)),
        (dt.date(2025, 3, 20), NATIONAL_TABLES_DUE_DAY, dt.date(2025, 2, 1)),
        # across the year
        (dt.date(2026, 1, 5), NATIONAL_TABLES_DUE_DAY, dt.date(2025, 11, 1)),
    ],
)
def test_expected_latest_month(today, due_day, expected):
    assert expected_latest_month(today, due_day) == expected


def test_result_passes_when_the_expected_month_is_there_and_warns_otherwise():
    today = dt.date(2025, 5, 20)
    fresh = freshness_result(dt.date(2025, 4, 1), today, NATIONAL_TABLES_DUE_DAY)
    assert fresh.passed
    stale = freshness_result(dt.date(2025, 3, 1), today, NATIONAL_TABLES_DUE_DAY)
    assert not stale.passed
    assert stale.severity.value == "WARN"
    assert stale.metadata["expected_latest_month"].value == "2025-04"
    assert "overdue" in stale.description
    assert not freshness_result(None, today, NATIONAL_TABLES_DUE_DAY).passed
