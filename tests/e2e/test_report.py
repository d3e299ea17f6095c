"""`autoexport report`: one HTML file that opens offline, in Chinese and English, rendered in
headless Chromium.

Expected figures come from the bundled sample (data/landing), added up by hand from the marts'
rows: destinations in March and April 2025 (customs downloads), the GACC car row (releases).
Chinese names come from the seeds (partners.csv, provinces.csv, *_labels.csv).
"""

import json
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


def _report(built: dict, name: str, *args: str) -> dict:
    out = built["root"] / name
    result = run(["report", "--out", str(out), *args], built["env"], built["root"])
    assert result.returncode == 0, result.stderr
    html = (out / "index.html").read_text(encoding="utf-8")
    return {
        "stdout": result.stdout,
        "path": out / "index.html",
        "soup": BeautifulSoup(html, "lxml"),
    }


@pytest.fixture(scope="module")
def report(built) -> dict:
    return _report(built, "out", "--lang", "en")


@pytest.fixture(scope="module")
def report_zh(built) -> dict:
    """Written without --lang: Chinese is the default."""
    return _report(built, "out-zh")


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
    # like for like (#18): CAAM 4,910,000 against JAMA 4,422,682, both manufacturer-reported
    assert china_japan["2023"][1:4] == ["4,910,000", "4,422,682", "487,318"]
    overlap = {row[1]: row for row in _table_rows(soup, "policy-overlap", "Kinds of measure")}
    assert overlap["logistics"][0] == "International logistics (rail, ro-ro ships)"
    assert overlap["logistics"][2:4] == ["5", "44, 440100, 50, 52, CN"]


def test_the_chinese_report_has_chinese_text_and_the_same_figures(report_zh, report):
    soup = report_zh["soup"]
    assert soup.html["lang"] == "zh-CN"
    assert soup.title.get_text() == "autoexport 报告：中国汽车出口"
    out = report_zh["stdout"]
    assert "全国月度出口: 1 chart(s)" in out and "主要出口目的地: 2 chart(s)" in out
    national = {row[0]: row for row in _table_rows(soup, "national-monthly", "汽车（包括底盘）")}
    assert national["2025年1–2月"][2] == "971,000" and national["2025年1–2月"][5] == "+16.8%"
    assert national["2025年5月"][6] == "否"
    headers = [th.get_text() for th in soup.select("section#national-monthly th")]
    assert headers[:3] == ["期间", "月数", "数量（辆）"]
    destinations = _table_rows(soup, "destinations", "截至 2025年4月 的 12 个月前 10 大目的地")
    assert destinations[0][:5] == ["俄罗斯联邦", "RUS", "192,012", "45.5%", "118,557"]
    assert destinations[1][:3] == ["墨西哥", "MEX", "107,522"]
    provinces = _table_rows(soup, "provinces", "截至 2025年4月")
    english = _table_rows(report["soup"], "provinces", "Top 15 provinces")
    # the same provinces in the same order, named from provinces.csv
    assert [row[1:] for row in provinces] == [row[1:] for row in english]
    assert all(row[0].endswith(("省", "市", "自治区")) for row in provinces), provinces
    powertrain_headers = [th.get_text() for th in soup.select("section#powertrains th")]
    assert powertrain_headers[2:6] == ["纯电动", "插电式混合动力", "混合动力", "传统燃油"]
    overlap = {row[1]: row for row in _table_rows(soup, "policy-overlap", "措施类别")}
    assert overlap["logistics"][0] == "国际物流（铁路、滚装船）"
    regions = {row[0] for row in _table_rows(soup, "nev-regions", "截至 2025年4月")}
    assert regions and regions <= {
        "西欧",
        "东欧",
        "独联体",
        "中东",
        "东南亚",
        "南亚",
        "东亚",
        "大洋洲",
        "拉丁美洲",
        "北美洲",
        "非洲",
        "未归类",
    }
    quarantine = _table_rows(soup, "data-health", "被隔离的行和文件：2")
    assert ("customs/exports/no_period.csv", "整个文件") in {(r[0], r[1]) for r in quarantine}
    # every chart's titles, axes and legends: no English word of the English report's charts
    specs = [json.loads(tag.string) for tag in soup.select('script[type="application/json"]')]
    titles = [spec["title"] for spec in specs if isinstance(spec.get("title"), str)]
    assert "每月汽车出口（海关总署统计快讯表）" in json.dumps(specs, ensure_ascii=False)
    assert titles and all(re.search("[\u4e00-\u9fff]", title) for title in titles), titles
    assert all(spec["config"]["font"].startswith('"Noto Sans CJK SC"') for spec in specs)


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
    written = write_report(copy, tmp_path / "out", "en")
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
    chinese = write_report(copy, tmp_path / "out-zh")
    assert chinese.language == "zh"
    soup = BeautifulSoup(chinese.path.read_text(encoding="utf-8"), "lxml")
    assert "未生成：本数据仓库中没有 marts.exporter_comparison。" in soup.get_text()
    checks = _table_rows(soup, "data-health", "最近一次运行 run-2（check）的检查")
    assert [row[2] for row in checks] == ["未通过（警告）", "通过"]


