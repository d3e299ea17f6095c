-- destinations are ISO 3166 alpha-3 codes from the partner reference
select partner_iso3 from {batch}
where partner_iso3 not in (select iso3 from ref.partners)
