"""What the report shows, as a list of sections.

Each section names the tables (and columns) it reads; a section whose table is missing from the
warehouse is skipped with a note, so a warehouse built before a mart existed still gets a report.
Queries are fixed text with bound parameters; a section's build returns charts, tables and notes.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from pipelines.report import charts
from pipelines.report.tables import Column, Table, table_of
from pipelines.report.warehouse import ReportWarehouse

CAR_PRODUCT = "motor_vehicles_incl_chassis"
TOP_DESTINATIONS = 10
TOP_PROVINCES = 15
TREND_MONTHS = 24
ROWS_LISTED = 200


@dataclass
class Content:
    charts: list[alt.TopLevelMixin] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    intro: str
    requires: Mapping[str, tuple[str, ...]]  # table -> columns the section reads
    build: Callable[[ReportWarehouse], Content]


def absence(warehouse: ReportWarehouse, table: str, columns: tuple[str, ...]) -> str | None:
    """What the warehouse lacks of ``table`` and its ``columns``, or None when it has them."""
    present = warehouse.columns(table)
    if present is None:
        return f"{table} is not in this warehouse"
    absent = [column for column in columns if column not in present]
    return f"{table} has no column {', '.join(absent)}" if absent else None


def missing_requirement(section: Section, warehouse: ReportWarehouse) -> str | None:
    """Why the section cannot be drawn from this warehouse, or None when it can."""
    for table, columns in section.requires.items():
        if reason := absence(warehouse, table, columns):
            return reason
    return None


def _empty(table: str) -> Content:
    return Content(notes=[f"{table} has no rows."])


# --- national monthly ------------------------------------------------------------------------

NATIONAL_MONTHLY_SQL = """
select
    period,
    months_covered,
    if(
        months_covered > 1,
        strftime(period, '%Y-%m') || '..' || strftime(period_end, '%m'),
        strftime(period, '%Y-%m')
    ) as label,
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


def national_monthly(warehouse: ReportWarehouse) -> Content:
    frame = warehouse.frame(NATIONAL_MONTHLY_SQL, [CAR_PRODUCT])
    if frame.empty:
        return Content(notes=[f"marts.national_monthly has no rows for {CAR_PRODUCT}."])
    chart = charts.national_monthly(frame[["label", "vehicles", "yoy_vehicles_pct", "derived"]])
    table = table_of(
        frame,
        [
            Column("label", "period"),
            Column("months_covered", "months", "int"),
            Column("vehicles", "vehicles", "int"),
            Column("value_usd", "value (USD)", "int"),
            Column("vehicles_ytd", "vehicles, year to date", "int"),
            Column("yoy_vehicles_pct", "YoY, year to date", "pct"),
            Column("derived", "derived from YTD", "bool"),
            Column("source_file", "source file"),
        ],
        "Motor vehicles including chassis, per release period",
    )
    return Content(
        charts=[chart],
        tables=[table],
        notes=[
            "YoY is the year-to-date change, as GACC prints it or recomputed from the prior "
            "year's figures in the warehouse. January and February are one period (2025-01..02) "
            "unless a source gives January alone; derived months are computed from "
            "year-to-date figures."
        ],
    )


# --- destinations ----------------------------------------------------------------------------

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


def destinations(warehouse: ReportWarehouse) -> Content:
    top = warehouse.frame(TOP_DESTINATIONS_SQL, [TOP_DESTINATIONS])
    if top.empty:
        return _empty("marts.exports_by_destination")
    last_month = pd.Timestamp(top["last_month"].iloc[0]).strftime("%Y-%m")
    trend = warehouse.frame(DESTINATION_TREND_SQL, [top["partner_iso3"].tolist(), TREND_MONTHS])
    table = table_of(
        top,
        [
            Column("partner_name_en", "destination"),
            Column("partner_iso3", "ISO3"),
            Column("vehicles_12m", "vehicles, 12 months", "int"),
            Column("share_12m", "share of all destinations", "share"),
            Column("vehicles_last_month", f"vehicles, {last_month}", "int"),
            Column("months", "months with data", "int"),
        ],
        f"Top {TOP_DESTINATIONS} destinations, 12 months to {last_month}",
    )
    return Content(
        charts=[
            charts.ranked_bars(
                top[["partner_name_en", "vehicles_12m"]],
                "partner_name_en",
                "vehicles_12m",
                f"Vehicles exported, 12 months to {last_month}",
            ),
            charts.destination_trend(trend[["period", "partner_name_en", "vehicles"]]),
        ],
        tables=[table],
        notes=[
            f"Ranked by vehicles in the 12 months to {last_month}, the latest month of "
            f"marts.exports_by_destination; the trend shows their last {TREND_MONTHS} months."
        ],
    )


