"""Load the overseas plant registry (landing/plants/*.csv|yaml|yml) into raw.plant_rows.

Analysts keep the registry as data: one row per plant with plant, maker, country, city, kind,
announced, opened, capacity, sources (and, optionally, notes). A CSV has those columns as its
header; a YAML file is a list of mappings with those keys, every value read as text. A row
without a plant, maker or sources, with a country that is not an ISO 3166 alpha-3 code, a
capacity that is not a whole number, an unknown key or a plant already given earlier in the
file is quarantined with its reason; the file's other rows load. Whether a country is a known
partner, a kind is one of the list and a date is a date the mart can use is the check
plant_export_effects_unusable_plants's to say: a row stays in the mart while it is fixed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import yaml

from pipelines.lib.load_audit import (
    FileOutcome,
    FileRefused,
    FilesTable,
    Written,
    landing_entries,
    load_each,
    load_file,
    oldest_first,
)
from pipelines.lib.text_encoding import EncodingError, decode_bytes

PLANTS_FOLDER = "plants"
FORMAT_BY_SUFFIX = {".csv": "csv", ".yaml": "yaml", ".yml": "yaml"}
FIELDS = ("plant", "maker", "country", "city", "kind", "announced", "opened", "capacity", "sources")
OPTIONAL = ("notes",)
FILES_TABLE = FilesTable("raw.plant_files")
_COUNTRY = re.compile(r"[A-Z]{3}")
_CAPACITY = re.compile(r"\d+", re.ASCII)


@dataclass
class ParsedPlants:
    format: str
    plants: list[tuple[int, dict[str, str | None]]] = field(default_factory=list)
    rejected: list[tuple[int, str, str]] = field(default_factory=list)  # row, reason, raw


def plant_files(landing: Path) -> list[Path]:
    """Registry files oldest first (a later file's plant replaces an earlier file's); links and
    directories with such a suffix are listed too: the loader refuses them by name."""
    return oldest_first(landing_entries(landing / PLANTS_FOLDER, "*", FORMAT_BY_SUFFIX))


def parse_plants_file(path: Path) -> ParsedPlants:
    """The plants of one registry file; FileRefused when no row of it can be read."""
    file_format = FORMAT_BY_SUFFIX[path.suffix.lower()]
    try:
        text, _ = decode_bytes(path.read_bytes())
    except EncodingError as exc:
        raise FileRefused(str(exc)) from exc
    entries = _csv_entries(text) if file_format == "csv" else _yaml_entries(text)
    parsed = ParsedPlants(file_format)
    first_row: dict[str, int] = {}
    for row_number, entry in entries:
        raw = ",".join(entry.values) if isinstance(entry, _FieldCount) else _raw(entry)
        problem = plant_problem(entry)
        plant = entry.get("plant") if isinstance(entry, dict) else None
        if problem is None and plant in first_row:
            problem = f"plant {plant!r} already in row {first_row[plant]} of this file"
        if problem:
            parsed.rejected.append((row_number, problem, raw))
            continue
        first_row[plant] = row_number
        parsed.plants.append((row_number, {k: entry.get(k) or None for k in FIELDS + OPTIONAL}))
    return parsed


@dataclass(frozen=True)
class _FieldCount:
    """A CSV row with another number of fields than its header."""

    fields: int
    header: int
    values: list[str]


def plant_problem(entry: object) -> str | None:
    """Why a registry row cannot load, or None."""
    if isinstance(entry, _FieldCount):
        return f"{entry.fields} fields, the header has {entry.header}"
    if not isinstance(entry, dict):
        return "not a mapping of plant, maker, country, … to values"
    unknown = sorted(set(entry) - set(FIELDS) - set(OPTIONAL))
    if unknown:
        return f"unknown key(s) {', '.join(map(repr, unknown))}; known: {', '.join(FIELDS)}, notes"
    if not all(isinstance(v, str) for v in entry.values() if v is not None):
        return "every value must be text, one value per key (join several sources with '; ')"
    for required in ("plant", "maker", "sources"):
        if not (entry.get(required) or "").strip():
            return f"{required} is empty"
    country = (entry.get("country") or "").strip()
    if not _COUNTRY.fullmatch(country):
        return f"country {country!r} is not an ISO 3166 alpha-3 code (e.g. THA)"
    capacity = (entry.get("capacity") or "").strip()
    if capacity and not _CAPACITY.fullmatch(capacity):
        return f"capacity {capacity!r} is not a whole number of vehicles a year"
    return None


def _csv_entries(text: str) -> list[tuple[int, dict]]:
    try:
        # csv reads the line breaks itself: str.splitlines would also split at \x0c, \x85, …
        lines = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise FileRefused(f"not readable as CSV: {exc}") from exc
    header = [h.strip().lower() for h in lines[0]] if lines else []
    missing = [f for f in FIELDS if f not in header]
    unknown = [h for h in header if h not in FIELDS + OPTIONAL]
    if missing or unknown or len(set(header)) != len(header):
        raise FileRefused(
            f"header must name {', '.join(FIELDS)} (and optionally notes) once each; "
            f"missing: {', '.join(missing) or 'none'}; unknown: {', '.join(unknown) or 'none'}"
        )
    entries = []
    for row_number, fields in enumerate(lines[1:], start=1):
        if not any(f.strip() for f in fields):
            continue
        if len(fields) != len(header):
            # not a mapping: refused as such, the count said in its reason
            entries.append((row_number, _FieldCount(len(fields), len(header), fields)))
            continue
        entries.append((row_number, dict(zip(header, (f.strip() for f in fields), strict=True))))
    return entries


def _yaml_entries(text: str) -> list[tuple[int, object]]:
    try:
        # BaseLoader: every value stays text (no dates, numbers or booleans guessed)
        content = yaml.load(text, Loader=yaml.BaseLoader)
    except yaml.YAMLError as exc:
        raise FileRefused(f"not valid YAML: {exc}") from exc
    if not isinstance(content, list):
        raise FileRefused("a plants YAML file is a list of plants (mappings)")
    return [
        (n, {k: (v.strip() if isinstance(v, str) else v) for k, v in e.items()})
        if isinstance(e, dict)
        else (n, e)
        for n, e in enumerate(content, start=1)
    ]


def load_plants_landing(
    con: duckdb.DuckDBPyConnection,
    landing: Path,
    loaded_at: dt.datetime,
    on_file: Callable[[FileOutcome], None] | None = None,
) -> list[FileOutcome]:
    return load_each(
        plant_files(landing), lambda path: load_plants_file(con, landing, path, loaded_at), on_file
    )


def load_plants_file(
    con: duckdb.DuckDBPyConnection, landing: Path, path: Path, loaded_at: dt.datetime
) -> FileOutcome:
    def write(con, source_file: str, sha256: str, parsed: ParsedPlants) -> Written:
        load_seq = con.execute(
            "select coalesce(max(load_seq), 0) + 1 from raw.plant_files"
        ).fetchone()[0]
        con.execute(
            "insert into raw.plant_files values (?, ?, ?, ?, ?, ?)",
            [source_file, sha256, parsed.format, len(parsed.plants), load_seq, loaded_at],
        )
        if parsed.plants:
            con.executemany(
                "insert into raw.plant_rows values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (sha256, row_number, *(_value(entry, k) for k in FIELDS + OPTIONAL))
                    for row_number, entry in parsed.plants
                ],
            )
        rows_in = len(parsed.plants) + len(parsed.rejected)
        return Written(rows_in, len(parsed.plants), parsed.rejected)

    return load_file(con, landing, path, loaded_at, parse_plants_file, write, FILES_TABLE)


def _raw(entry: object) -> str:
    return json.dumps(entry, ensure_ascii=False, default=str)


def _value(entry: dict[str, str | None], key: str) -> str | int | None:
    value = entry[key]
    return int(value) if key == "capacity" and value is not None else value
