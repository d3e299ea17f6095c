-- Vehicle exports per month and province of registration of the exporter.
-- Restaged per month: the step runs this file once per span
-- [months_start, months_end) of the run's months, as customs staging handed them on in
-- staging.customs_restaged_months (all time in a full build), deleting and rebuilding it.
-- restaged: by month
create table if not exists marts.exports_by_province (
    period date,
    province_code varchar,
    province_name_en varchar,
    province_name_zh varchar,
    vehicles bigint,
    value_cny bigint,
    value_usd bigint,
    source_files varchar[]
);

delete from marts.exports_by_province
where period >= getvariable('months_start') and period < getvariable('months_end');

insert into marts.exports_by_province (
    period,
    province_code,
    province_name_en,
    province_name_zh,
    vehicles,
    value_cny,
    value_usd,
    source_files
)
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
where
    rows_.for_province
    and rows_.period >= getvariable('months_start')
    and rows_.period < getvariable('months_end')
group by rows_.period, rows_.province_code, provinces.name_en, provinces.name_zh;
