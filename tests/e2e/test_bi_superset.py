"""Superset on the published warehouse, installed as docs/bi.md says, in its own venv.

Opt-in: Superset's venv is about 875 MB and takes minutes to install, so `make test-bi-heavy`
makes it (`.venv-superset`) and runs this module with AUTOEXPORT_BI_HEAVY=1; `make test` skips
it. With the variable set, a missing venv fails the tests. The web server is not started:
the documented URI goes through Superset's own query path (`Database.get_df`, what SQL Lab and
charts use) with a metadata database made by `superset db upgrade`.
"""

import json
import os
import secrets
import subprocess
import textwrap
from pathlib import Path

import pytest

from tests.bi_recipes import MONEY, doc_block, marts_counts_and_money, published_copy
from tests.conftest import REPO

pytestmark = pytest.mark.skipif(
    not os.environ.get("AUTOEXPORT_BI_HEAVY"), reason="opt-in: make test-bi-heavy"
)

SUPERSET = REPO / ".venv-superset"
DOC_PATH = "/abs/path/warehouse.duckdb"  # the page's file, replaced by the test's copy

# In Superset's app: the URI as a Database, queried as SQL Lab queries it; values with types.
QUERY = textwrap.dedent(
    """
    import json, sys
    from superset.app import create_app

    uri, queries = sys.argv[1], json.loads(sys.argv[2])
    app = create_app()
    out = {}
    with app.app_context():
        from superset.models.core import Database
        database = Database(database_name="autoexport", sqlalchemy_uri=uri)
        tables = database.get_all_table_names_in_schema(None, "marts")
        out["tables"] = sorted(name for name, _, _ in tables)
        for name, sql in queries.items():
            frame = database.get_df(sql)
            out[name] = {
                "dtypes": [str(t) for t in frame.dtypes],
                "rows": [[[type(v).__name__, str(v)] for v in row]
                         for row in frame.itertuples(index=False)],
            }
        try:
            database.get_df("delete from marts.dim_hs_code")
            out["delete"] = "ran"
        except Exception as error:
            out["delete"] = str(error)
    print(json.dumps(out))
    """
)


def _venv() -> Path:
    assert (SUPERSET / ".installed").exists(), (
        f"{SUPERSET} missing: make {SUPERSET.name}/.installed (or make test-bi-heavy)"
    )
    return SUPERSET / "bin"


@pytest.fixture(scope="module")
def superset_env(tmp_path_factory) -> dict:
    """A Superset config and its SQLite metadata database, as `superset db upgrade` makes it."""
    home = tmp_path_factory.mktemp("superset")
    config = home / "superset_config.py"
    config.write_text(
        f"SECRET_KEY = {secrets.token_urlsafe(32)!r}\n"
        f"SQLALCHEMY_DATABASE_URI = {'sqlite:///' + str(home / 'superset.db')!r}\n",
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "SUPERSET_CONFIG_PATH": str(config),
        "FLASK_APP": "superset",
        "HOME": str(home),
    }
    upgrade = subprocess.run(
        [str(_venv() / "superset"), "db", "upgrade"],
        env=env,
        cwd=home,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert upgrade.returncode == 0, upgrade.stdout + upgrade.stderr
    return env


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, cli_sample) -> Path:
    return published_copy(tmp_path_factory, cli_sample, "bi_superset")


def test_superset_reads_every_mart_and_money_exactly_through_the_documented_uri(
    warehouse, superset_env
):
    assert (
        "pip install apache-superset 'duckdb>=1.5,<2' duckdb-engine rich cachetools "
        "'flask-caching<2.4'" in doc_block("Superset", "sh")
    )
    uri = doc_block("Superset", "text").strip()
    assert uri.startswith(f"duckdb:///{DOC_PATH}?access_mode=read_only&"), uri
    uri = uri.replace(DOC_PATH, str(warehouse))

    counts, money = marts_counts_and_money(warehouse)
    names = list(counts)
    counted = " union all ".join(
        f"select '{name}' as mart, count(*) as n from marts.{name}" for name in names
    )
    queries = {"counts": f"{counted} order by mart", "money": MONEY}
    result = subprocess.run(
        [str(_venv() / "python"), "-c", QUERY, uri, json.dumps(queries)],
        env=superset_env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["tables"] == names
    assert {mart: int(n) for [_, mart], [_, n] in out["counts"]["rows"]} == counts
    # exact: DECIMAL as decimal.Decimal, the HUGEINT sums as integers, never floats
    [row] = out["money"]["rows"]
    assert [value for _, value in row] == [str(v) for v in money]
    assert [kind for kind, _ in row] == ["int", "int", "Decimal"]
    assert "float64" not in out["money"]["dtypes"]
    assert "read-only" in out["delete"]
