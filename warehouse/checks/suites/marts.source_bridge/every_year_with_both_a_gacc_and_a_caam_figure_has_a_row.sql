-- every year with both a GACC and a CAAM figure has a row
select year
from (
    select year from marts.annual_exports
    where product = 'motor_vehicles_incl_chassis'
    union
    select year from staging.release_industry_series
    where source = 'GACC' and country = 'CHN' and metric = 'vehicle_exports' and year is not null
)
intersect
select year
from staging.release_industry_series
where source = 'CAAM' and country = 'CHN' and metric = 'vehicle_exports' and year is not null
except
select year
from {batch}
