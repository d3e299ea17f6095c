-- checks: staging.release_facts
-- blocking: no
-- description: Printed year-on-year changes agree with the warehouse's prior-year figures, within
--     rounding.
-- The year-on-year change a release prints against the one recomputed from the warehouse's
-- own prior-year year-to-date figure. Tolerance: half the printed 0.1 point, plus what the
-- rounding of the two year-to-date figures can move the ratio.
with
latest as (
    select
        period,
        product,
        measure,
        ytd_value,
        ytd_half_unit,
        yoy_pct,
        source_file
    from staging.release_facts
    where ytd_value is not null
    qualify row_number() over (partition by period, product, measure order by load_seq desc) = 1
),

compared as (
    select
        cur.period,
        cur.product,
        cur.measure,
        cur.yoy_pct as yoy_published,
        cur.source_file,
        prior_year.source_file as prior_year_file,
        100 * (cur.ytd_value / prior_year.ytd_value - 1) as yoy_recomputed,
        0.05
        + 100 * (cur.ytd_value / prior_year.ytd_value)
        * (cur.ytd_half_unit / cur.ytd_value + prior_year.ytd_half_unit / prior_year.ytd_value)
            as tolerance
    from latest as cur
    inner join latest as prior_year
        on
            cur.product = prior_year.product
            and cur.measure = prior_year.measure
            and prior_year.period = cur.period - interval 12 month
    where cur.yoy_pct is not null and prior_year.ytd_value > 0
)

select
    period,
    product,
    measure,
    yoy_published,
    source_file,
    prior_year_file,
    round(yoy_recomputed, 3) as yoy_recomputed,
    round(tolerance, 3) as tolerance
from compared
where abs(yoy_published - yoy_recomputed) > tolerance
order by period, product, measure
