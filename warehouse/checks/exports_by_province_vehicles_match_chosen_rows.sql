-- checks: marts.exports_by_province
-- name: vehicles_match_chosen_rows
-- blocking: yes
-- description: Monthly vehicles of marts.exports_by_province equal the staging rows chosen for
--     'province'.
-- marts.exports_by_province adds up to exactly the rows chosen for it (purpose 'province'): nothing
-- lost in a join to the reference, nothing counted twice.
with
expected as (
    select
        period,
        sum(vehicles) as vehicles
    from staging.vehicle_export_rows
    where for_province
    group by period
),

actual as (
    select
        period,
        sum(vehicles) as vehicles
    from marts.exports_by_province
    group by period
)

select  -- noqa: ST06
    coalesce(expected.period, actual.period) as period,
    expected.vehicles as expected_vehicles,
    actual.vehicles as mart_vehicles
from expected
full outer join actual on expected.period = actual.period
where expected.vehicles is distinct from actual.vehicles
