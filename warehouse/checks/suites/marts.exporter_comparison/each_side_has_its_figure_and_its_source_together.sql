-- each side has its figure and its source together
select
    year,
    china_vehicles,
    china_source,
    japan_vehicles,
    japan_source
from {batch}
where
    (china_vehicles is null) <> (china_source is null)
    or (japan_vehicles is null) <> (japan_source is null)
