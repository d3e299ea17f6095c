-- One row per policy document: who issued it, where it applies (GB/T 2260; 'CN' national; a
-- city carries its province), when it was written and published.
-- group: policy
create or replace table marts.policy_documents as
with
measure_counts as (
    select
        sha256,
        doc_seq,
        count(*) as measures
    from raw.policy_measures
    group by sha256, doc_seq
)

select
    documents.policy_id,
    documents.jurisdiction_code,
    documents.jurisdiction_level,
    documents.province_code,
    documents.jurisdiction_name_zh,
    documents.jurisdiction_name_en,
    documents.title,
    documents.issuer,
    documents.doc_number,
    documents.index_no,
    documents.written_on,
    documents.published_on,
    documents.has_metadata,
    documents.format,
    documents.note,
    coalesce(measure_counts.measures, 0)::integer as measures,
    documents.source_file,
    documents.source_files
from staging.policy_documents as documents
left join measure_counts
    on documents.sha256 = measure_counts.sha256 and documents.doc_seq = measure_counts.doc_seq
