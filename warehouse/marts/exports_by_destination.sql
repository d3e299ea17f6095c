-- Vehicle exports per month and destination country.
-- Restaged per month: the step runs this file once per span
-- [months_start, months_end) of the run's months, as customs staging handed them on in
-- staging.customs_restaged_months (all time in a full build), deleting and rebuilding it.
-- restaged: by month
create table if not exists marts.exports_by_destination (
    period date,
    partner_iso3 varchar,
    partner_name_en varchar,
    partner_name_zh varchar,
    vehicles bigint,
    value_cny bigint,
    value_usd bigint,
    source_files varchar[]
);

delete from marts.exports_by_destination
where period >= getvariable('months_start') and period < getvariable('months_end');

insert into marts.exports_by_destination (
    period,
    partner_iso3,
    partner_name_en,
    partner_name_zh,
    vehicles,
    value_cny,
    value_usd,
    source_files
)
select
    rows_.period,
    partners.iso3 as partner_iso3,
    partners.name_en as partner_name_en,
    partners.name_zh as partner_name_zh,
    sum(rows_.vehicles)::bigint as vehicles,
    -- a value is given only when every row carries it, never as a partial sum
    case when count(rows_.value_cny) = count(*) then sum(rows_.value_cny) end::bigint as value_cny,
    case when count(rows_.value_usd) = count(*) then sum(rows_.value_usd) end::bigint as value_usd,
    list_sort(list_distinct(flatten(list(rows_.source_files)))) as source_files
from staging.vehicle_export_rows as rows_
inner join ref.partners as partners on rows_.partner_code = partners.partner_code
where
    rows_.for_destination
    and rows_.period >= getvariable('months_start')
    and rows_.period < getvariable('months_end')
group by rows_.period, partners.iso3, partners.name_en, partners.name_zh;
