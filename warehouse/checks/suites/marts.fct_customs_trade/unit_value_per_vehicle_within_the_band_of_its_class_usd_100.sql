-- unit value per vehicle within the band of its class (USD 100 to: passenger car 500k, truck 1M,
-- bus 2M, chassis 1M, special 5M; CNY 6-8x)
select b.*
from (select
    *,
    case when quantity_unit in ('辆', '台') then quantity end as n_vehicles
from {batch}) as b
inner join
    (
        values ('passenger car', 100, 500000),
        ('truck', 100, 1000000),
        ('bus', 100, 2000000),
        ('chassis', 100, 1000000),
        ('special', 100, 5000000)
    ) as band (vehicle_class, low_usd, high_usd)
    on b.vehicle_class = band.vehicle_class
where
    b.n_vehicles >= 10
    and (
        b.value_usd / b.n_vehicles not between band.low_usd and band.high_usd
        or b.value_cny / b.n_vehicles not between 6 * band.low_usd and 8 * band.high_usd
    )
