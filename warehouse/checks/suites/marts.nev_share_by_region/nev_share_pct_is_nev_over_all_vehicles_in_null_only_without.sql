-- nev_share_pct is NEV over all vehicles in %, NULL only without vehicles
select
    period,
    region,
    vehicles,
    nev_vehicles,
    nev_share_pct
from {batch}
where
    (nev_share_pct is null) <> (vehicles = 0)
    or abs(nev_share_pct - 100.0 * nev_vehicles / vehicles) > 0.051
