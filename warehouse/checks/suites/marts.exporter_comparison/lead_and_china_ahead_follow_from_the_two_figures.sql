-- lead and china_ahead follow from the two figures
select
    year,
    china_vehicles,
    japan_vehicles,
    china_lead_vehicles,
    china_ahead
from {batch}
where
    china_lead_vehicles is distinct from china_vehicles - japan_vehicles
    or china_ahead is distinct from (china_vehicles > japan_vehicles)
