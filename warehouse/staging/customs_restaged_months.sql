-- Hands this run's restaged months on to the steps that restage the same months downstream:
-- exactly what staging.customs_trade cleared, the run's window and the restaged months, as
-- disjoint spans (the window starts and ends on first days of months).
delete from staging.customs_restaged_months;

insert into staging.customs_restaged_months (period_start, period_end)
select
    getvariable('window_start') as period_start,
    getvariable('window_end') as period_end
union all
select
    restaged.period as period_start,
    (restaged.period + interval 1 month)::date as period_end
from temp.customs_restaged_months as restaged
where
    restaged.period < getvariable('window_start')
    or restaged.period >= getvariable('window_end');
