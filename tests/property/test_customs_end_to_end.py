"""Drawn downloads through the whole build (loader, staging, marts, checks) into a warehouse.

A build costs seconds, so this runs few examples (one in the "ci" profile, one in 200 of the
"fuzz" profile's); the other customs
properties run at the loader and staging level. A month after the build date in a download
never reaches a mart, whatever the clock says."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import fetch, materialize_all
from tests.property.gacc_format import downloads
from tests.property.harness import workspace

pytestmark = pytest.mark.build  # a whole build: not in make test-fast


@st.composite
def partner_downloads(draw):
    download = draw(downloads(max_rows=6, sizes=("rows",), multi_month=False,
                              dimensions=("partner",)))  # fmt: skip
    # one row per commodity and partner: the grain of the mart
    seen, rows = set(), []
    for row in download.rows:
        key = (row.cells["hs_code"].lstrip("'"), row.cells["partner_code"])
        if key not in seen:
            seen.add(key)
            rows.append(row)
    download.rows = rows
    return download


@settings(max_examples=max(1, settings().max_examples // 200))
@given(partner_downloads())
def test_a_drawn_download_reaches_the_marts_with_its_figures(download):
    with workspace() as folder:
        landing = folder / "landing"
        download.write(landing / "customs" / "exports")
        # a month that cannot exist yet: refused whole, never in a mart
        future = dt.date.today().year + 2
        download.name = f"exports_{future}01.csv"
        download.quote_all = not download.quote_all  # other bytes: not a copy of the first
        download.write(landing / "customs" / "exports")
        warehouse = folder / "w.duckdb"
        result = materialize_all(landing, warehouse)
        assert result.success
        value = "value_cny" if download.currency == "CNY" else "value_usd"
        drawn = download.rows
        facts = fetch(
            warehouse,
            f"select count(*), sum({value}), max(period) from marts.fct_customs_trade",
        )
        assert facts == [
            (
                len(drawn),
                sum(r.value for r in drawn if r.value is not None)
                if any(r.value is not None for r in drawn)
                else None,
                drawn[0].period,
            )
        ]
        assert fetch(
            warehouse,
            "select count(*) from audit.quarantine where reason like '%after the build date%'",
        ) == [(1,)]
        for mart in ("exports_by_destination", "exports_by_powertrain"):
            [(latest,)] = fetch(warehouse, f"select max(period) from marts.{mart}")
            assert latest is None or latest <= drawn[0].period
