"""Months: the period of a download from its file name, and the months that cannot exist yet."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

# GACC publishes by calendar month in Beijing time; a build's date is its date there.
BUILD_TIMEZONE_NAME = "Asia/Shanghai"
BUILD_TIMEZONE = ZoneInfo(BUILD_TIMEZONE_NAME)

# YYYYMM or YYYY-MM not glued to other digits: "exports_202405_usd.csv", "x_2025-04.csv"
_PERIOD_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d{2})-?(0[1-9]|1[0-2])(?!\d)")


class PeriodError(ValueError):
    """The file name names no month, or more than one."""


def period_from_filename(name: str) -> dt.date:
    found = {dt.date(int(y), int(m), 1) for y, m in _PERIOD_IN_NAME.findall(name)}
    if not found:
        raise PeriodError("period unknown: no period column and no YYYYMM or YYYY-MM in the name")
    if len(found) > 1:
        months = ", ".join(sorted(d.strftime("%Y-%m") for d in found))
        raise PeriodError(f"period unknown: file name names several months ({months})")
    return found.pop()


def build_date(loaded_at: dt.datetime | None = None) -> dt.date:
    """The build's date in Beijing time. ``loaded_at`` is the build's load time as the loaders
    get it (naive UTC); without it, now. Tests fix the date by passing ``loaded_at``."""
    moment = loaded_at.replace(tzinfo=dt.UTC) if loaded_at is not None else dt.datetime.now(dt.UTC)
    return moment.astimezone(BUILD_TIMEZONE).date()


def previous_month(today: dt.date) -> dt.date:
    """The first day of the month before ``today``'s."""
    return (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def future_month_reason(month: dt.date, today: dt.date, unit: str = "period") -> str | None:
    """Why a month (its first day) cannot have data yet on ``today``, or None when it can."""
    if month.replace(day=1) <= today:
        return None
    return f"{unit} {month:%Y-%m} is after the build date {today:%Y-%m-%d}"


def future_year_reason(year: int, today: dt.date) -> str | None:
    """Why a year cannot have data yet on ``today``, or None when it can."""
    if year <= today.year:
        return None
    return f"period {year} is after the build date {today:%Y-%m-%d}"
