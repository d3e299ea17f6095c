-- For each provincial or municipal policy with a publication date: the province's vehicle
-- exports in the 12 months before the month of publication and the 12 months after it (the
-- month itself is in neither), and the same change for the whole country beside it. A
-- comparison of what happened, not the policy's effect. A change is given only when all 24
-- months are in the warehouse; a month with province data but no row for this province
-- counts as zero vehicles.
-- group: policy
create or replace table marts.policy_export_outcomes as
with
policies as (
    select
        policy_id,
        title,
        jurisdiction_code,
        jurisdiction_level,
        province_code,
        published_on,
        source_file,
        date_trunc('month', published_on)::date as policy_month
    from marts.policy_documents
    where
        jurisdiction_level in ('provincial', 'municipal')
        and published_on is not null
        and province_code is not null
),

national_months as (
    select
        period,
        sum(vehicles) as vehicles,
        list_distinct(flatten(list(source_files))) as source_files
    from marts.exports_by_province
    group by period
),

windows as (
    select
        policies.policy_id,
        months.period,
        months.vehicles as national_vehicles,
        months.source_files,
        case when months.period < policies.policy_month then 'before' else 'after' end as side,
        coalesce(provinces.vehicles, 0) as province_vehicles
    from policies
    inner join national_months as months
        on
            policies.policy_month - interval 12 month <= months.period
            and policies.policy_month + interval 12 month >= months.period
            and policies.policy_month <> months.period
    left join marts.exports_by_province as provinces
        on
            months.period = provinces.period
            and policies.province_code = provinces.province_code
),

sums as (
    select
        policy_id,
        count(*) filter (where side = 'before') as months_before,
        count(*) filter (where side = 'after') as months_after,
        sum(province_vehicles) filter (where side = 'before') as vehicles_before,
        sum(province_vehicles) filter (where side = 'after') as vehicles_after,
        sum(national_vehicles) filter (where side = 'before') as national_vehicles_before,
        sum(national_vehicles) filter (where side = 'after') as national_vehicles_after,
        list_distinct(flatten(list(source_files))) as export_source_files
    from windows
    group by policy_id
),

changes as (
    select
        policies.*,
        coalesce(sums.months_before, 0)::integer as months_before,
        coalesce(sums.months_after, 0)::integer as months_after,
        sums.vehicles_before::bigint as vehicles_before,
        sums.vehicles_after::bigint as vehicles_after,
        sums.national_vehicles_before::bigint as national_vehicles_before,
        sums.national_vehicles_after::bigint as national_vehicles_after,
        coalesce(sums.export_source_files, []::varchar[]) as export_source_files,
        coalesce(sums.months_before = 12 and sums.months_after = 12, false) as complete
    from policies
    left join sums on policies.policy_id = sums.policy_id
)

select
    policy_id,
    title,
    jurisdiction_code,
    jurisdiction_level,
    province_code,
    published_on,
    policy_month,
    months_before,
    months_after,
    vehicles_before,
    vehicles_after,
    case
        when complete and vehicles_before > 0
            then round(
                100.0 * (vehicles_after - vehicles_before) / vehicles_before, 1
            )::decimal(9, 1)
    end as change_pct,
    national_vehicles_before,
    national_vehicles_after,
    case
        when complete and national_vehicles_before > 0
            then round(
                100.0 * (national_vehicles_after - national_vehicles_before)
                / national_vehicles_before,
                1
            )::decimal(9, 1)
    end as national_change_pct,
    list_sort(list_distinct(list_append(export_source_files, source_file))) as source_files
from changes
