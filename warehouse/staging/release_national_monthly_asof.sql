-- National monthly rows (quantity, CNY and USD merged) as known at each release vintage.
-- group: releases
create or replace table staging.release_national_monthly_asof as
with
months as (
    select
        as_of_seq,
        as_of_loaded_at,
        as_of_file,
        period,
        period_end,
        months_covered,
        combined_period,
        product,
        measure,
        unit,
        month_value,
        ytd_value,
        yoy_pct_published,
        yoy_pct_recomputed,
        derived,
        source_files
    from staging.release_months_asof
)

select
    as_of_seq,
    any_value(as_of_loaded_at) as as_of_loaded_at,
    any_value(as_of_file) as as_of_file,
    period,
    product,
    max(period_end) as period_end,
    max(months_covered) as months_covered,
    bool_or(combined_period) as combined_period,
    max(unit) filter (where measure = 'quantity') as quantity_unit,
    max(month_value) filter (where measure = 'quantity')::decimal(38, 3) as quantity,
    max(month_value) filter (where measure = 'value_cny')::decimal(38, 2) as value_cny,
    max(month_value) filter (where measure = 'value_usd')::decimal(38, 2) as value_usd,
    max(ytd_value) filter (where measure = 'quantity')::decimal(38, 3) as quantity_ytd,
    max(ytd_value) filter (where measure = 'value_cny')::decimal(38, 2) as value_cny_ytd,
    max(ytd_value) filter (where measure = 'value_usd')::decimal(38, 2) as value_usd_ytd,
    max(yoy_pct_published) filter (where measure = 'quantity') as yoy_quantity_pct_published,
    max(yoy_pct_recomputed) filter (where measure = 'quantity') as yoy_quantity_pct_recomputed,
    max(yoy_pct_published) filter (where measure = 'value_cny') as yoy_value_pct_published,
    max(yoy_pct_recomputed) filter (where measure = 'value_cny') as yoy_value_pct_recomputed,
    max(yoy_pct_published) filter (where measure = 'value_usd') as yoy_value_usd_pct_published,
    max(yoy_pct_recomputed) filter (where measure = 'value_usd')
        as yoy_value_usd_pct_recomputed,
    bool_or(derived) as derived,
    list_sort(list_distinct(flatten(list(source_files)))) as source_files
from months
group by as_of_seq, period, product
