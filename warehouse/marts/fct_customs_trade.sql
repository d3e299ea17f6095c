-- Every customs row present in the downloads, with reference codes and vehicle attributes.
-- Rows of different breakdowns of one month coexist here: add up only rows where
-- is_total_basis is true (or rows of one breakdown) to never count the same goods twice.
create or replace table marts.fct_customs_trade as
with

total_basis as (
    select
        flow,
        period,
        hs_code,
        breakdown
    from staging.customs_breakdown_choice
    where purpose = 'total'
)

select
    trade.flow,
    trade.period,
    trade.hs_code,
    trade.partner_code,
    partners.iso3 as partner_iso3,
    trade.trade_mode_code,
    trade.province_code,
    trade.quantity,
    trade.quantity_unit,
    trade.quantity_2,
    trade.quantity_2_unit,
    trade.value_cny,
    trade.value_usd,
    hs_map.vehicle_class,
    hs_map.powertrain,
    trade.breakdown,
    total_basis.breakdown is not null as is_total_basis,
    trade.from_truncated_file,
    trade.source_files
from staging.customs_trade as trade
left join ref.partners as partners on trade.partner_code = partners.partner_code
left join staging.hs_vehicle_map as hs_map
    on trade.hs_code = hs_map.hs_code and trade.period = hs_map.period
left join total_basis
    on
        trade.flow = total_basis.flow
        and trade.period = total_basis.period
        and trade.hs_code = total_basis.hs_code
        and trade.breakdown = total_basis.breakdown
