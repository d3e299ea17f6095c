-- china_passes_japan marks only the first year China is ahead, per basis
select
    year,
    basis,
    china_ahead,
    china_passes_japan
from (select
    year,
    basis,
    china_ahead,
    china_passes_japan,
    min(year) filter (where china_ahead) over (partition by basis) as first_ahead
from {batch})
where china_passes_japan and (not china_ahead or year > first_ahead)
