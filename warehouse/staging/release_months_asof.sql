-- Month figures as the warehouse knew them after each release file was loaded ("as of" a
-- vintage), one row per vintage, month, product and measure. A month printed in a table is
-- taken as published; otherwise it is derived from year-to-date figures (March = YTD March -
-- YTD February), where a YTD figure is published or implied by the next month's table
-- (YTD March = YTD April - April). January and February released combined stay one period.
-- group: releases
create or replace table staging.release_months_asof as
with
vintages as (
    select
        load_seq as as_of_seq,
        loaded_at as as_of_loaded_at,
        source_file as as_of_file
    from raw.release_files
),

-- the newest file's figures for each month, product and measure, at each vintage
known as (
    select
        v.as_of_seq,
        f.period,
        f.product,
        f.measure,
        f.unit,
        f.month_value,
        f.ytd_value,
        f.yoy_pct,
        f.month_half_unit,
        f.ytd_half_unit,
        f.source_file
    from vintages as v
    inner join staging.release_facts as f on v.as_of_seq >= f.load_seq
    qualify row_number() over (
        partition by v.as_of_seq, f.period, f.product, f.measure order by f.load_seq desc
    ) = 1
),

implied as (
    select
        as_of_seq,
        product,
        measure,
        unit,
        (period - interval 1 month)::date as period,
        ytd_value - month_value as ytd_value,
        ytd_half_unit + month_half_unit as ytd_half_unit,
        source_file
    from known
    where month(period) > 1 and ytd_value is not null and month_value is not null
),

keys as (
    select
        as_of_seq,
        period,
        product,
        measure
    from known
    union
    select
        as_of_seq,
        period,
        product,
        measure
    from implied
),

ytd as (
    select
        k.as_of_seq,
        k.period,
        k.product,
        k.measure,
        coalesce(kn.unit, i.unit) as unit,
        kn.month_value as month_published,
        kn.month_half_unit,
        kn.yoy_pct,
        coalesce(kn.ytd_value, i.ytd_value) as ytd_value,
        if(kn.ytd_value is not null, kn.ytd_half_unit, i.ytd_half_unit) as ytd_half_unit,
        list_distinct(list_value(kn.source_file, if(kn.ytd_value is null, i.source_file, null)))
            as files
    from keys as k
    left join known as kn
        on
            k.as_of_seq = kn.as_of_seq
            and k.period = kn.period
            and k.product = kn.product
            and k.measure = kn.measure
    left join implied as i
        on
            k.as_of_seq = i.as_of_seq
            and k.period = i.period
            and k.product = i.product
            and k.measure = i.measure
),

with_neighbours as (
    select
        y.as_of_seq,
        y.period,
        y.product,
        y.measure,
        y.unit,
        y.month_published,
        y.yoy_pct,
        y.ytd_value,
        y.ytd_half_unit,
        prev.ytd_value as prev_ytd_value,
        prior_year.ytd_value as prior_year_ytd_value,
        list_filter(
            list_concat(y.files, coalesce(prev.files, [])), lambda x: x is not null  -- noqa: RF02
        ) as files_with_prev,
        list_filter(y.files, lambda x: x is not null) as files  -- noqa: RF02
    from ytd as y
    left join ytd as prev
        on
            y.as_of_seq = prev.as_of_seq
            and y.product = prev.product
            and y.measure = prev.measure
            and prev.period = y.period - interval 1 month
            and month(y.period) > 1
    left join ytd as prior_year
        on
            y.as_of_seq = prior_year.as_of_seq
            and y.product = prior_year.product
            and y.measure = prior_year.measure
            and prior_year.period = y.period - interval 12 month
),

months as (
    select
        as_of_seq,
        product,
        measure,
        unit,
        yoy_pct,
        ytd_value,
        prior_year_ytd_value,
        month(period) = 2
        and month_published is null
        and prev_ytd_value is null
        and ytd_value is not null as combined_period,
        period as period_end,
        case
            when month_published is not null then month_published
            when month(period) = 1 then ytd_value
            when prev_ytd_value is not null then ytd_value - prev_ytd_value
            when month(period) = 2 then ytd_value
        end as month_value,
        case
            when month_published is not null then files
            when prev_ytd_value is not null then files_with_prev
            else files
        end as source_files
    from with_neighbours
)

select
    m.as_of_seq,
    v.as_of_loaded_at,
    v.as_of_file,
    if(m.combined_period, date_trunc('year', m.period_end)::date, m.period_end) as period,
    m.period_end,
    if(m.combined_period, 2, 1) as months_covered,
    m.combined_period,
    m.product,
    m.measure,
    m.unit,
    m.month_value,
    m.ytd_value,
    m.yoy_pct as yoy_pct_published,
    round(100 * (m.ytd_value / nullif(m.prior_year_ytd_value, 0) - 1), 3)::decimal(9, 3)
        as yoy_pct_recomputed,
    m.month_value is not null
    and not m.combined_period
    and w.month_published is null as derived,
    list_sort(list_distinct(m.source_files)) as source_files
from months as m
inner join vintages as v on m.as_of_seq = v.as_of_seq
inner join with_neighbours as w
    on
        m.as_of_seq = w.as_of_seq
        and m.product = w.product
        and m.measure = w.measure
        and m.period_end = w.period
where m.month_value is not null
