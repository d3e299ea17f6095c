-- unit value per vehicle within the widest class band (USD 100-5M, CNY 600-40M)
select *
from {batch}
where
    vehicles >= 10
    and (
        value_usd / vehicles not between 100 and 5000000
        or value_cny / vehicles not between 600 and 40000000
    )
