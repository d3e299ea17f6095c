-- GACC exports per year and product: the newest December year-to-date figures, or the sum of
-- twelve months of marts.national_monthly where no December table was loaded. The year-on-year
-- change is the release's where printed, else recomputed from the prior year's row.
-- group: releases
create or replace table marts.annual_exports as
with
december as (
    select
        year(period) as year,  -- noqa: RF04
        product,
        measure,
        unit,
        ytd_value,
        yoy_pct,
        source_file
    from staging.release_facts
    where month(period) = 12 and ytd_value is not null
    qualify row_number() over (partition by period, product, measure order by load_seq desc) = 1
),

from_december as (
    select
        year,
        product,
        'december_ytd' as basis,
        max(unit) filter (where measure = 'quantity') as quantity_unit,
        max(ytd_value) filter (where measure = 'quantity') as quantity,
        max(ytd_value) filter (where measure = 'value_cny') as value_cny,
        max(ytd_value) filter (where measure = 'value_usd') as value_usd,
        max(yoy_pct) filter (where measure = 'quantity') as yoy_quantity_pct_published,
        max(yoy_pct) filter (where measure = 'value_cny') as yoy_value_pct_published,
        list_sort(list_distinct(list(source_file))) as source_files
    from december
    group by year, product
),

from_months as (
    select
        year(period) as year,  -- noqa: RF04
        product,
        'sum_of_months' as basis,
        max(quantity_unit) as quantity_unit,
        sum(quantity) as quantity,
        -- a value only where every month has it, never a partial sum
        if(count(value_cny) = count(*), sum(value_cny), null) as value_cny,
        if(count(value_usd) = count(*), sum(value_usd), null) as value_usd,
        null::decimal(9, 3) as yoy_quantity_pct_published,
        null::decimal(9, 3) as yoy_value_pct_published,
        list_sort(list_distinct(flatten(list(source_files)))) as source_files
    from marts.national_monthly
    group by year(period), product
    having sum(months_covered) = 12 and count(quantity) = count(*)
),

years as (
    select
        year,
        product,
        basis,
        quantity_unit,
        quantity,
        value_cny,
        value_usd,
        yoy_quantity_pct_published,
        yoy_value_pct_published,
        source_files
    from from_december
    union all
    select
        m.year,
        m.product,
        m.basis,
        m.quantity_unit,
        m.quantity,
        m.value_cny,
        m.value_usd,
        m.yoy_quantity_pct_published,
        m.yoy_value_pct_published,
        m.source_files
    from from_months as m
    anti join from_december as d on m.year = d.year and m.product = d.product
)

select
    y.year,
    y.product,
    y.basis,
    y.quantity_unit,
    y.quantity::decimal(38, 3) as quantity,
    if(y.quantity_unit = 'vehicles', y.quantity::bigint, null) as vehicles,
    y.value_cny::decimal(38, 2) as value_cny,
    y.value_usd::decimal(38, 2) as value_usd,
    coalesce(
        y.yoy_quantity_pct_published,
        round(100 * (y.quantity / nullif(p.quantity, 0) - 1), 1)::decimal(9, 3)
    ) as yoy_quantity_pct,
    if(
        y.quantity_unit = 'vehicles',
        coalesce(
            y.yoy_quantity_pct_published,
            round(100 * (y.quantity / nullif(p.quantity, 0) - 1), 1)::decimal(9, 3)
        ),
        null
    ) as yoy_vehicles_pct,
    coalesce(
        y.yoy_value_pct_published,
        round(100 * (y.value_cny / nullif(p.value_cny, 0) - 1), 1)::decimal(9, 3)
    ) as yoy_value_pct,
    y.source_files
from years as y
left join years as p on y.product = p.product and p.year = y.year - 1