# Run in the page once every chart has drawn: which fonts the page asks for, and whether the
# Chinese glyphs are real ones. Canvas bitmaps (alpha channel) compare glyphs without OCR: a
# missing glyph is the same box whatever the character, so two different characters drawing
# alike, or drawing like an unassigned code point, means tofu; the page's font stack drawing
# exactly like "Noto Sans CJK SC" (and unlike Noto Serif CJK) means that font is the one used.
# document.fonts.check() is not used: Chromium answers true even for a family it lacks.
FONT_PROBE = r"""
<script>
(function probe() {
  if (document.querySelectorAll("div.chart svg.marks").length
      < document.querySelectorAll("div.chart").length) { setTimeout(probe, 100); return; }
  function bitmap(text, font) {
    var canvas = document.createElement("canvas"); canvas.width = 160; canvas.height = 60;
    var g = canvas.getContext("2d"); g.font = font; g.textBaseline = "top"; g.fillText(text, 4, 6);
    var data = g.getImageData(0, 0, 160, 60).data, ink = 0, hash = 0;
    for (var i = 3; i < data.length; i += 4) { ink += data[i]; hash = (hash * 31 + data[i]) | 0; }
    return ink + ":" + hash;
  }
  function family(element) { return getComputedStyle(element).fontFamily; }
  function advance(element) {  // rendered width of the element's text, in font sizes
    var range = document.createRange(); range.selectNodeContents(element);
    return range.getBoundingClientRect().width / parseFloat(getComputedStyle(element).fontSize);
  }
  var stack = "40px " + family(document.body), noto = '40px "Noto Sans CJK SC"';
  var svgTexts = Array.from(document.querySelectorAll("div.chart svg text"));
  var title = document.querySelector("div.chart svg .role-title-text text");
  var result = {
    families: {
      body: family(document.body), h1: family(document.querySelector("h1")),
      th: family(document.querySelector("th")),
      svg: Array.from(new Set(svgTexts.map(family)))
    },
    h1: [document.querySelector("h1").textContent, advance(document.querySelector("h1"))],
    svgTitle: [title.textContent,
               title.getComputedTextLength() / parseFloat(getComputedStyle(title).fontSize)],
    glyphs: {
      qi: bitmap("汽", stack), che: bitmap("车", stack), missing: bitmap("\u{10FFFD}", stack),
      qiNoto: bitmap("汽", noto), qiSerif: bitmap("汽", '40px "Noto Serif CJK SC"')
    }
  };
  var pre = document.createElement("pre"); pre.id = "font-probe";
  pre.textContent = JSON.stringify(result); document.body.appendChild(pre);
})();
</script>
"""


