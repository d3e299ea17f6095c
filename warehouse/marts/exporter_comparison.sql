-- China's and Japan's vehicle exports side by side per year and basis: a manufacturer-reported
-- figure (CAAM, JAMA) is set only against a manufacturer-reported one, a customs count (GACC)
-- only against a customs count. The basis of each series is data (ref.series_bases); a side
-- with no sourced figure on that basis stays empty (no Japanese customs total is loaded).
-- China on the customs basis: GACC release tables, else a GACC annual figure from
-- landing/industry.
-- group: releases
create or replace table marts.exporter_comparison as
with
bases as (
    select
        source,
        metric,
        basis
    from ref.series_bases
    where comparable_total = 'yes'
),

figures as (
    select
        a.year,
        'CHN' as country,
        a.vehicles,
        'GACC release tables' as source_label,
        b.basis,
        0 as preference,
        a.source_files
    from marts.annual_exports as a
    inner join bases as b on b.source = 'GACC' and a.product = b.metric
    union all
    select
        i.year,
        i.country,
        i.value::bigint as vehicles,
        if(i.source = 'GACC', 'GACC (industry series)', i.source) as source_label,
        b.basis,
        1 as preference,
        [i.source_file] as source_files
    from staging.release_industry_series as i
    inner join bases as b on i.source = b.source and i.metric = b.metric
    where i.country in ('CHN', 'JPN') and i.year is not null
),

-- one figure per country, year and basis: the release tables before a stated annual figure
chosen as (
    select *
    from figures
    qualify row_number() over (
        partition by country, year, basis order by preference, source_label
    ) = 1
),

china as (
    select *
    from chosen
    where country = 'CHN'
),

japan as (
    select *
    from chosen
    where country = 'JPN'
),

side_by_side as (
    select
        coalesce(c.year, j.year) as year,  -- noqa: RF04
        coalesce(c.basis, j.basis) as basis,
        c.vehicles as china_vehicles,
        j.vehicles as japan_vehicles,
        c.source_label as china_source,
        j.source_label as japan_source,
        c.basis as china_basis,
        j.basis as japan_basis,
        list_sort(
            list_distinct(list_concat(coalesce(c.source_files, []), coalesce(j.source_files, [])))
        )
            as source_files
    from china as c
    full outer join japan as j on c.year = j.year and c.basis = j.basis
)

select
    year,
    basis,
    china_vehicles,
    japan_vehicles,
    china_vehicles - japan_vehicles as china_lead_vehicles,
    china_vehicles > japan_vehicles as china_ahead,
    -- the first year China exported more vehicles than Japan, on this basis
    coalesce(
        year = min(year) filter (where china_vehicles > japan_vehicles) over (
            partition by basis
        ),
        false
    ) as china_passes_japan,
    china_source,
    japan_source,
    china_basis,
    japan_basis,
    source_files
from side_by_side
order by year, basis
