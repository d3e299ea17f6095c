-- GACC national exports per month and product, in base units, as the latest release files
-- say: one row per period (the first month; a combined January-February period starts in
-- January and has months_covered = 2) and product. derived = true where the month was
-- computed from year-to-date figures. Year-on-year changes are year to date, from the release
-- where it prints one, else recomputed from the warehouse's prior-year figures.
-- group: releases
create or replace table marts.national_monthly as
with
latest as (
    select max(as_of_seq) as as_of_seq from staging.release_national_monthly_rows
)

-- the columns of staging.release_national_monthly_rows, in its order, then the latest file
select
    n.* exclude (n.as_of_seq, n.source_files),  -- noqa: AM04
    (
        select arg_max(f.source_file, f.load_seq)
        from raw.release_files as f
        where list_contains(n.source_files, f.source_file)
    ) as source_file,
    n.source_files
from staging.release_national_monthly_rows as n
inner join latest on n.as_of_seq = latest.as_of_seq
