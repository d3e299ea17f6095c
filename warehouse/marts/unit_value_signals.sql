-- Unit value per destination and HS code, judged against that code's own history to that
-- destination, so that one model's price break cannot hide in a destination's mix (the
-- destination-level flags of marts.market_signals average every model it buys). Rows of the
-- breakdown chosen for destinations (staging.customs_breakdown_choice), vehicle codes only,
-- in yuan. Same rules as market_signals (docs/market.md):
-- unit_value_outside_usual_range  below 50% or above 150% of the median unit value of the
--                  code's previous 12 months to the destination; judged with 3 or more such
--                  months.
-- unit_value_halved  at most half the unit value of the previous month.
-- Restaged per month: a month's rows are judged on its previous 12 months, so the run's
-- months [months_start, months_end) change the rows of those months and the 12 after them,
-- which are deleted and rebuilt from 12 months before the run's months on.
-- group: market
-- restaged: by month
create table if not exists marts.unit_value_signals (
    period date,
    partner_iso3 varchar,
    partner_name_en varchar,
    hs_code varchar,
    vehicle_class varchar,
    powertrain varchar,
    vehicles bigint,
    value_cny bigint,
    unit_value_cny double,
    usual_unit_value_cny double,
    unit_value_history_months integer,
    unit_value_cny_prev_month double,
    unit_value_outside_usual_range boolean,
    unit_value_halved boolean,
    source_files varchar[]
);

delete from marts.unit_value_signals
where
    period >= getvariable('months_start')
    and period < getvariable('months_end') + interval 12 month;

insert into marts.unit_value_signals (
    period,
    partner_iso3,
    partner_name_en,
    hs_code,
    vehicle_class,
    powertrain,
    vehicles,
    value_cny,
    unit_value_cny,
    usual_unit_value_cny,
    unit_value_history_months,
    unit_value_cny_prev_month,
    unit_value_outside_usual_range,
    unit_value_halved,
    source_files
)
with

rows_ as (
    select
        trade.period,
        partners.iso3 as partner_iso3,
        any_value(partners.name_en) as partner_name_en,
        trade.hs_code,
        any_value(hs_map.vehicle_class) as vehicle_class,
        any_value(hs_map.powertrain) as powertrain,
        -- whole vehicles and chassis only, as in the destination mart
        sum(trade.quantity) filter (where trade.quantity_unit in ('辆', '台'))::bigint
            as vehicles,
        -- a value only when every row carries it, never a partial sum
        case
            when count(trade.value_cny) = count(*) then sum(trade.value_cny)
        end::bigint as value_cny,
        list_sort(list_distinct(flatten(list(trade.source_files)))) as source_files
    from staging.customs_trade as trade
    inner join staging.hs_vehicle_map as hs_map
        on trade.hs_code = hs_map.hs_code and trade.period = hs_map.period
    inner join staging.customs_breakdown_choice as choice
        on
            trade.flow = choice.flow
            and trade.period = choice.period
            and trade.hs_code = choice.hs_code
            and trade.breakdown = choice.breakdown
    inner join ref.partners as partners on trade.partner_code = partners.partner_code
    where
        trade.flow = 'export'
        and choice.purpose = 'destination'
        -- the history the rebuilt months are judged on
        and trade.period >= getvariable('months_start') - interval 12 month
        and trade.period < getvariable('months_end') + interval 12 month
    group by trade.period, partners.iso3, trade.hs_code
),

unit_values as (
    select
        *,
        case when vehicles > 0 then value_cny::double / vehicles end as unit_value_cny
    from rows_
),

windows as (
    select
        *,
        median(unit_value_cny) over previous_12 as usual_unit_value_cny,
        count(unit_value_cny) over previous_12 as unit_value_history_months
    from unit_values
    window previous_12 as (
        partition by partner_iso3, hs_code order by period
        range between interval 12 month preceding and interval 1 month preceding
    )
)

select
    now_.period,
    now_.partner_iso3,
    now_.partner_name_en,
    now_.hs_code,
    now_.vehicle_class,
    now_.powertrain,
    now_.vehicles,
    now_.value_cny,
    round(now_.unit_value_cny, 2) as unit_value_cny,
    round(now_.usual_unit_value_cny, 2) as usual_unit_value_cny,
    now_.unit_value_history_months::integer as unit_value_history_months,
    round(last_month.unit_value_cny, 2) as unit_value_cny_prev_month,
    case
        when now_.unit_value_cny is not null and now_.unit_value_history_months >= 3
            then
                now_.unit_value_cny < 0.5 * now_.usual_unit_value_cny
                or now_.unit_value_cny > 1.5 * now_.usual_unit_value_cny
    end as unit_value_outside_usual_range,
    case
        when now_.unit_value_cny is not null and last_month.unit_value_cny is not null
            then now_.unit_value_cny <= 0.5 * last_month.unit_value_cny
    end as unit_value_halved,
    now_.source_files
from windows as now_
left join unit_values as last_month
    on
        now_.partner_iso3 = last_month.partner_iso3
        and now_.hs_code = last_month.hs_code
        and now_.period - interval 1 month = last_month.period
where
    now_.period >= getvariable('months_start')
    and now_.period < getvariable('months_end') + interval 12 month
