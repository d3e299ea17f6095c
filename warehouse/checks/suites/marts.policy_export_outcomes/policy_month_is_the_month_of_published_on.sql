-- policy_month is the month of published_on
select
    policy_id,
    published_on,
    policy_month
from {batch}
where policy_month <> date_trunc('month', published_on)::date
