-- checks: marts.national_monthly
-- blocking: no
-- description: Release vehicle totals against the detailed downloads' month totals, within rounding
--     + 1 %.
-- GACC's release total of vehicles (motor vehicles incl. chassis) against the detailed query
-- downloads of the same months. Which HS codes the release counts is the seed
-- ref.release_total_hs_scope (longest prefix wins): 'yes' and 'presumed' headings make the
-- narrow set; the 'unsettled' ones (8701 tractors, 870310, 8705) are added for the wide set,
-- since no source found settles them. The downloads' side sums the rows each month's totals
-- are built from (is_total_basis) in whole vehicles (辆) or chassis (台). A month is reported
-- only when neither set comes within tolerance: the release's rounding (half its last printed
-- digit: 500 vehicles for 0.1 x 10,000) plus 1 % of the release total for revisions.
-- A download does not record whether its query was filtered (by code, partner or province),
-- so whether it claims the whole month cannot be known; `reading` says how much it covers.
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

lines as (
    select
        period,
        hs_code,
        sum(quantity) filter (where quantity_unit in ('辆', '台')) as vehicles
    from marts.fct_customs_trade
    where flow = 'export' and is_total_basis
    group by period, hs_code
),

scoped as (
    select
        lines.period,
        lines.hs_code,
        lines.vehicles,
        scope.included
    from lines
    inner join ref.release_total_hs_scope as scope on starts_with(lines.hs_code, scope.hs_prefix)
    qualify row_number() over (
        partition by lines.period, lines.hs_code order by length(scope.hs_prefix) desc
    ) = 1
),

downloads as (
    select
        r.period,
        coalesce(sum(s.vehicles) filter (where s.included in ('yes', 'presumed')), 0)
            as narrow_vehicles,
        coalesce(sum(s.vehicles), 0) as wide_vehicles
    from release as r
    inner join scoped as s on s.period between r.period and r.period_end
    group by r.period
),

compared as (
    select
        r.period,
        r.period_end,
        r.vehicles as release_vehicles,
        d.narrow_vehicles as download_vehicles,
        d.wide_vehicles as download_vehicles_with_unsettled,
        r.source_file,
        d.narrow_vehicles - r.vehicles as gap_vehicles,
        d.wide_vehicles - r.vehicles as gap_vehicles_with_unsettled,
        round(100 * d.narrow_vehicles / r.vehicles, 1) as coverage_pct,
        500 + 0.01 * r.vehicles as tolerance
    from release as r
    inner join downloads as d on r.period = d.period
)

select
    period,
    period_end,
    release_vehicles,
    download_vehicles,
    download_vehicles_with_unsettled,
    source_file,
    gap_vehicles,
    gap_vehicles_with_unsettled,
    tolerance,
    coverage_pct,
    round(100 * gap_vehicles / release_vehicles, 2) as gap_pct,
    if(
        coverage_pct < 90,
        'the downloads cover ' || coverage_pct || ' % of the release total: most likely a '
        || 'partial download (a download does not record the filters of its query)',
        'a gap beyond rounding + 1 % with either HS set: a revision, or codes the release '
        || 'counts and the seed does not'
    ) as reading
from compared
where abs(gap_vehicles) > tolerance and abs(gap_vehicles_with_unsettled) > tolerance
order by period
