-- The grain of marts.nev_share_by_region: one row per month and region.
select
    period,
    region,
    count(*) as occurrences
from marts.nev_share_by_region
group by period, region
having count(*) > 1
