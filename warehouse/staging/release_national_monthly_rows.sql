-- The rows of marts.national_monthly as each release vintage (as_of_seq) would have them: the
-- merged figures of staging.release_national_monthly_asof with the columns analysts read
-- (vehicles, year-on-year changes as published, else recomputed), written once for the mart
-- and its history. The columns are in the marts' order: they select them with * exclude.
-- group: releases
create or replace table staging.release_national_monthly_rows as
select
    n.as_of_seq,
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
    n.source_files
from staging.release_national_monthly_asof as n
