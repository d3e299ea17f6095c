"""Suite files are code: each loads, names its table, and a bad one is refused by name."""

import json

import pytest

from pipelines.defs.validation.suites import tables_read
from pipelines.lib.data_docs import remote_assets, rewrite_page
from pipelines.lib.gx_suites import SUITES_DIR, SuiteFileError, load_suite, load_suites


def test_every_suite_file_loads_and_is_named_after_its_table():
    specs = load_suites()
    assert len(specs) == len(list(SUITES_DIR.glob("*.json"))) >= 10
    for spec in specs:
        assert spec.path.name == f"{spec.table}.json"
        assert spec.document["expectations"]


def test_every_query_expectation_reads_its_batch_and_says_what_it_checks():
    for spec in load_suites():
        for expectation in spec.document["expectations"]:
            if expectation["type"] == "unexpected_rows_expectation":
                assert "{batch}" in expectation["kwargs"]["unexpected_rows_query"]
                assert expectation["description"], spec.table


def test_a_check_runs_after_the_tables_its_suite_reads():
    (spec,) = [s for s in load_suites() if s.table == "marts.fct_customs_trade"]
    assert tables_read(spec) == [
        "ref.partners",
        "ref.provinces",
        "ref.units",
        "staging.customs_trade",
    ]


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        ({"name": "marts.x", "meta": {}, "expectations": [{}]}, "meta.table"),
        (
            {"name": "marts.x", "meta": {"table": "marts.x; drop"}, "expectations": [{}]},
            "meta.table",
        ),
        ({"name": "other", "meta": {"table": "marts.x"}, "expectations": [{}]}, "suite name"),
        ({"name": "marts.x", "meta": {"table": "marts.x"}, "expectations": []}, "no expectations"),
    ],
)
def test_a_bad_suite_file_is_refused_naming_file_and_reason(tmp_path, document, reason):
    path = tmp_path / "marts.x.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(SuiteFileError, match=reason) as error:
        load_suite(path)
    assert str(path) in str(error.value)


def test_a_suite_file_named_after_another_table_is_refused(tmp_path):
    path = tmp_path / "marts.y.json"
    path.write_text(
        json.dumps({"name": "marts.x", "meta": {"table": "marts.x"}, "expectations": [{}]})
    )
    with pytest.raises(SuiteFileError, match="named marts.x.json"):
        load_suite(path)


def test_cdn_links_point_at_the_packaged_copies():
    page = (
        '<link rel="stylesheet" href="https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/'
        'bootstrap.min.css" integrity="sha384-x" crossorigin="anonymous"/>\n'
        '<script src="https://cdn.jsdelivr.net/npm/vega@5"></script>\n'
        '<script src="https://code.jquery.com/jquery-3.7.1.min.js"></script>\n'
        '<a href="https://greatexpectations.io">GX</a>'
    )
    rewritten = rewrite_page(page, "../../")
    assert remote_assets(rewritten) == []
    assert 'href="../../static/vendor/bootstrap/css/bootstrap.min.css"' in rewritten
    assert "integrity" not in rewritten and "vega" not in rewritten
    assert '<script src="../../static/vendor/jquery/jquery.min.js"></script>' in rewritten
    assert '<a href="https://greatexpectations.io">' in rewritten  # a link, not an asset
