-- Every vintage of marts.national_monthly: a row each time a loaded release file changed what
-- the warehouse said about a month and product. valid_from is the load time of that file,
-- valid_to the load time of the file that next changed it (NULL: still current).
-- group: releases
create or replace table marts.national_monthly_history as
with
vintages as (
    select
        load_seq as as_of_seq,
        loaded_at as as_of_loaded_at,
        source_file as as_of_file
    from raw.release_files
),

series as (
    select distinct
        period,
        product
    from staging.release_national_monthly_asof
),

-- every vintage since a month first appeared, with its row (NULL when it vanished, e.g. a
-- combined January-February row once January is known)
states as (
    select
        v.as_of_seq,
        v.as_of_loaded_at,
        v.as_of_file,
        s.period,
        s.product,
        n.as_of_seq is not null as present,
        md5(
            concat_ws(
                '|',
                n.period_end, n.quantity, n.value_cny, n.value_usd, n.quantity_ytd,
                n.value_cny_ytd, n.value_usd_ytd, n.yoy_quantity_pct_published,
                n.yoy_value_pct_published, n.yoy_value_usd_pct_published, n.derived,
                n.source_files::varchar
            )
        ) as row_hash
    from vintages as v
    cross join series as s
    left join staging.release_national_monthly_asof as n
        on v.as_of_seq = n.as_of_seq and s.period = n.period and s.product = n.product
),

changes as (
    select
        as_of_seq,
        as_of_loaded_at,
        as_of_file,
        period,
        product,
        present
    from states
    window w as (partition by period, product order by as_of_seq)
    qualify
        (present or lag(present) over w)
        and row_hash is distinct from coalesce(lag(row_hash) over w, '')
),

spans as (
    select
        as_of_seq,
        as_of_loaded_at,
        as_of_file,
        period,
        product,
        present,
        lead(as_of_loaded_at) over (partition by period, product order by as_of_seq) as valid_to,
        lead(as_of_seq) over (partition by period, product order by as_of_seq) as next_seq
    from changes
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
    n.yoy_quantity_pct_recomputed,
    n.yoy_value_pct_recomputed,
    n.derived,
    s.as_of_seq as vintage,
    s.as_of_file as source_file,
    s.as_of_loaded_at as loaded_at,
    s.as_of_loaded_at as valid_from,
    s.valid_to,
    s.next_seq is null as is_current,
    n.source_files
from spans as s
inner join staging.release_national_monthly_asof as n
    on s.as_of_seq = n.as_of_seq and s.period = n.period and s.product = n.product
where s.present
