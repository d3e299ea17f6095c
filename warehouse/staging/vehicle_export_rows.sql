-- Vehicle export rows of the breakdown chosen for each purpose ('destination', 'province',
-- 'total'): what the exports_by_* marts add up, never two breakdowns of the same goods.
-- One row per trade row, flagged for each purpose its breakdown serves (for_destination,
-- for_province, for_total): a breakdown chosen for several purposes is written once, not once
-- per purpose (on 10M generated rows, one breakdown serving all three: 9.2M rows to 3.1M).
-- Restaged per month like staging.customs_trade: the step runs this file once per span
-- [months_start, months_end) of the run's months, as customs staging handed them on in
-- staging.customs_restaged_months (all time in a full build), deleting and rebuilding it.
-- The breakdown choice and vehicle map are per month and code, so other months are unchanged.
-- group: customs
-- restaged: by month
create table if not exists staging.vehicle_export_rows (
    for_destination boolean,
    for_province boolean,
    for_total boolean,
    period date,
    partner_code varchar,
    province_code varchar,
    vehicle_class varchar,
    powertrain varchar,
    vehicles decimal(18, 3),
    value_cny hugeint,
    value_usd hugeint,
    source_files varchar[]
);

delete from staging.vehicle_export_rows
where period >= getvariable('months_start') and period < getvariable('months_end');

insert into staging.vehicle_export_rows (
    for_destination,
    for_province,
    for_total,
    period,
    partner_code,
    province_code,
    vehicle_class,
    powertrain,
    vehicles,
    value_cny,
    value_usd,
    source_files
)
with

-- the purposes each breakdown serves, per flow, month and commodity
chosen as (
    select
        flow,
        period,
        hs_code,
        breakdown,
        bool_or(purpose = 'destination') as for_destination,
        bool_or(purpose = 'province') as for_province,
        bool_or(purpose = 'total') as for_total
    from staging.customs_breakdown_choice
    where
        period >= getvariable('months_start')
        and period < getvariable('months_end')
    group by flow, period, hs_code, breakdown
)

select
    choice.for_destination,
    choice.for_province,
    choice.for_total,
    trade.period,
    trade.partner_code,
    trade.province_code,
    hs_map.vehicle_class,
    hs_map.powertrain,
    -- whole vehicles and chassis only: a row in another unit adds no vehicles
    case when trade.quantity_unit in ('辆', '台') then trade.quantity end as vehicles,
    trade.value_cny,
    trade.value_usd,
    trade.source_files
from staging.customs_trade as trade
inner join staging.hs_vehicle_map as hs_map
    on trade.hs_code = hs_map.hs_code and trade.period = hs_map.period
inner join chosen as choice
    on
        trade.flow = choice.flow
        and trade.period = choice.period
        and trade.hs_code = choice.hs_code
        and trade.breakdown = choice.breakdown
where
    trade.flow = 'export'
    and trade.period >= getvariable('months_start')
    and trade.period < getvariable('months_end');
