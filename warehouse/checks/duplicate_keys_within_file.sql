-- checks: staging.customs_lines
-- blocking: no
-- description: A key that appears twice in one download (the platform never writes that).
-- The same key twice in one download: the platform never writes that, so the file is suspect.
-- Judges the months the run restaged (staging.in_restaged_months; all time in a full build).
select
    files.source_file,
    staged.period,
    staged.hs_code,
    staged.partner_code,
    staged.trade_mode_code,
    staged.province_code,
    count(*) as occurrences
from staging.customs_lines as staged
inner join raw.customs_files as files on staged.sha256 = files.sha256
where staged.reject_reason is null and staging.in_restaged_months(staged.period)
group by all
having count(*) > 1
order by files.source_file, staged.period, staged.hs_code
