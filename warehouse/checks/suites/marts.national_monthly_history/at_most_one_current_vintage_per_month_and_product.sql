-- at most one current vintage per month and product
select
    period,
    product
from {batch}
where is_current
group by period, product
having count(*) > 1
