-- Every vintage of marts.national_monthly: a row each time a loaded release file changed what
-- the warehouse said about a month and product. valid_from is the load time of that file,
-- valid_to the load time of the file that next changed it (NULL: still current).
-- published_on is when GACC published what the vintage says: the latest publication date of
-- the files behind its row, each file's date being the one it states, else GACC's first-release
-- date of its month (ref.gacc_release_calendar; only for the first table of its month, currency,
-- language and format: a later one is a revision, published later), else the file's
-- modification date; published_on_basis names which. published_until is the next vintage's
-- published_on: "what was published by day X" is published_on <= X < published_until.
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

-- when each release file was published, and how we know
file_dates as (
    select
        files.source_file,
        case
            when files.published_on_stated is not null then files.published_on_stated
            when files.first_of_kind and calendar.published_on is not null
                then calendar.published_on
            -- files loaded before raw.release_files kept their modification date
            else coalesce(files.file_modified_on, files.loaded_at::date)
        end as published_on,
        case
            when files.published_on_stated is not null then 'stated_in_file'
            when files.first_of_kind and calendar.published_on is not null
                then 'gacc_release_calendar'
            when files.file_modified_on is not null then 'file_date'
            else 'load_date'
        end as published_on_basis
    from (
        select
            source_file,
            period,
            published_on_stated,
            file_modified_on,
            loaded_at,
            row_number() over (
                partition by period, currency, language, file_format order by load_seq
            ) = 1 as first_of_kind
        from raw.release_files
    ) as files
    left join ref.gacc_release_calendar as calendar on files.period = calendar.period
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
        *,
        lead(as_of_loaded_at) over (partition by period, product order by as_of_seq) as valid_to,
        lead(as_of_seq) over (partition by period, product order by as_of_seq) as next_seq
    from changes
),

-- a vintage's row was published once the last of its files was
vintage_dates as (
    select
        n.as_of_seq,
        n.period,
        n.product,
        max(d.published_on) as published_on,
        arg_max(d.published_on_basis, d.published_on) as published_on_basis
    from staging.release_national_monthly_asof as n
    cross join unnest(n.source_files) as f (source_file)
    inner join file_dates as d on f.source_file = d.source_file
    group by n.as_of_seq, n.period, n.product
),

history as (
    -- the columns of marts.national_monthly up to derived (staging.release_national_monthly_rows)
    select
        n.* exclude (  -- noqa: AM04
            n.as_of_seq,
            n.yoy_value_usd_pct,
            n.yoy_quantity_pct_published,
            n.yoy_value_pct_published,
            n.source_files
        ),
        s.as_of_seq as vintage,
        s.as_of_file as source_file,
        s.as_of_loaded_at as loaded_at,
        s.as_of_loaded_at as valid_from,
        s.valid_to,
        s.next_seq is null as is_current,
        d.published_on,
        d.published_on_basis,
        n.source_files
    from spans as s
    inner join staging.release_national_monthly_rows as n
        on s.as_of_seq = n.as_of_seq and s.period = n.period and s.product = n.product
    left join vintage_dates as d
        on s.as_of_seq = d.as_of_seq and s.period = d.period and s.product = d.product
    where s.present
)

select
    * exclude (source_files),  -- noqa: AM04
    lead(published_on) over (
        partition by period, product order by published_on, vintage
    ) as published_until,
    source_files
from history
