-- Every jurisdiction a policy can belong to (GB/T 2260; 'CN' national), with the issuer-name
-- prefixes that identify it: provinces by full and short name, national bodies and cities from
-- the seed. A city carries its province in province_code.
-- group: policy
create or replace table staging.policy_jurisdictions as
with
province_names as (
    select
        province_code as jurisdiction_code,
        'provincial' as jurisdiction_level,
        province_code,
        name_zh,
        name_en,
        name_zh as issuer_prefix
    from ref.provinces
    union all
    select
        province_code as jurisdiction_code,
        'provincial' as jurisdiction_level,
        province_code,
        name_zh,
        name_en,
        name_zh_short as issuer_prefix
    from ref.provinces
),

seeded_issuers as (
    select
        jurisdiction_code,
        jurisdiction_level,
        nullif(province_code, '') as province_code,
        name_zh,
        name_en,
        issuer_prefix
    from ref.policy_issuers
)

select
    jurisdiction_code,
    jurisdiction_level,
    province_code,
    name_zh,
    name_en,
    issuer_prefix
from province_names
union all
select
    jurisdiction_code,
    jurisdiction_level,
    province_code,
    name_zh,
    name_en,
    issuer_prefix
from seeded_issuers
