-- checks: marts.policy_documents
-- blocking: no
-- description: One document number or title under two policy_ids (e.g. a page and a registry
--     entry): its measures would count twice.
-- Document numbers or titles carried by more than one policy_id.
with
named as (
    select
        policy_id,
        source_file,
        'doc_number' as matched_on,
        doc_number as named_as
    from marts.policy_documents
    where doc_number is not null
    union all
    select
        policy_id,
        source_file,
        'title' as matched_on,
        title as named_as
    from marts.policy_documents
    where title is not null
)

select
    matched_on,
    named_as,
    list_sort(list(policy_id)) as policy_ids,
    list_sort(list(source_file)) as source_files
from named
group by matched_on, named_as
having count(distinct policy_id) > 1
