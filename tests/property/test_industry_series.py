"""Industry series (landing/industry/*.csv) drawn from their format: every valid file loads
every figure drawn; a bad row is refused by number and the others load; a second load is a
no-op. Format: shared/formats/industry/README.md (header source,country,metric,period,value,
unit; a year or a month; a value in the unit given), as any CSV writer may save it: quoted or
not, BOM or not, UTF-8 or GB18030, CRLF or LF, thousands separators or none."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from pipelines.lib.sources.industry.loader import load_industry_landing
from tests.property.gacc_format import BUILD_DAY
from tests.property.harness import quarantined, warehouse, workspace
from tests.property.repertoire import name, thousands

HEADER = ["source", "country", "metric", "period", "value", "unit"]


@st.composite
def figures(draw):
    """(row cells as written, the value they mean)."""
    language = draw(st.sampled_from(["zh", "en"]))
    source = draw(
        st.sampled_from(["CAAM", "JAMA", "GACC", "中国汽车工业协会"]) | name(language, 12)
    )
    country = draw(st.from_regex(r"[A-Z]{3}", fullmatch=True))
    metric = draw(st.sampled_from(["vehicle_exports", "nev_exports", "vehicle_exports_yoy_pct"]))
    year = draw(st.integers(2000, 2025))
    period = str(year) if draw(st.booleans()) else f"{year}-{draw(st.integers(1, 12)):02d}"
    tenths = draw(st.integers(-(10**9), 10**12))
    whole = tenths % 10 == 0 or metric != "vehicle_exports_yoy_pct"
    value = Decimal(tenths // 10) if whole else Decimal(tenths) / 10
    if whole:
        text = thousands(int(value)) if draw(st.booleans()) else str(int(value))
    else:
        text = str(value)
    unit = draw(st.sampled_from(["vehicles", "%", "辆", "万辆"]))
    return [source, country, metric, period, text, unit], value


@st.composite
def industry_files(draw):
    rows = draw(st.lists(figures(), min_size=1, max_size=30))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
    eol = draw(st.sampled_from(["\r\n", "\n"]))
    text = io.StringIO()
    writer = csv.writer(text, quoting=quoting, lineterminator=eol)
    writer.writerow(HEADER)
    writer.writerows(cells for cells, _ in rows)
    return text.getvalue().encode(encoding), rows


def _load(folder, data: bytes):
    landing = folder / "landing"
    (landing / "industry").mkdir(parents=True)
    (landing / "industry" / "series.csv").write_bytes(data)
    con = warehouse(folder)
    return con, landing, load_industry_landing(con, landing, BUILD_DAY)


def _values(con) -> list[tuple]:
    # the figure as staging types it (release_industry_series.sql)
    return con.execute(
        "select row_number, source, country, metric, period, "
        "replace(value, ',', '')::decimal(38, 3), unit from raw.industry_series order by 1"
    ).fetchall()


@given(industry_files())
def test_a_valid_industry_file_loads_every_figure_drawn(drawn):
    data, rows = drawn
    with workspace() as folder:
        con, landing, [outcome] = _load(folder, data)
        assert (outcome.status, outcome.rows_loaded) == ("loaded", len(rows)), quarantined(con)
        assert _values(con) == [
            (number, *cells[:4], value, cells[5])
            for number, (cells, value) in enumerate(rows, start=1)
        ]
        assert [o.status for o in load_industry_landing(con, landing, BUILD_DAY)] == ["unchanged"]


BAD = {
    "value": ["abc", "１２３", "1.2.3", "12a", ""],
    "period": ["2024-13", "24", "2024/05", "２０２４", "2031", "2026-02"],
    "fields": [None],
}


@given(industry_files(), st.data())
def test_a_bad_row_is_refused_by_number_and_the_others_load(drawn, data):
    _, rows = drawn
    number = data.draw(st.integers(1, len(rows)))
    kind = data.draw(st.sampled_from(sorted(BAD)))
    cells = list(rows[number - 1][0])
    if kind == "fields":
        cells = cells[:-1]
    else:
        cells[HEADER.index(kind)] = data.draw(st.sampled_from(BAD[kind]))
    lines = [HEADER] + [c for c, _ in rows]
    lines[number] = cells
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows(lines)
    with workspace() as folder:
        con, _, [outcome] = _load(folder, text.getvalue().encode("utf-8"))
        assert outcome.status == "loaded_with_quarantine"
        [(source_file, row, reason)] = quarantined(con)
        assert (source_file, row) == ("industry/series.csv", number) and len(reason) <= 300
        assert [v[0] for v in _values(con)] == [n for n in range(1, len(rows) + 1) if n != number]
    # a month after the build date is among the refusals: 2026-02 on 2026-01-01
    assert dt.date(2026, 2, 1) > BUILD_DAY.date()
