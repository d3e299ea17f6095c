-- One row per measure and category (a measure may have several; 'unclassified' when no
-- keyword matches). amount_cny repeats on each category row of a measure: add it up within
-- one category, or over distinct (policy_id, measure_no).
-- group: policy
create or replace table marts.policy_measures as
with
measures as (
    select
        documents.policy_id,
        documents.jurisdiction_code,
        documents.province_code,
        documents.published_on,
        documents.source_file,
        measures.sha256,
        measures.doc_seq,
        measures.measure_seq,
        measures.measure_no,
        measures.section_no,
        measures.section_title,
        measures.measure_text
    from raw.policy_measures as measures
    inner join staging.policy_documents as documents
        on measures.sha256 = documents.sha256 and measures.doc_seq = documents.doc_seq
),

categories as (
    select
        sha256,
        doc_seq,
        measure_seq,
        category,
        category_zh,
        matched_keywords,
        list_sort(list(category) over (partition by sha256, doc_seq, measure_seq)) as categories
    from staging.policy_measure_categories
)

select
    measures.policy_id,
    measures.measure_no,
    coalesce(categories.category, 'unclassified') as category,
    categories.category_zh,
    -- "text" is the column name the contract fixes
    measures.measure_text as text,  -- noqa: RF04
    amounts.amount_cny,
    coalesce(amounts.amount_is_cap, false) as amount_is_cap,
    coalesce(amounts.amounts_stated, []::varchar[]) as amounts_stated,
    coalesce(amounts.rates_stated, []::varchar[]) as rates_stated,
    coalesce(categories.categories, []::varchar[]) as categories,
    coalesce(categories.matched_keywords, []::varchar[]) as matched_keywords,
    measures.measure_seq,
    measures.section_no,
    measures.section_title,
    measures.jurisdiction_code,
    measures.province_code,
    measures.published_on,
    measures.source_file
from measures
left join categories
    on
        measures.sha256 = categories.sha256
        and measures.doc_seq = categories.doc_seq
        and measures.measure_seq = categories.measure_seq
left join staging.policy_measure_amounts as amounts
    on
        measures.sha256 = amounts.sha256
        and measures.doc_seq = amounts.doc_seq
        and measures.measure_seq = amounts.measure_seq
