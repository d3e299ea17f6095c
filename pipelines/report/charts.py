"""The report's charts, drawn with Altair from the frames the sections read.

Every function returns an Altair chart; writer.py turns it into a Vega-Lite spec. Titles come
in the report's language from the caller; axis and legend titles and month formats from
``lang``. A frame's ``name`` column holds the label of its category (destination, province,
region, powertrain) in that language. Months are the first day of the month (DATE).
"""

import altair as alt
import pandas as pd

from pipelines.report.i18n import Language

WIDTH = 680
HEIGHT = 260
POWERTRAIN_ORDER = ["BEV", "PHEV", "HEV", "ICE", "OTHER", "UNSPECIFIED"]
LINE_COLOR = "#e45756"


def _base(frame: pd.DataFrame, title: str, height: int = HEIGHT) -> alt.Chart:
    return alt.Chart(frame, title=title).properties(width=WIDTH, height=height)


def _month_axis(lang: Language) -> alt.Axis:
    # one tick per month at most: the default puts several ticks (and labels) inside one month
    return alt.Axis(
        format=lang.month_format,
        title=None,
        labelOverlap=True,
        tickCount={"interval": "month", "step": 1},
    )


def _month_x(lang: Language, field: str = "period") -> alt.X:
    """Months as discrete columns (bars, heat map), labelled in ``lang``."""
    return alt.X(
        f"yearmonth({field}):O",
        title=None,
        axis=alt.Axis(format=lang.month_format, formatType="time", labelAngle=0),
    )


def _vehicles_tooltip(lang: Language, field: str = "vehicles:Q") -> alt.Tooltip:
    return alt.Tooltip(field, title=lang.t("axis.vehicles"), format=",")


def national_monthly(frame: pd.DataFrame, title: str, lang: Language) -> alt.LayerChart:
    """Vehicles per release period as bars, the year-to-date YoY change as a line."""
    order = frame["label"].tolist()
    x = alt.X("label:O", sort=order, title=None, axis=alt.Axis(labelAngle=0, labelOverlap=True))
    period = alt.Tooltip("label:N", title=lang.t("col.period"))
    bars = (
        _base(frame, title)
        .mark_bar(color="#9ecae9")
        .encode(
            x=x,
            y=alt.Y("vehicles:Q", title=lang.t("axis.vehicles")),
            tooltip=[
                period,
                _vehicles_tooltip(lang),
                alt.Tooltip("derived:N", title=lang.t("col.derived")),
            ],
        )
    )
    yoy = (
        _base(frame, "")
        .mark_line(color=LINE_COLOR, point=alt.OverlayMarkDef(color=LINE_COLOR, size=60))
        .encode(
            x=x,
            y=alt.Y("yoy_vehicles_pct:Q", title=lang.t("axis.yoy_ytd_pct")),
            tooltip=[
                period,
                alt.Tooltip("yoy_vehicles_pct:Q", title=lang.t("col.yoy_ytd"), format=".1f"),
            ],
        )
    )
    return alt.layer(bars, yoy).resolve_scale(y="independent")


def month_lines(frame: pd.DataFrame, title: str, legend: str, lang: Language) -> alt.Chart:
    """Monthly vehicles, one line per ``name`` (the legend titled ``legend``)."""
    return (
        _base(frame, title)
        .mark_line(point=True)
        .encode(
            x=alt.X("period:T", axis=_month_axis(lang)),
            y=alt.Y("vehicles:Q", title=lang.t("axis.vehicles")),
            color=alt.Color("name:N", title=legend),
            tooltip=[alt.Tooltip("name:N", title=legend), _vehicles_tooltip(lang)],
        )
    )


