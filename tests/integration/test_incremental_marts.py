"""A month run restages vehicle_export_rows and the customs marts for its months only, and
leaves them exactly what a full build over the same landing folder makes."""

import os
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.app.build_runner import build_definitions, run_build
from pipelines.defs.resources import WarehouseResource
from pipelines.defs.sql_table import table_key
from pipelines.lib.build_file import build_path
from pipelines.lib.settings import resolve_settings
from tests.conftest import BEV, ICE, Built, fetch, hand_landing
from tests.gacc_files import EN_PROVINCE, ZH_PARTNER, write_download

# the tables restaged by month downstream of staging.customs_trade (a fixed list; the
# month spans of unit_value_signals reach 12 months further, its rows judged on a year's history)
RESTAGED_TABLES = (
    "staging.vehicle_export_rows",
    "marts.fct_customs_trade",
    "marts.exports_by_destination",
    "marts.exports_by_province",
    "marts.exports_by_powertrain",
    "marts.unit_value_signals",
    "marts.nev_share_by_region",
)


MAY, JUNE, JULY = "2025-05-01", "2025-06-01", "2025-07-01"


def _partner_download(path: Path, rows: list[tuple[str, str, int, int]]) -> None:
    """A partner breakdown in CNY: (hs code, GACC partner code, vehicles, value) per row."""
    names = {"344": "俄罗斯联邦", "429": "墨西哥"}
    write_download(
        path,
        [*ZH_PARTNER, "人民币"],
        [
            [f"'{hs}", "汽车", partner, names[partner], str(n), "辆", "?", "千克", f"{v:,}"]
            for hs, partner, n, v in rows
        ],
    )


def _province_download(path: Path, rows: list[tuple[str, str, int, int]]) -> None:
    """A province breakdown in CNY, English header: (hs code, GB/T 2260 code, vehicles, value)."""
    names = {"31": "Shanghai", "33": "Zhejiang", "34": "Anhui"}
    write_download(
        path,
        [*EN_PROVINCE, "RMB"],
        [[hs, "Cars", code, names[code], str(n), "Vehicle", "?", "Kilogram", f"{v:,}"]
         for hs, code, n, v in rows],
        encoding="utf-8",
        trailing_comma=False,
    )  # fmt: skip


def two_month_landing(root: Path) -> Path:
    """May 2025 (partner and province downloads) and hand_landing's June 2025."""
    hand_landing(root)
    exports = root / "customs" / "exports"
    _partner_download(
        exports / "exports_202505_partner_cny.csv",
        [(BEV, "344", 40, 400_000), (ICE, "429", 20, 60_000)],
    )
    _province_download(
        exports / "exports_2025-05_province_en.csv",
        [(BEV, "31", 40, 400_000), (ICE, "33", 20, 60_000)],
    )
    return root


def add_july(landing: Path) -> None:
    exports = landing / "customs" / "exports"
    _partner_download(
        exports / "exports_202507_partner_cny.csv",
        [(BEV, "344", 70, 700_000), (BEV, "429", 5, 55_000)],
    )
    _province_download(exports / "exports_2025-07_province_en.csv", [(BEV, "34", 75, 755_000)])


def add_june_revision(landing: Path) -> Path:
    """A second June partner download in CNY, newer than the first: it revises that slice."""
    path = landing / "customs" / "exports" / "exports_202506_partner_cny_revised.csv"
    _partner_download(path, [(BEV, "344", 999, 9_990_000), (ICE, "344", 31, 93_000)])
    newer = (landing / "customs" / "exports" / "exports_202506_partner_cny.csv").stat().st_mtime
    os.utime(path, (newer + 60, newer + 60))
    return path


def build(landing: Path, warehouse: Path, month: str | None = None) -> None:
    settings = resolve_settings(landing=str(landing), warehouse=str(warehouse))
    report = run_build(settings, month=month)
    assert report.published, report.failed_steps
    assert [c.name for c in report.checks if c.blocking and not c.passed] == []


def differences(built: Path, expected: Path, table: str) -> tuple[int, int]:
    """Rows of ``table`` only in ``built``, and only in ``expected``; all columns, duplicates
    counted (``except all`` both ways)."""
    con = duckdb.connect()
    try:
        con.execute(f"attach '{built.as_posix()}' as built (read_only)")
        con.execute(f"attach '{expected.as_posix()}' as expected (read_only)")
        extra = f"select * from built.{table} except all select * from expected.{table}"
        missing = f"select * from expected.{table} except all select * from built.{table}"
        return (
            con.execute(f"select count(*) from ({extra})").fetchone()[0],
            con.execute(f"select count(*) from ({missing})").fetchone()[0],
        )
    finally:
        con.close()


def assert_same_as_full_build(landing: Path, warehouse: Path, scratch: Path) -> None:
    """Each restaged table equals, row for row, a fresh full build over ``landing``."""
    fresh = scratch / "fresh.duckdb"
    build(landing, fresh)
    for table in RESTAGED_TABLES:
        [(rows,)] = fetch(fresh, f"select count(*) from {table}")
        assert rows > 0, table
        assert differences(warehouse, fresh, table) == (0, 0), table


