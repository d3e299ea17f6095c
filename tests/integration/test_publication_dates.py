"""Release vintages by publication date (issue 18): the README's "what did we know" query,
and the three ways a file's publication date is known."""

import datetime as dt
import os
import re
from decimal import Decimal
from pathlib import Path

from bs4 import BeautifulSoup

from pipelines.lib.sources.releases.html import stated_publication_date
from tests.conftest import fetch, materialize_all
from tests.unit.test_release_parsers import CAR_APRIL, PARTS_APRIL, release_page

CAR = "motor_vehicles_incl_chassis"
APRIL = dt.date(2025, 4, 1)
README = Path(__file__).resolve().parents[2] / "README.md"


def _readme_query() -> str:
    """The SQL block under "What did we know on 2025-05-20?" in the README, as written."""
    text = README.read_text(encoding="utf-8")
    after = text[text.index("What did we know on 2025-05-20?") :]
    return re.search(r"```sql\n(.*?)```", after, re.DOTALL).group(1)


def test_readme_query_returns_the_months_published_by_then(built_sample):
    warehouse = built_sample.warehouse
    assert built_sample.result.success
    rows = fetch(warehouse, _readme_query())
    by_period = {row[0]: row for row in rows}
    # January-February (published 2025-03-07), March derived and April (2025-05-09); May was
    # published 2025-06-09, after the day asked about
    assert sorted(by_period) == [dt.date(2025, 1, 1), dt.date(2025, 3, 1), APRIL]
    assert by_period[APRIL][1] == 620_000
    assert by_period[dt.date(2025, 3, 1)][1] == 567_000
    assert by_period[dt.date(2025, 1, 1)][1] == 971_000
    for row in rows:
        assert row[-2] <= dt.date(2025, 5, 20)
        assert row[-1] == "gacc_release_calendar"
    dates = dict(
        fetch(
            warehouse,
            "select period, max(published_on) from marts.national_monthly_history "
            "where product = ? group by period",
            [CAR],
        )
    )
    assert dates[APRIL] == dt.date(2025, 5, 9)
    assert dates[dt.date(2025, 5, 1)] == dt.date(2025, 6, 9)
    assert dates[dt.date(2025, 1, 1)] == dt.date(2025, 3, 7)


def _known_on(warehouse, day: dt.date):
    return fetch(
        warehouse,
        "select vehicles, published_on_basis from marts.national_monthly_history "
        "where product = ? and period = ? and published_on <= ? "
        "and (published_until is null or published_until > ?)",
        [CAR, APRIL, day, day],
    )


def test_a_revision_carries_the_date_it_states_else_its_file_date(built_sample, tmp_path):
    assert built_sample.result.success
    sample_landing, warehouse = built_sample.copy(tmp_path)
    releases = sample_landing / "customs" / "releases"

    # a revised April page stating its publication date
    revised = (*CAR_APRIL[:2], "62.5", "805.0", "216.3", *CAR_APRIL[5:])
    page = releases / "release_202504_exports_cny_revised.html"
    html = release_page(2025, 4, [revised, PARTS_APRIL])
    html = html.replace("<head>", '<head><meta name="PubDate" content="2025-05-25 10:00">', 1)
    assert 'name="PubDate"' in html
    page.write_text(html, encoding="utf-8")
    later = page.stat().st_mtime + 60
    os.utime(page, (later, later))
    assert materialize_all(sample_landing, warehouse).success

    assert _known_on(warehouse, dt.date(2025, 5, 20)) == [(620_000, "gacc_release_calendar")]
    assert _known_on(warehouse, dt.date(2025, 5, 25)) == [(625_000, "stated_in_file")]

    # a second revision stating nothing: not the first April CNY table, so the calendar's
    # first-release date does not apply; its file's modification date does
    again = (*CAR_APRIL[:2], "63.0", "810.0", "216.8", *CAR_APRIL[5:])
    page2 = releases / "release_202504_exports_cny_revised2.html"
    page2.write_text(release_page(2025, 4, [again, PARTS_APRIL]), encoding="utf-8")
    stamp = dt.datetime(2025, 6, 30, 4, 0, tzinfo=dt.UTC).timestamp()  # 12:00 in Beijing
    os.utime(page2, (stamp, stamp))
    # load order is modification time: keep this file after the others of the build
    assert materialize_all(sample_landing, warehouse).success
    [(published_on, basis, vehicles)] = fetch(
        warehouse,
        "select published_on, published_on_basis, vehicles from marts.national_monthly_history "
        "where product = ? and period = ? and source_file like '%revised2.html'",
        [CAR, APRIL],
    )
    assert (published_on, basis, vehicles) == (dt.date(2025, 6, 30), "file_date", 630_000)
    assert _known_on(warehouse, dt.date(2025, 6, 1)) == [(625_000, "stated_in_file")]
    assert _known_on(warehouse, dt.date(2025, 7, 1)) == [(630_000, "file_date")]
    [(value,)] = fetch(
        warehouse,
        "select value_cny from marts.national_monthly where product = ? and period = ?",
        [CAR, APRIL],
    )
    assert value == Decimal("81000000000.00")


def test_stated_publication_date_forms():
    april = dt.date(2025, 4, 1)

    def stated(html: str) -> dt.date | None:
        return stated_publication_date(BeautifulSoup(html, "lxml"), april)

    assert stated('<meta name="PubDate" content="2025-05-09 10:00">') == dt.date(2025, 5, 9)
    assert stated("<p>发布时间：2025-05-09</p>") == dt.date(2025, 5, 9)
    assert stated("<p>发布时间：2025年5月9日</p>") == dt.date(2025, 5, 9)
    assert stated("<p>Release date: 2025/05/09</p>") == dt.date(2025, 5, 9)
    assert stated("<p>no date here, 2025-05-09</p>") is None
    # a date not after the month reported cannot be its publication date
    assert stated("<p>发布时间：2025-04-30</p>") is None
    assert stated("<p>发布时间：2025-02-30</p>") is None
