"""The bundled policy sample, built and queried through the CLI as a user would."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import SAMPLE_LANDING, fetch

AUTOEXPORT = str(Path(sys.executable).with_name("autoexport"))


def _run(args: list[str], env: dict, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [AUTOEXPORT, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=300
    )


def test_overlap_on_the_bundled_sample_lists_categories_several_jurisdictions_fund(
    tmp_path, cli_sample
):
    # `autoexport build` of the sample: the run's one build (tests/conftest.py), copied here
    shutil.copy2(cli_sample.warehouse, tmp_path / "warehouse.duckdb")
    env = {
        **os.environ,
        "AUTOEXPORT_LANDING": str(SAMPLE_LANDING),
        "AUTOEXPORT_WAREHOUSE": str(tmp_path / "warehouse.duckdb"),
        "DAGSTER_HOME": str(tmp_path / "dagster"),
    }
    query = _run(["query", "select * from marts.policy_overlap", "--format", "json"], env, tmp_path)
    assert query.returncode == 0, query.stderr
    overlap = {row["category"]: row for row in json.loads(query.stdout)}
    # worked out from the measure texts in data/landing/policy/ (see its README)
    assert {c: row["jurisdiction_codes"] for c, row in overlap.items()} == {
        "logistics": ["44", "440100", "50", "52", "CN"],
        "overseas_warehouses": ["34", "44", "50", "CN"],
        "export_credit_insurance": ["44", "50", "CN"],
        "finance": ["34", "440100", "CN"],
        "market_access": ["31", "34", "CN"],
        "talent": ["34", "52", "CN"],
        "charging_infrastructure": ["31", "34", "CN"],
        "rnd_innovation": ["31", "CN"],
        "overseas_plants": ["50", "CN"],
        "standards_certification": ["CN"],
        "trade_remedies": ["CN"],
    }
    several = sorted(c for c, row in overlap.items() if row["funded_by_several"])
    assert len(several) == 9 and "standards_certification" not in several
    # the sample states no amounts: none could be verified, so none were written
    assert {row["amount_cny_stated"] for row in overlap.values()} == {None}

    warehouse = tmp_path / "warehouse.duckdb"
    # the Chongqing page, GBK under a wrong <meta charset="utf-8">, saved twice: loaded once.
    # Which copy counts as the first depends on file times (a fresh clone sets them in
    # checkout order), so only the pair of statuses is fixed.
    assert fetch(
        warehouse,
        "select list(status order by status) from audit.loads "
        "where source_file like 'policy/cq_auto_export_plan_2023%'",
    ) == [(["duplicate", "loaded"],)]
    assert fetch(
        warehouse,
        "select title, jurisdiction_code, measures from marts.policy_documents "
        "where jurisdiction_code in ('34', '50') order by jurisdiction_code",
    ) == [
        ("安徽省人民政府关于印发支持新能源汽车产业集群发展若干政策的通知", "34", 5),
        ("重庆市推动汽车出口高质量发展行动方案（2023—2025年）", "50", 4),
    ]
    assert fetch(warehouse, "select count(*) from marts.policy_documents") == [(9,)]
