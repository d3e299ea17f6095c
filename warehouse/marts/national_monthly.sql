-- GACC national exports per month and product, in base units, as the latest release files
-- say: one row per period (the first month; a combined January-February period starts in
-- January and has months_covered = 2) and product. derived = true where the month was
-- computed from year-to-date figures. Year-on-year changes are year to date, from the release
-- where it prints one, else recomputed from the warehouse's prior-year figures.
-- group: releases
create or replace table marts.national_monthly as
with
latest as (
    select max(as_of_seq) as as_of_seq from staging.release_national_monthly_asof
)

select
    n.period,
    n.period_end,
    n.months_covered,
    n.combined_period,
    n.product,
    n.quantity_unit,
    n.quantity,
    if(n.quantity_unit = 'vehicles', n.quantity::bigint, null) as vehicles,
    n.value_cny,
    n.value_usd,
    if(n.quantity_unit = 'vehicles', n.quantity_ytd::bigint, null) as vehicles_ytd,
    n.quantity_ytd,
    n.value_cny_ytd,
    n.value_usd_ytd,
    coalesce(n.yoy_quantity_pct_published, n.yoy_quantity_pct_recomputed) as yoy_quantity_pct,
    if(
        n.quantity_unit = 'vehicles',
        coalesce(n.yoy_quantity_pct_published, n.yoy_quantity_pct_recomputed),
        null
    ) as yoy_vehicles_pct,
    coalesce(n.yoy_value_pct_published, n.yoy_value_pct_recomputed) as yoy_value_pct,
    coalesce(n.yoy_value_usd_pct_published, n.yoy_value_usd_pct_recomputed)
        as yoy_value_usd_pct,
    n.yoy_quantity_pct_published,
    n.yoy_quantity_pct_recomputed,
    n.yoy_value_pct_published,
    n.yoy_value_pct_recomputed,
    n.derived,
    (
        select arg_max(f.source_file, f.load_seq)
        from raw.release_files as f
        where list_contains(n.source_files, f.source_file)
    ) as source_file,
    n.source_files
from staging.release_national_monthly_asof as n
inner join latest on n.as_of_seq = latest.as_of_seq
