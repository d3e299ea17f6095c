-- checks: marts.plant_export_effects
-- blocking: no
-- description: Plants of landing/plants/ with an unknown country or kind, no source, or a date
--     that is not YYYY, YYYY-MM or YYYY-MM-DD.
-- Plants of the registry files of landing/plants/ (staging.overseas_plants) the mart cannot use
-- as meant (the loader has refused rows without plant, maker or sources): a country not in
-- the partner reference, a kind outside the list, no source, or a date that is not ISO 8601
-- at year, month or day precision.
with

plants as (
    select
        plant_id,
        country_iso3,
        kind,
        source,
        announced_on,
        opened_on,
        coalesce(
            try_strptime(opened_on, '%Y-%m-%d'),
            try_strptime(opened_on, '%Y-%m'),
            try_strptime(opened_on, '%Y')
        ) is not null as opened_on_is_date,
        coalesce(
            try_strptime(announced_on, '%Y-%m-%d'),
            try_strptime(announced_on, '%Y-%m'),
            try_strptime(announced_on, '%Y')
        ) is not null as announced_on_is_date
    from staging.overseas_plants
),

partner_countries as (
    select distinct iso3 from ref.partners
),

problems as (
    select
        plants.plant_id,
        case
            when partners.iso3 is null then 'country not in partners.csv: ' || plants.country_iso3
            when plants.kind not in ('assembly', 'full production', 'CKD/KD', 'parts')
                then 'unknown kind: ' || plants.kind
            when coalesce(trim(plants.source), '') = '' then 'no source'
            when plants.opened_on is not null and not plants.opened_on_is_date
                then 'opened_on not a date as YYYY, YYYY-MM or YYYY-MM-DD: ' || plants.opened_on
            when plants.announced_on is not null and not plants.announced_on_is_date
                then
                    'announced_on not a date as YYYY, YYYY-MM or YYYY-MM-DD: '
                    || plants.announced_on
        end as problem
    from plants
    left join partner_countries as partners on plants.country_iso3 = partners.iso3
)

select
    plant_id,
    problem
from problems
where problem is not null
