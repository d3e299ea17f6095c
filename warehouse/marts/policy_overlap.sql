-- The "redundant allocation" view: for each category, which jurisdictions support it, with
-- how many measures and the sum of the amounts their texts state. Measures of documents whose
-- jurisdiction is unknown, and unclassified measures, are left out.
-- group: policy
create or replace table marts.policy_overlap as
with
measures as (
    select
        measures.category,
        measures.category_zh,
        measures.jurisdiction_code,
        measures.policy_id,
        measures.measure_no,
        measures.amount_cny,
        measures.source_file,
        documents.jurisdiction_name_zh,
        documents.jurisdiction_level
    from marts.policy_measures as measures
    inner join marts.policy_documents as documents on measures.policy_id = documents.policy_id
    where measures.category <> 'unclassified' and measures.jurisdiction_code is not null
),

by_jurisdiction as (
    select
        category,
        any_value(category_zh) as category_zh,
        jurisdiction_code,
        any_value(jurisdiction_name_zh) as jurisdiction_name_zh,
        any_value(jurisdiction_level) as jurisdiction_level,
        count(*) as measures,
        count(distinct policy_id) as policies,
        count(amount_cny) as measures_with_amount,
        sum(amount_cny) as amount_cny,
        list_distinct(list(source_file)) as source_files
    from measures
    group by category, jurisdiction_code
)

select
    category,
    any_value(category_zh) as category_zh,
    count(*)::integer as jurisdictions,
    count(*) > 1 as funded_by_several,
    list_sort(list(jurisdiction_code)) as jurisdiction_codes,
    list(jurisdiction_name_zh order by jurisdiction_code) as jurisdiction_names_zh,
    sum(measures)::integer as measures,
    sum(policies)::integer as policies,
    sum(measures_with_amount)::integer as measures_with_amount,
    sum(amount_cny) as amount_cny_stated,
    list(
        {
            'jurisdiction_code': jurisdiction_code,
            'jurisdiction_level': jurisdiction_level,
            'measures': measures,
            'amount_cny': amount_cny
        }
        order by jurisdiction_code
    ) as by_jurisdiction,
    list_sort(list_distinct(flatten(list(source_files)))) as source_files
from by_jurisdiction
group by category
