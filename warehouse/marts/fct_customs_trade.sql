-- Every customs row present in the downloads, with reference codes and vehicle attributes.
-- Rows of different breakdowns of one month coexist here: add up only rows where
-- is_total_basis is true (or rows of one breakdown) to never count the same goods twice.
-- Restaged per month like staging.customs_trade: the step runs this file once per span
-- [months_start, months_end) of the run's months, as customs staging handed them on in
-- staging.customs_restaged_months (all time in a full build), deleting and rebuilding it.
-- The breakdown choice and vehicle map are per month and code, so other months are unchanged.
-- restaged: by month
create table if not exists marts.fct_customs_trade (
    flow varchar,
    period date,
    hs_code varchar,
    partner_code varchar,
    partner_iso3 varchar,
    trade_mode_code varchar,
    province_code varchar,
    quantity decimal(18, 3),
    quantity_unit varchar,
    quantity_2 decimal(18, 3),
    quantity_2_unit varchar,
    value_cny hugeint,
    value_usd hugeint,
    vehicle_class varchar,
    powertrain varchar,
    breakdown varchar,
    is_total_basis boolean,
    from_truncated_file boolean,
    source_files varchar[]
);

delete from marts.fct_customs_trade
where period >= getvariable('months_start') and period < getvariable('months_end');

insert into marts.fct_customs_trade (
    flow,
    period,
    hs_code,
    partner_code,
    partner_iso3,
    trade_mode_code,
    province_code,
    quantity,
    quantity_unit,
    quantity_2,
    quantity_2_unit,
    value_cny,
    value_usd,
    vehicle_class,
    powertrain,
    breakdown,
    is_total_basis,
    from_truncated_file,
    source_files
)
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
where
    trade.period >= getvariable('months_start')
    and trade.period < getvariable('months_end');
