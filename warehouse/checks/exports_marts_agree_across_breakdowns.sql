-- checks: marts.exports_by_powertrain
-- blocking: no
-- description: Where breakdowns cover the same vehicle codes, vehicles by destination = by province
--     = by powertrain for the month: no mart double counts a breakdown.
-- No mart double counts a breakdown: for a month where the breakdowns chosen for destinations,
-- provinces and totals cover the same vehicle HS codes (the same trade), the three exports
-- marts add up to the same vehicles. Counts are integers, so no tolerance. Months where one
-- breakdown lacks a code (a partial download) are left out: their sums differ by design.
with
vehicle_choices as (
    select
        choice.period,
        choice.hs_code,
        choice.purpose
    from staging.customs_breakdown_choice as choice
    inner join staging.hs_vehicle_map as hs_map
        on choice.hs_code = hs_map.hs_code and choice.period = hs_map.period
    where choice.flow = 'export'
),

-- every code has a 'total' choice; equal counts mean equal sets of codes
covered_months as (
    select period
    from vehicle_choices
    group by period
    having
        count(distinct hs_code) filter (where purpose = 'destination')
        = count(distinct hs_code) filter (where purpose = 'total')
        and count(distinct hs_code) filter (where purpose = 'province')
        = count(distinct hs_code) filter (where purpose = 'total')
),

by_destination as (
    select
        period,
        sum(vehicles) as vehicles
    from marts.exports_by_destination
    group by period
),

by_province as (
    select
        period,
        sum(vehicles) as vehicles
    from marts.exports_by_province
    group by period
),

by_powertrain as (
    select
        period,
        sum(vehicles) as vehicles
    from marts.exports_by_powertrain
    group by period
)

select
    covered_months.period,
    by_destination.vehicles as destination_vehicles,
    by_province.vehicles as province_vehicles,
    by_powertrain.vehicles as powertrain_vehicles
from covered_months
left join by_destination on covered_months.period = by_destination.period
left join by_province on covered_months.period = by_province.period
left join by_powertrain on covered_months.period = by_powertrain.period
where
    by_destination.vehicles is distinct from by_powertrain.vehicles
    or by_province.vehicles is distinct from by_powertrain.vehicles
order by covered_months.period
