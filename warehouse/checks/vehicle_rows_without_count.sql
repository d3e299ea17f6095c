-- checks: marts.fct_customs_trade
-- blocking: no
-- description: Vehicle rows whose first quantity is missing or not in 辆/台: they add no vehicles.
-- Vehicle rows whose first quantity is missing or not in vehicles (辆) or units (台): they
-- add value but no vehicles to the marts.
-- Judges the months the run restaged (staging.in_restaged_months; all time in a full build).
select
    period,
    hs_code,
    quantity,
    quantity_unit,
    source_files
from marts.fct_customs_trade
where
    vehicle_class is not null
    and staging.in_restaged_months(period)
    and (quantity is null or quantity_unit not in ('辆', '台'))
order by period, hs_code