# --- provinces -------------------------------------------------------------------------------

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
    province_name_en,
    vehicles
from marts.exports_by_province
where
    list_contains(?, province_code)
    and period > (select max(period) from marts.exports_by_province) - interval 12 month
order by period, province_code
"""


def provinces(warehouse: ReportWarehouse) -> Content:
    top = warehouse.frame(TOP_PROVINCES_SQL, [TOP_PROVINCES])
    if top.empty:
        return _empty("marts.exports_by_province")
    last_month = pd.Timestamp(top["last_month"].iloc[0]).strftime("%Y-%m")
    months = warehouse.frame(PROVINCE_MONTHS_SQL, [top["province_code"].tolist()])
    return Content(
        charts=[
            charts.ranked_bars(
                top[["province_name_en", "vehicles_12m"]],
                "province_name_en",
                "vehicles_12m",
                f"Vehicles exported by province of registration, 12 months to {last_month}",
            ),
            charts.province_months(months),
        ],
        tables=[
            table_of(
                top,
                [
                    Column("province_name_en", "province"),
                    Column("province_code", "GB/T 2260"),
                    Column("vehicles_12m", "vehicles, 12 months", "int"),
                    Column("share_12m", "share", "share"),
                    Column("months", "months with data", "int"),
                ],
                f"Top {TOP_PROVINCES} provinces, 12 months to {last_month}",
            )
        ],
    )


# --- powertrains and NEV share ---------------------------------------------------------------

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


def powertrains(warehouse: ReportWarehouse) -> Content:
    mix = warehouse.frame(POWERTRAIN_SQL, [charts.POWERTRAIN_ORDER, TREND_MONTHS])
    if mix.empty:
        return _empty("marts.exports_by_powertrain")
    share = warehouse.frame(NEV_SHARE_SQL, [TREND_MONTHS])
    return Content(
        charts=[
            charts.powertrain_mix(mix),
            charts.share_line(
                share[["period", "nev_share"]], "nev_share", "NEV share (BEV + PHEV) of vehicles"
            ),
        ],
        tables=[
            table_of(
                share,
                [
                    Column("period", "month", "month"),
                    Column("vehicles", "vehicles", "int"),
                    Column("bev", "BEV", "int"),
                    Column("phev", "PHEV", "int"),
                    Column("hev", "HEV", "int"),
                    Column("ice", "ICE", "int"),
                    Column("other", "other / unspecified", "int"),
                    Column("nev_share", "NEV share", "share"),
                ],
                f"Vehicles per month by powertrain, last {TREND_MONTHS} months",
            )
        ],
        notes=[
            "NEV share = (BEV + PHEV) / all vehicles. The powertrain comes from the HS "
            "subheading; UNSPECIFIED (e.g. chassis) and OTHER (e.g. fuel cell) stay in the "
            "denominator."
        ],
    )


# --- China vs Japan --------------------------------------------------------------------------

EXPORTER_COMPARISON_SQL = """
select
    year,
    china_vehicles,
    japan_vehicles,
    china_lead_vehicles,
    china_source,
    japan_source
