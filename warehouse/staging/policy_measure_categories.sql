-- Categories of each measure of a current document version: every category whose keyword
-- (Chinese or English, case-insensitive) the text contains. unless_in removes a longer word
-- that contains the keyword but means something else (补贴 inside 反补贴).
-- group: policy
create or replace table staging.policy_measure_categories as
with
measures as (
    select
        measures.sha256,
        measures.doc_seq,
        measures.measure_seq,
        lower(measures.measure_text) as measure_text
    from raw.policy_measures as measures
    inner join staging.policy_documents as documents
        on measures.sha256 = documents.sha256 and measures.doc_seq = documents.doc_seq
),

keywords as (
    select
        category,
        name_zh,
        lower(keyword) as keyword,
        lower(nullif(unless_in, '')) as unless_in
    from ref.policy_measure_keywords
)

select
    measures.sha256,
    measures.doc_seq,
    measures.measure_seq,
    keywords.category,
    any_value(keywords.name_zh) as category_zh,
    list_sort(list_distinct(list(keywords.keyword))) as matched_keywords
from measures
inner join keywords
    on contains(
        case
            when keywords.unless_in is null then measures.measure_text
            else replace(measures.measure_text, keywords.unless_in, '')
        end,
        keywords.keyword
    )
group by measures.sha256, measures.doc_seq, measures.measure_seq, keywords.category
