-- checks: marts.nev_share_by_region
-- blocking: yes
-- description: Monthly vehicles of the regions equal those of marts.exports_by_destination.
-- Monthly vehicles of marts.nev_share_by_region equal those of marts.exports_by_destination:
-- no destination lost or counted twice on the way to its region.
with

regions as (
    select
        period,
        sum(vehicles) as vehicles
    from marts.nev_share_by_region
    group by period
),

destinations as (
    select
        period,
        sum(vehicles) as vehicles
    from marts.exports_by_destination
    group by period
)

select
    destinations.vehicles as destination_vehicles,
    regions.vehicles as region_vehicles,
    coalesce(regions.period, destinations.period) as period
from regions
full outer join destinations on regions.period = destinations.period
where regions.vehicles is distinct from destinations.vehicles