from marts.exporter_comparison
order by year
"""


def exporter_comparison(warehouse: ReportWarehouse) -> Content:
    frame = warehouse.frame(EXPORTER_COMPARISON_SQL)
    if frame.empty:
        return _empty("marts.exporter_comparison")
    long = frame.melt(
        id_vars=["year"],
        value_vars=["china_vehicles", "japan_vehicles"],
        var_name="exporter",
        value_name="vehicles",
    ).dropna(subset=["vehicles"])
    long["exporter"] = long["exporter"].map({"china_vehicles": "China", "japan_vehicles": "Japan"})
    long["year"] = long["year"].astype(str)
    return Content(
        charts=[
            charts.grouped_bars(
                long,
                "year",
                "exporter",
                "vehicles",
                "Vehicle exports per year: China and Japan",
                groups=["China", "Japan"],
            )
        ],
        tables=[
            table_of(
                frame,
                [
                    Column("year", "year"),
                    Column("china_vehicles", "China", "int"),
                    Column("japan_vehicles", "Japan", "int"),
                    Column("china_lead_vehicles", "China's lead", "int"),
                    Column("china_source", "China source"),
                    Column("japan_source", "Japan source"),
                ],
                "Vehicle exports per year",
            )
        ],
        notes=["A year with one side's figure missing shows one bar."],
    )


# --- policy overlap --------------------------------------------------------------------------

POLICY_OVERLAP_SQL = """
select
    category,
    category_zh,
    jurisdictions,
    if(funded_by_several, 'several jurisdictions', 'one jurisdiction') as overlap,
    jurisdiction_codes,
    array_to_string(jurisdiction_codes, ', ') as jurisdiction_list,
    measures,
    policies,
    amount_cny_stated
from marts.policy_overlap
order by jurisdictions desc, category
"""


def policy_overlap(warehouse: ReportWarehouse) -> Content:
    frame = warehouse.frame(POLICY_OVERLAP_SQL)
    if frame.empty:
        return _empty("marts.policy_overlap")
    chart_frame = frame[["category", "jurisdictions", "measures", "overlap", "jurisdiction_list"]]
    return Content(
        charts=[charts.policy_overlap(chart_frame)],
        tables=[
            table_of(
                frame,
                [
                    Column("category", "category"),
                    Column("category_zh", "类别"),
                    Column("jurisdictions", "jurisdictions", "int"),
                    Column("jurisdiction_codes", "jurisdiction codes"),
                    Column("measures", "measures", "int"),
                    Column("policies", "policies", "int"),
                    Column("amount_cny_stated", "amount stated (CNY)", "int"),
                ],
                "Kinds of measure and the jurisdictions that support them",
            )
        ],
        notes=[
            "Jurisdictions are 'CN' or GB/T 2260 codes. Several jurisdictions supporting the "
            "same kind of measure is where support may be paid twice; amounts are only those "
            "the policy texts state."
        ],
    )


# --- overseas plants (issue 9) ---------------------------------------------------------------

PLANT_EFFECTS_SQL = """
select
    maker,
    city,
    country_iso3,
    kind,
    opened_on,
    maker || ', ' || coalesce(city, '?') || ' (' || country_iso3 || ')' as plant,
    months_before_covered || ' / ' || months_after_covered as months_covered,
    vehicles_before,
    vehicles_after,
    change_pct,
    trend_before_pct,
    bev_share_before_pct + phev_share_before_pct as nev_share_before_pct,
    bev_share_after_pct + phev_share_after_pct as nev_share_after_pct
