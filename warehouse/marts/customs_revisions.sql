-- Every vintage of every revised slice of the detailed downloads. A slice is one commodity of
-- one breakdown in one month, flow and currency (README "Merge rules"); a newer download of it
-- replaces the older one, whose rows stay in raw.customs_rows. One row per line of the slice
-- (partner, trade mode, province) and file that brought a version of the slice, oldest first,
-- with the change against the previous version; a line the newer file no longer has appears
-- with present = false. Slices loaded once are not listed (their one version is in
-- marts.fct_customs_trade).
-- group: customs
create or replace table marts.customs_revisions as
with

-- the files that brought a version of each slice, numbered in load order; read from the
-- lines directly (a few groups per file), so that only revised slices are summed below
slice_files as (
    select
        *,
        row_number() over (
            partition by flow, period, breakdown, hs_code, currency order by load_seq
        ) as slice_version,
        count(*) over (partition by flow, period, breakdown, hs_code, currency) as slice_versions
    from (
        select
            files.flow,
            staged.period,
            files.breakdown,
            staged.hs_code,
            files.currency,
            files.source_file,
            files.sha256,
            files.load_seq,
            files.loaded_at
        -- each file's months and codes first, then the file's values (one per sha256)
        from (
            select distinct
                sha256,
                period,
                hs_code
            from staging.customs_lines
            where reject_reason is null
        ) as staged
        inner join raw.customs_files as files on staged.sha256 = files.sha256
    ) as files
),

revised as (
    select *
    from slice_files
    where slice_versions > 1
),

-- the lines of the revised slices' files, summed per line (most slices are loaded once and
-- never reach this hash aggregate)
lines as (
    select
        files.flow,
        staged.period,
        files.breakdown,
        staged.hs_code,
        files.currency,
        staged.partner_code,
        staged.trade_mode_code,
        staged.province_code,
        files.source_file,
        staged.sha256,
        files.load_seq,
        files.loaded_at,
        any_value(staged.quantity_unit) as quantity_unit,
        sum(staged.quantity) as quantity,
        sum(staged.trade_value) as trade_value
    from staging.customs_lines as staged
    -- a file's flow, breakdown and currency are one per sha256: its month and code pick the
    -- slice (a semi join, so the few revised slices are the side held in memory)
    semi join revised
        on
            staged.sha256 = revised.sha256
            and staged.period = revised.period
            and staged.hs_code = revised.hs_code
    inner join raw.customs_files as files on staged.sha256 = files.sha256
    where staged.reject_reason is null
    group by all
),

-- every line a revised slice ever had
slice_lines as (
    select distinct
        flow,
        period,
        breakdown,
        hs_code,
        currency,
        partner_code,
        trade_mode_code,
        province_code
    from lines
),

grid as (
    select
        r.flow,
        r.period,
        r.breakdown,
        r.hs_code,
        r.currency,
        sl.partner_code,
        sl.trade_mode_code,
        sl.province_code,
        r.slice_version,
        r.slice_versions,
        r.source_file,
        r.sha256,
        r.load_seq,
        r.loaded_at,
        l.quantity_unit,
        l.quantity,
        l.trade_value,
        l.load_seq is not null as present
    from revised as r
    inner join slice_lines as sl
        on
            r.flow = sl.flow
            and r.period = sl.period
            and r.breakdown = sl.breakdown
            and r.hs_code = sl.hs_code
            and r.currency = sl.currency
    left join lines as l
        on
            r.load_seq = l.load_seq
            and r.flow = l.flow
            and r.period = l.period
            and r.breakdown = l.breakdown
            and r.hs_code = l.hs_code
            and r.currency = l.currency
            and sl.partner_code is not distinct from l.partner_code
            and sl.trade_mode_code is not distinct from l.trade_mode_code
            and sl.province_code is not distinct from l.province_code
),

compared as (
    select
        *,
        lag(present) over w as was_present,
        lag(quantity) over w as previous_quantity,
        lag(trade_value) over w as previous_value
    from grid
    window w as (
        partition by
            flow, period, breakdown, hs_code, currency, partner_code, trade_mode_code,
            province_code
        order by slice_version
    )
)

select
    flow,
    period,
    breakdown,
    hs_code,
    partner_code,
    trade_mode_code,
    province_code,
    currency,
    slice_version,
    slice_versions,
    slice_version = slice_versions as is_current,
    source_file,
    sha256,
    load_seq,
    loaded_at,
    present,
    quantity_unit,
    quantity,
    trade_value,
    -- NULL for the first version; a line missing on one side counts as 0 on that side
    if(slice_version = 1, null, coalesce(quantity, 0) - coalesce(previous_quantity, 0))
        as quantity_change,
    if(slice_version = 1, null, coalesce(trade_value, 0) - coalesce(previous_value, 0))
        as value_change
from compared
-- a line absent from a version and the one before it says nothing
where present or coalesce(was_present, false)
