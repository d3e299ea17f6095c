"""The suites' unexpected-rows queries live in files of warehouse/checks/suites/, each named by
one expectation of one suite; the suite loads with the file's query."""

import json

import pytest

import pipelines.lib.gx_suites as gx_suites
from pipelines.lib.gx_suites import (
    CHECKS_DIR,
    QUERY_FILE,
    SUITES_DIR,
    SuiteFileError,
    load_suite,
    load_suites,
)


def test_every_query_file_is_named_by_one_expectation_and_loads_as_its_query():
    named = []
    for path in sorted(SUITES_DIR.glob("*.json")):
        for expectation in json.loads(path.read_text(encoding="utf-8"))["expectations"]:
            name = expectation.get("kwargs", {}).get(QUERY_FILE)
            if name:
                named.append((path.stem, expectation["description"], name))
    files = sorted(
        p.relative_to(CHECKS_DIR).as_posix() for p in (CHECKS_DIR / "suites").rglob("*.sql")
    )
    assert sorted(n for _, _, n in named) == files  # none unnamed, none named twice
    loaded = {spec.table: spec for spec in load_suites()}
    for table, description, name in named:
        assert name.startswith(f"suites/{table}/"), name
        (query,) = [
            e["kwargs"]["unexpected_rows_query"]
            for e in loaded[table].document["expectations"]
            if e.get("description") == description
        ]
        text = (CHECKS_DIR / name).read_text(encoding="utf-8")
        assert not query.startswith("--") and query in text and "{batch}" in query
        assert QUERY_FILE not in json.dumps(loaded[table].document["expectations"])


def _suite(tmp_path, query_file: str):
    path = tmp_path / "marts.x.json"
    path.write_text(
        json.dumps(
            {
                "name": "marts.x",
                "meta": {"table": "marts.x"},
                "expectations": [
                    {
                        "type": "unexpected_rows_expectation",
                        "description": "d",
                        "kwargs": {QUERY_FILE: query_file},
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("../checks/truncated_downloads.sql", "not a .sql file of suites/"),
        ("suites/marts.x/missing.sql", "not readable"),
        ("suites/marts.x/no_batch.sql", "does not select from {batch}"),
    ],
)
def test_a_bad_query_file_is_refused_naming_the_suite(tmp_path, monkeypatch, name, reason):
    (tmp_path / "checks" / "suites" / "marts.x").mkdir(parents=True)
    (tmp_path / "checks" / "suites" / "marts.x" / "no_batch.sql").write_text(
        "-- d\nselect 1\n", encoding="utf-8"
    )
    monkeypatch.setattr(gx_suites, "CHECKS_DIR", (tmp_path / "checks").resolve())
    path = _suite(tmp_path, name)
    with pytest.raises(SuiteFileError, match=reason) as raised:
        load_suite(path)
    assert str(path) in str(raised.value)
