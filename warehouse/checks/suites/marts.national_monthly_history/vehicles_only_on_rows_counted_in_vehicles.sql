-- vehicles only on rows counted in vehicles
select
    product,
    quantity_unit,
    vehicles
from {batch}
where vehicles is not null and quantity_unit is distinct from 'vehicles'
