-- Vehicle exports per month and destination country.
create or replace table marts.exports_by_destination as
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
where rows_.purpose = 'destination'
group by rows_.period, partners.iso3, partners.name_en, partners.name_zh