def ranked_bars(
    frame: pd.DataFrame, value: str, title: str, name_title: str, lang: Language, share=False
) -> alt.Chart:
    """Horizontal bars of ``value`` per ``name``, largest first: vehicles, or a share (0 to 1)."""
    axis_title = lang.t("axis.share" if share else "axis.vehicles")
    return (
        _base(frame, title, height=max(120, (24 if share else 22) * len(frame)))
        .mark_bar(color="#54a24b" if share else "#4c78a8")
        .encode(
            y=alt.Y("name:N", sort="-x", title=None),
            x=alt.X(
                f"{value}:Q", title=axis_title, axis=alt.Axis(format="%") if share else alt.Axis()
            ),
            tooltip=[
                alt.Tooltip("name:N", title=name_title),
                alt.Tooltip(f"{value}:Q", title=axis_title, format=".1%" if share else ","),
            ],
        )
    )


def province_months(frame: pd.DataFrame, title: str, lang: Language) -> alt.Chart:
    """Province (``name``) by month heat map of vehicles."""
    return (
        _base(frame, title, height=max(120, 18 * frame["name"].nunique()))
        .mark_rect()
        .encode(
            x=_month_x(lang),
            y=alt.Y("name:N", sort="-color", title=None),
            color=alt.Color(
                "vehicles:Q", scale=alt.Scale(scheme="blues"), title=lang.t("axis.vehicles")
            ),
            tooltip=[alt.Tooltip("name:N", title=lang.t("col.province")), _vehicles_tooltip(lang)],
        )
    )


def powertrain_mix(frame: pd.DataFrame, title: str, lang: Language) -> alt.Chart:
    """Vehicles per month stacked by powertrain (``name``), in POWERTRAIN_ORDER."""
    order = frame.sort_values("powertrain_order")["name"].drop_duplicates().tolist()
    legend = lang.t("legend.powertrain")
    return (
        _base(frame, title)
        .mark_bar()
        .encode(
            x=_month_x(lang),
            y=alt.Y("sum(vehicles):Q", title=lang.t("axis.vehicles")),
            color=alt.Color("name:N", sort=order, title=legend),
            order=alt.Order("powertrain_order:Q"),
            tooltip=[
                alt.Tooltip("name:N", title=legend),
                _vehicles_tooltip(lang, "sum(vehicles):Q"),
            ],
        )
    )


def share_line(
    frame: pd.DataFrame, share: str, title: str, lang: Language, name_title: str | None = None
) -> alt.Chart:
    """A share (0 to 1) per month, one line per ``name`` (titled ``name_title``) when given."""
    axis_title = lang.t("axis.share")
    encoding = {
        "x": alt.X("period:T", axis=_month_axis(lang)),
        "y": alt.Y(f"{share}:Q", title=axis_title, axis=alt.Axis(format="%")),
        "tooltip": [alt.Tooltip(f"{share}:Q", title=axis_title, format=".1%")],
    }
    if name_title:
        encoding["color"] = alt.Color("name:N", title=name_title)
        encoding["tooltip"].insert(0, alt.Tooltip("name:N", title=name_title))
    return _base(frame, title).mark_line(point=True).encode(**encoding)


def grouped_bars(
    frame: pd.DataFrame,
    x: str,
    group: str,
    title: str,
    groups: list[str],
    titles: tuple[str, str],
    lang: Language,
    label_angle: int = 0,
) -> alt.Chart:
    """Vehicles per ``x``, side by side per ``group`` in the order of ``groups``; ``titles``
    name the two in tooltips."""
    return (
        _base(frame, title)
        .mark_bar()
        .encode(
            x=alt.X(f"{x}:N", title=None, axis=alt.Axis(labelAngle=label_angle, labelLimit=220)),
            xOffset=alt.XOffset(f"{group}:N", sort=groups),
            y=alt.Y("vehicles:Q", title=lang.t("axis.vehicles")),
            color=alt.Color(f"{group}:N", title=None, sort=groups),
            tooltip=[
                alt.Tooltip(f"{x}:N", title=titles[0]),
                alt.Tooltip(f"{group}:N", title=titles[1]),
                _vehicles_tooltip(lang),
            ],
        )
    )


