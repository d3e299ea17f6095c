"""The report's charts, drawn with Altair from the frames sections.py reads.

Every function returns an Altair chart; writer.py turns it into a Vega-Lite spec. Months are
the first day of the month (DATE in the warehouse); a label column carries how a month reads.
"""

import altair as alt
import pandas as pd

WIDTH = 680
HEIGHT = 260
POWERTRAIN_ORDER = ["BEV", "PHEV", "HEV", "ICE", "OTHER", "UNSPECIFIED"]
# one tick per month at most: the default puts several ticks (and labels) inside one month
MONTH_AXIS = alt.Axis(
    format="%Y-%m", title=None, labelOverlap=True, tickCount={"interval": "month", "step": 1}
)
LINE_COLOR = "#e45756"


def _base(frame: pd.DataFrame, title: str, height: int = HEIGHT) -> alt.Chart:
    return alt.Chart(frame, title=title).properties(width=WIDTH, height=height)


def national_monthly(frame: pd.DataFrame) -> alt.LayerChart:
    """Vehicles per release period as bars, the year-to-date YoY change as a line."""
    order = frame["label"].tolist()
    x = alt.X("label:O", sort=order, title=None, axis=alt.Axis(labelAngle=0, labelOverlap=True))
    bars = (
        _base(frame, "Vehicle exports per month (GACC release tables)")
        .mark_bar(color="#9ecae9")
        .encode(
            x=x,
            y=alt.Y("vehicles:Q", title="vehicles"),
            tooltip=["label", alt.Tooltip("vehicles:Q", format=","), "derived"],
        )
    )
    yoy = (
        _base(frame, "")
        .mark_line(color=LINE_COLOR, point=alt.OverlayMarkDef(color=LINE_COLOR, size=60))
        .encode(
            x=x,
            y=alt.Y("yoy_vehicles_pct:Q", title="YoY, year to date (%)"),
            tooltip=["label", alt.Tooltip("yoy_vehicles_pct:Q", format=".1f")],
        )
    )
    return alt.layer(bars, yoy).resolve_scale(y="independent")


def destination_trend(frame: pd.DataFrame) -> alt.Chart:
    """Monthly vehicles of the top destinations, one line each."""
    return (
        _base(frame, "Top destinations: vehicles per month")
        .mark_line(point=True)
        .encode(
            x=alt.X("period:T", axis=MONTH_AXIS),
            y=alt.Y("vehicles:Q", title="vehicles"),
            color=alt.Color("partner_name_en:N", title="destination"),
            tooltip=["partner_name_en", alt.Tooltip("vehicles:Q", format=",")],
        )
    )


def ranked_bars(frame: pd.DataFrame, category: str, value: str, title: str) -> alt.Chart:
    """Horizontal bars, largest first."""
    return (
        _base(frame, title, height=max(120, 22 * len(frame)))
        .mark_bar(color="#4c78a8")
        .encode(
            y=alt.Y(f"{category}:N", sort="-x", title=None),
            x=alt.X(f"{value}:Q", title="vehicles"),
            tooltip=[category, alt.Tooltip(f"{value}:Q", format=",")],
        )
    )


def province_months(frame: pd.DataFrame) -> alt.Chart:
    """Province by month heat map of vehicles."""
    return (
        _base(
            frame,
            "Vehicles per province and month",
            height=max(120, 18 * frame["province_name_en"].nunique()),
        )
        .mark_rect()
        .encode(
            x=alt.X("yearmonth(period):O", title=None),
            y=alt.Y("province_name_en:N", sort="-color", title=None),
            color=alt.Color("vehicles:Q", scale=alt.Scale(scheme="blues"), title="vehicles"),
            tooltip=["province_name_en", alt.Tooltip("vehicles:Q", format=",")],
        )
    )


def powertrain_mix(frame: pd.DataFrame) -> alt.Chart:
    """Vehicles per month stacked by powertrain."""
    return (
        _base(frame, "Vehicle exports per month by powertrain (customs downloads)")
        .mark_bar()
        .encode(
            x=alt.X("yearmonth(period):O", title=None),
            y=alt.Y("sum(vehicles):Q", title="vehicles"),
            color=alt.Color("powertrain:N", sort=POWERTRAIN_ORDER, title="powertrain"),
            order=alt.Order("powertrain_order:Q"),
            tooltip=["powertrain", alt.Tooltip("sum(vehicles):Q", format=",")],
        )
    )


