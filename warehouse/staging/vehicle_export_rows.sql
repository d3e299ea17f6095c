-- Vehicle export rows of the breakdown chosen for each purpose ('destination', 'province',
-- 'total'): what the exports_by_* marts add up, never two breakdowns of the same goods.
create or replace table staging.vehicle_export_rows as
select
    choice.purpose,
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
inner join staging.customs_breakdown_choice as choice
    on
        trade.flow = choice.flow
        and trade.period = choice.period
        and trade.hs_code = choice.hs_code
        and trade.breakdown = choice.breakdown
where trade.flow = 'export'
