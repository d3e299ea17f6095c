"""Shared fixtures: hand-made landing folders and a way to run every asset into tmp_path."""

import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.app.build_runner import build_definitions
from pipelines.defs.resources import WarehouseResource
from tests.gacc_files import EN_PROVINCE, ZH_FULL, ZH_PARTNER, write_download

REPO = Path(__file__).resolve().parents[1]
SAMPLE_LANDING = REPO / "data" / "landing"

BEV, ICE, PARTS = "87038000", "87032341", "87089990"


def hand_landing(root: Path) -> Path:
    """June 2025 in three breakdowns, with figures small enough to add up by hand.

    partner (CNY and USD): RUS BEV 100 / 1,000,000 CNY / 140,000 USD; MEX BEV 50 / 600,000 /
    84,000; RUS ICE 30 / 90,000 / 12,500; RUS parts 5,000 kg / 70,000 / 9,800.
    province (CNY): BEV Shanghai 120 / 1,100,000, Anhui 30 / 500,000; ICE Guangdong 30 / 90,000.
    full (CNY): the same goods split by partner, trade mode and province.
    """
    exports = root / "customs" / "exports"
    partner_rows = [
        [f"'{BEV}", "纯电动乘用车", "344", "俄罗斯联邦", "100", "辆", "180,000", "千克"],
        [f"'{BEV}", "纯电动乘用车", "429", "墨西哥", "50", "辆", "90,000", "千克"],
        [f"'{ICE}", "点燃式小轿车", "344", "俄罗斯联邦", "30", "辆", "?", "千克"],
        [PARTS, "汽车零件", "344", "俄罗斯联邦", "5,000", "千克", "5,000", "千克"],
    ]
    cny, usd = (
        ["1,000,000", "600,000", "90,000", "70,000"],
        ["140,000", "84,000", "12,500", "9,800"],
    )
    write_download(
        exports / "exports_202506_partner_cny.csv",
        [*ZH_PARTNER, "人民币"],
        [[*row, value] for row, value in zip(partner_rows, cny, strict=True)],
    )
    write_download(
        exports / "exports_202506_partner_usd.csv",
        [*ZH_PARTNER, "美元"],
        [[*row, value] for row, value in zip(partner_rows, usd, strict=True)],
    )
    write_download(
        exports / "exports_2025-06_province_en.csv",
        [*EN_PROVINCE, "RMB"],
        [
            f"{BEV}|Electric cars|31|Shanghai|120|Vehicle|?|Kilogram|1,100,000".split("|"),
            f"{BEV}|Electric cars|34|Anhui|30|Vehicle|?|Kilogram|500,000".split("|"),
            f"{ICE}|Petrol cars|44|Guangdong|30|Vehicle|?|Kilogram|90,000".split("|"),
        ],
        encoding="utf-8",
        trailing_comma=False,
    )
    full_rows = [
        f"{BEV}|纯电动乘用车|344|俄罗斯联邦|10|一般贸易|31|上海市|80|辆|?|千克|700,000",
        f"{BEV}|纯电动乘用车|344|俄罗斯联邦|10|一般贸易|34|安徽省|20|辆|?|千克|300,000",
        f"{BEV}|纯电动乘用车|429|墨西哥|10|一般贸易|31|上海市|40|辆|?|千克|400,000",
        f"{BEV}|纯电动乘用车|429|墨西哥|19|边境小额贸易|34|安徽省|10|辆|?|千克|200,000",
        f"{ICE}|点燃式小轿车|344|俄罗斯联邦|10|一般贸易|44|广东省|30|辆|?|千克|90,000",
    ]
    write_download(
        exports / "exports_202506_full_cny.csv",
        [*ZH_FULL, "人民币"],
        [row.split("|") for row in full_rows],
        encoding="utf-8-sig",
    )
    return root


def materialize_all(landing: Path, warehouse: Path) -> dg.ExecuteInProcessResult:
    """Run every asset and check of the code location into ``warehouse`` (its build file)."""
    definitions = build_definitions()
    return dg.materialize(
        [*definitions.assets, *definitions.asset_checks],
        resources={
            "warehouse": WarehouseResource(landing_dir=str(landing), warehouse_path=str(warehouse))
        },
        instance=dg.DagsterInstance.ephemeral(),
        raise_on_error=False,
    )


def fetch(database: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(database.as_posix(), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


@pytest.fixture
def sample_landing(tmp_path: Path) -> Path:
    """A private copy of the bundled sample, so a test may add files to it."""
    target = tmp_path / "landing"
    shutil.copytree(SAMPLE_LANDING, target)
    return target
