-- national unit value per vehicle (car row) within USD 5k-100k and CNY 30k-800k (2024: about 18k
-- USD)
select *
from {batch}
where
    product = 'motor_vehicles_incl_chassis'
    and vehicles > 0
    and (
        value_usd / vehicles not between 5000 and 100000
        or value_cny / vehicles not between 30000 and 800000
    )
