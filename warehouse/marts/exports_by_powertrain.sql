-- Vehicle exports per month, vehicle class and powertrain.
create or replace table marts.exports_by_powertrain as
select
    period,
    vehicle_class,
    powertrain,
    sum(vehicles)::bigint as vehicles,
    -- a value is given only when every row carries it, never as a partial sum
    case when count(value_cny) = count(*) then sum(value_cny) end::bigint as value_cny,
    case when count(value_usd) = count(*) then sum(value_usd) end::bigint as value_usd,
    list_sort(list_distinct(flatten(list(source_files)))) as source_files
from staging.vehicle_export_rows
where purpose = 'total'
group by period, vehicle_class, powertrain