def policy_overlap(frame: pd.DataFrame, title: str, lang: Language) -> alt.Chart:
    """Jurisdictions supporting each kind of measure (``name``); several = funded twice."""
    return (
        _base(frame, title, height=22 * len(frame))
        .mark_bar()
        .encode(
            y=alt.Y("name:N", sort="-x", title=None),
            x=alt.X(
                "jurisdictions:Q",
                title=lang.t("axis.jurisdictions"),
                axis=alt.Axis(tickMinStep=1),
            ),
            color=alt.Color(
                "overlap:N",
                title=None,
                scale=alt.Scale(
                    domain=[lang.t("value.overlap.several"), lang.t("value.overlap.one")]
                ),
            ),
            tooltip=[
                alt.Tooltip("name:N", title=lang.t("col.category")),
                alt.Tooltip("jurisdictions:Q", title=lang.t("col.jurisdictions")),
                alt.Tooltip("measures:Q", title=lang.t("col.measures")),
                alt.Tooltip("jurisdiction_list:N", title=lang.t("col.jurisdiction_codes")),
            ],
        )
    )


def growth_bars(frame: pd.DataFrame, title: str, lang: Language) -> alt.Chart:
    """Year-on-year growth (in percent) per destination, gains and losses coloured apart."""
    return (
        _base(frame, title, height=max(120, 22 * len(frame)))
        .mark_bar()
        .encode(
            y=alt.Y("name:N", sort="-x", title=None),
            x=alt.X("yoy_growth_pct:Q", title=lang.t("axis.yoy_pct")),
            color=alt.condition(
                "datum.yoy_growth_pct >= 0", alt.value("#54a24b"), alt.value("#e45756")
            ),
            tooltip=[
                alt.Tooltip("name:N", title=lang.t("col.destination")),
                alt.Tooltip("yoy_growth_pct:Q", title=lang.t("col.yoy"), format="+.1f"),
                _vehicles_tooltip(lang),
                alt.Tooltip("rank:Q", title=lang.t("col.rank")),
            ],
        )
    )


def unit_values(frame: pd.DataFrame, title: str, lang: Language) -> alt.Chart | alt.LayerChart:
    """Yuan per vehicle per destination (``name``) and month; flagged months ringed in red."""
    base = _base(frame, title)
    legend = lang.t("legend.destination")
    lines = base.mark_line(point=True).encode(
        x=alt.X("period:T", axis=_month_axis(lang)),
        y=alt.Y("unit_value_cny:Q", title=lang.t("axis.unit_value")),
        color=alt.Color("name:N", title=legend),
        tooltip=[
            alt.Tooltip("name:N", title=legend),
            alt.Tooltip("unit_value_cny:Q", title=lang.t("axis.unit_value"), format=",.0f"),
        ],
    )
    if not frame["flagged"].any():
        return lines  # an empty layer makes Vega warn of an infinite extent
    rings = (
        base.mark_point(shape="circle", size=220, strokeWidth=2, color=LINE_COLOR)
        .encode(x="period:T", y="unit_value_cny:Q")
        .transform_filter("datum.flagged")
    )
    return alt.layer(lines, rings)


def count_bars(
    frame: pd.DataFrame, count: str, title: str, name_title: str, axis_title: str
) -> alt.Chart:
    """Counts per ``name`` (load statuses, check outcomes)."""
    return (
        _base(frame, title, height=max(80, 26 * len(frame)))
        .mark_bar(color="#72b7b2")
        .encode(
            y=alt.Y("name:N", sort="-x", title=None),
            x=alt.X(f"{count}:Q", title=axis_title, axis=alt.Axis(tickMinStep=1)),
            tooltip=[
                alt.Tooltip("name:N", title=name_title),
                alt.Tooltip(f"{count}:Q", title=axis_title),
            ],
        )
    )
