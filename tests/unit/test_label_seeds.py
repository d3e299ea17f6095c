"""Every vehicle class, powertrain, region and policy category code has a Chinese and English label.

The codes are gathered from where they are used: the seeds that assign them and the string
literals the warehouse SQL compares with (or writes into) those columns, read with sqlglot.
"""

import csv

import pytest
import sqlglot
from sqlglot import exp

from pipelines.lib.seeds import SEED_COLUMNS
from tests.conftest import REPO

SEEDS = REPO / "warehouse" / "seeds"
# label seed -> its code column, and the seeds (file, column) that use the codes
LABELS = {
    "vehicle_class_labels": ("vehicle_class", [("hs_vehicle_codes", "vehicle_class")]),
    "powertrain_labels": ("powertrain", [("hs_vehicle_codes", "powertrain")]),
    "region_labels": ("region", [("partner_regions", "region")]),
    "policy_category_labels": ("category", [("policy_measure_keywords", "category")]),
}


def _rows(seed: str) -> list[dict[str, str]]:
    with (SEEDS / f"{seed}.csv").open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def _literals_in_sql(column: str) -> dict[str, set[str]]:
    """String literals the warehouse SQL compares with ``column`` or writes into it, by file."""
    found: dict[str, set[str]] = {}
    for path in sorted((REPO / "warehouse").rglob("*.sql")):
        text = path.read_text(encoding="utf-8")
        if column not in text:
            continue
        if "{batch}" in text:  # a suite's query (warehouse/checks/suites/): a format string
            text = text.replace("{batch}", "judged_rows").replace("{{", "{").replace("}}", "}")
        for statement in sqlglot.parse(text, read="duckdb"):
            if statement is None:
                continue
            literals: set[str] = set()
            for node in statement.find_all(exp.EQ, exp.NEQ, exp.In, exp.Alias):
                if isinstance(node, exp.Alias):
                    # coalesce(regions.region, 'Unassigned') as region
                    if node.alias != column:
                        continue
                    scope = node.this
                elif isinstance(node, exp.In):
                    if not (isinstance(node.this, exp.Column) and node.this.name == column):
                        continue
                    scope = exp.Tuple(expressions=node.expressions)
                else:
                    columns = [
                        side
                        for side in (node.left, node.right)
                        if isinstance(side, exp.Column) and side.name == column
                    ]
                    if not columns:
                        continue
                    scope = node
                literals |= {
                    literal.this
                    for literal in scope.find_all(exp.Literal)
                    if literal.is_string and literal.this
                }
            if literals:
                found.setdefault(str(path.relative_to(REPO)), set()).update(literals)
    return found


@pytest.mark.parametrize("label_seed", sorted(LABELS))
def test_every_code_used_has_a_chinese_and_english_label(label_seed):
    code_column, users = LABELS[label_seed]
    assert label_seed in SEED_COLUMNS, f"{label_seed} is not loaded into ref.*"
    assert list(SEED_COLUMNS[label_seed]) == [code_column, "name_en", "name_zh"]
    labels = {row[code_column]: row for row in _rows(label_seed)}
    assert len(labels) == len(_rows(label_seed)), f"{label_seed}: a code is listed twice"
    for row in labels.values():
        assert row["name_en"].strip() and row["name_zh"].strip(), row
        # a Chinese label is Chinese: at least one CJK ideograph
        assert any("\u4e00" <= char <= "\u9fff" for char in row["name_zh"]), row

    used = {(seed, column): {row[column] for row in _rows(seed)} for seed, column in users}
    used.update(_literals_in_sql(code_column).items())
    assert any(used.values()), f"no use of {code_column} found: the test reads nothing"
    for where, codes in used.items():
        assert codes <= labels.keys(), f"{where}: no label for {sorted(codes - labels.keys())}"
    # and no label for a code nothing uses (a typo in the label seed would hide here)
    everywhere = set().union(*used.values())
    assert labels.keys() <= everywhere, sorted(labels.keys() - everywhere)


def test_sql_literals_are_found():
    """The SQL reader sees the codes it must: 'Unassigned' and the NEV powertrains."""
    regions = set().union(*_literals_in_sql("region").values())
    assert "Unassigned" in regions
    powertrains = set().union(*_literals_in_sql("powertrain").values())
    assert {"BEV", "PHEV", "UNSPECIFIED", "OTHER"} <= powertrains


def test_policy_category_names_agree_with_the_keyword_seed():
    labels = {row["category"]: row["name_zh"] for row in _rows("policy_category_labels")}
    keywords = {row["category"]: row["name_zh"] for row in _rows("policy_measure_keywords")}
    # 'unclassified' is what marts.policy_measures writes when no keyword matched
    assert labels.pop("unclassified") and labels == keywords


def test_partner_and_province_seeds_carry_both_languages():
    for seed, key in (("partners", "iso3"), ("provinces", "province_code")):
        for row in _rows(seed):
            assert row["name_en"].strip() and row["name_zh"].strip(), (seed, row[key])
