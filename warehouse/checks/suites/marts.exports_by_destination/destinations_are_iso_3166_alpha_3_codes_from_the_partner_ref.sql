-- destinations are ISO 3166 alpha-3 codes from the partner reference
select partner_iso3
from {batch}
where not regexp_full_match(
    partner_iso3, '[A-Z]{{3}}') or partner_iso3 not in (
    select iso3 from ref.partners
    where iso3 is not null
)
