-- quantity units come from the unit reference
select quantity_unit
from {batch}
where quantity_unit is not null and quantity_unit not in (select unit from ref.units)
