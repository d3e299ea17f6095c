-- each side carries its basis: GACC customs, CAAM manufacturer-reported
select
    year,
    gacc_basis,
    caam_basis
from {batch}
where gacc_basis is distinct from 'customs' or caam_basis is distinct from 'manufacturer_reported'
