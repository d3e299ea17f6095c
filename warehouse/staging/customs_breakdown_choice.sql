-- Which breakdown serves which mart, per flow, month and commodity, so that no mart adds up
-- two breakdowns of the same goods. A purpose takes the breakdowns that carry its dimension
-- and prefers one not cut at the platform's row cap, then the fewest dimensions (the least
-- likely to be cut or filtered), then the name, so the choice is always the same.
-- group: customs
create or replace table staging.customs_breakdown_choice as
with

available as (
    select
        flow,
        period,
        hs_code,
        breakdown,
        dimension_count,
        bool_or(from_truncated_file) as from_truncated_file
    from staging.customs_trade
    group by flow, period, hs_code, breakdown, dimension_count
),

purposes as (
    select
        choices.purpose,
        choices.needs
    from (
        values ('destination', 'partner'), ('province', 'province'), ('total', 'commodity')
    ) as choices (purpose, needs)
),

ranked as (
    select
        available.flow,
        available.period,
        available.hs_code,
        purposes.purpose,
        available.breakdown,
        row_number() over (
            partition by available.flow, available.period, available.hs_code, purposes.purpose
            order by
                available.from_truncated_file, available.dimension_count, available.breakdown
        ) as preference
    from available
    inner join purposes on contains(available.breakdown, purposes.needs)
)

select
    flow,
    period,
    hs_code,
    purpose,
    breakdown
from ranked
where preference = 1
