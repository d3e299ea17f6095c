"""Write the report: run every section on the warehouse, render one HTML file that needs no network.

The Vega, Vega-Lite and vega-embed scripts come inlined from vl-convert-python's bundle (the one
Altair's own inline HTML uses), once per page; each chart is a Vega-Lite spec in a JSON script
block. The page's Content-Security-Policy forbids every network request, so a chart that tried
one would fail visibly instead of quietly depending on the network.

The page is written in one language (i18n.py): its text, the charts' titles, axes and legends,
and the codes' names (labels.py). Page and charts name CJK fonts first, so Chinese renders
with the fonts Windows, macOS and Linux have; no web font is loaded.
"""

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

import altair as alt
import jinja2
import vl_convert

from pipelines.report.i18n import DEFAULT_LANGUAGE, FONT_STACK, Language
from pipelines.report.labels import load_language
from pipelines.report.sections import SECTIONS, Section, missing_requirement
from pipelines.report.tables import Table
from pipelines.report.warehouse import ReportWarehouse, open_warehouse

REPORT_FILE = "index.html"
TEMPLATES = Path(__file__).with_name("templates")
EMBED_OPTIONS = {"renderer": "svg", "actions": False, "mode": "vega-lite"}


@dataclass
class RenderedChart:
    element_id: str
    spec: dict


@dataclass
class RenderedSection:
    key: str
    title: str
    intro: str
    skipped: str | None = None  # why the section could not be drawn
    charts: list[RenderedChart] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class WrittenReport:
    path: Path
    sections: list[RenderedSection]
    language: str

    @property
    def charts(self) -> int:
        return sum(len(section.charts) for section in self.sections)


def _spec(chart: alt.TopLevelMixin) -> dict:
    spec = chart.to_dict()
    # every text of the chart (titles, axes, legends) in the page's CJK-first fonts
    spec.setdefault("config", {})["font"] = FONT_STACK
    return spec


def _render_section(
    section: Section, warehouse: ReportWarehouse, lang: Language
) -> RenderedSection:
    rendered = RenderedSection(section.key, section.title(lang), section.intro(lang))
    rendered.skipped = missing_requirement(section, warehouse, lang)
    if rendered.skipped:
        return rendered
    content = section.build(warehouse, lang)
    # real warehouses pass Altair's 5,000-row guard in a 24-month province heat map, say
    with alt.data_transformers.disable_max_rows():
        rendered.charts = [
            RenderedChart(f"chart-{section.key}-{number}", _spec(chart))
            for number, chart in enumerate(content.charts, start=1)
        ]
    rendered.tables = content.tables
    rendered.notes = content.notes
    return rendered


def _footer(warehouse: ReportWarehouse, written_at: dt.datetime) -> dict:
    published_at = dt.datetime.fromtimestamp(warehouse.path.stat().st_mtime, dt.UTC)
    return {
        "warehouse": str(warehouse.path),
        "published_at": published_at.strftime("%Y-%m-%d %H:%M:%S UTC"),
        "last_loaded_at": warehouse.value("select max(loaded_at) from audit.loads")
        if warehouse.columns("audit.loads")
        else None,
        "source_files": warehouse.value("select count(distinct source_file) from audit.loads")
        if warehouse.columns("audit.loads")
        else None,
        "written_at": written_at.strftime("%Y-%m-%d %H:%M:%S UTC"),
    }


def _vega_bundle() -> str:
    # vl-convert names Vega-Lite versions like v6_4; Altair's schema version is v6.4.1
    vl_version = "_".join(alt.SCHEMA_VERSION.split(".")[:2])
    return vl_convert.javascript_bundle(vl_version=vl_version)


def render_html(sections: list[RenderedSection], footer: dict, lang: Language) -> str:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    template = environment.get_template("report.html.j2")
    return template.render(
        sections=sections,
        footer=footer,
        t=lang.t,
        font_stack=FONT_STACK,
        vega_bundle=_vega_bundle(),
        vega_lite_version=alt.SCHEMA_VERSION,
        embed_options=EMBED_OPTIONS,
    )


def write_report(
    warehouse_path: Path, out: Path, language: str = DEFAULT_LANGUAGE
) -> WrittenReport:
    """Write ``out/index.html`` in ``language`` (zh or en) from the warehouse at
    ``warehouse_path`` (opened read-only)."""
    written_at = dt.datetime.now(dt.UTC)
    with open_warehouse(warehouse_path) as warehouse:
        lang = load_language(warehouse, language)
        sections = [_render_section(section, warehouse, lang) for section in SECTIONS]
        footer = _footer(warehouse, written_at)
    html = render_html(sections, footer, lang)
    out.mkdir(parents=True, exist_ok=True)
    path = out / REPORT_FILE
    # written aside and renamed: a browser reloading the page never sees half a file
    partial = path.with_name(f".{REPORT_FILE}.partial")
    partial.write_text(html, encoding="utf-8")
    os.replace(partial, path)
    return WrittenReport(path, sections, language)
