-- every month and flow with accepted rows in staging.customs_lines has rows
select
    files.flow,
    staged.period
from staging.customs_lines as staged
inner join raw.customs_files as files on staged.sha256 = files.sha256
where staged.reject_reason is null and staging.in_restaged_months(staged.period)
except
select
    flow,
    period
from {batch}