from marts.plant_export_effects
order by opening_month nulls last, maker, city
"""


def plant_export_effects(warehouse: ReportWarehouse) -> Content:
    frame = warehouse.frame(PLANT_EFFECTS_SQL)
    if frame.empty:
        return _empty("marts.plant_export_effects")
    long = frame.melt(
        id_vars=["plant"],
        value_vars=["vehicles_before", "vehicles_after"],
        var_name="window",
        value_name="vehicles",
    ).dropna(subset=["vehicles"])
    long["window"] = long["window"].map(
        {"vehicles_before": "12 months before", "vehicles_after": "12 months after"}
    )
    content = Content(
        tables=[
            table_of(
                frame,
                [
                    Column("maker", "maker"),
                    Column("city", "city"),
                    Column("country_iso3", "country"),
                    Column("kind", "kind"),
                    Column("opened_on", "opened"),
                    Column("months_covered", "months covered, before / after"),
                    Column("vehicles_before", "vehicles, 12 months before", "int"),
                    Column("vehicles_after", "vehicles, 12 months after", "int"),
                    Column("change_pct", "change", "pct"),
                    Column("trend_before_pct", "trend before", "pct"),
                    Column("nev_share_before_pct", "NEV share before", "percent"),
                    Column("nev_share_after_pct", "NEV share after", "percent"),
                ],
                "Vehicle exports from China to the plant's country around its opening",
            )
        ],
        notes=[
            "The 12 months before and after the opening month (which is in neither); a figure "
            "is given only when all 12 months are in the warehouse. A comparison in time, not "
            "the plant's effect (docs/market.md)."
        ],
    )
    if long.empty:
        content.notes.append(
            "No plant has a complete 12-month window in this warehouse's months: no chart."
        )
    else:
        content.charts.append(
            charts.grouped_bars(
                long,
                "plant",
                "window",
                "vehicles",
                "Exports to the country around an opening",
                groups=["12 months before", "12 months after"],
                label_angle=-30,
            )
        )
    return content


# --- NEV share by region (issue 9) -----------------------------------------------------------

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


def nev_share_by_region(warehouse: ReportWarehouse) -> Content:
    months = warehouse.frame(REGION_MONTHS_SQL, [TREND_MONTHS])
    if months.empty:
        return _empty("marts.nev_share_by_region")
    totals = warehouse.frame(REGION_TOTALS_SQL)
    last_month = pd.Timestamp(totals["last_month"].max()).strftime("%Y-%m")
    return Content(
        charts=[
            charts.share_bars(
                totals[["region", "nev_share_12m"]],
                "region",
                "nev_share_12m",
                f"NEV share (BEV + PHEV) per region, 12 months to {last_month}",
            ),
            charts.share_line(
                months, "nev_share", "NEV share per region and month", color="region"
            ),
        ],
        tables=[
            table_of(
                totals,
                [
                    Column("region", "region"),
                    Column("nev_vehicles_12m", "NEV vehicles", "int"),
                    Column("vehicles_12m", "all vehicles", "int"),
                    Column("unknown_12m", "powertrain unknown", "int"),
                    Column("nev_share_12m", "NEV share", "share"),
                ],
                f"NEV share per region, 12 months to {last_month}",
            )
        ],
        notes=[
            "Share = (BEV + PHEV) / all vehicles exported to the region's destinations; "
            "vehicles whose HS code does not tell the powertrain stay in the denominator "
            "(column 'powertrain unknown')."
        ],
    )


# --- market signals (issue 9) ----------------------------------------------------------------

# the signal columns both tables of the section show, flags spelled out
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
    concat_ws(
        ', ',
        if(unit_value_outside_usual_range, 'outside usual range', null),
        if(unit_value_halved, 'halved', null)
    ) as flags
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

SIGNAL_COLUMNS = [
    Column("period", "month", "month"),
    Column("partner_name_en", "destination"),
    Column("vehicles", "vehicles", "int"),
    Column("yoy_growth_pct", "YoY", "pct"),
    Column("trend_3m_pct", "3-month trend", "pct"),
    Column("rank", "rank", "int"),
    Column("rank_change", "rank change", "int"),
    Column("unit_value_cny", "CNY per vehicle", "int"),
    Column("usual_unit_value_cny", "usual CNY per vehicle", "int"),
    Column("flags", "unit value flags"),
]


def market_signals(warehouse: ReportWarehouse) -> Content:
    latest = warehouse.frame(LATEST_SIGNALS_SQL, [TOP_DESTINATIONS])
    if latest.empty:
        return _empty("marts.market_signals")
    last_month = pd.Timestamp(latest["period"].iloc[0]).strftime("%Y-%m")
    unit_values = warehouse.frame(UNIT_VALUES_SQL, [latest["partner_iso3"].tolist(), TREND_MONTHS])
    flagged = warehouse.frame(FLAGGED_SIGNALS_SQL, [ROWS_LISTED])
    content = Content(
        tables=[
            table_of(
                latest, SIGNAL_COLUMNS, f"Top {TOP_DESTINATIONS} destinations in {last_month}"
            ),
            table_of(flagged, SIGNAL_COLUMNS, "Destination months with an unusual unit value"),
        ],
        notes=[
            "YoY: against the same month a year earlier; 3-month trend: the last 3 months "
            "against the 3 before; rank change: positive = moved up. A unit value (yuan per "
            "vehicle) is flagged outside 50-150% of the median of the destination's previous "
            "12 months (with 3 or more of them), or at most half of the previous month's. "
            "docs/market.md gives each rule."
        ],
    )
    with_growth = latest.dropna(subset=["yoy_growth_pct"])
    if with_growth.empty:
        content.notes.append(f"No destination has a year-earlier figure for {last_month}.")
    else:
        content.charts.append(
            charts.growth_bars(
                with_growth[["partner_name_en", "yoy_growth_pct", "vehicles", "rank"]],
                f"Year-on-year growth in {last_month}",
            )
        )
    if not unit_values.empty:
        content.charts.append(charts.unit_values(unit_values))
    return content


# --- data health -----------------------------------------------------------------------------

LOAD_STATUS_SQL = """
select
    status,
    count(*) as files
