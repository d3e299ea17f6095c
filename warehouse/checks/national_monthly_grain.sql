-- marts.national_monthly must hold one row per period and product.
select
    period,
    product,
    count(*) as row_count
from marts.national_monthly
group by period, product
having count(*) > 1
