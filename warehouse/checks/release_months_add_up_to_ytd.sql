-- checks: staging.release_facts
-- blocking: no
-- description: Printed months equal the change of the printed year-to-date figures, within
--     rounding.
-- A printed month must equal the change of the printed year-to-date figures (January: the
-- year-to-date itself) within the rounding of the three figures. A gap usually means a later
-- table revised earlier months: GACC's year to date includes its revisions of earlier months,
-- which it does not print month by month. Without the revised monthly figures a revision
-- cannot be told from an inconsistent table, so every gap is listed, with the revision of
-- earlier months the published year to date implies (revision_implied = YTD change - month).
with
latest as (
    select
        period,
        product,
        measure,
        unit,
        month_value,
        ytd_value,
        month_half_unit,
        ytd_half_unit,
        source_file
    from staging.release_facts
    qualify row_number() over (partition by period, product, measure order by load_seq desc) = 1
),

compared as (
    select
        cur.period,
        cur.product,
        cur.measure,
        cur.month_value,
        cur.unit,
        cur.source_file,
        prev.source_file as previous_file,
        if(month(cur.period) = 1, cur.ytd_value, cur.ytd_value - prev.ytd_value)
            as ytd_change,
        cur.month_half_unit
        + cur.ytd_half_unit
        + if(month(cur.period) = 1, 0, prev.ytd_half_unit) as tolerance
    from latest as cur
    left join latest as prev
        on
            cur.product = prev.product
            and cur.measure = prev.measure
            and prev.period = cur.period - interval 1 month
    where cur.month_value is not null and cur.ytd_value is not null
)

select
    period,
    product,
    measure,
    month_value,
    ytd_change,
    tolerance,
    source_file,
    previous_file,
    month_value - ytd_change as gap,
    ytd_change - month_value as revision_implied,
    'the published year to date implies a revision of earlier months of '
    || if(ytd_change > month_value, '+', '')
    || format('{:,}', round(ytd_change - month_value)::bigint)
    || ' '
    || if(unit = 'CNY', 'yuan', unit)
    || ' (or an inconsistent table: without revised monthly figures the two look alike)'
        as reading
from compared
where ytd_change is not null and abs(month_value - ytd_change) > tolerance
order by period, product, measure
