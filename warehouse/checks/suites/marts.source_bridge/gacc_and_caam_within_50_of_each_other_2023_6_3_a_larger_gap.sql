-- GACC and CAAM within 50 % of each other (2023: 6.3 %); a larger gap is a unit or metric error
select
    year,
    gacc_vehicles,
    caam_vehicles,
    gap_pct
from {batch}
where gap_pct not between -50 and 50