from audit.loads
group by status
order by files desc, status
"""

LOADS_TO_READ_SQL = """
select
    source_file,
    status,
    rows_in,
    rows_loaded,
    rows_quarantined,
    warning,
    loaded_at
from audit.loads
where status <> 'loaded' or warning is not null
order by loaded_at desc, source_file
"""

QUARANTINE_SQL = """
select
    source_file,
    coalesce(row_number::varchar, 'whole file') as row_label,
    reason,
    stage,
    loaded_at
from audit.quarantine
order by loaded_at desc, source_file, row_number nulls first
limit ?
"""

CHECK_RESULT_COLUMNS = (
    "run_id",
    "check_name",
    "table_name",
    "passed",
    "blocking",
    "observed",
    "trigger",
    "checked_at",
)

LATEST_CHECKS_SQL = """
select
    run_id,
    trigger,
    check_name,
    table_name,
    passed,
    blocking,
    observed,
    checked_at,
    case
        when passed then 'passed'
        when blocking then 'failed, blocking'
        else 'failed, warning'
    end as outcome
from audit.check_results
where run_id = (select arg_max(run_id, checked_at) from audit.check_results)
order by passed, blocking desc, check_name, table_name
"""


def data_health(warehouse: ReportWarehouse) -> Content:
    statuses = warehouse.frame(LOAD_STATUS_SQL)
    content = Content()
    if statuses.empty:
        content.notes.append("audit.loads has no rows: nothing has been loaded.")
    else:
        content.charts.append(
            charts.count_bars(statuses, "status", "files", "Files by load status")
        )
    content.tables.append(
        table_of(
            warehouse.frame(LOADS_TO_READ_SQL),
            [
                Column("source_file", "file"),
                Column("status", "status"),
                Column("rows_in", "rows in", "int"),
                Column("rows_loaded", "loaded", "int"),
                Column("rows_quarantined", "quarantined", "int"),
                Column("warning", "warning or note"),
                Column("loaded_at", "loaded at", "timestamp"),
            ],
            "Files not simply loaded: duplicates, quarantines, warnings",
        )
    )
    quarantined = warehouse.value("select count(*) from audit.quarantine")
    quarantine = warehouse.frame(QUARANTINE_SQL, [ROWS_LISTED])
    table = table_of(
        quarantine,
        [
            Column("source_file", "file"),
            Column("row_label", "row"),
            Column("reason", "reason"),
            Column("stage", "stage"),
            Column("loaded_at", "at", "timestamp"),
        ],
        f"Quarantined rows and files: {quarantined:,}",
    )
    if quarantined > ROWS_LISTED:
        table.notes.append(
            f"The latest {ROWS_LISTED} of {quarantined:,}; all of them: "
            'autoexport query "select * from audit.quarantine"'
        )
    content.tables.append(table)
    if reason := absence(warehouse, "audit.check_results", CHECK_RESULT_COLUMNS):
        content.notes.append(f"No check results: {reason}; `autoexport build` prints them.")
        return content
    checks = warehouse.frame(LATEST_CHECKS_SQL)
    if checks.empty:
        content.notes.append("audit.check_results has no rows.")
        return content
    outcomes = checks.groupby("outcome", as_index=False).size().rename(columns={"size": "checks"})
    run = f"run {checks['run_id'].iloc[0]} ({checks['trigger'].iloc[0]})"
    content.charts.append(
        charts.count_bars(outcomes, "outcome", "checks", "Checks of the latest run")
    )
    content.tables.append(
        table_of(
            checks,
            [
                Column("check_name", "check"),
                Column("table_name", "table"),
                Column("outcome", "outcome"),
                Column("observed", "observed"),
                Column("checked_at", "at", "timestamp"),
            ],
            f"Checks of the latest {run}, failures first",
        )
    )
    return content


SECTIONS: tuple[Section, ...] = (
    Section(
        "national-monthly",
        "National monthly exports",
        "GACC's release tables: the car row (motor vehicles including chassis) per month.",
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
        national_monthly,
    ),
    Section(
        "destinations",
        "Top destinations",
        "Vehicle exports by destination country, from the customs downloads.",
        {"marts.exports_by_destination": ("period", "partner_iso3", "partner_name_en", "vehicles")},
        destinations,
    ),
    Section(
        "provinces",
        "Provinces",
        "Vehicle exports by the province where the exporter is registered.",
        {"marts.exports_by_province": ("period", "province_code", "province_name_en", "vehicles")},
        provinces,
    ),
    Section(
        "powertrains",
        "Powertrain mix and NEV share",
        "Vehicle exports by powertrain, from the HS subheadings of the customs downloads.",
        {"marts.exports_by_powertrain": ("period", "powertrain", "vehicles")},
        powertrains,
    ),
    Section(
        "china-japan",
        "China and Japan",
        "The world's two largest vehicle exporters, year by year.",
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
        exporter_comparison,
    ),
    Section(
        "policy-overlap",
        "Policy overlap",
        "Export-support measures by kind, and how many jurisdictions support each.",
        {
            "marts.policy_overlap": (
                "category",
                "category_zh",
                "jurisdictions",
                "funded_by_several",
                "jurisdiction_codes",
                "measures",
                "policies",
                "amount_cny_stated",
            )
        },
        policy_overlap,
    ),
    Section(
        "plant-effects",
        "Overseas plants and exports",
        "Exports from China to a country before and after a Chinese maker's plant opened there.",
        {
            "marts.plant_export_effects": (
                "maker",
                "city",
                "country_iso3",
                "kind",
                "opened_on",
                "opening_month",
                "months_before_covered",
                "months_after_covered",
                "vehicles_before",
                "vehicles_after",
                "change_pct",
                "trend_before_pct",
                "bev_share_before_pct",
                "phev_share_before_pct",
                "bev_share_after_pct",
                "phev_share_after_pct",
            )
        },
        plant_export_effects,
    ),
    Section(
        "nev-regions",
        "NEV share by region",
        "Share of battery-electric and plug-in hybrid vehicles in exports per world region.",
        {
            "marts.nev_share_by_region": (
                "period",
                "region",
                "vehicles",
                "nev_vehicles",
                "powertrain_unknown_vehicles",
            )
        },
        nev_share_by_region,
    ),
    Section(
        "market-signals",
        "Market signals",
        "Per destination: year-on-year growth, trend, rank and unusual unit values.",
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
        market_signals,
    ),
    Section(
        "data-health",
        "Data health",
        "What was loaded, what was refused and why, and the latest checks.",
        {
            "audit.loads": (
                "source_file",
                "status",
                "rows_in",
                "rows_loaded",
                "rows_quarantined",
                "warning",
                "loaded_at",
            ),
            "audit.quarantine": ("source_file", "row_number", "reason", "stage", "loaded_at"),
        },
        data_health,
    ),
)
