-- a province's vehicles are part of the country's
select
    policy_id,
    vehicles_before,
    national_vehicles_before,
    vehicles_after,
    national_vehicles_after
from {batch}
where vehicles_before > national_vehicles_before or vehicles_after > national_vehicles_after
