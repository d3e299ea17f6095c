-- checks: marts.fct_customs_trade
-- blocking: yes
-- description: One row per flow, period, breakdown, HS code, partner, trade mode and province.
-- The grain of marts.fct_customs_trade: one row per flow, period, breakdown and key.
-- Judges the months the run restaged (staging.in_restaged_months; all time in a full build).
select
    flow,
    period,
    breakdown,
    hs_code,
    partner_code,
    trade_mode_code,
    province_code,
    count(*) as occurrences
from marts.fct_customs_trade
where staging.in_restaged_months(period)
group by flow, period, breakdown, hs_code, partner_code, trade_mode_code, province_code
having count(*) > 1
