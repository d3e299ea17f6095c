-- every year and basis with a China or Japan figure has a row
select
    year,
    basis
from (
    select
        a.year,
        b.basis
    from marts.annual_exports as a
    inner join
        ref.series_bases as b
        on b.source = 'GACC' and a.product = b.metric and b.comparable_total = 'yes'
    union
    select
        i.year,
        b.basis
    from staging.release_industry_series as i
    inner join
        ref.series_bases as b
        on i.source = b.source and i.metric = b.metric and b.comparable_total = 'yes'
    where i.country in ('CHN', 'JPN') and i.year is not null
)
except
select
    year,
    basis
from {batch}
