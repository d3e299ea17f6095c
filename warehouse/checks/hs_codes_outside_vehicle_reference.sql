-- checks: marts.fct_customs_trade
-- blocking: no
-- description: HS codes with no vehicle class (e.g. 8708 parts): loaded, never counted as vehicles.
-- HS codes in a vehicle heading that no reference classes: a heading of the vehicle reference,
-- of the tariff lines or of the release total's HS set (8701-8706), but no vehicle class for
-- the month. Such rows are loaded and never counted as vehicles, so a code here is a gap in
-- warehouse/seeds/ (e.g. 8701 tractors). Codes of other headings (8708 parts, 8711
-- motorcycles) are not vehicles by every reference and are not listed.
-- Judges the months the run restaged (staging.in_restaged_months; all time in a full build).
with
vehicle_headings as (
    select left(hs_prefix, 4) as heading from ref.hs_vehicle_codes
    union
    select left(hs_prefix, 4) as heading from ref.release_total_hs_scope
    union
    select left(code8, 4) as heading from ref.hs_tariff_lines
)

select
    fact.hs_code,
    fact.flow,
    count(*) as fact_rows,
    min(fact.period) as first_period,
    max(fact.period) as last_period
from marts.fct_customs_trade as fact
where
    fact.vehicle_class is null
    and staging.in_restaged_months(fact.period)
    and left(fact.hs_code, 4) in (select vh.heading from vehicle_headings as vh)
group by fact.hs_code, fact.flow
order by fact.hs_code, fact.flow
