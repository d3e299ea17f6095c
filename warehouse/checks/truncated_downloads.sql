-- Downloads with exactly the platform's 10,000-row cap: probably cut, so split the query.
select
    source_file,
    data_rows
from raw.customs_files
where probably_truncated
order by source_file
