-- every flow and month of staging.customs_trade has rows
select
    flow,
    period
from staging.customs_trade
where staging.in_restaged_months(period)
except
select
    flow,
    period
from {batch}
