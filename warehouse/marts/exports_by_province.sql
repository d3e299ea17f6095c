-- Vehicle exports per month and province of registration of the exporter.
create or replace table marts.exports_by_province as
select
    rows_.period,
    rows_.province_code,
    provinces.name_en as province_name_en,
    provinces.name_zh as province_name_zh,
    sum(rows_.vehicles)::bigint as vehicles,
    -- a value is given only when every row carries it, never as a partial sum
    case when count(rows_.value_cny) = count(*) then sum(rows_.value_cny) end::bigint as value_cny,
    case when count(rows_.value_usd) = count(*) then sum(rows_.value_usd) end::bigint as value_usd,
    list_sort(list_distinct(flatten(list(rows_.source_files)))) as source_files
from staging.vehicle_export_rows as rows_
inner join ref.provinces as provinces on rows_.province_code = provinces.province_code
where rows_.purpose = 'province'
group by rows_.period, rows_.province_code, provinces.name_en, provinces.name_zh
