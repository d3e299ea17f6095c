"""Harlequin on the published warehouse, installed as docs/bi.md says, in its own venv.

Opt-in: Harlequin's venv is about 330 MB, so `make test-bi-heavy` makes it (`.venv-harlequin`)
and runs this module with AUTOEXPORT_BI_HEAVY=1; `make test` skips it. With the variable set,
a missing venv fails the tests.
"""

import json
import os
import shlex
import subprocess
import textwrap
from pathlib import Path

import pytest

from tests.bi_recipes import MONEY, doc_block, marts_counts_and_money, published_copy
from tests.conftest import REPO

pytestmark = pytest.mark.skipif(
    not os.environ.get("AUTOEXPORT_BI_HEAVY"), reason="opt-in: make test-bi-heavy"
)

HARLEQUIN = REPO / ".venv-harlequin"
DOC_PATH = "data/warehouse.duckdb"  # the page's file, replaced by the test's copy

# `harlequin` as its console script starts it (harlequin.cli:harlequin, reading sys.argv), with
# App.run replaced by Textual's headless pilot: type the SQL into the editor, press ctrl+j, read
# every result table.
DRIVE = textwrap.dedent(
    """
    import asyncio, json, sys
    from harlequin.app import Harlequin
    from harlequin.cli import harlequin
    from harlequin.components.results_viewer import ResultsTable

    SQL, TABLES = sys.argv.pop(1), int(sys.argv.pop(1))
    out = {"tables": []}

    async def drive(app):
        async with app.run_test(size=(200, 50)) as pilot:
            for _ in range(1200):
                if app.editor is not None and app.connection is not None:
                    break
                await pilot.pause(0.05)
            else:
                raise SystemExit("harlequin did not connect")
            app.editor.text = SQL
            app.editor.focus()
            await pilot.press("ctrl+a", "ctrl+j")  # select all: run every statement
            for _ in range(1200):
                tables = list(app.results_viewer.query(ResultsTable))
                if len(tables) == TABLES:
                    break
                await pilot.pause(0.05)
            else:
                raise SystemExit("no result table")
            for table in tables:
                out["tables"].append({
                    "columns": [c.label.plain.split()[0] for c in table.ordered_columns],
                    "rows": [[str(v) for v in table.get_row_at(i)] for i in range(table.row_count)],
                })
            app.exit()

    Harlequin.run = lambda self, *a, **k: asyncio.run(drive(self))
    try:
        harlequin()
    finally:
        print(json.dumps(out))
    """
)


def _venv() -> Path:
    assert (HARLEQUIN / ".installed").exists(), (
        f"{HARLEQUIN} missing: make {HARLEQUIN.name}/.installed (or make test-bi-heavy)"
    )
    return HARLEQUIN / "bin"


def _documented(program: str, warehouse: Path) -> list[str]:
    """docs/bi.md's `program …` command line, for the test's copy of the file."""
    [line] = [
        line for line in doc_block("Harlequin", "sh").splitlines() if line.startswith(program)
    ]
    args = shlex.split(line)
    assert args[0] == program and DOC_PATH in args, line
    return [str(warehouse) if a == DOC_PATH else a for a in args[1:]]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, cli_sample) -> Path:
    return published_copy(tmp_path_factory, cli_sample, "bi_harlequin")


@pytest.fixture(scope="module")
def expected(warehouse) -> dict:
    counts, money = marts_counts_and_money(warehouse)
    return {"counts": counts, "money": [str(v) for v in money]}


def _run(args: list[str], home: Path, **kwargs) -> subprocess.CompletedProcess:
    # HOME: Harlequin writes its query history and config there, not in the user's
    env = {**os.environ, "HOME": str(home), "NO_COLOR": "1"}
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=300, **kwargs)


def test_harlequin_accepts_the_documented_options(tmp_path):
    result = _run([str(_venv() / "harlequin"), "--help"], tmp_path)
    assert result.returncode == 0, result.stderr
    for option in ("--read-only", "--adapter", "duckdb Adapter Options"):
        assert option in result.stdout, option


def test_harlequins_tui_runs_a_query_on_the_published_file(warehouse, expected, tmp_path):
    """The documented command line, the TUI driven headless: counts and money, exact."""
    counts = " union all ".join(
        f"select '{name}' as mart, count(*) as n from marts.{name}" for name in expected["counts"]
    )
    sql = f"{counts} order by mart;\n{MONEY};"
    args = _documented("harlequin", warehouse)
    result = _run([str(_venv() / "python"), "-c", DRIVE, sql, "2", *args], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    by_columns = {tuple(t["columns"]): t["rows"] for t in out["tables"]}
    assert {mart: int(n) for mart, n in by_columns[("mart", "n")]} == expected["counts"]
    assert by_columns[("value_cny", "value_usd", "quantity")] == [expected["money"]]


def test_hsql_prints_the_money_exactly_and_refuses_writes(warehouse, expected, tmp_path):
    args = _documented("hsql", warehouse)
    result = _run([str(_venv() / "hsql"), *args], tmp_path)
    assert result.returncode == 0, result.stderr
    # JSON numbers as DuckDB wrote them: parse them as text, not as floats
    [row] = json.loads(result.stdout, parse_float=str, parse_int=str)
    assert row == {"value_cny": expected["money"][0]}
    delete = _run(
        [
            str(_venv() / "hsql"),
            "--read-only",
            str(warehouse),
            "-c",
            "delete from marts.dim_hs_code",
        ],
        tmp_path,
    )
    assert delete.returncode != 0
    assert "read-only" in delete.stderr
