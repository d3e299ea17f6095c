-- opening_month is the month of opened_on, NULL for a bare year
select
    plant_id,
    opened_on,
    opening_month
from {batch}
where
    strftime(opening_month, '%Y-%m') <> left(opened_on, 7)
    or (length(opened_on) < 7 and opening_month is not null)
