-- One row per flow, period, breakdown and key present in the downloads: revisions resolved,
-- CNY and USD downloads of the same slice merged into one row with both values.
create or replace table staging.customs_trade as
with

lines as (
    select
        source_file,
        flow,
        currency,
        breakdown,
        dimension_count,
        probably_truncated,
        load_seq,
        period,
        hs_code,
        partner_code,
        trade_mode_code,
        province_code,
        quantity,
        quantity_unit,
        quantity_2,
        quantity_2_unit,
        trade_value
    from staging.customs_lines
    where reject_reason is null
),

-- A slice is one commodity of one breakdown in one month and currency; the download loaded
-- last is its current version (a revision replaces the earlier file's rows for that slice).
current_slices as (
    select
        flow,
        period,
        breakdown,
        hs_code,
        currency,
        max(load_seq) as load_seq
    from lines
    group by flow, period, breakdown, hs_code, currency
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
)

select
    flow,
    period,
    breakdown,
    dimension_count,
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
    list_sort(list_distinct(list(source_file))) as source_files
from current_lines
group by
    flow, period, breakdown, dimension_count, hs_code, partner_code, trade_mode_code, province_code
