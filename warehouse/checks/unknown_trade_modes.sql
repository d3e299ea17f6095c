-- checks: marts.fct_customs_trade
-- blocking: no
-- description: Trade mode codes missing from warehouse/seeds/trade_modes.csv.
-- Trade mode codes missing from warehouse/seeds/trade_modes.csv (rows still load).
-- Judges the months the run restaged (staging.in_restaged_months; all time in a full build).
select
    fct.trade_mode_code,
    count(*) as fact_rows
from marts.fct_customs_trade as fct
left join ref.trade_modes as modes on fct.trade_mode_code = modes.trade_mode_code
where
    fct.trade_mode_code is not null
    and modes.trade_mode_code is null
    and staging.in_restaged_months(fct.period)
group by fct.trade_mode_code
order by fct.trade_mode_code
