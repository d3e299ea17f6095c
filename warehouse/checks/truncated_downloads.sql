-- checks: raw.customs_rows
-- blocking: no
-- description: Downloads with exactly 10,000 data rows, the platform's silent cap: probably cut.
-- Downloads with exactly the platform's 10,000-row cap: probably cut, so split the query.
select
    source_file,
    data_rows
from raw.customs_files
where probably_truncated
order by source_file
