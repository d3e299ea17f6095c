"""Find the period (a month) of a download from its file name."""

from __future__ import annotations

import datetime as dt
import re

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
