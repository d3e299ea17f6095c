-- rank_change is last month's rank minus this month's
select
    period,
    partner_iso3,
    rank,
    rank_prev_month,
    rank_change
from {batch}
where rank_change is distinct from rank_prev_month - rank
