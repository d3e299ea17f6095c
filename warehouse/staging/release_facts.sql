-- Every figure of every loaded release table in base units (vehicles, yuan, US dollars):
-- one row per file, product and measure (quantity, value_cny or value_usd).
-- half_unit is half the last printed digit in base units: the rounding a figure may carry.
-- group: releases
create or replace table staging.release_facts as
with
release_rows as (
    select
        f.source_file,
        f.period,
        f.currency,
        f.value_scale,
        f.change_basis,
        f.load_seq,
        f.loaded_at,
        r.product,
        r.is_aggregate,
        r.quantity_unit,
        r.quantity_scale,
        r.month_quantity,
        r.month_value,
        r.ytd_quantity,
        r.ytd_value,
        r.prior_ytd_quantity,
        r.prior_ytd_value,
        r.change_quantity_pct,
        r.change_value_pct
    from raw.release_rows as r
    inner join raw.release_files as f on r.sha256 = f.sha256
),

by_measure as (
    select
        source_file,
        period,
        product,
        is_aggregate,
        'quantity' as measure,
        quantity_unit as unit,
        quantity_scale as scale,
        month_quantity as month_text,
        ytd_quantity as ytd_text,
        prior_ytd_quantity as prior_ytd_text,
        change_quantity_pct as yoy_text,
        change_basis,
        load_seq,
        loaded_at
    from release_rows
    where quantity_unit is not null
    union all
    select
        source_file,
        period,
        product,
        is_aggregate,
        case currency when 'CNY' then 'value_cny' else 'value_usd' end as measure,
        currency as unit,
        value_scale as scale,
        month_value as month_text,
        ytd_value as ytd_text,
        prior_ytd_value as prior_ytd_text,
        change_value_pct as yoy_text,
        change_basis,
        load_seq,
        loaded_at
    from release_rows
),

typed as (
    select
        source_file,
        period,
        product,
        is_aggregate,
        measure,
        unit,
        change_basis,
        load_seq,
        loaded_at,
        try_cast(replace(trim(month_text), ',', '') as decimal(38, 6)) * scale as month_value,
        try_cast(replace(trim(ytd_text), ',', '') as decimal(38, 6)) * scale as ytd_value,
        try_cast(replace(trim(prior_ytd_text), ',', '') as decimal(38, 6))
        * scale as prior_ytd_value,
        try_cast(replace(trim(yoy_text), ',', '') as decimal(9, 3)) as yoy_pct,
        -- digits after the decimal point of the printed figure tell its rounding
        0.5 * scale / 10 ** coalesce(length(nullif(split_part(month_text, '.', 2), '')), 0)
            as month_half_unit,
        0.5 * scale / 10 ** coalesce(length(nullif(split_part(ytd_text, '.', 2), '')), 0)
            as ytd_half_unit
    from by_measure
)

select
    source_file,
    period,
    product,
    is_aggregate,
    measure,
    unit,
    month_value,
    -- January's year to date is its month (January bulletins print no cumulative columns)
    if(month(period) = 1, coalesce(ytd_value, month_value), ytd_value) as ytd_value,
    prior_ytd_value,
    -- a January table's change over the same month is also the year-to-date change
    case when change_basis = 'ytd' or month(period) = 1 then yoy_pct end as yoy_pct,
    month_half_unit,
    if(month(period) = 1 and ytd_value is null, month_half_unit, ytd_half_unit) as ytd_half_unit,
    load_seq,
    loaded_at
from typed
where month_value is not null or ytd_value is not null
