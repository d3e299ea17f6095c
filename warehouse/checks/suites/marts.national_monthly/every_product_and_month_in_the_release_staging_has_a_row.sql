-- every product and month in the release staging has a row
select
    product,
    period
from staging.release_national_monthly_asof
except
select
    product,
    period
from {batch}
