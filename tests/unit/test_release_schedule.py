"""The schedule builds the month GACC is releasing, on Beijing time."""

import datetime as dt
from zoneinfo import ZoneInfo

import dagster as dg

from pipelines.defs.automation.release_schedule import RELEASE_CRON, gacc_release_schedule

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_schedule_runs_on_gacc_days_in_beijing_time():
    assert RELEASE_CRON == "0 10 15,22,28 * *"
    assert gacc_release_schedule.execution_timezone == "Asia/Shanghai"


def test_a_tick_requests_last_months_partition():
    when = dt.datetime(2025, 6, 15, 10, 0, tzinfo=SHANGHAI)
    context = dg.build_schedule_context(scheduled_execution_time=when)
    request = gacc_release_schedule(context)
    assert request.partition_key == "2025-05"
    assert request.run_key == "2025-06-15:2025-05"


def test_a_january_tick_requests_december_of_the_year_before():
    # 2025-01-15 10:00 in Beijing is still 2025-01-15 02:00 UTC: the month is Beijing's
    when = dt.datetime(2025, 1, 15, 2, 0, tzinfo=dt.UTC)
    request = gacc_release_schedule(dg.build_schedule_context(scheduled_execution_time=when))
    assert request.partition_key == "2024-12"
