-- partners carry an ISO 3166 alpha-3 code from the reference
select
    partner_code,
    partner_iso3
from {batch}
where partner_code is not null and (partner_iso3 is null or partner_iso3 not in (
    select iso3 from ref.partners
    where iso3 is not null
))
