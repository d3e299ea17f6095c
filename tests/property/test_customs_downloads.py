"""Customs downloads drawn from the format's rules load exactly; mutated ones are refused.

(a) every valid download loads every row, with exactly the figures drawn, into raw and through
staging's typing; (b) a mutated download (cut short, a row with a field short or too many,
bytes of another encoding, a byte no encoding has, a figure that is not a number) is refused
as a whole or in the row at fault, naming the file and the row, and never loads a wrong
number; (c) loading files of different months is idempotent and independent of their order.
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal

from hypothesis import assume, given
from hypothesis import strategies as st

from tests.property.gacc_format import Download, downloads
from tests.property.harness import (
    load_customs,
    quarantined,
    stage_customs,
    staged_rows,
    warehouse,
    workspace,
)

EXPORTS = "customs/exports"
RAW_OF_ROLE = {"value": "trade_value"}


def expected_staged(download: Download, row) -> tuple:
    """What staging must hold for a valid row: no reason, the drawn period, codes, figures."""

    def code(role: str) -> str | None:
        return row.cells[role] if role in download.roles else None

    def decimal(value: int | None) -> Decimal | None:
        return None if value is None else Decimal(value)

    return (
        None,
        row.period,
        row.cells["hs_code"].lstrip("'"),
        code("partner_code"),
        code("trade_mode_code"),
        code("province_code"),
        decimal(row.quantity),
        decimal(row.quantity_2),
        row.value,
    )


def _load(folder, download: Download):
    landing = folder / "landing"
    path = download.write(landing / EXPORTS)
    con = warehouse(folder)
    [outcome] = load_customs(con, landing, folder)
    return con, outcome, f"{EXPORTS}/{path.name}"


@given(downloads())
def test_a_valid_download_loads_every_row_with_the_figures_drawn(download):
    with workspace() as folder:
        con, outcome, source = _load(folder, download)
        assert (outcome.status, outcome.rows_loaded) == ("loaded", len(download.rows)), (
            outcome,
            quarantined(con),
        )
        roles = [RAW_OF_ROLE.get(role, role) for role in download.roles]
        raw = con.execute(
            f"select {', '.join(roles)} from raw.customs_rows order by row_number"
        ).fetchall()
        # the text of every cell as written: an empty cell reads as NULL
        assert raw == [
            tuple(cell or None for cell in download.row_cells(row)) for row in download.rows
        ]
        stage_customs(con)
        staged = staged_rows(con)
        assert staged == {
            (source, number): expected_staged(download, row)
            for number, row in enumerate(download.rows, start=1)
        }


# --- mutations: each returns the mutated bytes and the data row it damaged (None: the file)


def _line_spans(download: Download, data: bytes) -> list[tuple[int, int]]:
    """[start, end) byte offsets of the header and each data row's line (its break excluded)."""
    spans, start = [], 0
    eol = download.eol.encode()
    while start < len(data):
        end = data.index(eol, start)
        spans.append((start, end))
        start = end + len(eol)
    return spans


def cut_short(download: Download, data: bytes, draw) -> tuple[bytes, int | None]:
    spans = _line_spans(download, data)
    at = draw(st.integers(spans[0][1] + 1, len(data) - 1))
    return data[:at], None


def shift_columns(download: Download, data: bytes, draw) -> tuple[bytes, int | None]:
    number = draw(st.integers(1, len(download.rows)))
    cells = download.row_cells(download.rows[number - 1])
    at = draw(st.integers(0, len(cells) - 1))
    if draw(st.booleans()):
        cells = cells[:at] + cells[at + 1 :]  # a field short
    else:
        cells = cells[:at] + [draw(st.sampled_from(["1", "x", "", "12,345"]))] + cells[at:]
    return _replace_row(download, data, number, download.encode(download.line(cells))), number


def wrong_encoding(download: Download, data: bytes, draw) -> tuple[bytes, int | None]:
    """One row's name in bytes of another encoding: GB18030 in a UTF-8 file, UTF-8 in a
    GB18030 file, or latin-1."""
    number = draw(st.integers(1, len(download.rows)))
    row = download.rows[number - 1]
    other = draw(
        st.sampled_from(["latin-1", "utf-8" if download.encoding == "gb18030" else "gb18030"])
    )
    text = "Société Citroën Škoda"[: draw(st.integers(4, 21))] if other == "latin-1" else None
    name = text.encode("latin-1", "ignore") if text else row.cells["commodity_name"].encode(other)
    cells = [
        "\x00NAME\x00" if role == "commodity_name" else cell
        for role, cell in zip(download.roles, download.row_cells(row), strict=True)
    ]
    line = download.encode(download.line(cells)).replace(b"\x00NAME\x00", name)
    assume(line != download.encode(download.line(download.row_cells(row))))
    return _replace_row(download, data, number, line), number


