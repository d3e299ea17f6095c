-- unit_value_outside_usual_range is judged only with 3 or more months of history
select
    period,
    partner_iso3,
    unit_value_history_months,
    unit_value_outside_usual_range
from {batch}
where unit_value_outside_usual_range is not null and unit_value_history_months < 3