@pytest.fixture(scope="module")
def two_months(tmp_path_factory) -> Built:
    """Two months built by a full build, once for the module; tests take a copy (``built``)."""
    root = tmp_path_factory.mktemp("two_months")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DAGSTER_HOME", str(root / "dagster"))
        landing = two_month_landing(root / "landing")
        warehouse = root / "w.duckdb"
        build(landing, warehouse)
    return Built(landing, warehouse)


@pytest.fixture
def built(two_months, tmp_path, monkeypatch) -> tuple[Path, Path]:
    """Two months built by a full build: (landing, warehouse), this test's own copy."""
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster"))
    return two_months.copy(tmp_path)


def test_a_new_months_run_matches_a_full_build(built, tmp_path):
    landing, warehouse = built
    add_july(landing)
    build(landing, warehouse, month="2025-07")
    assert fetch(
        warehouse,
        "select partner_iso3, vehicles, value_cny from marts.exports_by_destination "
        "where period = date '2025-07-01' order by 1",
    ) == [("MEX", 5, 55_000), ("RUS", 70, 700_000)]
    assert fetch(
        warehouse,
        "select province_code, vehicles, value_cny from marts.exports_by_province "
        "where period = date '2025-07-01'",
    ) == [("34", 75, 755_000)]
    assert_same_as_full_build(landing, warehouse, tmp_path)


def test_a_revised_months_run_matches_a_full_build(built, tmp_path):
    landing, warehouse = built
    add_june_revision(landing)
    build(landing, warehouse, month="2025-06")
    # the revision is now June's CNY partner slice of BEV and of ICE: RUS 999 + 31 vehicles,
    # 9,990,000 + 93,000 CNY; MEX BEV (50) is left in the USD download alone, so it has no
    # CNY value and Mexico's CNY total is not given
    assert fetch(
        warehouse,
        "select partner_iso3, vehicles, value_cny from marts.exports_by_destination "
        "where period = date '2025-06-01' order by 1",
    ) == [("MEX", 50, None), ("RUS", 999 + 31, 9_990_000 + 93_000)]
    assert_same_as_full_build(landing, warehouse, tmp_path)


def test_a_months_run_leaves_other_months_rows_alone_and_a_full_build_restages_them(built):
    """Not recomputed to the same values, not touched at all: a marker written into May's
    rows of each table survives July's run; a full build (what applies a seed change) clears
    every marker."""
    landing, warehouse = built
    con = duckdb.connect(warehouse.as_posix())
    for table in RESTAGED_TABLES:  # fixed list above
        con.execute(f"update {table} set source_files = ['MARKER'] where period = '2025-05-01'")
    con.close()
    markers = " union all ".join(
        f"select '{table}', count(*) from {table} where source_files = ['MARKER']"
        for table in RESTAGED_TABLES
    )
    before = fetch(warehouse, markers)
    assert all(count > 0 for _, count in before)

    add_july(landing)
    build(landing, warehouse, month="2025-07")
    assert fetch(warehouse, markers) == before
    assert fetch(
        warehouse, "select count(*) from marts.exports_by_powertrain where period = '2025-07-01'"
    ) == [(1,)]  # BEV, from the July downloads

    build(landing, warehouse)
    assert fetch(warehouse, markers) == [(table, 0) for table in RESTAGED_TABLES]


def test_every_span_of_the_hand_off_is_restaged(built, tmp_path):
    """Several spans in staging.customs_restaged_months (a window and restaged months outside
    it): the tables restage each of them."""
    landing, warehouse = built
    con = duckdb.connect(warehouse.as_posix())
    for table in RESTAGED_TABLES:  # fixed list above
        con.execute(f"update {table} set source_files = ['MARKER']")
    con.execute("delete from staging.customs_restaged_months")
    con.executemany(
        "insert into staging.customs_restaged_months values (?::date, ?::date)",
        [[MAY, JUNE], [JUNE, JULY]],
    )
    con.close()

    keys = {table_key(table) for table in RESTAGED_TABLES}
    # these are assets of the SQL tables' steps: the selection runs them alone
    result = dg.materialize(
        build_definitions().assets,
        selection=dg.AssetSelection.assets(*keys).without_checks(),
        resources={
            "warehouse": WarehouseResource(landing_dir=str(landing), warehouse_path=str(warehouse))
        },
        instance=dg.DagsterInstance.ephemeral(),
    )
    assert result.success
    materialized = {
        event.asset_key: event.event_specific_data.materialization
        for event in result.get_asset_materialization_events()
    }
    assert set(materialized) == keys
    fct = materialized[table_key("marts.fct_customs_trade")]
    assert fct.metadata["restaged"].value == ("[2025-05-01, 2025-06-01), [2025-06-01, 2025-07-01)")
    # the build file holds the result: every marker of May and June is gone, rows as built
    assert_same_as_full_build(landing, build_path(warehouse), tmp_path)
