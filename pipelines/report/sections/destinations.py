"""Top destinations: vehicle exports by destination country, from the customs downloads."""

import pandas as pd

from pipelines.report import charts
from pipelines.report.i18n import Language
from pipelines.report.sections.common import (
    TOP_DESTINATIONS,
    TREND_MONTHS,
    Content,
    Section,
    empty,
)
from pipelines.report.tables import Column, columns, table_of
from pipelines.report.warehouse import ReportWarehouse

TOP_DESTINATIONS_SQL = """
with
last_month as (
    select max(period) as period from marts.exports_by_destination
),

recent as (
    select
        d.period,
        d.partner_iso3,
        d.partner_name_en,
        d.vehicles,
        d.period = last_month.period as is_last_month
    from marts.exports_by_destination as d
    cross join last_month
    where d.period > last_month.period - interval 12 month
)

select
    partner_iso3,
    any_value(partner_name_en) as partner_name_en,
    sum(vehicles) as vehicles_12m,
    sum(vehicles) / sum(sum(vehicles)) over () as share_12m,
    sum(vehicles) filter (where is_last_month) as vehicles_last_month,
    count(distinct period) as months,
    (select period from last_month) as last_month
from recent
group by partner_iso3
order by vehicles_12m desc, partner_iso3
limit ?
"""

DESTINATION_TREND_SQL = """
select
    period,
    partner_iso3,
    partner_name_en,
    vehicles
from marts.exports_by_destination
where
    list_contains(?, partner_iso3)
    and period > (select max(period) from marts.exports_by_destination) - to_months(?)
order by period, partner_iso3
"""


def build(warehouse: ReportWarehouse, lang: Language) -> Content:
    top = warehouse.frame(TOP_DESTINATIONS_SQL, [TOP_DESTINATIONS])
    if top.empty:
        return empty("marts.exports_by_destination", lang)
    last_month = lang.month(pd.Timestamp(top["last_month"].iloc[0]))
    trend = warehouse.frame(DESTINATION_TREND_SQL, [top["partner_iso3"].tolist(), TREND_MONTHS])
    for frame in (top, trend):
        frame["name"] = lang.relabel(frame, "partner", "partner_iso3", "partner_name_en")
    table = table_of(
        top,
        columns(
            lang,
            ("name", "col.destination"),
            ("partner_iso3", "col.iso3"),
            ("vehicles_12m", "col.vehicles_12m", "int"),
            ("share_12m", "col.share_of_destinations", "share"),
        )
        + [Column("vehicles_last_month", lang.t("col.vehicles_in", month=last_month), "int")]
        + columns(lang, ("months", "col.months_with_data", "int")),
        lang.t("destinations.caption", top=TOP_DESTINATIONS, month=last_month),
        lang,
    )
    legend = lang.t("legend.destination")
    return Content(
        charts=[
            charts.ranked_bars(
                top[["name", "vehicles_12m"]],
                "vehicles_12m",
                lang.t("destinations.chart_ranked", month=last_month),
                legend,
                lang,
            ),
            charts.month_lines(
                trend[["period", "name", "vehicles"]],
                lang.t("destinations.chart_trend"),
                legend,
                lang,
            ),
        ],
        tables=[table],
        notes=[lang.t("destinations.note", month=last_month, months=TREND_MONTHS)],
    )


SECTION = Section(
    "destinations",
    {"marts.exports_by_destination": ("period", "partner_iso3", "partner_name_en", "vehicles")},
    build,
)
