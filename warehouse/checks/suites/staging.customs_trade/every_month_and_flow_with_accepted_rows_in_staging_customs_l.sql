-- every month and flow with accepted rows in staging.customs_lines has rows
select
    flow,
    period
from staging.customs_lines
where reject_reason is null and staging.in_restaged_months(period)
except
select
    flow,
    period
from {batch}
