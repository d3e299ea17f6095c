-- every month with vehicle rows chosen in staging has rows
select distinct period
from staging.vehicle_export_rows
where for_total and vehicles > 0 and period not in (select period from {batch})
