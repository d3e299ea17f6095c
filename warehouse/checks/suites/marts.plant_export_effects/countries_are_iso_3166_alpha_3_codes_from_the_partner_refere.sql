-- countries are ISO 3166 alpha-3 codes from the partner reference
select country_iso3 from {batch}
where country_iso3 not in (select iso3 from ref.partners)
