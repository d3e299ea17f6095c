-- Vehicle class and powertrain of each HS code in each month it occurs: China's national
-- 8-digit line valid in that month (ref.hs_tariff_lines) decides where the seed knows it, else
-- the longest prefix of ref.hs_vehicle_codes valid in that month. Codes outside both (parts,
-- tractors, motorcycles) get no row here and stay unclassified downstream.
-- group: customs
create or replace table staging.hs_vehicle_map as
with

codes as (
    select distinct
        hs_code,
        period
    from staging.customs_trade
),

by_line as (
    select
        codes.hs_code,
        codes.period,
        tariff_line.vehicle_class,
        tariff_line.powertrain,
        'tariff_line ' || tariff_line.tariff_edition as classified_by
    from codes
    inner join ref.hs_tariff_lines as tariff_line
        on
            codes.hs_code = tariff_line.code8
            and codes.period >= tariff_line.valid_from
            and (tariff_line.valid_to is null or codes.period <= tariff_line.valid_to)
    qualify row_number() over (
        partition by codes.hs_code, codes.period order by tariff_line.valid_from desc
    ) = 1
),

by_prefix as (
    select
        codes.hs_code,
        codes.period,
        hs_ref.vehicle_class,
        hs_ref.powertrain,
        'hs_prefix ' || hs_ref.hs_prefix as classified_by
    from codes
    inner join ref.hs_vehicle_codes as hs_ref
        on
            starts_with(codes.hs_code, hs_ref.hs_prefix)
            and codes.period >= hs_ref.valid_from
            and (hs_ref.valid_to is null or codes.period <= hs_ref.valid_to)
    anti join by_line
        on codes.hs_code = by_line.hs_code and codes.period = by_line.period
    qualify
        row_number() over (
            partition by codes.hs_code, codes.period order by length(hs_ref.hs_prefix) desc
        ) = 1
)

select
    hs_code,
    period,
    vehicle_class,
    powertrain,
    classified_by
from by_line
union all
select
    hs_code,
    period,
    vehicle_class,
    powertrain,
    classified_by
from by_prefix
