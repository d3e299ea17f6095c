"""National monthly exports: GACC's release tables, the car row per release period."""

from pipelines.report import charts
from pipelines.report.i18n import Language
from pipelines.report.sections.common import CAR_PRODUCT, Content, Section
from pipelines.report.tables import columns, table_of
from pipelines.report.warehouse import ReportWarehouse

NATIONAL_MONTHLY_SQL = """
select
    period,
    period_end,
    months_covered,
    vehicles,
    value_usd,
    vehicles_ytd,
    yoy_vehicles_pct,
    derived,
    source_file
from marts.national_monthly
where product = ?
order by period
"""


def build(warehouse: ReportWarehouse, lang: Language) -> Content:
    frame = warehouse.frame(NATIONAL_MONTHLY_SQL, [CAR_PRODUCT])
    if frame.empty:
        return Content(notes=[lang.t("national.empty", product=CAR_PRODUCT)])
    frame["label"] = [
        lang.months(start, end) if covered > 1 else lang.month(start)
        for start, end, covered in zip(
            frame["period"], frame["period_end"], frame["months_covered"], strict=True
        )
    ]
    chart = charts.national_monthly(
        frame[["label", "vehicles", "yoy_vehicles_pct", "derived"]], lang.t("national.chart"), lang
    )
    table = table_of(
        frame,
        columns(
            lang,
            ("label", "col.period"),
            ("months_covered", "col.months", "int"),
            ("vehicles", "col.vehicles", "int"),
            ("value_usd", "col.value_usd", "int"),
            ("vehicles_ytd", "col.vehicles_ytd", "int"),
            ("yoy_vehicles_pct", "col.yoy_ytd", "pct"),
            ("derived", "col.derived", "bool"),
            ("source_file", "col.source_file"),
        ),
        lang.t("national.caption"),
        lang,
    )
    jan_feb = lang.months("2025-01-01", "2025-02-01")
    return Content(charts=[chart], tables=[table], notes=[lang.t("national.note", jan_feb=jan_feb)])


SECTION = Section(
    "national-monthly",
    {
        "marts.national_monthly": (
            "period",
            "period_end",
            "months_covered",
            "product",
            "vehicles",
            "value_usd",
            "vehicles_ytd",
            "yoy_vehicles_pct",
            "derived",
            "source_file",
        )
    },
    build,
)
