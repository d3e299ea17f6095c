-- one row per jurisdiction and month (either may be unknown)
select
    jurisdiction_code,
    period,
    count(*) as occurrences
from {batch}
group by jurisdiction_code, period
having count(*) > 1
