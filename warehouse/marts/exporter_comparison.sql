-- China's and Japan's vehicle exports side by side per year. China: GACC release tables
-- (marts.annual_exports), else a GACC annual figure from landing/industry; Japan: JAMA.
-- group: releases
create or replace table marts.exporter_comparison as
with
china_releases as (
    select
        year,
        vehicles,
        'GACC release tables' as china_source,
        source_files
    from marts.annual_exports
    where product = 'motor_vehicles_incl_chassis'
),

china_industry as (
    select
        year,
        value::bigint as vehicles,
        'GACC (industry series)' as china_source,
        [source_file] as source_files
    from staging.release_industry_series
    where source = 'GACC' and country = 'CHN' and metric = 'vehicle_exports' and year is not null
),

china as (
    select
        year,
        vehicles,
        china_source,
        source_files
    from china_releases
    union all
    select
        i.year,
        i.vehicles,
        i.china_source,
        i.source_files
    from china_industry as i
    anti join china_releases as r on i.year = r.year
),

japan as (
    select
        year,
        value::bigint as vehicles,
        'JAMA' as japan_source,
        [source_file] as source_files
    from staging.release_industry_series
    where country = 'JPN' and metric = 'vehicle_exports' and year is not null
),

side_by_side as (
    select
        coalesce(c.year, j.year) as year,  -- noqa: RF04
        c.vehicles as china_vehicles,
        j.vehicles as japan_vehicles,
        c.china_source,
        j.japan_source,
        list_sort(
            list_distinct(list_concat(coalesce(c.source_files, []), coalesce(j.source_files, [])))
        )
            as source_files
    from china as c
    full outer join japan as j on c.year = j.year
)

select
    year,
    china_vehicles,
    japan_vehicles,
    china_vehicles - japan_vehicles as china_lead_vehicles,
    china_vehicles > japan_vehicles as china_ahead,
    -- the first year China exported more vehicles than Japan
    year = min(year) filter (where china_vehicles > japan_vehicles) over () as china_passes_japan,
    china_source,
    japan_source,
    source_files
from side_by_side
order by year
