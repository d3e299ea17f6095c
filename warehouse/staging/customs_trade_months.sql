-- The rows of staging.customs_trade for the restaged months in [months_start, months_end).
-- customs_staging runs it a few months at a time (run_months.MONTHS_PER_STATEMENT): an
-- aggregate over 10M rows at once held 9 GB and took longer than slices of it (revisions and
-- merges never cross a month, so slicing by month changes no row).
-- step of: customs_staging
insert into staging.customs_trade (
    flow,
    period,
    breakdown,
    dimension_count,
    hs_code,
    partner_code,
    trade_mode_code,
    province_code,
    quantity,
    quantity_unit,
    quantity_2,
    quantity_2_unit,
    value_cny,
    value_usd,
    from_truncated_file,
    source_files
)
with

-- the files with their values (once per file, not on every line), and each file's place among
-- the file names sorted (a name loaded twice, changed, has one place): a merged row takes the
-- first and last place of its lines, and only then their names, far cheaper than a min and
-- max of text over millions of rows
files as (
    select
        sha256,
        flow,
        currency,
        breakdown,
        dimension_count,
        probably_truncated,
        load_seq,
        dense_rank() over (order by source_file) as name_place
    from raw.customs_files
),

file_names as (
    select list(distinct source_file order by source_file) as sorted_names
    from raw.customs_files
),

lines as (
    select
        files.name_place,
        files.flow,
        files.currency,
        files.breakdown,
        files.dimension_count,
        files.probably_truncated,
        files.load_seq,
        staged.period,
        staged.hs_code,
        staged.partner_code,
        staged.trade_mode_code,
        staged.province_code,
        staged.quantity,
        staged.quantity_unit,
        staged.quantity_2,
        staged.quantity_2_unit,
        staged.trade_value
    from staging.customs_lines as staged
    inner join files on staged.sha256 = files.sha256
    where
        staged.reject_reason is null
        and staged.period in (
            select restaged.period from temp.customs_restaged_months as restaged
            where
                restaged.period >= getvariable('months_start')
                and restaged.period < getvariable('months_end')
        )
),

-- A slice is one commodity of one breakdown in one month and currency; the download loaded
-- last is its current version (a revision replaces the earlier file's rows for that slice).
-- Read from the table, not from lines: a CTE read twice is materialized, 10M rows copied.
current_slices as (
    select
        files.flow,
        staged.period,
        files.breakdown,
        staged.hs_code,
        files.currency,
        max(files.load_seq) as load_seq
    from staging.customs_lines as staged
    inner join files on staged.sha256 = files.sha256
    where
        staged.reject_reason is null
        and staged.period in (
            select restaged.period from temp.customs_restaged_months as restaged
            where
                restaged.period >= getvariable('months_start')
                and restaged.period < getvariable('months_end')
        )
    group by files.flow, staged.period, files.breakdown, staged.hs_code, files.currency
),

current_lines as (
    select lines.*
    from lines
    inner join current_slices
        on
            lines.flow = current_slices.flow
            and lines.period = current_slices.period
            and lines.breakdown = current_slices.breakdown
            and lines.hs_code = current_slices.hs_code
            and lines.currency = current_slices.currency
            and lines.load_seq = current_slices.load_seq
),

merged as (
    select
        flow,
        period,
        breakdown,
        any_value(dimension_count) as dimension_count,  -- set by the breakdown
        hs_code,
        partner_code,
        trade_mode_code,
        province_code,
        -- quantities from the newest of the merged downloads, values from each currency's own
        arg_max_null(quantity, load_seq) as quantity,
        arg_max_null(quantity_unit, load_seq) as quantity_unit,
        arg_max_null(quantity_2, load_seq) as quantity_2,
        arg_max_null(quantity_2_unit, load_seq) as quantity_2_unit,
        sum(trade_value) filter (where currency = 'CNY') as value_cny,
        sum(trade_value) filter (where currency = 'USD') as value_usd,
        bool_or(probably_truncated) as from_truncated_file,
        -- one current file per currency, so at most two files: the first and last name
        min(name_place) as first_file,
        max(name_place) as last_file
    from current_lines
    group by
        flow, period, breakdown, hs_code, partner_code, trade_mode_code, province_code
)

select
    merged.flow,
    merged.period,
    merged.breakdown,
    merged.dimension_count,
    merged.hs_code,
    merged.partner_code,
    merged.trade_mode_code,
    merged.province_code,
    merged.quantity,
    merged.quantity_unit,
    merged.quantity_2,
    merged.quantity_2_unit,
    merged.value_cny,
    merged.value_usd,
    merged.from_truncated_file,
    case
        when merged.first_file = merged.last_file then [file_names.sorted_names[merged.first_file]]
        else [file_names.sorted_names[merged.first_file], file_names.sorted_names[merged.last_file]]
    end as source_files
from merged
cross join file_names;
