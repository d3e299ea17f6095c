"""Powertrain mix and NEV share, from the HS subheadings of the customs downloads."""

from pipelines.report import charts
from pipelines.report.i18n import Language
from pipelines.report.sections.common import TREND_MONTHS, Content, Section, empty
from pipelines.report.tables import Column, columns, table_of
from pipelines.report.warehouse import ReportWarehouse

POWERTRAIN_SQL = """
select
    period,
    powertrain,
    coalesce(list_position(?, powertrain), 99) as powertrain_order,
    sum(vehicles) as vehicles
from marts.exports_by_powertrain
where period > (select max(period) from marts.exports_by_powertrain) - to_months(?)
group by period, powertrain
order by period, powertrain_order
"""

NEV_SHARE_SQL = """
select
    period,
    sum(vehicles) as vehicles,
    coalesce(sum(vehicles) filter (where powertrain = 'BEV'), 0) as bev,
    coalesce(sum(vehicles) filter (where powertrain = 'PHEV'), 0) as phev,
    coalesce(sum(vehicles) filter (where powertrain = 'HEV'), 0) as hev,
    coalesce(sum(vehicles) filter (where powertrain = 'ICE'), 0) as ice,
    coalesce(sum(vehicles) filter (where powertrain not in ('BEV', 'PHEV', 'HEV', 'ICE')), 0)
        as other,
    coalesce(sum(vehicles) filter (where powertrain in ('BEV', 'PHEV')), 0)
    / nullif(sum(vehicles), 0) as nev_share
from marts.exports_by_powertrain
where period > (select max(period) from marts.exports_by_powertrain) - to_months(?)
group by period
order by period
"""
# the powertrains the table shows one column each (the others add up to 'other')
SHOWN = ("BEV", "PHEV", "HEV", "ICE")


def build(warehouse: ReportWarehouse, lang: Language) -> Content:
    mix = warehouse.frame(POWERTRAIN_SQL, [charts.POWERTRAIN_ORDER, TREND_MONTHS])
    if mix.empty:
        return empty("marts.exports_by_powertrain", lang)
    mix["name"] = lang.relabel(mix, "powertrain", "powertrain")
    share = warehouse.frame(NEV_SHARE_SQL, [TREND_MONTHS])
    table_columns = (
        columns(lang, ("period", "col.month", "month"), ("vehicles", "col.vehicles", "int"))
        + [Column(code.lower(), lang.label("powertrain", code), "int") for code in SHOWN]
        + columns(
            lang, ("other", "col.other_powertrain", "int"), ("nev_share", "col.nev_share", "share")
        )
    )
    return Content(
        charts=[
            charts.powertrain_mix(mix, lang.t("powertrains.chart_mix"), lang),
            charts.share_line(
                share[["period", "nev_share"]], "nev_share", lang.t("powertrains.chart_share"), lang
            ),
        ],
        tables=[
            table_of(share, table_columns, lang.t("powertrains.caption", months=TREND_MONTHS), lang)
        ],
        notes=[
            lang.t(
                "powertrains.note",
                unspecified=lang.label("powertrain", "UNSPECIFIED"),
                other=lang.label("powertrain", "OTHER"),
            )
        ],
    )


SECTION = Section(
    "powertrains",
    {"marts.exports_by_powertrain": ("period", "powertrain", "vehicles")},
    build,
)
