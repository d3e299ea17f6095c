"""Provinces: vehicle exports by the province where the exporter is registered."""

import pandas as pd

from pipelines.report import charts
from pipelines.report.i18n import Language
from pipelines.report.sections.common import TOP_PROVINCES, Content, Section, empty
from pipelines.report.tables import columns, table_of
from pipelines.report.warehouse import ReportWarehouse

TOP_PROVINCES_SQL = """
with
last_month as (
    select max(period) as period from marts.exports_by_province
)

select
    p.province_code,
    any_value(p.province_name_en) as province_name_en,
    sum(p.vehicles) as vehicles_12m,
    sum(p.vehicles) / sum(sum(p.vehicles)) over () as share_12m,
    count(distinct p.period) as months,
    any_value(last_month.period) as last_month
from marts.exports_by_province as p
cross join last_month
where p.period > last_month.period - interval 12 month
group by p.province_code
order by vehicles_12m desc, p.province_code
limit ?
"""

PROVINCE_MONTHS_SQL = """
select
    period,
    province_code,
    province_name_en,
    vehicles
from marts.exports_by_province
where
    list_contains(?, province_code)
    and period > (select max(period) from marts.exports_by_province) - interval 12 month
order by period, province_code
"""


def build(warehouse: ReportWarehouse, lang: Language) -> Content:
    top = warehouse.frame(TOP_PROVINCES_SQL, [TOP_PROVINCES])
    if top.empty:
        return empty("marts.exports_by_province", lang)
    last_month = lang.month(pd.Timestamp(top["last_month"].iloc[0]))
    months = warehouse.frame(PROVINCE_MONTHS_SQL, [top["province_code"].tolist()])
    for frame in (top, months):
        frame["name"] = lang.relabel(frame, "province", "province_code", "province_name_en")
    return Content(
        charts=[
            charts.ranked_bars(
                top[["name", "vehicles_12m"]],
                "vehicles_12m",
                lang.t("provinces.chart_ranked", month=last_month),
                lang.t("col.province"),
                lang,
            ),
            charts.province_months(
                months[["period", "name", "vehicles"]], lang.t("provinces.chart_months"), lang
            ),
        ],
        tables=[
            table_of(
                top,
                columns(
                    lang,
                    ("name", "col.province"),
                    ("province_code", "col.province_code"),
                    ("vehicles_12m", "col.vehicles_12m", "int"),
                    ("share_12m", "col.share", "share"),
                    ("months", "col.months_with_data", "int"),
                ),
                lang.t("provinces.caption", top=TOP_PROVINCES, month=last_month),
                lang,
            )
        ],
    )


SECTION = Section(
    "provinces",
    {"marts.exports_by_province": ("period", "province_code", "province_name_en", "vehicles")},
    build,
)
