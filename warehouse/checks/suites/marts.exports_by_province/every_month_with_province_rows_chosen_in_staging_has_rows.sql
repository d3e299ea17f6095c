-- every month with province rows chosen in staging has rows
select distinct period
from staging.vehicle_export_rows
where for_province and vehicles > 0 and period not in (select period from {batch})
