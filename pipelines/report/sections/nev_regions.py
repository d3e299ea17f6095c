"""NEV share by region: battery-electric and plug-in hybrid vehicles per world region."""

import pandas as pd

from pipelines.report import charts
from pipelines.report.i18n import Language
from pipelines.report.sections.common import TREND_MONTHS, Content, Section, empty
from pipelines.report.tables import columns, table_of
from pipelines.report.warehouse import ReportWarehouse

REGION_MONTHS_SQL = """
select
    period,
    region,
    nev_vehicles / nullif(vehicles, 0) as nev_share
from marts.nev_share_by_region
where period > (select max(period) from marts.nev_share_by_region) - to_months(?)
order by period, region
"""

REGION_TOTALS_SQL = """
select
    region,
    sum(nev_vehicles) as nev_vehicles_12m,
    sum(vehicles) as vehicles_12m,
    sum(powertrain_unknown_vehicles) as unknown_12m,
    sum(nev_vehicles) / nullif(sum(vehicles), 0) as nev_share_12m,
    max(period) as last_month
from marts.nev_share_by_region
where period > (select max(period) from marts.nev_share_by_region) - interval 12 month
group by region
order by nev_share_12m desc nulls last, region
"""


def build(warehouse: ReportWarehouse, lang: Language) -> Content:
    months = warehouse.frame(REGION_MONTHS_SQL, [TREND_MONTHS])
    if months.empty:
        return empty("marts.nev_share_by_region", lang)
    totals = warehouse.frame(REGION_TOTALS_SQL)
    for frame in (months, totals):
        frame["name"] = lang.relabel(frame, "region", "region")
    last_month = lang.month(pd.Timestamp(totals["last_month"].max()))
    region = lang.t("col.region")
    return Content(
        charts=[
            charts.ranked_bars(
                totals[["name", "nev_share_12m"]],
                "nev_share_12m",
                lang.t("regions.chart_share", month=last_month),
                region,
                lang,
                share=True,
            ),
            charts.share_line(
                months[["period", "name", "nev_share"]],
                "nev_share",
                lang.t("regions.chart_months"),
                lang,
                name_title=region,
            ),
        ],
        tables=[
            table_of(
                totals,
                columns(
                    lang,
                    ("name", "col.region"),
                    ("nev_vehicles_12m", "col.nev_vehicles", "int"),
                    ("vehicles_12m", "col.all_vehicles", "int"),
                    ("unknown_12m", "col.powertrain_unknown", "int"),
                    ("nev_share_12m", "col.nev_share", "share"),
                ),
                lang.t("regions.caption", month=last_month),
                lang,
            )
        ],
        notes=[lang.t("regions.note", unknown=lang.t("col.powertrain_unknown"))],
    )


SECTION = Section(
    "nev-regions",
    {
        "marts.nev_share_by_region": (
            "period",
            "region",
            "vehicles",
            "nev_vehicles",
            "powertrain_unknown_vehicles",
        )
    },
    build,
)
