-- NEV is BEV plus PHEV, and NEV plus unknown powertrains is at most all vehicles
select
    period,
    region,
    vehicles,
    bev_vehicles,
    phev_vehicles,
    nev_vehicles,
    powertrain_unknown_vehicles
from {batch}
where
    nev_vehicles <> bev_vehicles + phev_vehicles
    or nev_vehicles + powertrain_unknown_vehicles > vehicles
