-- GACC's release total of vehicles (motor vehicles incl. chassis) against the detailed query
-- downloads of the same months (marts.exports_by_powertrain). Tolerance: the release's rounding
-- (half its last printed digit: 500 vehicles for 0.1 x 10,000) plus 1 % of the release total
-- for revisions between the preliminary release and the platform's data. A larger gap usually
-- means downloads that miss HS codes or months; both figures and the gap are reported.
with
release as (
    select
        period,
        period_end,
        vehicles,
        source_file
    from marts.national_monthly
    where product = 'motor_vehicles_incl_chassis' and vehicles is not null
),

downloads as (
    select
        r.period,
        sum(p.vehicles) as vehicles,
        count(distinct p.period) as months_found
    from release as r
    inner join marts.exports_by_powertrain as p
        on p.period between r.period and r.period_end
    group by r.period
)

select
    r.period,
    r.period_end,
    r.vehicles as release_vehicles,
    d.vehicles as download_vehicles,
    r.source_file,
    d.vehicles - r.vehicles as gap_vehicles,
    round(100 * (d.vehicles / r.vehicles - 1), 2) as gap_pct,
    500 + 0.01 * r.vehicles as tolerance
from release as r
inner join downloads as d on r.period = d.period
where abs(d.vehicles - r.vehicles) > 500 + 0.01 * r.vehicles
order by r.period
