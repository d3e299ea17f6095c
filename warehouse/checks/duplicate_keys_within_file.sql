-- The same key twice in one download: the platform never writes that, so the file is suspect.
select
    source_file,
    period,
    hs_code,
    partner_code,
    trade_mode_code,
    province_code,
    count(*) as occurrences
from staging.customs_lines
where reject_reason is null
group by source_file, period, hs_code, partner_code, trade_mode_code, province_code
having count(*) > 1
order by source_file, period, hs_code
