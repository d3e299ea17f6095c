-- Policies and measures per jurisdiction and month of publication (period NULL where the
-- publication date is unknown).
-- group: policy
create or replace table marts.policy_timeline as
with
documents as (
    select
        policy_id,
        jurisdiction_code,
        jurisdiction_level,
        jurisdiction_name_zh,
        jurisdiction_name_en,
        date_trunc('month', published_on)::date as period,
        source_file
    from marts.policy_documents
),

measures as (
    select
        policy_id,
        measure_no,
        any_value(amount_cny) as amount_cny,
        list(category) as categories
    from marts.policy_measures
    group by policy_id, measure_no
)

select
    documents.jurisdiction_code,
    any_value(documents.jurisdiction_level) as jurisdiction_level,
    any_value(documents.jurisdiction_name_zh) as jurisdiction_name_zh,
    any_value(documents.jurisdiction_name_en) as jurisdiction_name_en,
    documents.period,
    count(distinct documents.policy_id)::integer as policies,
    count(measures.measure_no)::integer as measures,
    sum(measures.amount_cny) as amount_cny_stated,
    list_sort(list_distinct(
        list_filter(
            flatten(list(measures.categories)),
            lambda c: c <> 'unclassified'  -- noqa: RF02
        )
    )) as categories,
    list_sort(list_distinct(list(documents.source_file))) as source_files
from documents
left join measures on documents.policy_id = measures.policy_id
group by documents.jurisdiction_code, documents.period
