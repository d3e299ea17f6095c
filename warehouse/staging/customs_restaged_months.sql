-- Hands this run's restaged months on to the steps that restage the same months downstream:
-- exactly what staging.customs_trade cleared, the run's months [months_start, months_end) and
-- the restaged months outside them, as disjoint spans (first days of months).
-- step of: customs_staging
delete from staging.customs_restaged_months;

insert into staging.customs_restaged_months (period_start, period_end)
select
    getvariable('months_start') as period_start,
    getvariable('months_end') as period_end
union all
select
    restaged.period as period_start,
    (restaged.period + interval 1 month)::date as period_end
from temp.customs_restaged_months as restaged
where
    restaged.period < getvariable('months_start')
    or restaged.period >= getvariable('months_end');
