-- rank 1 goes to the destination with the most vehicles that month
select
    period,
    partner_iso3,
    vehicles,
    rank,
    most_vehicles
from (select
    period,
    partner_iso3,
    vehicles,
    rank,
    max(vehicles) over (partition by period) as most_vehicles
from {batch})
where rank = 1 and vehicles < most_vehicles
