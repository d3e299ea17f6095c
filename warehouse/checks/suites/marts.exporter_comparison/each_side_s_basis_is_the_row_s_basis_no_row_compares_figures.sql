-- each side's basis is the row's basis: no row compares figures of two bases
select
    year,
    basis,
    china_basis,
    japan_basis
from {batch}
where
    basis is null
    or china_basis is distinct from if(china_vehicles is null, null, basis)
    or japan_basis is distinct from if(japan_vehicles is null, null, basis)
