-- Share of new-energy vehicles (BEV + PHEV) in vehicle exports per destination region and
-- month. Rows and powertrains are those of marts.exports_by_destination: the breakdown chosen
-- for 'destination' in staging.vehicle_export_rows, powertrain from the HS code. Vehicles whose
-- HS code does not tell the powertrain (UNSPECIFIED, OTHER) stay in the denominator and are
-- counted in powertrain_unknown_vehicles, so a low share can be told from an unknown one.
-- Restaged per month, as marts.exports_by_destination: the step runs this file once per span
-- [months_start, months_end) of the run's months (all time in a full build).
-- group: market
-- restaged: by month
create table if not exists marts.nev_share_by_region (
    period date,
    region varchar,
    destinations bigint,
    vehicles bigint,
    bev_vehicles bigint,
    phev_vehicles bigint,
    nev_vehicles bigint,
    powertrain_unknown_vehicles bigint,
    nev_share_pct decimal(4, 1),
    source_files varchar[]
);

delete from marts.nev_share_by_region
where period >= getvariable('months_start') and period < getvariable('months_end');

insert into marts.nev_share_by_region (
    period,
    region,
    destinations,
    vehicles,
    bev_vehicles,
    phev_vehicles,
    nev_vehicles,
    powertrain_unknown_vehicles,
    nev_share_pct,
    source_files
)
with

destination_rows as (
    select
        rows_.period,
        rows_.powertrain,
        rows_.vehicles,
        rows_.source_files,
        partners.iso3,
        -- a partner missing from the region seed stays visible instead of being dropped
        coalesce(regions.region, 'Unassigned') as region
    from staging.vehicle_export_rows as rows_
    inner join ref.partners as partners on rows_.partner_code = partners.partner_code
    left join ref.partner_regions as regions on partners.iso3 = regions.iso3
    where
        rows_.for_destination
        and rows_.period >= getvariable('months_start')
        and rows_.period < getvariable('months_end')
),

sums as (
    select
        period,
        region,
        count(distinct iso3) filter (where vehicles > 0) as destinations,
        coalesce(sum(vehicles), 0)::bigint as vehicles,
        coalesce(sum(vehicles) filter (where powertrain = 'BEV'), 0)::bigint as bev_vehicles,
        coalesce(sum(vehicles) filter (where powertrain = 'PHEV'), 0)::bigint as phev_vehicles,
        coalesce(
            sum(vehicles) filter (where powertrain in ('UNSPECIFIED', 'OTHER')), 0
        )::bigint as powertrain_unknown_vehicles,
        list_sort(list_distinct(flatten(list(source_files)))) as source_files
    from destination_rows
    group by period, region
)

select
    period,
    region,
    destinations,
    vehicles,
    bev_vehicles,
    phev_vehicles,
    bev_vehicles + phev_vehicles as nev_vehicles,
    powertrain_unknown_vehicles,
    case
        when vehicles > 0
            then round(100.0 * (bev_vehicles + phev_vehicles) / vehicles, 1)::decimal(4, 1)
    end as nev_share_pct,
    source_files
from sums;
