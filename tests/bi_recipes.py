"""What the BI recipe tests share: the recipes' page, a copy of the published sample, and
what this project's duckdb reads from it (every mart's row count, the money sums)."""

import re
import shutil
from pathlib import Path

import duckdb

from tests.conftest import REPO

DOC = REPO / "docs" / "bi.md"
MONEY = (
    "select sum(value_cny) as value_cny, sum(value_usd) as value_usd, sum(quantity) as quantity "
    "from marts.fct_customs_trade"
)


def doc_block(section: str, language: str) -> str:
    """The first ```language block of docs/bi.md's `### section`, as the page shows it."""
    text = DOC.read_text(encoding="utf-8")
    start = text.index(f"\n### {section}\n")
    end = text.find("\n### ", start + 1)
    found = re.search(rf"\n```{language}\n(.*?)\n```\n", text[start:end], re.S)
    assert found, f"docs/bi.md: no {language} block under '### {section}'"
    return found.group(1) + "\n"


def published_copy(tmp_path_factory, cli_sample, name: str) -> Path:
    """A copy of the bundled sample as `autoexport build` published it."""
    root = tmp_path_factory.mktemp(name)
    shutil.copy2(cli_sample.warehouse, root / "warehouse.duckdb")
    return root / "warehouse.duckdb"


def marts_counts_and_money(warehouse: Path) -> tuple[dict[str, int], tuple]:
    """Every mart's row count (by name, sorted) and the MONEY row, as duckdb 2 reads them."""
    con = duckdb.connect(warehouse.as_posix(), read_only=True)
    try:
        names = [
            n
            for (n,) in con.execute(
                "select table_name from information_schema.tables "
                "where table_schema = 'marts' order by 1"
            ).fetchall()
        ]
        counts = {n: con.execute(f"select count(*) from marts.{n}").fetchone()[0] for n in names}
        [money] = con.execute(MONEY).fetchall()
    finally:
        con.close()
    assert counts["fct_customs_trade"] > 0 and len(counts) >= 15
    return counts, money
