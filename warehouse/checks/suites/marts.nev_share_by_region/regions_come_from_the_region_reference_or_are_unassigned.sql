-- regions come from the region reference, or are 'Unassigned'
select region
from {batch}
where region <> 'Unassigned' and region not in (select region from ref.partner_regions)
