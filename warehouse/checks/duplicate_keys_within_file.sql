-- checks: staging.customs_lines
-- blocking: no
-- description: A key that appears twice in one download (the platform never writes that).
-- The same key twice in one download: the platform never writes that, so the file is suspect.
-- Judges the months the run restaged (staging.in_restaged_months; all time in a full build).
select
    source_file,
    period,
    hs_code,
    partner_code,
    trade_mode_code,
    province_code,
    count(*) as occurrences
from staging.customs_lines
where reject_reason is null and staging.in_restaged_months(period)
group by source_file, period, hs_code, partner_code, trade_mode_code, province_code
having count(*) > 1
order by source_file, period, hs_code
