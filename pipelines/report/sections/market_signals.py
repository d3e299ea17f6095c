"""Market signals: per destination, YoY growth, trend, rank and unusual unit values."""

import pandas as pd

from pipelines.report import charts
from pipelines.report.i18n import Language
from pipelines.report.sections.common import (
    ROWS_LISTED,
    TOP_DESTINATIONS,
    TREND_MONTHS,
    Content,
    Section,
    empty,
)
from pipelines.report.tables import Column, columns, table_of
from pipelines.report.warehouse import ReportWarehouse

# the signal columns both tables of the section show
_SIGNALS_PROJECTION = """
select
    period,
    partner_iso3,
    partner_name_en,
    vehicles,
    yoy_growth_pct,
    trend_3m_pct,
    rank,
    rank_change,
    unit_value_cny,
    usual_unit_value_cny,
    coalesce(unit_value_outside_usual_range, false) as outside_usual_range,
    coalesce(unit_value_halved, false) as halved
from marts.market_signals
"""

LATEST_SIGNALS_SQL = (
    _SIGNALS_PROJECTION
    + """where period = (select max(period) from marts.market_signals)
order by rank, partner_iso3
limit ?
"""
)

UNIT_VALUES_SQL = """
select
    period,
    partner_iso3,
    partner_name_en,
    unit_value_cny,
    coalesce(unit_value_outside_usual_range or unit_value_halved, false) as flagged
from marts.market_signals
where
    list_contains(?, partner_iso3)
    and unit_value_cny is not null
    and period > (select max(period) from marts.market_signals) - to_months(?)
order by period, partner_iso3
"""

FLAGGED_SIGNALS_SQL = (
    _SIGNALS_PROJECTION
    + """where unit_value_outside_usual_range or unit_value_halved
order by period desc, vehicles desc
limit ?
"""
)

_FLAGS = ("outside_usual_range", "halved")


def _signal_table(frame: pd.DataFrame, caption: str, lang: Language):
    frame["name"] = lang.relabel(frame, "partner", "partner_iso3", "partner_name_en")
    frame["flags"] = [
        ", ".join(lang.t(f"value.flag.{flag}") for flag in _FLAGS if record[flag])
        for record in frame[list(_FLAGS)].to_dict("records")
    ]
    return table_of(
        frame,
        columns(
            lang,
            ("period", "col.month", "month"),
            ("name", "col.destination"),
            ("vehicles", "col.vehicles", "int"),
            ("yoy_growth_pct", "col.yoy", "pct"),
            ("trend_3m_pct", "col.trend_3m", "pct"),
            ("rank", "col.rank", "int"),
            ("rank_change", "col.rank_change", "int"),
            ("unit_value_cny", "col.unit_value", "int"),
            ("usual_unit_value_cny", "col.usual_unit_value", "int"),
        )
        + [Column("flags", lang.t("col.flags"))],
        caption,
        lang,
    )


def build(warehouse: ReportWarehouse, lang: Language) -> Content:
    latest = warehouse.frame(LATEST_SIGNALS_SQL, [TOP_DESTINATIONS])
    if latest.empty:
        return empty("marts.market_signals", lang)
    last_month = lang.month(pd.Timestamp(latest["period"].iloc[0]))
    unit_values = warehouse.frame(UNIT_VALUES_SQL, [latest["partner_iso3"].tolist(), TREND_MONTHS])
    unit_values["name"] = lang.relabel(unit_values, "partner", "partner_iso3", "partner_name_en")
    flagged = warehouse.frame(FLAGGED_SIGNALS_SQL, [ROWS_LISTED])
    content = Content(
        tables=[
            _signal_table(
                latest,
                lang.t("signals.caption_latest", top=TOP_DESTINATIONS, month=last_month),
                lang,
            ),
            _signal_table(flagged, lang.t("signals.caption_flagged"), lang),
        ],
        notes=[lang.t("signals.note")],
    )
    with_growth = latest.dropna(subset=["yoy_growth_pct"])
    if with_growth.empty:
        content.notes.append(lang.t("signals.no_year_earlier", month=last_month))
    else:
        content.charts.append(
            charts.growth_bars(
                with_growth[["name", "yoy_growth_pct", "vehicles", "rank"]],
                lang.t("signals.chart_growth", month=last_month),
                lang,
            )
        )
    if not unit_values.empty:
        content.charts.append(
            charts.unit_values(
                unit_values[["period", "name", "unit_value_cny", "flagged"]],
                lang.t("signals.chart_unit_values"),
                lang,
            )
        )
    return content


SECTION = Section(
    "market-signals",
    {
        "marts.market_signals": (
            "period",
            "partner_iso3",
            "partner_name_en",
            "vehicles",
            "yoy_growth_pct",
            "trend_3m_pct",
            "rank",
            "rank_change",
            "unit_value_cny",
            "usual_unit_value_cny",
            "unit_value_outside_usual_range",
            "unit_value_halved",
        )
    },
    build,
)
