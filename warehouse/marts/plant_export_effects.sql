-- For each overseas plant with an opening month: vehicle exports from China to the plant's
-- country in the 12 months before the opening month and the 12 months after it (the month
-- itself is in neither), the powertrain mix of each window, and the country's trend before
-- (the 12 months before against the 12 months before those). A comparison in time, not the
-- plant's effect. A month is covered when the warehouse has destination data for it; in a
-- covered month a country with no row exported 0 vehicles. A window's figures are given only
-- when all 12 of its months are covered; the months_* columns say how many were. Powertrains
-- are those of the rows behind marts.exports_by_destination (staging.vehicle_export_rows,
-- purpose 'destination'); other_share covers UNSPECIFIED and OTHER.
-- group: market
-- sources checked by: checks/plant_export_effects_without_sources.sql
create or replace table marts.plant_export_effects as
with

plants as (
    select
        plant_id,
        maker,
        country_iso3,
        city,
        kind,
        opened_on,
        capacity_per_year,
        source,
        -- 2024-07-04 and 2024-07 give the month; a bare year does not
        case
            when length(opened_on) >= 7 then try_strptime(left(opened_on, 7), '%Y-%m')::date
        end as opening_month
    from staging.overseas_plants
    where opened_on is not null
),

covered_months as (
    -- a country's 0 in a covered month rests on that month's destination files
    select
        period,
        list_distinct(flatten(list(source_files))) as source_files
    from marts.exports_by_destination
    group by period
),

country_months as (
    -- the plants' countries only: the windows join no other (10M staged rows otherwise)
    select
        rows_.period,
        partners.iso3,
        rows_.powertrain,
        sum(rows_.vehicles) as vehicles,
        list_distinct(flatten(list(rows_.source_files))) as source_files
    from staging.vehicle_export_rows as rows_
    inner join ref.partners as partners on rows_.partner_code = partners.partner_code
    where
        rows_.for_destination
        and partners.iso3 in (select plants.country_iso3 from plants)
    group by rows_.period, partners.iso3, rows_.powertrain
),

plant_months as (
    select
        plants.plant_id,
        covered_months.period,
        covered_months.source_files as month_files,
        case
            when covered_months.period < plants.opening_month - interval 12 month then 'prior'
            when covered_months.period < plants.opening_month then 'before'
            else 'after'
        end as side
    from plants
    inner join covered_months
        on
            plants.opening_month - interval 24 month <= covered_months.period
            and plants.opening_month + interval 12 month >= covered_months.period
            and plants.opening_month <> covered_months.period
),

windows as (
    select
        plant_months.plant_id,
        plant_months.side,
        count(distinct plant_months.period) as months,
        coalesce(sum(country.vehicles), 0) as vehicles,
        coalesce(sum(country.vehicles) filter (where country.powertrain = 'BEV'), 0) as bev,
        coalesce(sum(country.vehicles) filter (where country.powertrain = 'PHEV'), 0) as phev,
        coalesce(sum(country.vehicles) filter (where country.powertrain = 'HEV'), 0) as hev,
        coalesce(sum(country.vehicles) filter (where country.powertrain = 'ICE'), 0) as ice,
        list_distinct(
            flatten(list(coalesce(country.source_files, plant_months.month_files)))
        ) as source_files
    from plant_months
    inner join plants on plant_months.plant_id = plants.plant_id
    left join country_months as country
        on
            plants.country_iso3 = country.iso3
            and plant_months.period = country.period
    group by plant_months.plant_id, plant_months.side
),

complete_windows as (
    -- a window's figures only when all 12 months are covered; shares of its vehicles in %
    select
        plant_id,
        side,
        months,
        source_files,
        case when months = 12 then vehicles end as vehicles,
        case when months = 12 and vehicles > 0 then round(100.0 * bev / vehicles, 1) end
            as bev_share_pct,
        case when months = 12 and vehicles > 0 then round(100.0 * phev / vehicles, 1) end
            as phev_share_pct,
        case when months = 12 and vehicles > 0 then round(100.0 * hev / vehicles, 1) end
            as hev_share_pct,
        case when months = 12 and vehicles > 0 then round(100.0 * ice / vehicles, 1) end
            as ice_share_pct,
        case
            when months = 12 and vehicles > 0
                then round(100.0 * (vehicles - bev - phev - hev - ice) / vehicles, 1)
        end as other_share_pct
    from windows
),

sides as (
    select
        plants.plant_id,
        prior_year.vehicles::bigint as vehicles_prior,
        year_before.vehicles::bigint as vehicles_before,
        year_after.vehicles::bigint as vehicles_after,
        year_before.bev_share_pct::decimal(4, 1) as bev_share_before_pct,
        year_before.phev_share_pct::decimal(4, 1) as phev_share_before_pct,
        year_before.hev_share_pct::decimal(4, 1) as hev_share_before_pct,
        year_before.ice_share_pct::decimal(4, 1) as ice_share_before_pct,
        year_before.other_share_pct::decimal(4, 1) as other_share_before_pct,
        year_after.bev_share_pct::decimal(4, 1) as bev_share_after_pct,
        year_after.phev_share_pct::decimal(4, 1) as phev_share_after_pct,
        year_after.hev_share_pct::decimal(4, 1) as hev_share_after_pct,
        year_after.ice_share_pct::decimal(4, 1) as ice_share_after_pct,
        year_after.other_share_pct::decimal(4, 1) as other_share_after_pct,
        coalesce(prior_year.months, 0)::integer as months_prior_covered,
        coalesce(year_before.months, 0)::integer as months_before_covered,
        coalesce(year_after.months, 0)::integer as months_after_covered,
        list_sort(
            list_distinct(
                flatten([
                    coalesce(prior_year.source_files, []),
                    coalesce(year_before.source_files, []),
                    coalesce(year_after.source_files, [])
                ])
            )
        ) as source_files
    from plants
    left join complete_windows as prior_year
        on plants.plant_id = prior_year.plant_id and prior_year.side = 'prior'
    left join complete_windows as year_before
        on plants.plant_id = year_before.plant_id and year_before.side = 'before'
    left join complete_windows as year_after
        on plants.plant_id = year_after.plant_id and year_after.side = 'after'
)

select
    plants.plant_id,
    plants.maker,
    plants.country_iso3,
    plants.city,
    plants.kind,
    plants.opened_on,
    plants.opening_month,
    plants.capacity_per_year,
    sides.months_prior_covered,
    sides.months_before_covered,
    sides.months_after_covered,
    sides.vehicles_prior,
    sides.vehicles_before,
    sides.vehicles_after,
    case
        when sides.vehicles_before > 0
            then round(
                100.0 * (sides.vehicles_after - sides.vehicles_before) / sides.vehicles_before, 1
            )
    end::decimal(12, 1) as change_pct,
    case
        when sides.vehicles_prior > 0
            then round(
                100.0 * (sides.vehicles_before - sides.vehicles_prior) / sides.vehicles_prior, 1
            )
    end::decimal(12, 1) as trend_before_pct,
    sides.bev_share_before_pct,
    sides.phev_share_before_pct,
    sides.hev_share_before_pct,
    sides.ice_share_before_pct,
    sides.other_share_before_pct,
    sides.bev_share_after_pct,
    sides.phev_share_after_pct,
    sides.hev_share_after_pct,
    sides.ice_share_after_pct,
    sides.other_share_after_pct,
    sides.source_files,
    plants.source as plant_source
from plants
inner join sides on plants.plant_id = sides.plant_id
