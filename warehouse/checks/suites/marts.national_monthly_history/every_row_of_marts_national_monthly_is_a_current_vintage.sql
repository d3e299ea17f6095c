-- every row of marts.national_monthly is a current vintage
select
    period,
    product
from marts.national_monthly
except
select
    period,
    product
from {batch}
where is_current
