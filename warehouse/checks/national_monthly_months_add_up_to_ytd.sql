-- checks: marts.national_monthly
-- blocking: no
-- description: Published months add up to the published year-to-date, within the releases'
--     rounding.
-- The months the warehouse publishes add up to the year-to-date it publishes: for each product
-- and month, the sum of the year's month rows so far equals vehicles_ytd. Checked only where
-- the rows cover January to that month without a gap. Tolerance: each release figure is rounded
-- to half its last printed digit (500 vehicles for 0.1 x 10,000), so 500 per month row summed
-- plus 500 for the year-to-date figure. A larger gap: a later release revised earlier months.
with
months as (
    select
        product,
        period,
        period_end,
        vehicles,
        vehicles_ytd,
        source_file,
        sum(vehicles) over year_so_far as months_sum,
        sum(months_covered) over year_so_far as months_summed,
        count(*) over year_so_far as rows_summed
    from marts.national_monthly
    where vehicles is not null
    window
        year_so_far as (
            partition by product, year(period)
            order by period
            rows between unbounded preceding and current row
        )
)

select
    product,
    period,
    vehicles_ytd,
    months_sum,
    source_file,
    months_sum - vehicles_ytd as gap,
    500 * (rows_summed + 1) as tolerance
from months
where
    vehicles_ytd is not null
    and months_summed = month(period_end)
    and abs(months_sum - vehicles_ytd) > 500 * (rows_summed + 1)
order by product, period
