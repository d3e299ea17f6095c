"""`autoexport report`: one HTML file that opens offline, rendered in headless Chromium.

Expected figures come from the bundled sample (data/landing), added up by hand from the marts'
rows: destinations in March and April 2025 (customs downloads), the GACC car row (releases).
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from bs4 import BeautifulSoup

from tests.conftest import REPO, SAMPLE_LANDING
from tests.headless_chromium import run_chromium

AUTOEXPORT = str(Path(sys.executable).with_name("autoexport"))


def run(args: list[str], env: dict, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [AUTOEXPORT, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    """The bundled sample plus two files that must be quarantined whole, built once."""
    root = tmp_path_factory.mktemp("report")
    landing = root / "landing"
    shutil.copytree(SAMPLE_LANDING, landing)
    exports = landing / "customs" / "exports"
    download = (exports / "exports_202504_full_cny.csv").read_bytes()
    (exports / "no_period.csv").write_bytes(download.replace(b"87060022", b"87060021"))
    (exports / "exports_202506_empty.csv").write_bytes(b"")
    env = {
        **os.environ,
        "AUTOEXPORT_LANDING": str(landing),
        "AUTOEXPORT_WAREHOUSE": str(root / "warehouse.duckdb"),
        "DAGSTER_HOME": str(root / "dagster"),
    }
    result = run(["build"], env, root)
    assert result.returncode == 0, result.stderr
    return {"root": root, "env": env, "warehouse": root / "warehouse.duckdb"}


@pytest.fixture(scope="module")
def report(built) -> dict:
    out = built["root"] / "out"
    result = run(["report", "--out", str(out)], built["env"], built["root"])
    assert result.returncode == 0, result.stderr
    html = (out / "index.html").read_text(encoding="utf-8")
    return {
        "stdout": result.stdout,
        "path": out / "index.html",
        "soup": BeautifulSoup(html, "lxml"),
    }


def _table_rows(soup: BeautifulSoup, section: str, caption_start: str) -> list[list[str]]:
    for table in soup.select(f"section#{section} table"):
        if table.caption.get_text(strip=True).startswith(caption_start):
            return [
                [td.get_text(strip=True) for td in tr.find_all("td")] for tr in table.tbody("tr")
            ]
    raise AssertionError(f"no table {caption_start!r} in section {section}")


def _chromium(page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess:
    return run_chromium(
        page,
        profile,
        "--enable-logging=stderr",
        "--v=0",
        "--virtual-time-budget=20000",
        *args,
        timeout=180,
    )


def test_report_lists_its_sections_and_skips_the_missing_ones(report):
    out = report["stdout"]
    assert "National monthly exports: 1 chart(s)" in out
    assert "Top destinations: 2 chart(s)" in out
    assert "Data health: " in out
    assert f"report: {report['path']}" in out
    soup = report["soup"]
    for section in soup.select("section.report-section"):
        skipped = section.select_one("p.skipped")
        # a section is drawn (charts or tables) or says why not
        assert skipped or section.select("div.chart") or section.select("table"), section["id"]
        if skipped:
            assert "is not in this warehouse" in skipped.get_text() or "has no column" in (
                skipped.get_text()
            )


def test_report_needs_no_network(report):
    soup = report["soup"]
    for tag in soup.find_all(["script", "link", "img", "iframe", "source", "embed", "object"]):
        for attribute in ("src", "href", "data"):
            assert not tag.get(attribute), f"{tag.name} loads {tag.get(attribute)}"
    html = report["path"].read_text(encoding="utf-8")
    assert not re.search(r"<(script|link|img)[^>]+(src|href)\s*=\s*[\"']?https?:", html, re.I)
    policy = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "default-src 'none'" in policy
    assert "vegaEmbed" in html  # the Vega scripts are inline


def test_report_figures_are_the_warehouse_figures(report):
    soup = report["soup"]
    national = {row[0]: row for row in _table_rows(soup, "national-monthly", "Motor vehicles")}
    # GACC's published car row: January-February 971,000 (+16.8% YTD), May 695,163
    assert national["2025-01..02"][2] == "971,000" and national["2025-01..02"][5] == "+16.8%"
    assert national["2025-05"][2] == "695,163"
    destinations = _table_rows(soup, "destinations", "Top 10 destinations, 12 months to 2025-04")
    # RUS 73,455 (March) + 118,557 (April); MEX 74,385 + 33,137; all six destinations 421,607
    assert destinations[0][:5] == ["Russian Federation", "RUS", "192,012", "45.5%", "118,557"]
    assert destinations[1][:3] == ["Mexico", "MEX", "107,522"]
    assert len(destinations) == 6
    powertrains = {row[0]: row for row in _table_rows(soup, "powertrains", "Vehicles per month")}
    # January: BEV 164,421 cars + 4,019 buses; PHEV 7,288; all 248,751 -> 175,728 / 248,751
    assert powertrains["2025-01"][1:3] == ["248,751", "168,440"]
    assert powertrains["2025-01"][-1] == "70.6%"
    china_japan = {row[0]: row for row in _table_rows(soup, "china-japan", "Vehicle exports")}
    assert china_japan["2023"][1:4] == ["5,221,000", "4,422,682", "798,318"]
    overlap = {row[0]: row for row in _table_rows(soup, "policy-overlap", "Kinds of measure")}
    assert overlap["logistics"][2:4] == ["5", "44, 440100, 50, 52, CN"]


def test_data_health_names_the_quarantined_files(report, built):
    soup = report["soup"]
    quarantine = _table_rows(soup, "data-health", "Quarantined rows and files: 2")
    reasons = {(row[0], row[1]): row[2] for row in quarantine}
    assert reasons[("customs/exports/no_period.csv", "whole file")].startswith("period unknown")
    assert ("customs/exports/exports_202506_empty.csv", "whole file") in reasons
    loads = _table_rows(soup, "data-health", "Files not simply loaded")
    statuses = {row[0]: row[1] for row in loads}
    assert statuses["customs/exports/no_period.csv"] == "quarantined"
    assert statuses["customs/exports/exports_202503_partner_cny.csv"] == "duplicate"
    footer = soup.find("footer").get_text(" ", strip=True)
    assert str(built["warehouse"]) in footer
    files = duckdb.connect(built["warehouse"].as_posix(), read_only=True)
    try:
        [(count,)] = files.execute("select count(distinct source_file) from audit.loads").fetchall()
    finally:
        files.close()
    assert f"source files {count:,} (audit.loads)" in footer


def test_a_missing_table_or_column_skips_only_its_section(built, tmp_path):
    from pipelines.report.writer import write_report

    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(built["warehouse"], copy)
    con = duckdb.connect(copy.as_posix())
    try:
        con.execute("drop table marts.exporter_comparison")
        con.execute("create or replace table marts.market_signals as select 'RUS' as partner_iso3")
        con.execute(
            "create or replace table audit.check_results (run_id varchar, check_name varchar, "
            "table_name varchar, passed boolean, blocking boolean, observed varchar, "
            "trigger varchar, checked_at timestamp)"
        )
        con.execute(
            "insert into audit.check_results values "
            "('run-1', 'grain', 'marts.x', false, true, '3 rows', 'build', "
            "timestamp '2025-06-01 10:00:00'), "
            "('run-2', 'grain', 'marts.x', true, true, '0 rows', 'check', "
            "timestamp '2025-06-02 10:00:00'), "
            "('run-2', 'sums', 'marts.y', false, false, '1 row', 'check', "
            "timestamp '2025-06-02 10:00:01')"
        )
    finally:
        con.close()
    written = write_report(copy, tmp_path / "out")
    sections = {section.key: section for section in written.sections}
    assert sections["china-japan"].skipped == "marts.exporter_comparison is not in this warehouse"
    assert sections["market-signals"].skipped.startswith(
        "marts.market_signals has no column period, partner_name_en, vehicles"
    )
    assert sections["national-monthly"].skipped is None and sections["national-monthly"].charts
    soup = BeautifulSoup(written.path.read_text(encoding="utf-8"), "lxml")
    assert "Skipped: marts.exporter_comparison is not in this warehouse." in soup.get_text()
    # the latest run only (run-2), failures first
    checks = _table_rows(soup, "data-health", "Checks of the latest run run-2 (check)")
    assert [row[:3] for row in checks] == [
        ["sums", "marts.y", "failed, warning"],
        ["grain", "marts.x", "passed"],
    ]


def test_report_renders_every_chart_in_headless_chromium(report, tmp_path):
    page = report["path"]
    charts = [div["id"] for div in report["soup"].select("div.chart")]
    assert len(charts) >= 10  # the sample's ten; issue 9's marts add theirs
    dom = _chromium(page, tmp_path / "profile-dom", "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    console = [line for line in dom.stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]
    assert console == [], console  # the page logs nothing unless a chart fails
    rendered = BeautifulSoup(dom.stdout, "lxml")
    assert not rendered.select(".chart-error")
    assert "Chart failed" not in rendered.get_text()
    for chart in charts:
        svg = rendered.select_one(f"div#{chart} svg.marks")
        assert svg is not None, f"{chart} did not render"
        assert svg.select('[role="graphics-symbol"]'), f"{chart} rendered no marks"
    # one bar per destination of the 12 months to April 2025 (six in the sample)
    bars = rendered.select('div#chart-destinations-1 svg [aria-roledescription="bar"]')
    assert len(bars) == 6

    screenshot = tmp_path / "report.png"
    shot = _chromium(
        page,
        tmp_path / "profile-shot",
        "--hide-scrollbars",
        "--window-size=1100,9000",
        f"--screenshot={screenshot}",
    )
    assert shot.returncode == 0, shot.stderr[-2000:]
    image = screenshot.read_bytes()
    assert image[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(image[16:20], "big") == 1100
    if os.environ.get("AUTOEXPORT_KEEP_SCREENSHOT"):
        shutil.copy(screenshot, os.environ["AUTOEXPORT_KEEP_SCREENSHOT"])


def test_issue_9_charts_render_when_their_marts_have_figures(built, tmp_path):
    """The sample has no year-ago month, no flag and no complete plant window: set some."""
    from pipelines.report.writer import write_report

    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(built["warehouse"], copy)
    con = duckdb.connect(copy.as_posix())
    try:
        # made-up test figures, written over the sample's NULLs
        con.execute(
            "update marts.market_signals set yoy_growth_pct = "
            "case partner_iso3 when 'RUS' then 61.4 when 'MEX' then -55.5 else 10.0 end "
            "where period = date '2025-04-01'"
        )
        con.execute(
            "update marts.market_signals set unit_value_halved = true "
            "where period = date '2025-04-01' and partner_iso3 = 'BEL'"
        )
        con.execute(
            "update marts.plant_export_effects set vehicles_before = 1000, "
            "vehicles_after = 1500, months_before_covered = 12, months_after_covered = 12 "
            "where maker = 'BYD' and city = 'Rayong'"
        )
    finally:
        con.close()
    written = write_report(copy, tmp_path / "out")
    soup = BeautifulSoup(written.path.read_text(encoding="utf-8"), "lxml")
    flagged = _table_rows(soup, "market-signals", "Destination months with an unusual unit value")
    assert [(row[1], row[-1]) for row in flagged] == [("Belgium", "halved")]
    plants = {(row[0], row[1]): row for row in _table_rows(soup, "plant-effects", "Vehicle")}
    assert plants[("BYD", "Rayong")][6:8] == ["1,000", "1,500"]

    dom = _chromium(written.path, tmp_path / "profile", "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert [line for line in dom.stderr.splitlines() if ":CONSOLE" in line] == []
    rendered = BeautifulSoup(dom.stdout, "lxml")
    growth = rendered.select('div#chart-market-signals-1 svg [aria-roledescription="bar"]')
    assert len(growth) == 6  # the six destinations of April 2025
    # unit values: 6 destinations x 2 months as points on the lines, plus 1 ring (Belgium)
    points = rendered.select('div#chart-market-signals-2 svg [aria-roledescription="point"]')
    assert len(points) == 13
    plant_bars = rendered.select('div#chart-plant-effects-1 svg [aria-roledescription="bar"]')
    assert len(plant_bars) == 2  # before and after, one plant


def test_report_imports_no_dagster(built):
    probe = (
        "import sys; from typer.testing import CliRunner; from pipelines.cli import app; "
        "result = CliRunner().invoke(app, ['report', '--out', sys.argv[1]]); "
        "print(result.exit_code, 'dagster' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(built["root"] / "out-probe")],
        env=built["env"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip() == "0 False", result.stderr


def test_report_without_a_warehouse_says_what_to_do(tmp_path):
    env = {**os.environ, "AUTOEXPORT_WAREHOUSE": str(tmp_path / "none.duckdb")}
    result = run(["report", "--out", str(tmp_path / "out")], env, tmp_path)
    assert result.returncode == 2
    assert "run `autoexport build` first" in result.stderr
