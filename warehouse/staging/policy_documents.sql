-- Policy documents typed and placed: dates as DATE, jurisdiction resolved (a registry states
-- it; a page's issuer names it, longest prefix wins), one row per document. The same document
-- saved in several files keeps the version loaded last; source_files lists every file.
-- group: policy
create or replace table staging.policy_documents as
with
documents as (
    select
        docs.sha256,
        docs.doc_seq,
        files.source_file,
        files.format,
        files.load_seq,
        docs.policy_key,
        docs.jurisdiction_code as stated_jurisdiction_code,
        docs.jurisdiction_level as stated_jurisdiction_level,
        docs.title,
        docs.issuer,
        docs.doc_number,
        docs.index_no,
        docs.topic,
        docs.written_on as written_on_text,
        docs.published_on as published_on_text,
        docs.has_metadata,
        docs.note,
        try_strptime(
            replace(docs.written_on, ' ', ''), ['%Y年%m月%d日', '%Y-%m-%d', '%Y/%m/%d', '%Y.%m.%d']
        )::date as written_on,
        try_strptime(
            replace(docs.published_on, ' ', ''),
            ['%Y年%m月%d日', '%Y-%m-%d', '%Y/%m/%d', '%Y.%m.%d']
        )::date as published_on,
        -- bracket variants of one document number: 国办发[2020]39号 = 国办发〔2020〕39号
        nullif(
            replace(translate(docs.doc_number, '[]［］【】', '〔〕〔〕〔〕'), ' ', ''), ''
        ) as doc_number_key
    from raw.policy_documents as docs
    inner join raw.policy_files as files on docs.sha256 = files.sha256
),

jurisdictions_by_code as (
    select
        jurisdiction_code,
        any_value(jurisdiction_level order by issuer_prefix) as jurisdiction_level,
        any_value(province_code order by issuer_prefix) as province_code,
        any_value(name_zh order by issuer_prefix) as name_zh,
        any_value(name_en order by issuer_prefix) as name_en
    from staging.policy_jurisdictions
    group by jurisdiction_code
),

issuer_matches as (
    select
        documents.sha256,
        documents.doc_seq,
        jurisdictions.jurisdiction_code,
        row_number() over (
            partition by documents.sha256, documents.doc_seq
            order by length(jurisdictions.issuer_prefix) desc, jurisdictions.jurisdiction_code asc
        ) as match_rank
    from documents
    inner join staging.policy_jurisdictions as jurisdictions
        on starts_with(documents.issuer, jurisdictions.issuer_prefix)
    where documents.stated_jurisdiction_code is null
),

placed as (
    select
        documents.*,
        coalesce(
            documents.stated_jurisdiction_code, issuer_matches.jurisdiction_code
        ) as jurisdiction_code,
        -- a registry names its document by policy_key; a page by its number, else its title
        case
            when documents.policy_key is not null then 'key:' || documents.policy_key
            when documents.doc_number_key is not null then 'doc:' || documents.doc_number_key
            else
                'title:' || coalesce(documents.title, documents.sha256) || '|'
                || coalesce(documents.published_on::varchar, '')
        end as document_key
    from documents
    left join issuer_matches
        on
            documents.sha256 = issuer_matches.sha256
            and documents.doc_seq = issuer_matches.doc_seq
            and issuer_matches.match_rank = 1
),

versions as (
    select
        placed.*,
        row_number() over (
            partition by placed.document_key order by placed.load_seq desc, placed.doc_seq asc
        ) as version_rank,
        list_sort(list_distinct(list(placed.source_file) over (
            partition by placed.document_key
        ))) as source_files
    from placed
)

select
    coalesce(versions.policy_key, 'doc-' || left(md5(versions.document_key), 12)) as policy_id,
    versions.document_key,
    versions.sha256,
    versions.doc_seq,
    versions.source_file,
    versions.source_files,
    versions.format,
    versions.jurisdiction_code,
    versions.title,
    versions.issuer,
    versions.doc_number,
    versions.index_no,
    versions.topic,
    versions.written_on,
    versions.published_on,
    versions.written_on_text,
    versions.published_on_text,
    versions.has_metadata,
    versions.note,
    jurisdictions.name_zh as jurisdiction_name_zh,
    jurisdictions.name_en as jurisdiction_name_en,
    coalesce(
        versions.stated_jurisdiction_level, jurisdictions.jurisdiction_level
    ) as jurisdiction_level,
    coalesce(
        jurisdictions.province_code,
        case when versions.jurisdiction_code <> 'CN' then left(versions.jurisdiction_code, 2) end
    ) as province_code
from versions
left join jurisdictions_by_code as jurisdictions
    on versions.jurisdiction_code = jurisdictions.jurisdiction_code
where versions.version_rank = 1