def _rendered(page: Path, profile: Path) -> tuple[BeautifulSoup, dict]:
    """The DOM after every chart drew, and what the font probe measured in it."""
    probed = page.with_name("probed.html")
    # the page's own </body> is the last one (the inlined Vega bundle holds the string too)
    head, body_end, tail = page.read_text(encoding="utf-8").rpartition("</body>")
    probed.write_text(head + FONT_PROBE + body_end + tail, encoding="utf-8")
    dom = _chromium(probed, profile, "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    console = [line for line in dom.stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]
    assert console == [], console  # the page logs nothing unless a chart fails
    rendered = BeautifulSoup(dom.stdout, "lxml")
    probe = rendered.select_one("pre#font-probe")
    assert probe is not None, "the font probe did not run: a chart never drew"
    return rendered, json.loads(probe.get_text())


@pytest.mark.parametrize("language", ["en", "zh"])
def test_report_renders_every_chart_in_headless_chromium(language, report, report_zh, tmp_path):
    written = report_zh if language == "zh" else report
    page = written["path"]
    charts = [div["id"] for div in written["soup"].select("div.chart")]
    assert len(charts) >= 10  # the sample's ten; issue 9's marts add theirs
    rendered, probe = _rendered(page, tmp_path / "profile-dom")
    assert not rendered.select(".chart-error")
    assert "Chart failed" not in rendered.get_text() and "图表绘制失败" not in rendered.get_text()
    for chart in charts:
        svg = rendered.select_one(f"div#{chart} svg.marks")
        assert svg is not None, f"{chart} did not render"
        assert svg.select('[role="graphics-symbol"]'), f"{chart} rendered no marks"
    # one bar per destination of the 12 months to April 2025 (six in the sample)
    bars = rendered.select('div#chart-destinations-1 svg [aria-roledescription="bar"]')
    assert len(bars) == 6

    # the page and every chart text ask for the CJK fonts first, in both languages
    families = probe["families"]
    for where in ("body", "h1", "th"):
        assert families[where].startswith('"Noto Sans CJK SC", "Source Han Sans SC", '), where
        assert families[where].index("Microsoft YaHei") < families[where].index("sans-serif")
    assert [family.split(",")[0] for family in families["svg"]] == ['"Noto Sans CJK SC"']
    glyphs = probe["glyphs"]
    assert glyphs["qi"] == glyphs["qiNoto"], "the page's fonts do not draw 汽 with Noto Sans CJK"
    assert glyphs["qiNoto"] != glyphs["qiSerif"]  # the bitmaps do tell two fonts apart
    assert int(glyphs["qi"].split(":")[0]) > 0  # ink
    # no missing-glyph boxes: two characters draw differently, and unlike a missing one
    assert len({glyphs["qi"], glyphs["che"], glyphs["missing"]}) == 3
    heading, advance = probe["h1"]
    svg_title, svg_advance = probe["svgTitle"]
    if language == "zh":
        # a CJK glyph (and a full-width bracket) advances one font size: the rendered text
        assert heading == "中国汽车出口" and advance == pytest.approx(6, rel=0.03)
        assert svg_title == "每月汽车出口（海关总署统计快讯表）"
        assert svg_advance == pytest.approx(len(svg_title), rel=0.03)
    else:
        assert heading == "China's vehicle exports" and advance < len(heading) * 0.7
        assert svg_title == "Vehicle exports per month (GACC release tables)"

    screenshot = tmp_path / f"report-{language}.png"
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
    print(f"screenshot of the {language} report: {screenshot}")
    if os.environ.get("AUTOEXPORT_KEEP_SCREENSHOT"):
        keep = Path(os.environ["AUTOEXPORT_KEEP_SCREENSHOT"])
        shutil.copy(screenshot, keep.with_name(f"{keep.stem}-{language}{keep.suffix}"))


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
    written = write_report(copy, tmp_path / "out", "en")
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


def test_every_string_of_the_catalogue_is_in_both_languages():
    from pipelines.report.i18n import MESSAGES, check_catalogue

    assert check_catalogue() == []
    # every key the report's code asks for is in the catalogue, and every entry is asked for
    code = "\n".join(
        path.read_text(encoding="utf-8")
        for path in (REPO / "pipelines" / "report").rglob("*")
        if path.suffix in (".py", ".j2") and path.name != "i18n.py"
    )
    asked = set(re.findall(r"""["']((?:[a-z0-9_-]+\.)+[a-z0-9_]+)["']""", code))
    # value.* are spelled from data, <section>.title/.intro from a section's key
    unused = [
        key
        for key in MESSAGES
        if key not in asked
        and not key.startswith("value.")
        and not key.endswith((".title", ".intro"))
    ]
    assert unused == [], unused
