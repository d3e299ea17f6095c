"""China and Japan: the world's two largest vehicle exporters, year by year."""

from pipelines.report import charts
from pipelines.report.i18n import Language
from pipelines.report.sections.common import Content, Section, empty
from pipelines.report.tables import columns, table_of
from pipelines.report.warehouse import ReportWarehouse

EXPORTER_COMPARISON_SQL = """
select
    year,
    china_vehicles,
    japan_vehicles,
    china_lead_vehicles,
    china_source,
    japan_source
from marts.exporter_comparison
-- like for like: manufacturers' exports on both sides (CAAM, JAMA); no Japanese customs total
where basis = 'manufacturer_reported'
order by year
"""


def build(warehouse: ReportWarehouse, lang: Language) -> Content:
    frame = warehouse.frame(EXPORTER_COMPARISON_SQL)
    if frame.empty:
        return empty("marts.exporter_comparison", lang)
    exporters = {"china_vehicles": lang.t("col.china"), "japan_vehicles": lang.t("col.japan")}
    long = frame.melt(
        id_vars=["year"],
        value_vars=list(exporters),
        var_name="exporter",
        value_name="vehicles",
    ).dropna(subset=["vehicles"])
    long["exporter"] = long["exporter"].map(exporters)
    long["year"] = long["year"].astype(str)
    return Content(
        charts=[
            charts.grouped_bars(
                long,
                "year",
                "exporter",
                lang.t("china-japan.chart"),
                groups=list(exporters.values()),
                titles=(lang.t("col.year"), lang.t("col.country")),
                lang=lang,
            )
        ],
        tables=[
            table_of(
                frame,
                columns(
                    lang,
                    ("year", "col.year"),
                    ("china_vehicles", "col.china", "int"),
                    ("japan_vehicles", "col.japan", "int"),
                    ("china_lead_vehicles", "col.china_lead", "int"),
                    ("china_source", "col.china_source"),
                    ("japan_source", "col.japan_source"),
                ),
                lang.t("china-japan.caption"),
                lang,
            )
        ],
        notes=[lang.t("china-japan.note")],
    )


SECTION = Section(
    "china-japan",
    {
        "marts.exporter_comparison": (
            "year",
            "china_vehicles",
            "japan_vehicles",
            "china_lead_vehicles",
            "china_source",
            "japan_source",
        )
    },
    build,
)
