-- Vehicle class and powertrain of each HS code in each month it occurs: the longest prefix of
-- ref.hs_vehicle_codes valid in that month decides. Codes outside the reference (parts,
-- tractors, motorcycles) get no row here and stay unclassified downstream.
-- group: customs
create or replace table staging.hs_vehicle_map as
with

codes as (
    select distinct
        hs_code,
        period
    from staging.customs_trade
)

select
    codes.hs_code,
    codes.period,
    hs_ref.vehicle_class,
    hs_ref.powertrain
from codes
inner join ref.hs_vehicle_codes as hs_ref
    on
        starts_with(codes.hs_code, hs_ref.hs_prefix)
        and codes.period >= hs_ref.valid_from
        and (hs_ref.valid_to is null or codes.period <= hs_ref.valid_to)
qualify
    row_number() over (
        partition by codes.hs_code, codes.period order by length(hs_ref.hs_prefix) desc
    ) = 1
