-- checks: marts.nev_share_by_region
-- blocking: no
-- description: Partners missing from warehouse/seeds/partner_regions.csv (counted as 'Unassigned').
-- Partners with no region in warehouse/seeds/partner_regions.csv: their exports count in the
-- region 'Unassigned' until the seed names one.
select
    partners.partner_code,
    partners.iso3,
    partners.name_en
from ref.partners as partners
left join ref.partner_regions as regions on partners.iso3 = regions.iso3
where regions.region is null
