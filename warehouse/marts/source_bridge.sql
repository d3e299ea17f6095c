-- GACC (customs) against CAAM (association) vehicle exports for the same year, with the gap.
-- group: releases
create or replace table marts.source_bridge as
with
gacc as (
    select
        year,
        vehicles,
        'GACC release tables' as gacc_source,
        source_files
    from marts.annual_exports
    where product = 'motor_vehicles_incl_chassis'
    union all
    select
        i.year,
        i.value::bigint as vehicles,
        'GACC (industry series)' as gacc_source,
        [i.source_file] as source_files
    from staging.release_industry_series as i
    where
        i.source = 'GACC'
        and i.country = 'CHN'
        and i.metric = 'vehicle_exports'
        and i.year is not null
        and i.year not in (
            select a.year from marts.annual_exports as a
            where a.product = 'motor_vehicles_incl_chassis'
        )
),

caam as (
    select
        year,
        value::bigint as vehicles,
        [source_file] as source_files
    from staging.release_industry_series
    where source = 'CAAM' and country = 'CHN' and metric = 'vehicle_exports' and year is not null
)

select
    g.year,
    g.vehicles as gacc_vehicles,
    c.vehicles as caam_vehicles,
    g.vehicles - c.vehicles as gap_vehicles,
    round(100 * (g.vehicles / c.vehicles - 1), 1) as gap_pct,
    g.gacc_source,
    'GACC counts every vehicle and chassis crossing the border (HS 8702-8706), used vehicles '
    || 'and exports by traders included; CAAM counts the exports its member manufacturers '
    || 'report. The customs figure is therefore usually the higher one.' as note,
    list_sort(list_distinct(list_concat(g.source_files, c.source_files))) as source_files
from gacc as g
inner join caam as c on g.year = c.year
order by g.year
