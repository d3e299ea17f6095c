"""Structured registries in YAML and JSON: schema, entry-level refusals, jurisdictions."""

import json

import pytest

from pipelines.lib.sources.policy.model import PolicyFileRejected
from pipelines.lib.sources.policy.registry import EntryError, normalise_jurisdiction, parse_registry

YAML = """
registry: autoexport-policy-registry
version: 1
policies:
  - policy_key: a
    jurisdiction_code: "34"
    jurisdiction_level: provincial
    title: 甲
    issuer: 安徽省人民政府
    doc_number: null
    written_on: 2023-06-08
    published_on: 2023-06-19
    measures:
      - no: 1
        text: 建设海外仓。
      - no: "2"
        text: 设立100亿元产业基金。
  - policy_key: b
    jurisdiction_code: 440100
    jurisdiction_level: municipal
    title: 乙
    issuer: 广州市商务局
    published_on: null
    measures: []
"""


def registry(*policies) -> bytes:
    content = {"registry": "autoexport-policy-registry", "version": 1, "policies": policies}
    return json.dumps(content, ensure_ascii=False).encode()


GOOD = {
    "policy_key": "k",
    "jurisdiction_code": "CN",
    "jurisdiction_level": "national",
    "title": "t",
    "issuer": "商务部",
    "published_on": "2024-02-07",
    "measures": [{"no": "1", "text": "x"}],
}


def test_yaml_registry_with_measure_key_no_and_unquoted_dates():
    parsed = parse_registry(YAML.encode(), "yaml")
    assert parsed.rejected == []
    first, second = parsed.documents
    assert (first.policy_key, first.jurisdiction_code, first.jurisdiction_level) == (
        "a",
        "34",
        "provincial",
    )
    assert (first.written_on, first.published_on, first.doc_number) == (
        "2023-06-08",
        "2023-06-19",
        None,
    )
    # `no:` is the measure number, not YAML 1.1's boolean false
    assert [(m.measure_no, m.text) for m in first.measures] == [
        ("1", "建设海外仓。"),
        ("2", "设立100亿元产业基金。"),
    ]
    assert (second.jurisdiction_code, second.published_on, second.measures) == (
        "440100",
        None,
        (),
    )


def test_json_registry():
    parsed = parse_registry(registry(GOOD), "json")
    assert [d.policy_key for d in parsed.documents] == ["k"]
    assert parsed.format == "json" and parsed.encoding == "utf-8"


def test_bad_entries_are_refused_alone_with_their_position():
    parsed = parse_registry(
        registry(
            GOOD,
            {**GOOD, "policy_key": "bad_date", "published_on": "2024-02-30"},
            {**GOOD, "policy_key": "bad_level", "jurisdiction_code": "34"},
            {**GOOD, "policy_key": "dup_measure", "measures": [{"no": 1, "text": "a"}] * 2},
            {**GOOD},
            {**GOOD, "policy_key": "no_title", "title": ""},
        ),
        "json",
    )
    assert [d.policy_key for d in parsed.documents] == ["k"]
    assert [(r.row_number, r.reason) for r in parsed.rejected] == [
        (2, "published_on '2024-02-30' is not a date YYYY-MM-DD"),
        (3, "jurisdiction_code 340000 is a province, level says national"),
        (4, "measure no 1 appears twice"),
        (5, "policy_key 'k' appears twice in the file"),
        (6, "title missing or not text"),
    ]
    assert json.loads(parsed.rejected[0].raw)["policy_key"] == "bad_date"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"registry: [unclosed", "not valid YAML"),
        (b"just: a mapping", "not a policy registry"),
        (b"registry: autoexport-policy-registry\nversion: 2\npolicies: []", "version 2"),
        (b"registry: autoexport-policy-registry\nversion: 1\npolicies: {}", "must be a list"),
    ],
)
def test_files_that_are_not_registries_are_refused_whole(content, reason):
    with pytest.raises(PolicyFileRejected, match=reason):
        parse_registry(content, "yaml")


@pytest.mark.parametrize(
    ("code", "level", "expected"),
    [
        ("CN", "national", "CN"),
        ("34", "provincial", "34"),
        ("340000", "provincial", "34"),
        ("4401", "municipal", "440100"),
        ("440100", "municipal", "440100"),
    ],
)
def test_jurisdiction_codes_normalised_to_gb2260(code, level, expected):
    assert normalise_jurisdiction(code, level) == expected


@pytest.mark.parametrize(
    ("code", "level"),
    [("CN", "provincial"), ("3", "provincial"), ("440100", "provincial"), ("AH", "provincial")],
)
def test_inconsistent_jurisdictions_are_refused(code, level):
    with pytest.raises(EntryError):
        normalise_jurisdiction(code, level)