def share_line(frame: pd.DataFrame, share: str, title: str, color: str | None = None) -> alt.Chart:
    """A share (0 to 1) per month, one line per ``color`` value when given."""
    encoding = {
        "x": alt.X("period:T", axis=MONTH_AXIS),
        "y": alt.Y(f"{share}:Q", title="share", axis=alt.Axis(format="%")),
        "tooltip": [alt.Tooltip(f"{share}:Q", format=".1%")],
    }
    if color:
        encoding["color"] = alt.Color(f"{color}:N", title=None)
        encoding["tooltip"].insert(0, color)
    return _base(frame, title).mark_line(point=True).encode(**encoding)


def grouped_bars(
    frame: pd.DataFrame,
    x: str,
    group: str,
    value: str,
    title: str,
    groups: list[str],
    label_angle: int = 0,
) -> alt.Chart:
    """Bars of ``value`` per ``x``, side by side per ``group`` in the order of ``groups``."""
    return (
        _base(frame, title)
        .mark_bar()
        .encode(
            x=alt.X(f"{x}:N", title=None, axis=alt.Axis(labelAngle=label_angle, labelLimit=220)),
            xOffset=alt.XOffset(f"{group}:N", sort=groups),
            y=alt.Y(f"{value}:Q", title="vehicles"),
            color=alt.Color(f"{group}:N", title=None, sort=groups),
            tooltip=[x, group, alt.Tooltip(f"{value}:Q", format=",")],
        )
    )


def policy_overlap(frame: pd.DataFrame) -> alt.Chart:
    """Jurisdictions supporting each kind of measure; several = the same thing funded twice."""
    return (
        _base(frame, "Jurisdictions supporting each kind of measure", height=22 * len(frame))
        .mark_bar()
        .encode(
            y=alt.Y("category:N", sort="-x", title=None),
            x=alt.X("jurisdictions:Q", title="jurisdictions", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "overlap:N",
                title=None,
                scale=alt.Scale(domain=["several jurisdictions", "one jurisdiction"]),
            ),
            tooltip=["category", "jurisdictions", "measures", "jurisdiction_list"],
        )
    )


def share_bars(frame: pd.DataFrame, category: str, share: str, title: str) -> alt.Chart:
    """Horizontal bars of a share (0 to 1), largest first."""
    return (
        _base(frame, title, height=max(120, 24 * len(frame)))
        .mark_bar(color="#54a24b")
        .encode(
            y=alt.Y(f"{category}:N", sort="-x", title=None),
            x=alt.X(f"{share}:Q", title="share", axis=alt.Axis(format="%")),
            tooltip=[category, alt.Tooltip(f"{share}:Q", format=".1%")],
        )
    )


def growth_bars(frame: pd.DataFrame, title: str) -> alt.Chart:
    """Year-on-year growth (in percent) per destination, gains and losses coloured apart."""
    return (
        _base(frame, title, height=max(120, 22 * len(frame)))
        .mark_bar()
        .encode(
            y=alt.Y("partner_name_en:N", sort="-x", title=None),
            x=alt.X("yoy_growth_pct:Q", title="YoY (%)"),
            color=alt.condition(
                "datum.yoy_growth_pct >= 0", alt.value("#54a24b"), alt.value("#e45756")
            ),
            tooltip=[
                "partner_name_en",
                alt.Tooltip("yoy_growth_pct:Q", format="+.1f"),
                alt.Tooltip("vehicles:Q", format=","),
                "rank",
            ],
        )
    )


def unit_values(frame: pd.DataFrame) -> alt.Chart | alt.LayerChart:
    """Yuan per vehicle per destination and month; flagged months ringed in red."""
    base = _base(frame, "Unit value per vehicle (CNY); red rings: flagged months")
    lines = base.mark_line(point=True).encode(
        x=alt.X("period:T", axis=MONTH_AXIS),
        y=alt.Y("unit_value_cny:Q", title="CNY per vehicle"),
        color=alt.Color("partner_name_en:N", title="destination"),
        tooltip=["partner_name_en", alt.Tooltip("unit_value_cny:Q", format=",.0f"), "flagged"],
    )
    if not frame["flagged"].any():
        return lines  # an empty layer makes Vega warn of an infinite extent
    rings = (
        base.mark_point(shape="circle", size=220, strokeWidth=2, color=LINE_COLOR)
        .encode(x="period:T", y="unit_value_cny:Q")
        .transform_filter("datum.flagged")
    )
    return alt.layer(lines, rings)


def count_bars(frame: pd.DataFrame, category: str, count: str, title: str) -> alt.Chart:
    """Counts per category (load statuses, check outcomes)."""
    return (
        _base(frame, title, height=max(80, 26 * len(frame)))
        .mark_bar(color="#72b7b2")
        .encode(
            y=alt.Y(f"{category}:N", sort="-x", title=None),
            x=alt.X(f"{count}:Q", title=count, axis=alt.Axis(tickMinStep=1)),
            tooltip=[category, count],
        )
    )
