-- The grain of marts.market_signals: one row per month and destination.
select
    period,
    partner_iso3,
    count(*) as occurrences
from marts.market_signals
group by period, partner_iso3
having count(*) > 1