def flip_byte(download: Download, data: bytes, draw) -> tuple[bytes, int | None]:
    """A byte inside a data row's field (not a quote, comma or line break) becomes 0xFF, a
    byte no UTF-8 or GB18030 text has."""
    spans = _line_spans(download, data)
    number = draw(st.integers(1, len(spans) - 1))
    start, end = spans[number]
    inside = [i for i in range(start, end) if data[i] not in b'",\r\n']
    assume(inside)
    at = draw(st.sampled_from(inside))
    return data[:at] + b"\xff" + data[at + 1 :], number


def not_a_number(download: Download, data: bytes, draw) -> tuple[bytes, int | None]:
    number = draw(st.integers(1, len(download.rows)))
    row = download.rows[number - 1]
    role = draw(st.sampled_from(["quantity", "quantity_2", "value"]))
    bad = ["abc", "12a", "1.2.3", "１２３", "N/A", "--5", "-5", "1 234", "1e5", "0x1F", "1_000"]
    # a decimal is a number for a quantity (the oracle draws whole ones), never for a value
    bad = draw(st.sampled_from(bad + (["12.5", "3.0"] if role == "value" else [])))
    cells = [bad if r == role else row.cells[r] for r in download.roles]
    return _replace_row(download, data, number, download.encode(download.line(cells))), number


def _replace_row(download: Download, data: bytes, number: int, line: bytes) -> bytes:
    start, end = _line_spans(download, data)[number]
    eol = download.eol.encode()
    if line.endswith(eol):
        line = line[: -len(eol)]
    return data[:start] + line + data[end:]


MUTATIONS = {
    "cut_short": cut_short,
    "shift_columns": shift_columns,
    "wrong_encoding": wrong_encoding,
    "flip_byte": flip_byte,
    "not_a_number": not_a_number,
}


@given(downloads(max_rows=6), st.sampled_from(sorted(MUTATIONS)), st.data())
def test_a_mutated_download_is_refused_and_never_loads_a_wrong_number(download, mutation, data):
    original = download.data()
    mutated, damaged = MUTATIONS[mutation](download, original, data.draw)
    with workspace() as folder:
        landing = folder / "landing"
        path = landing / EXPORTS / download.name
        path.parent.mkdir(parents=True)
        path.write_bytes(mutated)
        source = f"{EXPORTS}/{download.name}"
        con = warehouse(folder)
        [outcome] = load_customs(con, landing, folder)
        refusals = quarantined(con)
        for refused_file, _, reason in refusals:
            assert refused_file == source and 0 < len(reason) <= 300
        if outcome.status == "quarantined":
            assert [(f, row) for f, row, _ in refusals] == [(source, None)]
            assert con.execute("select count(*) from raw.customs_rows").fetchone() == (0,)
            return
        stage_customs(con)
        staged = staged_rows(con)
        refused_rows = {row for _, row, _ in refusals} | {
            row for (_, row), values in staged.items() if values[0] is not None
        }
        expected = {
            number: expected_staged(download, row)
            for number, row in enumerate(download.rows, start=1)
        }
        loaded = {row: values for (_, row), values in staged.items() if values[0] is None}
        # never a wrong number: a row that loads is the row drawn, in its place
        for number, values in loaded.items():
            assert values == expected[number], (mutation, number)
        if damaged is not None:
            # the damaged row is refused by number, unless the damage left its figures whole
            # (bytes of another encoding in a name can still be text)
            assert damaged in refused_rows or (
                mutation == "wrong_encoding" and loaded.get(damaged) == expected[damaged]
            ), (mutation, damaged, refusals)
            assert refused_rows <= {damaged}, (mutation, damaged, refusals)


@st.composite
def two_months(draw):
    first = draw(downloads(max_rows=5, sizes=("rows",), multi_month=False))
    second = draw(downloads(max_rows=5, sizes=("rows",), multi_month=False))
    assume(first.rows[0].period != second.rows[0].period)
    second.name = "second_" + second.name  # the names differ whatever the draw
    return first, second


@given(two_months())
def test_loading_is_idempotent_and_independent_of_file_order(files):
    first, second = files
    with workspace() as folder:
        results = []
        for order, name in (((first, second), "ab"), ((second, first), "ba")):
            landing = folder / f"landing_{name}"
            for index, download in enumerate(order):
                path = download.write(landing / EXPORTS)
                stamp = 1_700_000_000 + index  # load order is modification time
                os.utime(path, (stamp, stamp))
            con = warehouse(folder, name)
            outcomes = load_customs(con, landing, folder)
            assert {o.status for o in outcomes} == {"loaded"}
            again = load_customs(con, landing, folder, dt.datetime(2026, 1, 2))
            assert {o.status for o in again} == {"unchanged"}
            stage_customs(con)
            results.append(staged_rows(con))
            con.close()
        assert results[0] == results[1]
        assert len(results[0]) == len(first.rows) + len(second.rows)
