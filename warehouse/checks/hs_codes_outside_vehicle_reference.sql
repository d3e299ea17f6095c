-- checks: marts.fct_customs_trade
-- blocking: no
-- description: HS codes with no vehicle class (e.g. 8708 parts): loaded, never counted as vehicles.
-- Well-formed HS codes with no vehicle class (parts, tractors, ...): loaded, never counted as
-- vehicles, and listed here so that nobody mistakes them for a gap in the reference.
-- Judges the months the run restaged (staging.in_restaged_months; all time in a full build).
select
    hs_code,
    flow,
    count(*) as fact_rows,
    min(period) as first_period,
    max(period) as last_period
from marts.fct_customs_trade
where vehicle_class is null and staging.in_restaged_months(period)
group by hs_code, flow
order by hs_code, flow
