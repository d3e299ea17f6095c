"""Parse a structured policy registry (*.json / *.yaml), schema in docs/policy.md.

A file that is not a registry is refused whole; an entry that breaks the schema is refused on
its own (row_number = its position in ``policies``) and the file's other entries still load.
Categories and amounts are not given in a registry: they are derived from the measure texts.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import yaml

from pipelines.lib.sources.policy.model import (
    ParsedPolicyFile,
    PolicyDocument,
    PolicyFileRejected,
    PolicyMeasure,
    RejectedEntry,
)
from pipelines.lib.sources.policy.text import decode_text

MARKER = "autoexport-policy-registry"
VERSION = 1
LEVELS = ("national", "provincial", "municipal")
_REQUIRED_TEXT = ("policy_key", "jurisdiction_code", "jurisdiction_level", "title", "issuer")
_KNOWN_KEYS = set(_REQUIRED_TEXT) | {
    "doc_number",
    "written_on",
    "published_on",
    "note",
    "measures",
}
_GB2260 = re.compile(r"\d{2}(?:\d{2}){0,2}")


class _RegistryLoader(yaml.SafeLoader):
    """YAML 1.2 booleans: YAML 1.1 reads the measure key `no` (and yes/on/off) as a boolean."""


_RegistryLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_RegistryLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


class EntryError(ValueError):
    """One registry entry breaks the schema."""


def parse_registry(data: bytes, file_format: str) -> ParsedPolicyFile:
    """``file_format`` is 'json' or 'yaml' (from the file name)."""
    text, encoding = decode_text(data)
    try:
        content = (
            json.loads(text) if file_format == "json" else yaml.load(text, Loader=_RegistryLoader)
        )
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise PolicyFileRejected(f"not valid {file_format.upper()}: {exc}") from exc
    if not isinstance(content, dict) or content.get("registry") != MARKER:
        raise PolicyFileRejected(f"not a policy registry: no top-level 'registry: {MARKER}'")
    if content.get("version") != VERSION:
        raise PolicyFileRejected(
            f"registry version {content.get('version')!r} not supported (expected {VERSION})"
        )
    policies = content.get("policies")
    if not isinstance(policies, list):
        raise PolicyFileRejected("'policies' must be a list")

    parsed = ParsedPolicyFile(file_format, encoding, [])
    keys: set[str] = set()
    for row_number, entry in enumerate(policies, start=1):
        try:
            document = _document(entry)
            if document.policy_key in keys:
                raise EntryError(f"policy_key {document.policy_key!r} appears twice in the file")
        except EntryError as exc:
            raw = json.dumps(entry, ensure_ascii=False, default=str)
            parsed.rejected.append(RejectedEntry(row_number, str(exc), raw))
            continue
        keys.add(document.policy_key)
        parsed.documents.append(document)
    return parsed


def _document(entry: object) -> PolicyDocument:
    if not isinstance(entry, dict):
        raise EntryError("entry is not a mapping")
    unknown = sorted(set(entry) - _KNOWN_KEYS)
    if unknown:
        raise EntryError(f"unknown field(s) {', '.join(map(str, unknown))}")
    if isinstance(entry.get("jurisdiction_code"), int):  # YAML reads an unquoted 34 as a number
        entry = {**entry, "jurisdiction_code": str(entry["jurisdiction_code"])}
    for name in _REQUIRED_TEXT:
        if not isinstance(entry.get(name), str) or not entry[name].strip():
            raise EntryError(f"{name} missing or not text")
    level = entry["jurisdiction_level"].strip()
    if level not in LEVELS:
        raise EntryError(f"jurisdiction_level {level!r} not one of {', '.join(LEVELS)}")
    code = normalise_jurisdiction(entry["jurisdiction_code"].strip(), level)
    measures = entry.get("measures")
    if not isinstance(measures, list):
        raise EntryError("measures missing or not a list")
    return PolicyDocument(
        policy_key=entry["policy_key"].strip(),
        jurisdiction_code=code,
        jurisdiction_level=level,
        title=entry["title"].strip(),
        issuer=entry["issuer"].strip(),
        doc_number=_optional_text(entry, "doc_number"),
        written_on=_optional_date(entry, "written_on"),
        published_on=_optional_date(entry, "published_on"),
        note=_optional_text(entry, "note"),
        measures=_measures(measures),
    )


def normalise_jurisdiction(code: str, level: str) -> str:
    """'CN', a 2-digit province, or a 6-digit prefecture-level city; checked against the level."""
    if code.upper() == "CN":
        if level != "national":
            raise EntryError(f"jurisdiction_code CN with jurisdiction_level {level}")
        return "CN"
    if not _GB2260.fullmatch(code):
        raise EntryError(f"jurisdiction_code {code!r} is neither CN nor a GB/T 2260 code")
    code = code.ljust(6, "0")
    if code.endswith("0000"):
        if level != "provincial":
            raise EntryError(f"jurisdiction_code {code} is a province, level says {level}")
        return code[:2]
    if level != "municipal":
        raise EntryError(f"jurisdiction_code {code} is a city, level says {level}")
    return code


def _optional_text(entry: dict, name: str) -> str | None:
    value = entry.get(name)
    if value is None:
        return None
    if not isinstance(value, str | int | float):
        raise EntryError(f"{name} is not text")
    return str(value).strip() or None


def _optional_date(entry: dict, name: str) -> str | None:
    value = entry.get(name)
    if value is None:
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()  # YAML reads an unquoted 2023-06-19 as a date
    text = str(value).strip()
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError(text)
        return dt.date.fromisoformat(text).isoformat()
    except ValueError as exc:
        raise EntryError(f"{name} {value!r} is not a date YYYY-MM-DD") from exc


def _measures(items: list) -> tuple[PolicyMeasure, ...]:
    measures, seen = [], set()
    for position, item in enumerate(items, start=1):
        if not isinstance(item, dict) or set(item) - {"no", "text"}:
            raise EntryError(f"measure {position} must have only 'no' and 'text'")
        number, text = item.get("no"), item.get("text")
        if isinstance(number, bool) or not isinstance(number, str | int) or not str(number):
            raise EntryError(f"measure {position}: 'no' missing")
        if not isinstance(text, str) or not text.strip():
            raise EntryError(f"measure {position}: 'text' missing or empty")
        if str(number) in seen:
            raise EntryError(f"measure no {number!r} appears twice")
        seen.add(str(number))
        measures.append(PolicyMeasure(str(number).strip(), text.strip()))
    return tuple(measures)
