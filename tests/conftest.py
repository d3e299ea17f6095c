"""Shared fixtures: hand-made landing folders, a way to run every asset into tmp_path, and
warehouses built once per session that tests only read (or copy before changing)."""

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from filelock import FileLock

from pipelines.app.build_runner import BuildReport, build_definitions, run_build
from pipelines.defs.resources import WarehouseResource
from pipelines.lib.settings import Settings, resolve_settings
from tests.gacc_files import EN_PROVINCE, ZH_FULL, ZH_PARTNER, write_download

REPO = Path(__file__).resolve().parents[1]
AUTOEXPORT = str(Path(sys.executable).with_name("autoexport"))
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


@dataclass(frozen=True)
class Built:
    """A landing folder and the warehouse built from it, shared by the tests of a session.

    Tests read it (``fetch`` opens read-only) and never change it; a test that adds files or
    builds again works on ``copy(tmp_path)``. The session checks at its end that nothing changed.
    """

    landing: Path
    warehouse: Path
    result: dg.ExecuteInProcessResult | None = None  # materialize_all's
    stdout: str = ""  # autoexport build's
    settings: Settings | None = None  # run_build's, with its report
    report: BuildReport | None = None

    def copy(self, target: Path) -> tuple[Path, Path]:
        """A private landing folder and warehouse file under ``target``, as the build left them,
        and its Dagster home (run history, dagster.yaml) as ``target / "dagster"`` if it has one.
        """
        landing = target / "landing"
        # copy2 keeps modification times: a build orders its files by them
        shutil.copytree(self.landing, landing)
        warehouse = target / self.warehouse.name
        shutil.copy2(self.warehouse, warehouse)
        if (self.landing.parent / "dagster").is_dir():
            shutil.copytree(self.landing.parent / "dagster", target / "dagster")
        return landing, warehouse


def _fingerprint(built: Built) -> str:
    digest = hashlib.sha256()
    for path in sorted(built.landing.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(built.landing).as_posix().encode())
            digest.update(path.read_bytes())
            digest.update(str(path.stat().st_mtime_ns).encode())
    digest.update(built.warehouse.read_bytes())
    return digest.hexdigest()


def _shared_build(
    tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], Built]
) -> Iterator[Built]:
    root = tmp_path_factory.mktemp(name)
    built = build(root)
    before = _fingerprint(built)
    yield built
    assert _fingerprint(built) == before, f"a test changed the shared {name}: copy it first"


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory) -> Iterator[Built]:
    """The bundled sample with every asset materialized, once per session (per xdist worker)."""

    def build(root: Path) -> Built:
        landing = root / "landing"
        shutil.copytree(SAMPLE_LANDING, landing)
        warehouse = root / "w.duckdb"
        return Built(landing, warehouse, materialize_all(landing, warehouse))

    yield from _shared_build(tmp_path_factory, "built_sample", build)


@pytest.fixture(scope="session")
def built_hand(tmp_path_factory) -> Iterator[Built]:
    """``hand_landing`` with every asset materialized, once per session (per xdist worker)."""

    def build(root: Path) -> Built:
        landing = hand_landing(root / "landing")
        warehouse = root / "w.duckdb"
        return Built(landing, warehouse, materialize_all(landing, warehouse))

    yield from _shared_build(tmp_path_factory, "built_hand", build)


@pytest.fixture(scope="session")
def run_sample(tmp_path_factory) -> Iterator[Built]:
    """The bundled sample through ``run_build`` (what ``autoexport build`` calls) and published,
    once per session (per xdist worker)."""

    def build(root: Path) -> Built:
        landing = root / "landing"
        shutil.copytree(SAMPLE_LANDING, landing)
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("DAGSTER_HOME", str(root / "dagster"))
            settings = resolve_settings(landing=str(landing), warehouse=str(root / "w.duckdb"))
            report = run_build(settings)
        return Built(landing, settings.warehouse, settings=settings, report=report)

    yield from _shared_build(tmp_path_factory, "run_sample", build)


def _cli_build(tmp_path_factory, name: str, make_landing: Callable[[Path], Path]) -> Built:
    """``autoexport build`` as a user runs it, once for all xdist workers of the run.

    The workers' temp folders share a parent; a file lock there lets the first worker build
    and the others wait for it (the pattern of pytest-xdist's docs). Tests copy the result.
    """
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent
    root = shared / name
    landing, warehouse, done = root / "landing", root / "warehouse.duckdb", root / "built"
    with FileLock(f"{root}.lock"):
        if not done.exists():
            shutil.rmtree(root, ignore_errors=True)  # a build that failed half way
            root.mkdir()
            make_landing(landing)
            env = {
                **os.environ,
                "AUTOEXPORT_LANDING": str(landing),
                "AUTOEXPORT_WAREHOUSE": str(warehouse),
                "DAGSTER_HOME": str(root / "dagster"),
            }
            result = subprocess.run(
                [AUTOEXPORT, "build"], env=env, cwd=root, capture_output=True, text=True,
                timeout=600,
            )  # fmt: skip
            assert result.returncode == 0, result.stdout + result.stderr
            assert warehouse.exists(), "published nowhere"
            done.write_text(result.stdout, encoding="utf-8")
    return Built(landing, warehouse, stdout=done.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def cli_sample(tmp_path_factory) -> Iterator[Built]:
    """The bundled sample built and published by the CLI: copy it (``copy``) before use."""
    built = _cli_build(
        tmp_path_factory, "cli_sample", lambda landing: shutil.copytree(SAMPLE_LANDING, landing)
    )
    before = _fingerprint(built)
    yield built
    assert _fingerprint(built) == before, "a test changed the shared cli_sample: copy it first"


@pytest.fixture(scope="session")
def cli_hand(tmp_path_factory) -> Iterator[Built]:
    """``hand_landing`` built and published by the CLI: copy it (``copy``) before use."""
    built = _cli_build(tmp_path_factory, "cli_hand", hand_landing)
    before = _fingerprint(built)
    yield built
    assert _fingerprint(built) == before, "a test changed the shared cli_hand: copy it first"
