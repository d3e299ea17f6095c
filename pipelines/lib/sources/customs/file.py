"""Inspect one customs download before loading: encoding, header, period, completeness.

Pure Python that reads only the head and the tail of the file, so a bad file is refused
with a precise reason before any row reaches the warehouse.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from pipelines.lib.load_audit import irregular_reason
from pipelines.lib.periods import (
    PeriodError,
    build_date,
    future_month_reason,
    period_from_filename,
)
from pipelines.lib.sources.customs.header import CustomsHeader, HeaderError, parse_header
from pipelines.lib.text_encoding import SAMPLE_BYTES, EncodingError, detect_encoding

# The query platform silently stops a download at this many data rows.
PLATFORM_ROW_CAP = 10_000
_TAIL_BYTES = 64 * 1024


class FileRejected(ValueError):
    """The whole file is quarantined; the message is the reason."""


@dataclass(frozen=True)
class CustomsFileProfile:
    encoding: str  # Python codec name
    header: CustomsHeader
    file_period: dt.date | None  # from the name; None when rows carry their own period


def _parse_line(line: str) -> list[str]:
    return next(csv.reader(io.StringIO(line)), [])


def _check_last_line(path: Path, encoding: str, header: CustomsHeader) -> None:
    """A download cut off mid-line must not load: its totals would silently be short."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        handle.seek(max(0, size - _TAIL_BYTES))
        tail = handle.read()
    if tail.endswith(b"\n"):
        return
    last = tail.rsplit(b"\n", 1)[-1]
    try:
        text = last.decode(encoding.replace("-sig", ""))
    except UnicodeDecodeError as exc:
        raise FileRejected("truncated: the file ends inside a character") from exc
    if text.count('"') % 2 == 1:
        raise FileRejected("truncated: the last line ends inside a quoted field")
    fields = len(_parse_line(text))
    if fields != len(header.columns):
        raise FileRejected(
            f"truncated: the last line has {fields} fields, the header {len(header.columns)}"
        )
    # Without a line break, a cut inside an unquoted last field leaves as many fields: 1,234
    # cut to 1,2 would load. The platform ends a line with its trailing comma or a quote.
    ends_with = "," if header.columns[-1] == "_trailing" else '"'
    if not text.rstrip("\r").endswith(ends_with):
        raise FileRejected(
            "truncated: the file ends without a line break and its last line does not end "
            f"with {ends_with!r}: it may be cut inside its last field"
        )


def inspect_customs_file(path: Path, today: dt.date | None = None) -> CustomsFileProfile:
    """Return how to read ``path``, or raise FileRejected with the reason.

    ``today``: the build's date (default: today in Beijing); a month after it cannot exist.
    """
    if reason := irregular_reason(path):
        raise FileRejected(reason)
    with path.open("rb") as handle:
        head = handle.read(SAMPLE_BYTES)
        complete = not handle.read(1)
    if not head.strip():
        raise FileRejected("empty file")
    try:
        encoding = detect_encoding(head, complete=complete)
    except EncodingError as exc:
        raise FileRejected(str(exc)) from exc

    if b"\n" not in head and not complete:
        raise FileRejected(
            f"not a GACC query download: the first line is longer than {SAMPLE_BYTES:,} bytes"
        )
    first_line = head.split(b"\n", 1)[0]
    try:
        header_text = first_line.decode(encoding)
        header = parse_header(_parse_line(header_text.rstrip("\r")))
    except (UnicodeDecodeError, HeaderError) as exc:
        raise FileRejected(f"not a GACC query download: {exc}") from exc
    if not head.split(b"\n", 1)[1:] or not head.split(b"\n", 1)[1].strip():
        raise FileRejected("no data rows (header only)")

    file_period = None
    if not header.has_period_column:
        try:
            file_period = period_from_filename(path.name)
        except PeriodError as exc:
            raise FileRejected(str(exc)) from exc
        if reason := future_month_reason(file_period, today or build_date()):
            raise FileRejected(reason)
    _check_last_line(path, encoding, header)
    return CustomsFileProfile(encoding=encoding, header=header, file_period=file_period)


def customs_months(path: Path, today: dt.date | None = None) -> frozenset[dt.date]:
    """The months a download touches: its file period, or its period column's months.

    Empty when the file would be refused whole (it touches no month). A period column is read
    through once; multi-month downloads (a query over a range of months) are the rare case.
    """
    try:
        profile = inspect_customs_file(path, today)
    except FileRejected:
        return frozenset()
    if profile.file_period is not None:
        return frozenset({profile.file_period})
    index = profile.header.columns.index("period")
    months: set[dt.date] = set()
    with path.open("r", encoding=profile.encoding, errors="replace", newline="") as handle:
        reader = csv.reader(handle)
        next(reader, None)  # the header
        for row in reader:
            text = row[index].strip() if len(row) > index else ""
            if len(text) == 6 and text.isdigit() and 1 <= int(text[4:]) <= 12:
                months.add(dt.date(int(text[:4]), int(text[4:]), 1))
    return frozenset(months)
