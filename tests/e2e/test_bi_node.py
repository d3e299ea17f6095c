"""Node clients on the published warehouse, installed as their users install them.

docs/bi.md's Node recipe runs as written, copied from the page, with `@duckdb/node-api` 1.5 in
its own npm folder (`.npm-duckdb`); Evidence's DuckDB connector is called as Evidence's source
step calls it, from `.npm-evidence/with-override` (the page's package.json) and
`.npm-evidence/without-override`. `make test` installs both folders; the tests run offline and
fail, never skip, when a folder is missing.
"""

import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from tests.bi_recipes import DOC, MONEY, doc_block, marts_counts_and_money, published_copy
from tests.conftest import REPO

NPM_DUCKDB = REPO / ".npm-duckdb"
NPM_EVIDENCE = REPO / ".npm-evidence"
NODE = shutil.which("node") or "node"


def _installed(folder: Path) -> Path:
    assert (folder / ".installed").exists(), f"{folder} missing: make {folder.name}/.installed"
    return folder


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, cli_sample) -> Path:
    return published_copy(tmp_path_factory, cli_sample, "bi_node")


@pytest.fixture(scope="module")
def expected(warehouse) -> dict:
    """Row counts and money sums as duckdb 2 (this project's) reads them."""
    counts, money = marts_counts_and_money(warehouse)
    return {
        "counts": counts,
        "money": dict(zip(("value_cny", "value_usd", "quantity"), money, strict=True)),
    }


