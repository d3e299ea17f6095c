-- every plant of staging.overseas_plants with an opening date has a row
select plant_id
from staging.overseas_plants
where opened_on is not null
except
select plant_id
from {batch}
