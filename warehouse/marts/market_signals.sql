-- Signals per destination and month, from marts.exports_by_destination. A month is covered
-- when the warehouse has destination data for it (any partner); in a covered month a
-- destination with no row exported 0 vehicles; a month not covered is unknown and makes every
-- figure that needs it NULL. Rules (docs/market.md):
-- yoy_growth_pct   vehicles against the same month a year earlier.
-- trend_3m_pct     vehicles of this and the 2 previous months against the 3 months before
--                  those; only when all 6 months are covered.
-- rank             1 = most vehicles among destinations with exports that month (ties share);
--                  rank_change = rank last month - rank now (positive: moved up).
-- unit values      yuan per vehicle; flags are judged in yuan, the platform's default
--                  currency, so a series never mixes currencies.
-- unit_value_outside_usual_range  outside 50%..150% of the median unit value of the
--                  destination's previous 12 months; judged only with 3 or more such months.
-- unit_value_halved  at most half the unit value of the previous month.
-- group: market
create or replace table marts.market_signals as
with

covered_months as (
    select distinct period from marts.exports_by_destination
),

destinations as (
    select distinct partner_iso3 from marts.exports_by_destination
),

grid as (
    select
        destinations.partner_iso3,
        covered_months.period,
        coalesce(exports.vehicles, 0) as vehicles,
        exports.partner_iso3 is not null as has_exports,
        case
            when exports.vehicles > 0 then exports.value_cny::double / exports.vehicles
        end as unit_value_cny
    from destinations
    cross join covered_months
    left join marts.exports_by_destination as exports
        on
            destinations.partner_iso3 = exports.partner_iso3
            and covered_months.period = exports.period
),

windows as (
    select
        partner_iso3,
        period,
        vehicles,
        has_exports,
        unit_value_cny,
        sum(vehicles) over last_3 as vehicles_3m,
        count(*) over last_3 as months_3m,
        sum(vehicles) over previous_3 as vehicles_prev_3m,
        count(*) over previous_3 as months_prev_3m,
        median(unit_value_cny) over previous_12 as usual_unit_value_cny,
        count(unit_value_cny) over previous_12 as unit_value_history_months
    from grid
    window
        last_3 as (
            partition by partner_iso3 order by period
            range between interval 2 month preceding and current row
        ),
        previous_3 as (
            partition by partner_iso3 order by period
            range between interval 5 month preceding and interval 3 month preceding
        ),
        previous_12 as (
            partition by partner_iso3 order by period
            range between interval 12 month preceding and interval 1 month preceding
        )
),

ranks as (
    select
        partner_iso3,
        period,
        rank() over (partition by period order by vehicles desc) as rank
    from marts.exports_by_destination
),

signals as (
    select
        exports.period,
        exports.partner_iso3,
        exports.partner_name_en,
        exports.vehicles,
        exports.value_cny,
        exports.value_usd,
        year_ago.vehicles as vehicles_prev_year,
        now_.vehicles_3m,
        now_.months_3m,
        now_.vehicles_prev_3m,
        now_.months_prev_3m,
        ranks.rank,
        last_month_rank.rank as rank_prev_month,
        now_.unit_value_cny,
        now_.usual_unit_value_cny,
        now_.unit_value_history_months,
        last_month.unit_value_cny as unit_value_cny_prev_month,
        exports.source_files
    from marts.exports_by_destination as exports
    inner join windows as now_
        on exports.partner_iso3 = now_.partner_iso3 and exports.period = now_.period
    inner join ranks
        on exports.partner_iso3 = ranks.partner_iso3 and exports.period = ranks.period
    left join grid as year_ago
        on
            exports.partner_iso3 = year_ago.partner_iso3
            and exports.period - interval 12 month = year_ago.period
    left join grid as last_month
        on
            exports.partner_iso3 = last_month.partner_iso3
            and exports.period - interval 1 month = last_month.period
    left join ranks as last_month_rank
        on
            exports.partner_iso3 = last_month_rank.partner_iso3
            and exports.period - interval 1 month = last_month_rank.period
)

select
    period,
    partner_iso3,
    partner_name_en,
    vehicles,
    value_cny,
    value_usd,
    vehicles_prev_year,
    case
        when vehicles_prev_year > 0
            then round(100.0 * (vehicles - vehicles_prev_year) / vehicles_prev_year, 1)
    end::decimal(12, 1) as yoy_growth_pct,
    case when months_3m = 3 then vehicles_3m end::bigint as vehicles_3m,
    case when months_prev_3m = 3 then vehicles_prev_3m end::bigint as vehicles_prev_3m,
    case
        when months_3m = 3 and months_prev_3m = 3 and vehicles_prev_3m > 0
            then round(100.0 * (vehicles_3m - vehicles_prev_3m) / vehicles_prev_3m, 1)
    end::decimal(12, 1) as trend_3m_pct,
    rank::integer as rank,
    rank_prev_month::integer as rank_prev_month,
    (rank_prev_month - rank)::integer as rank_change,
    round(unit_value_cny, 2) as unit_value_cny,
    case when vehicles > 0 then round(value_usd::double / vehicles, 2) end as unit_value_usd,
    round(usual_unit_value_cny, 2) as usual_unit_value_cny,
    unit_value_history_months::integer as unit_value_history_months,
    case
        when unit_value_cny is not null and unit_value_history_months >= 3
            then
                unit_value_cny < 0.5 * usual_unit_value_cny
                or unit_value_cny > 1.5 * usual_unit_value_cny
    end as unit_value_outside_usual_range,
    case
        when unit_value_cny is not null and unit_value_cny_prev_month is not null
            then unit_value_cny <= 0.5 * unit_value_cny_prev_month
    end as unit_value_halved,
    source_files
from signals