def _node(script: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [NODE, str(script), *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_the_node_recipe_reads_every_mart_and_money_exactly(warehouse, expected, tmp_path):
    folder = _installed(NPM_DUCKDB)
    recipe = doc_block("Node (`@duckdb/node-api`)", "js")
    assert "npm install @duckdb/node-api@1.5.6-r.1" in DOC.read_text(encoding="utf-8")
    # the user's project: the recipe beside the npm folder's node_modules
    (tmp_path / "node_modules").symlink_to(folder / "node_modules")
    (tmp_path / "marts.mjs").write_text(recipe, encoding="utf-8")
    result = _node(tmp_path / "marts.mjs", str(warehouse), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert {name: int(n) for name, n in out["counts"].items()} == expected["counts"]
    # strings, every digit: HUGEINT sums as integers, DECIMAL(38,3) with its scale
    assert out["money"] == {
        "value_cny": str(expected["money"]["value_cny"]),
        "value_usd": str(expected["money"]["value_usd"]),
        "quantity": str(expected["money"]["quantity"]),
    }
    version = json.loads(
        (folder / "node_modules" / "@duckdb" / "node-api" / "package.json").read_text()
    )["version"]
    assert version.startswith("1.5."), version


def test_the_node_recipes_settings_refuse_writing_files(warehouse, tmp_path):
    """The recipe's connection settings, as written, stop a COPY … TO (and a SET undoing it)."""
    recipe = doc_block("Node (`@duckdb/node-api`)", "js")
    settings = recipe[recipe.index("const instance") : recipe.index("const counts")]
    target = tmp_path / "leak.csv"
    statements = [f"copy (select 1) to '{target}'", "set enable_external_access = true"]
    script = tmp_path / "copy.mjs"
    script.write_text(
        "import { DuckDBInstance } from '@duckdb/node-api';\n"
        + settings
        + f"for (const sql of {json.dumps(statements)}) {{\n"
        + "  try { await connection.run(sql); console.log('ran'); }\n"
        + "  catch (e) { console.log('refused: ' + e.message.split('\\n')[0]); }\n"
        + "}\n",
        encoding="utf-8",
    )
    (tmp_path / "node_modules").symlink_to(_installed(NPM_DUCKDB) / "node_modules")
    result = _node(script, str(warehouse), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and all(line.startswith("refused: ") for line in lines), lines
    assert not target.exists()


# Evidence's source step: getRunner(connection.yaml's options, the source folder), then each
# query through the runner; values reported with their JS type.
EVIDENCE_RUNNER = """
const { getRunner } = require('@evidence-dev/duckdb');
const { batchedAsyncGeneratorToArray } = require('@evidence-dev/db-commons');

async function main() {
  const [options, directory, queries] = JSON.parse(process.argv[2]);
  const runner = await getRunner(options, directory);
  const out = {};
  for (const [name, sql] of Object.entries(queries)) {
    const result = await runner(sql, `${name}.sql`, 100000);
    const rows = await batchedAsyncGeneratorToArray(result.rows);
    out[name] = rows.map((row) =>
      Object.fromEntries(Object.entries(row).map(([k, v]) => [k, [typeof v, String(v)]])),
    );
  }
  console.log(JSON.stringify(out));
}
main().catch((e) => { console.error(String(e)); process.exit(1); });
"""


def _evidence(variant: str, warehouse: Path, queries: dict, tmp_path: Path):
    """Run `queries` through the connector of `.npm-evidence/<variant>` on an Evidence source
    folder made as docs/bi.md says: its connection.yaml and a symlink to the published file."""
    folder = _installed(NPM_EVIDENCE) / variant
    connection = yaml.safe_load(doc_block("Evidence", "yaml"))
    assert connection["type"] == "duckdb"
    source = tmp_path / "sources" / connection["name"]
    source.mkdir(parents=True)  # and tmp_path with it
    (source / "connection.yaml").write_text(doc_block("Evidence", "yaml"), encoding="utf-8")
    (source / connection["options"]["filename"]).symlink_to(warehouse)
    (tmp_path / "node_modules").symlink_to(folder / "node_modules")
    (tmp_path / "runner.cjs").write_text(EVIDENCE_RUNNER, encoding="utf-8")
    arg = json.dumps([connection["options"], str(source), queries])
    return _node(tmp_path / "runner.cjs", arg, cwd=tmp_path)


def _resolved(variant: str) -> dict:
    """What npm resolved for @duckdb/node-api (npm ls reads node_modules, no registry)."""
    listed = subprocess.run(
        ["npm", "ls", "@duckdb/node-api", "--json", "--offline"],
        cwd=NPM_EVIDENCE / variant,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert listed.returncode == 0, listed.stderr
    tree = json.loads(listed.stdout)["dependencies"]["@evidence-dev/duckdb"]
    return tree["dependencies"]["@duckdb/node-api"]


def test_evidence_with_the_documented_override_reads_the_published_file(
    warehouse, expected, tmp_path
):
    folder = _installed(NPM_EVIDENCE) / "with-override"
    documented = json.loads(doc_block("Evidence", "json"))
    installed = json.loads((folder / "package.json").read_text())
    assert {k: installed.get(k) for k in documented} == documented

    node_api = _resolved("with-override")
    assert node_api["version"].startswith("1.5.") and node_api["overridden"], node_api

    queries = {"version": "select version() as v", "money": MONEY}
    queries |= {name: f"select count(*) as n from marts.{name}" for name in expected["counts"]}
    result = _evidence("with-override", warehouse, queries, tmp_path)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out.pop("version") == [{"v": ["string", "v" + node_api["version"].split("-")[0]]}]
    [money] = out.pop("money")
    assert {name: int(rows[0]["n"][1]) for name, rows in out.items()} == expected["counts"]
    # Evidence hands every number to JS as a double: exact here, as the sums are below 2^53
    assert {kind for kind, _ in money.values()} == {"number"}
    assert {k: Decimal(v) for k, (_, v) in money.items()} == expected["money"]
    assert all(abs(v) < 2**53 for v in expected["money"].values())
    # Evidence opens a file source read-only
    refused = _evidence(
        "with-override", warehouse, {"d": "delete from marts.dim_hs_code"}, tmp_path / "w"
    )
    assert refused.returncode != 0
    assert "read-only" in refused.stderr


def test_evidence_without_the_override_gets_a_duckdb_14_client_that_refuses_the_file(
    warehouse, tmp_path
):
    """The reason for the override: the connector's own range resolves to a 1.4 client."""
    node_api = _resolved("without-override")
    assert node_api["version"].startswith("1.4."), node_api
    assert not node_api.get("overridden")
    result = _evidence("without-override", warehouse, {"v": "select 1 as v"}, tmp_path)
    assert result.returncode != 0
    assert "version number 68" in result.stderr and "between 64 and 67" in result.stderr
