-- the gap is GACC minus CAAM
select
    year,
    gacc_vehicles,
    caam_vehicles,
    gap_vehicles
from {batch}
where gap_vehicles <> gacc_vehicles - caam_vehicles
